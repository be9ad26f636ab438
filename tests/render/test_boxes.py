"""Fenced divs as the house style's boxes (key points, box, aside), labelled from
strings/<lang>.yaml, in all three outputs; another class is a plain block, with a warning."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from briefkit import ir
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx
from briefkit.render.html.page import render_html
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.oracles import libreoffice, print_docxs
from tests.pdfread import read_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = """\
::: {.key-points}
- Consensus is harder to reach.
- Bilateral talks matter more.
:::

::: aside
An aside.
:::
"""


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def build(project: Project, body: str, lang: str = "en") -> tuple[ir.ResolvedDocument, list]:
    path = project.write("content/b.md", f"---\ntitle: B\nlang: {lang}\n---\n{body}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    return doc, list(diags)


def test_boxes_in_html_pdf_and_word(project: Project) -> None:
    doc, diags = build(project, BODY)
    assert diags == []
    boxes = [b for b in doc.body if isinstance(b, ir.Div)]
    assert [(b.classes, b.label) for b in boxes] == [
        (("key-points",), "Key points"),
        (("aside",), "Aside"),
    ]
    page = lxml_html.fromstring(render_html(doc, house_style()))
    (kp,) = page.xpath("//div[contains(@class,'key-points')]")
    assert kp.get("class") == "box key-points"
    assert kp.xpath("p[@class='box-label']")[0].text == "Key points"
    assert [li.text_content() for li in kp.xpath(".//li")] == [
        "Consensus is harder to reach.",
        "Bilateral talks matter more.",
    ]
    assert page.xpath("//aside[@class='box aside']/p[@class='box-label']")[0].text == "Aside"
    xml = (
        zipfile.ZipFile(io.BytesIO(render_docx(doc, house_style().docx_template).data))
        .read("word/document.xml")
        .decode()
    )
    assert "<w:pBdr>" not in xml  # the rule is the box's cell border, not the paragraphs'
    body = etree.fromstring(xml.encode()).find(W + "body")
    tables = body.findall(W + "tbl")
    assert [t.find(f"{W}tblPr/{W}tblCaption").get(W + "val") for t in tables] == [
        "Key points",
        "Aside",
    ]
    for table in tables:  # a column of two rows: the label, kept whole and with the next,
        # then the blocks, which may break across pages; a rule on the left only
        label_row, blocks_row = table.findall(W + "tr")
        assert label_row.find(f"{W}trPr/{W}cantSplit") is not None
        assert label_row.find(f".//{W}keepNext") is not None
        assert blocks_row.find(f"{W}trPr/{W}cantSplit") is None
        assert blocks_row.find(f".//{W}keepNext") is None  # a row's keep would be the box's
        sides = {b.tag[len(W) :]: b.get(W + "val") for b in table.find(f"{W}tblPr/{W}tblBorders")}
        assert sides.pop("left") == "single" and set(sides.values()) == {"nil"}
    paras = [_text(p) for p in tables[0].iter(W + "p")]
    assert paras == ["Key points", "Consensus is harder to reach.", "Bilateral talks matter more."]
    head, *items = tables[0].iter(W + "p")
    assert head.find(f"{W}r/{W}rPr/{W}b") is not None
    assert all(p.find(f"{W}pPr/{W}numPr") is not None for p in items)  # still a list
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    lines = [ln.text.strip() for p in pages for ln in p.lines]
    assert "Key points" in lines and "Aside" in lines


def test_japanese_label(project: Project) -> None:
    doc, _ = build(project, "::: {.key-points}\n要点の本文。\n:::\n", lang="ja")
    page = lxml_html.fromstring(render_html(doc, house_style()))
    assert page.xpath("//p[@class='box-label']")[0].text == "要点"


def test_another_class_is_a_plain_block_with_a_warning(project: Project) -> None:
    doc, diags = build(project, "Intro.\n\n::: {.summary #s1}\nPlain.\n:::\n")
    assert [(d.code, d.loc.line) for d in diags] == [("div.plain", 7)]
    page = lxml_html.fromstring(render_html(doc, house_style()))
    (div,) = page.xpath("//div[@id='s1']")
    assert div.get("class") == "summary" and div.text_content().strip() == "Plain."


def test_word_box_holding_a_table_and_boxes_in_a_row(project: Project) -> None:
    """A table inside a box is one of the briefing's tables to `verify` (the box is not), and
    two boxes in a row stay two tables (Word joins neighbouring tables)."""
    from briefkit.verify.tables import docx_tables, html_tables

    body = (
        "::: box\nThe figures:\n\n| A | B |\n|---|---|\n| 1 | 2 |\n:::\n::: aside\nAn aside.\n:::\n"
    )
    doc, diags = build(project, body)
    assert diags == []
    data = render_docx(doc, house_style().docx_template).data
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    children = list(etree.fromstring(xml).find(W + "body"))
    kinds = [c.tag[len(W) :] for c in children if c.tag != W + "sectPr"]
    first = next(i for i, c in enumerate(children) if c.tag == W + "tbl")
    assert kinds[first : first + 3] == ["tbl", "p", "tbl"]  # a paragraph between the boxes
    assert _text(children[first + 1]) == ""
    assert docx_tables(data) == html_tables(render_html(doc, house_style()).encode())
    assert [[cell[-1] for cell in grid] for grid in docx_tables(data)] == [["A", "B", "1", "2"]]


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_a_box_label_with_the_box_and_breaks_a_long_box(
    project: Project, tmp_path: Path
) -> None:
    """Swept across page 1's foot, a box's label was left alone there (its first line on the
    next page); and a box whose one cell held a paragraph kept with the next moved whole to
    page 2, leaving page 1 with the text before it."""
    para = "Regional defense diplomacy has grown denser over the past decade. " * 9
    sources = []
    for k in range(16):  # from k short paragraphs on, the box starts past page 1's foot
        lines = "".join(f"Line {i} before the box.\n\n" for i in range(k))
        box = "::: box\nBOXFIRST line of the box.\n\nMore.\n:::\n"
        doc, _ = build(project, f"{para}\n\n" * 5 + lines + box)
        sources.append(tmp_path / f"s{k:02d}.docx")
        sources[-1].write_bytes(render_docx(doc, house_style().docx_template).data)
    line = "of a long list in a box, enough words to fill a line."
    items = "\n".join(f"- Item {i} {line}" for i in range(60))
    doc, _ = build(project, f"Intro.\n\n::: {{.key-points}}\n{items}\n:::\n")
    sources.append(tmp_path / "long.docx")
    sources[-1].write_bytes(render_docx(doc, house_style().docx_template).data)
    (tmp_path / "home").mkdir()
    printed = print_docxs(sources, tmp_path, tmp_path / "home")
    for pdf in printed[:-1]:
        pages = read_pages(pdf.read_bytes())
        assert len(pages) == 2 or pdf.name < "s05", f"{pdf.name}: the sweep missed the foot"
        for page in pages:
            lines = [" ".join(ln.text.split()) for ln in sorted(page.lines, key=lambda x: -x.top)]
            words = [ln for ln in lines if not re.fullmatch(r"\d+ / \d+|Box tests?|B", ln)]
            assert words[-1:] != ["Box"], (
                f"{pdf.name}: the label alone at page {page.number}'s foot"
            )
    long_pages = read_pages(printed[-1].read_bytes())
    assert any("Item 0 of a long list" in ln.text for ln in long_pages[0].lines)
