"""Fenced divs as the house style's boxes (key points, box, aside), labelled from
strings/<lang>.yaml, in all three outputs; another class is a plain block, with a warning."""

from __future__ import annotations

import io
import re
import zipfile

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
::: {.key-points}
- Consensus is harder to reach.
- Bilateral talks matter more.
:::

::: aside
An aside.
:::
"""


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
    paras = re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml, re.S)
    head = next(p for p in paras if ">Key points<" in p)
    assert "<w:b/>" in head and "<w:pBdr>" in head
    item = next(p for p in paras if "Consensus is harder" in p)
    assert "<w:pBdr>" in item
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
