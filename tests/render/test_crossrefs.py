"""Numbered figures and tables with captions, and cross-references to them (pandoc-crossref
`@fig:x` and Quarto `@fig-x`): the same numbers and links in HTML, PDF and Word."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx
from briefkit.render.html.page import render_html
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

BODY = """\
# Introduction {#sec:intro}

As @fig:map shows [see also @tbl:costs], the region is large (@sec:intro); @fig-other too.

![The *region* on a map](map.png){#fig:map alt="A blue rectangle"}

| Item | Cost |
|------|-----:|
| Ships | 10 |

Table: Costs by item. {#tbl:costs}

![Another figure](map.png){#fig-other}
"""


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 30), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def build(project: Project, body: str, lang: str = "en") -> ir.ResolvedDocument:
    (project.root / "content").mkdir(exist_ok=True)
    (project.root / "content" / "map.png").write_bytes(png())
    path = project.write("content/x.md", f"---\ntitle: X\nlang: {lang}\n---\n{body}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    return doc


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    return build(project, BODY)


def test_numbers_labels_and_alt(doc: ir.ResolvedDocument) -> None:
    figures = [b for b in doc.body if isinstance(b, ir.Figure)]
    assert [(f.id, f.label, f.number) for f in figures] == [
        ("fig:map", "Figure 1", 1),
        ("fig-other", "Figure 2", 2),
    ]
    assert figures[0].image.alt == "A blue rectangle"
    assert ir.plain_text(figures[0].caption) == "The region on a map"
    (table,) = [b for b in doc.body if isinstance(b, ir.Table)]
    assert (table.id, table.label, ir.plain_text(table.caption)) == (
        "tbl:costs",
        "Table 1",
        "Costs by item.",
    )


def test_html_captions_and_links(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    caps = [" ".join(c.text_content().split()) for c in page.xpath("//figure/figcaption")]
    assert caps == ["Figure 1. The region on a map", "Figure 2. Another figure"]
    assert page.xpath("//figure/@id") == ["fig:map", "fig-other"]
    assert page.xpath("//figure//img/@alt")[0] == "A blue rectangle"
    assert page.xpath("//table/@id") == ["tbl:costs"]
    assert page.xpath("//table/caption")[0].text_content() == "Table 1. Costs by item."
    assert page.xpath("//table//th/@scope") == ["col", "col"]
    links = [
        (a.text_content(), a.get("href")) for a in page.xpath("//p//a[starts-with(@href,'#')]")
    ]
    assert links == [
        ("Figure 1", "#fig:map"),
        ("Table 1", "#tbl:costs"),
        ("Introduction", "#sec:intro"),
        ("Figure 2", "#fig-other"),
    ]


def test_word_captions_fields_and_bookmarks(doc: ir.ResolvedDocument) -> None:
    data = render_docx(doc, house_style().docx_template).data
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert re.findall(r'w:instr=" (SEQ \w+) ', xml) == ["SEQ Figure", "SEQ Table", "SEQ Figure"]
    marks = re.findall(r'bookmarkStart w:id="\d+" w:name="(\w+)"', xml)
    assert marks == ["_sec_intro", "_fig_map", "_tbl_costs", "_fig_other"]
    anchors = re.findall(r'w:anchor="(\w+)"', xml)
    assert anchors == ["_fig_map", "_tbl_costs", "_sec_intro", "_fig_other"]
    text = re.sub(r"<[^>]+>", "", xml)
    for caption in ("Figure 1. The region on a map", "Table 1. Costs by item."):
        assert caption in text


def test_pdf_prints_the_same_numbers(doc: ir.ResolvedDocument) -> None:
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    text = " ".join(" ".join(ln.text for ln in p.lines) for p in pages)
    text = " ".join(text.split())
    assert "As Figure 1 shows see also Table 1" in text.replace(",", "")
    for caption in ("Figure 1. The region on a map", "Figure 2. Another figure", "Table 1."):
        assert caption in text


def test_japanese_labels(project: Project) -> None:
    doc = build(project, "@fig:a を参照。\n\n![地図](map.png){#fig:a}\n", lang="ja")
    page = lxml_html.fromstring(render_html(doc, house_style()))
    assert page.xpath("//p/a")[0].text_content() == "図1"
    assert page.xpath("//figcaption")[0].text_content() == "図1　地図"


def test_a_missing_target_is_a_located_error(project: Project) -> None:
    path = project.write("content/y.md", "---\ntitle: Y\n---\nSee @fig:nowhere here.\n")
    _, diags = resolve_file(path, project.root)
    errors = [(d.code, d.loc.line, d.loc.col) for d in diags if d.loc and d.code.startswith("xref")]
    assert errors == [("xref.unknown", 4, 6)]


def test_capitalised_references_name_the_same_target(project: Project) -> None:
    # pandoc-crossref's `@Fig:x` and Quarto's `@Fig-x` start a sentence: same target, capital
    body = (
        "# the outlook {#sec:outlook}\n\n@Fig:map shows it. @Sec:outlook and @sec:outlook.\n\n"
        "![A map](map.png){#fig:map}\n"
    )
    resolved = build(project, body)
    page = lxml_html.fromstring(render_html(resolved, house_style()))
    links = [(a.text_content(), a.get("href")) for a in page.xpath("//main//p//a")]
    assert links[:3] == [
        ("Figure 1", "#fig:map"),
        ("The outlook", "#sec:outlook"),
        ("the outlook", "#sec:outlook"),
    ]


def test_captions_are_aligned_in_word_as_in_the_pdf(doc: ir.ResolvedDocument) -> None:
    """The PDF sets a table's caption at the table's left edge and a figure's centred under
    the figure: the Word file's caption paragraphs do the same (the Caption style centres)."""
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    lines = [ln for p in pages for ln in p.lines]
    left = min(ln.x0 for ln in lines)
    table = next(ln for ln in lines if ln.text.startswith("Table 1."))
    figure = next(ln for ln in lines if ln.text.startswith("Figure 1."))
    assert abs(table.x0 - left) < 1 and figure.x0 > left + 20
    data = render_docx(doc, house_style().docx_template).data
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p>.*?</w:p>", body)
    table_p = next(p for p in paragraphs if "SEQ Table" in p)
    figure_p = next(p for p in paragraphs if "SEQ Figure" in p)
    assert '<w:jc w:val="left"/>' in table_p and "<w:jc " not in figure_p
