"""A code block and a box in a note stand at the note's text, not at the page margin
(render/docx/footnotes.py): the code paragraph indented from the note text's indent, the box
table `w:tblInd` that far in and that much narrower; LibreOffice's print for the code line."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from briefkit.render.docx import render_docx
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.oracles import libreoffice, print_docx
from tests.pdfread import read_pages
from tests.render.docxread import read_docx, style_ids, style_of, text, w

BRIEFING = """---
title: Notes
lang: en
---
Text.[^n]

[^n]: A note with code and a box.

    ```
    code in a note
    ```

    ::: aside
    A box in a note.
    :::
"""
NOTE_INDENT = 283  # twips: "footnote text", its text 5 mm in (tools/docx_template_styles.py)
CODE_INDENT = 113  # "Source Code"'s own indent, as in the body
COLUMN = 9412  # A4 less 2 x 22 mm, in twips


def docx(project: Project) -> bytes:
    path = project.write("content/n.md", BRIEFING)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    return render_docx(doc, house_style().docx_template).data


def test_code_and_boxes_in_a_note_stand_at_its_text(project: Project) -> None:
    pkg = read_docx(docx(project))
    ids = style_ids(pkg.xml("word/styles.xml"))
    (note,) = [
        n
        for n in pkg.xml("word/footnotes.xml").iter(w("footnote"))
        if n.get(w("type"), "normal") == "normal"
    ]
    (code,) = [p for p in note.iter(w("p")) if style_of(p) == ids["source code"]]
    assert text(code) == "code in a note"
    ind = code.find(f"{w('pPr')}/{w('ind')}")
    assert ind.get(w("left")) == str(NOTE_INDENT + CODE_INDENT)
    assert ind.get(w("firstLine")) == "0"
    (box,) = note.iter(w("tbl"))
    pr = box.find(w("tblPr"))
    tbl_ind = pr.find(w("tblInd"))
    assert (tbl_ind.get(w("w")), tbl_ind.get(w("type"))) == (str(NOTE_INDENT), "dxa")
    width = pr.find(w("tblW"))
    # 100% of the column, moved right, would overrun the right margin
    assert (width.get(w("w")), width.get(w("type"))) == (str(COLUMN - NOTE_INDENT), "dxa")
    assert [c.get(w("w")) for c in box.iterfind(f"{w('tblGrid')}/{w('gridCol')}")] == [
        str(COLUMN - NOTE_INDENT)
    ]
    order = [etree.QName(c).localname for c in pr]
    assert order.index("tblW") + 1 == order.index("tblInd")  # schema order


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_a_notes_code_at_its_text(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "n.docx"
    source.write_bytes(docx(project))
    (tmp_path / "home").mkdir()
    page = read_pages(print_docx(source, tmp_path, tmp_path / "home").read_bytes())[0]
    starts = {" ".join(ln.text.split()): ln.x0 for ln in page.lines}
    margin = 22 * 72 / 25.4  # pt: the template's left margin, where the note's number is
    assert abs(starts["1 A note with code and a box."] - margin) < 0.5
    # 396 twips (19.8 pt) in, the note's text at 283 (14.15 pt); without `w:firstLine="0"`
    # LibreOffice hung the line back to 113 twips, left of the note's text
    code = starts["code in a note"]
    assert abs(code - (margin + (NOTE_INDENT + CODE_INDENT) / 20)) < 0.5, code
