"""`briefkit verify` checks cross-references like the other links: each output links `@fig:x`
to its target, and the target is there (an HTML id, a PDF destination, a Word bookmark)."""

from __future__ import annotations

import io
import re
import zipfile

from tests.conftest import Project


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
BRIEFING = """
---
title: Cross-references
---
# Intro {#sec:intro}

As @fig:map shows (see @sec:intro).

![The map](map.png){#fig:map}
"""


def test_cross_references_verify_in_all_three_outputs(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0, result.stderr


def test_a_cross_reference_leading_nowhere_is_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,docx").exit_code == 0
    out = project.root / "output"
    html = out / "x.html"
    html.write_text(html.read_text(encoding="utf-8").replace('id="fig:map"', ""), "utf-8")
    docx = out / "x.docx"
    with zipfile.ZipFile(docx) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    parts["word/document.xml"] = re.sub(r'<w:bookmarkStart[^>]*_fig_map"/>', "", xml).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    docx.write_bytes(buf.getvalue())
    result = cli("verify")
    errors = sorted(
        line.split("error[verify.mismatch]: ")[1]
        for line in result.stderr.splitlines()
        if "error[" in line
    )
    assert errors == [
        "docx: link to #fig:map leads to no bookmark",
        "html: link to #fig:map leads to nothing in the html",
    ], result.stderr


def test_captions_numbered_differently_are_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    html = project.root / "output" / "x.html"
    page = html.read_text(encoding="utf-8")
    assert "Figure 1." in page
    html.write_text(page.replace("Figure 1.", "Figure 7."), "utf-8")
    result = cli("verify")
    errors = sorted(
        line.split("error[verify.mismatch]: ")[1]
        for line in result.stderr.splitlines()
        if "error[verify.mismatch]" in line
    )
    assert errors == [
        "docx: caption 1 is 'Figure 1. The map', the HTML's 'Figure 7. The map'",
        "pdf: caption 1 'Figure 7. The map' is not printed",
    ], result.stderr


NOTES_IN_CAPTIONS = """
---
title: Notes in captions
---
# A heading with a note[^h]

![A figure caption with a note.[^f]](map.png)

| A | B |
|---|---|
| 1 | 2 |

: A table caption with a note.[^t]

[^h]: Heading note.
[^f]: Figure note.
[^t]: Table note.
"""


def test_a_note_called_in_a_caption_verifies_and_a_narrow_tables_caption_is_one_line(
    project: Project, cli
) -> None:  # type: ignore[no-untyped-def]
    """verify compared the web page's caption, call number and joiner included, with Word's
    (whose call is a field) and the PDF's, and failed both; the PDF set a narrow table's
    caption at the table's width, a word a line (the table now takes the measure, as in Word)."""
    from tests.pdfread import read_pages

    project.write("content/c.md", NOTES_IN_CAPTIONS)
    (project.root / "content" / "map.png").write_bytes(PNG)
    result = cli("build", "--strict", "--verify")
    assert result.exit_code == 0, result.stderr
    pages = read_pages((project.root / "output" / "c.pdf").read_bytes())
    lines = [" ".join(ln.text.split()) for p in pages for ln in p.lines]
    assert "Table 1. A table caption with a note.3" in lines, lines


def test_a_citation_inside_a_caption_verifies(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    """An author-in-text citation in the middle of a caption: the PDF prints the note's
    number after the name ("Starosielski4 here"), which verify took for a caption missing."""
    project.write(
        "content/c.md",
        "---\ntitle: Cited caption\nreferences:\n"
        "  - {id: st, type: book, title: The Net, author: [{family: Starosielski, given: N}],"
        " issued: {date-parts: [[2015]]}}\n---\n\n"
        "Text.\n\n![Caption citing @st here.](map.png)\n",
    )
    (project.root / "content" / "map.png").write_bytes(PNG)
    result = cli("build", "--strict", "--verify")
    assert result.exit_code == 0, result.stderr
    html = (project.root / "output" / "c.html").read_text(encoding="utf-8")
    assert "Caption citing Starosielski" in html
