"""Spans, attributes, fancy and example lists, raw blocks in the three outputs (issue 17):
read back from the HTML (lxml), the Word XML and the PDF's text."""

from __future__ import annotations

import io
import zipfile

import pypdfium2
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

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BODY = """A [Small Caps]{.smallcaps}, [under]{.underline}, [marked]{.mark}, [日本語]{lang=ja},
[Français]{lang=fr} and an [anchor]{#here}; a [link](#here){#lk} back.

i. one
ii. two
iii. three

(A)  alpha
(B)  beta

(@) First example.
(@good) Good one.

As (@good) shows.

```{=latex}
\\newpage
```

Keep `<b>x</b>`{=latex} out.
"""


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    path = project.write("content/s.md", f"---\ntitle: Spans\nlang: en\n---\n{BODY}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    codes = sorted(d.code for d in diags)
    assert codes == ["raw.omitted", "raw.omitted"], [d.format() for d in diags]
    return doc


def test_html_spans_lists_and_raw(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    body = page.xpath("//main")[0] if page.xpath("//main") else page
    assert body.xpath(".//span[@class='smallcaps']")[0].text == "Small Caps"
    assert body.xpath(".//u")[0].text == "under"
    assert body.xpath(".//mark")[0].text == "marked"
    assert body.xpath(".//span[@lang='ja']")[0].text_content() == "日本語"
    assert body.xpath(".//span[@lang='fr']")[0].text == "Français"
    assert body.xpath(".//span[@id='here']")[0].text == "anchor"
    link = body.xpath(".//span[@id='lk']/a")[0]
    assert link.get("href") == "#here" and link.text == "link"
    lists = body.xpath(".//ol")
    assert [(o.get("type"), o.get("start"), o.get("class")) for o in lists] == [
        # the style as a class too: browsers match `type` selectors without regard to case
        ("i", None, "lower-roman"),
        ("A", None, "upper-alpha delim-parens"),
        (None, None, "delim-parens"),
    ]
    assert [li.text_content().strip() for li in lists[2]] == ["First example.", "Good one."]
    text = body.text_content()
    assert "As (2) shows." in text, "an example reference prints its number"
    assert "newpage" not in text and "{=" not in text and "<b>" not in text
    assert "Keep  out." in text


def test_word_spans_lists(doc: ir.ResolvedDocument) -> None:
    data = render_docx(doc, house_style().docx_template).data
    z = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(z.read("word/document.xml"))

    def run_of(text: str) -> etree._Element:
        return root.xpath(f"//w:r[w:t='{text}']", namespaces=NS)[0]

    assert run_of("Small Caps").xpath("w:rPr/w:smallCaps", namespaces=NS)
    assert run_of("under").xpath("w:rPr/w:u/@w:val", namespaces=NS) == ["single"]
    assert run_of("marked").xpath("w:rPr/w:highlight/@w:val", namespaces=NS) == ["yellow"]
    assert run_of("日本語").xpath("w:rPr/w:lang/@w:eastAsia", namespaces=NS) == ["ja"]
    assert run_of("日本語").xpath("w:rPr/w:rFonts/@w:hint", namespaces=NS) == ["eastAsia"]
    assert run_of("Français").xpath("w:rPr/w:lang/@w:val", namespaces=NS) == ["fr"]
    marks = root.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    anchors = root.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    assert anchors and anchors[0] in marks, "the link reaches the span's bookmark"
    numbering = etree.fromstring(z.read("word/numbering.xml"))
    formats = {
        (f, t)
        for lvl in numbering.xpath("//w:num/w:lvlOverride/w:lvl", namespaces=NS)
        for f in lvl.xpath("w:numFmt/@w:val", namespaces=NS)
        for t in lvl.xpath("w:lvlText/@w:val", namespaces=NS)
    }
    assert {("lowerRoman", "%1."), ("upperLetter", "(%1)"), ("decimal", "(%1)")} <= formats
    text = "".join(root.xpath("//w:t/text()", namespaces=NS))
    assert "As (2) shows." in text and "newpage" not in text


def test_pdf_prints_markers_and_numbers(doc: ir.ResolvedDocument) -> None:
    pdf = render_pdf_bytes(doc, house_style(), RenderOptions()).data
    text = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf))
    flat = " ".join(text.split())
    # markers are drawn after the text, with the list's style and delimiter
    assert "one two three alpha beta First example. Good one." in flat
    assert "i. ii. iii. (A) (B) (1) (2)" in flat, flat
    assert "As (2) shows." in flat and "newpage" not in flat and "{.smallcaps}" not in flat


def test_pdf_lists_start_where_the_author_started_them(project: Project) -> None:
    """WeasyPrint reads no `start` attribute: the print page resets the counter instead."""
    body = "Intro.\n\n3. three\n4. four\n\nText.\n\niv. four\nv. five\n"
    path = project.write("content/n.md", f"---\ntitle: Starts\nlang: en\n---\n{body}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    page = lxml_html.fromstring(render_html(doc, house_style(), media="print"))
    assert [o.get("start") for o in page.xpath("//ol")] == ["3", "4"]
    pdf = render_pdf_bytes(doc, house_style(), RenderOptions()).data
    flat = " ".join(pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().split())
    assert "3. 4." in flat and "iv. v." in flat, flat
    assert "1. 2." not in flat and "i. ii." not in flat, flat
