"""The briefing's number in its series, as the house's strings write it in each language:
"No. 17" in English, "第17号" in Japanese (was "第 17": the label "第" then a space and the
number), the same in the web page, the print page the PDF is laid out from, and Word."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx_bytes
from briefkit.render.html.page import render_html
from briefkit.resolve.meta import number_line
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import paragraphs, read_docx


def _doc(project: Project, lang: str, series: str) -> ir.ResolvedDocument:
    path = project.write(
        "content/b.md",
        f"---\ntitle: T\nlang: {lang}\nseries: {series}\nnumber: 17\ndate: 2025-11-20\n---\n"
        "Body.\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return doc


@pytest.mark.parametrize(
    ("lang", "series", "line", "date"),
    [
        ("en", "NIDS Commentary", "No. 17", "November\u00a020, 2025"),
        ("ja", "NIDSコメンタリー", "第17号", "2025年11月20日"),
    ],
)
def test_the_series_number_in_html_and_word(
    project: Project, lang: str, series: str, line: str, date: str
) -> None:
    doc = _doc(project, lang, series)
    style = house_style()
    assert doc.meta.number == "17" and doc.meta.number_display == line
    for media in ("screen", "print"):  # the web page, and the page the PDF is laid out from
        page = lxml_html.fromstring(render_html(doc, style, media).encode())
        (number,) = page.xpath('//*[@class="series-line"]/*[@class="number"]')
        assert number.text_content() == line
    rendered = render_docx_bytes(doc, style, RenderOptions(roots=(project.root,)))
    texts = [t for _, t in paragraphs(read_docx(rendered.data).xml("word/document.xml"))]
    assert f"{series}  {line}\t{date}" in texts


def test_a_number_label_without_the_placeholder_is_followed_by_the_number() -> None:
    # a house style written before the label was a template ("No.", "Issue") keeps its form
    assert number_line("17", {"number": "No."}) == "No. 17"
    assert number_line("17", {"number": "第{number}号"}) == "第17号"
    assert number_line("17", {}) == "No. 17"
    assert number_line(None, {"number": "No. {number}"}) is None
