"""pandoc constructs briefkit renders (issue #17), read back from all three outputs: definition
lists, sub- and superscript."""

from __future__ import annotations

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
from tests.render.docxread import paragraphs, read_docx, w

BODY = """\
Water is H~2~O and 2^10^ is 1024.

Apple
:   A *red* fruit.[^a]

    It grows on trees.

Orange
  ~ A citrus fruit.
  ~ A colour.

[^a]: A note in a definition.
"""


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    path = project.write("content/p.md", f"---\ntitle: Pandoc\nlang: en\n---\n{BODY}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    assert [d.format() for d in diags if d.code == "syntax.unsupported"] == []
    return doc


def test_ir_holds_a_definition_list(doc: ir.ResolvedDocument) -> None:
    (dl,) = [b for b in doc.body if isinstance(b, ir.DefinitionList)]
    assert [ir.plain_text(i.term) for i in dl.items] == ["Apple", "Orange"]
    assert [len(i.definitions) for i in dl.items] == [1, 2]
    assert ir.blocks_text(dl.items[0].definitions[0]) == "A red fruit. It grows on trees."
    assert [n.number for n in doc.notes] == [1]  # the note inside a definition is numbered


def test_html(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    assert [e.text_content() for e in page.xpath("//dl/dt")] == ["Apple", "Orange"]
    dds = [" ".join(e.text_content().split()) for e in page.xpath("//dl/dd")]
    assert dds[0].startswith("A red fruit.") and dds[0].endswith("It grows on trees.")
    assert dds[1:] == ["A citrus fruit.", "A colour."]
    assert page.xpath("//dd//em")[0].text == "red"
    assert page.xpath("//sub")[0].text == "2" and page.xpath("//sup")[0].text == "10"


def test_docx(doc: ir.ResolvedDocument) -> None:
    pkg = read_docx(render_docx(doc, house_style().docx_template).data)
    document = pkg.xml("word/document.xml")
    texts = [t for _, t in paragraphs(document)]
    i = texts.index("Apple")
    assert texts[i + 1].startswith("A red fruit.")
    assert texts[i + 2 : i + 6] == ["It grows on trees.", "Orange", "A citrus fruit.", "A colour."]
    term = next(p for p in document.iter(w("p")) if "".join(p.itertext()) == "Apple")
    assert term.find(f".//{w('b')}") is not None and term.find(f".//{w('keepNext')}") is not None
    definition = next(p for p in document.iter(w("p")) if "".join(p.itertext()) == "A colour.")
    assert definition.find(f".//{w('ind')}").get(w("left")) == "567"


def test_pdf(doc: ir.ResolvedDocument) -> None:
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    lines = [ln.text.strip() for p in pages for ln in p.lines]
    for expected in ("Apple", "Orange", "A citrus fruit.", "A colour.", "It grows on trees."):
        assert expected in lines
    assert any(ln.startswith("A red fruit.") for ln in lines)
