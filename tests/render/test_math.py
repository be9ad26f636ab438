"""TeX math in the three outputs: MathML on screen, a vector drawing in the PDF, Word's own
equations (OMML); malformed math is a located error."""

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

BODY = "Let $\\mathcal{N}_k$ be the set, and $5 or $10 stay money.\n\n$$\n\\frac{a}{b} = x^2\n$$\n"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
OMML = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    path = project.write("content/m.md", f"---\ntitle: Math\nlang: en\n---\n{BODY}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    return doc


def test_dollars_make_math_and_protect_it_from_emphasis(doc: ir.ResolvedDocument) -> None:
    maths = [n for n in ir.walk(doc) if isinstance(n, ir.Math)]
    assert [(m.tex, m.display) for m in maths] == [
        ("\\mathcal{N}_k", False),
        ("\\frac{a}{b} = x^2", True),
    ]
    text = ir.plain_text(doc.body[0].inlines)  # type: ignore[union-attr]
    assert "$5 or $10 stay money" in text


def test_html_holds_mathml(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    maths = page.xpath("//*[local-name()='math']")
    assert len(maths) == 2
    assert maths[0].xpath(".//*[local-name()='msub']"), "N_k is a subscript, not emphasis"
    assert maths[1].get("display") == "block"
    assert maths[1].xpath(".//*[local-name()='mfrac']")


def test_print_page_and_pdf_draw_the_formula(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style(), media="print"))
    imgs = page.xpath("//img[@class='math-svg']")
    assert [i.get("alt") for i in imgs] == ["\\mathcal{N}_k", "\\frac{a}{b} = x^2"]
    assert all(i.get("src").startswith("data:image/svg+xml;base64,") for i in imgs)
    pdf = render_pdf_bytes(doc, house_style(), RenderOptions()).data
    first = pypdfium2.PdfDocument(pdf)[0]
    assert "\\mathcal" not in first.get_textpage().get_text_range(), "no TeX source printed"
    kinds = [obj.type for obj in first.get_objects(max_depth=4)]
    paths = kinds.count(pypdfium2.raw.FPDF_PAGEOBJ_PATH)
    assert paths >= 4, f"the formulas are vector paths: {paths}"
    assert pypdfium2.raw.FPDF_PAGEOBJ_IMAGE not in kinds, "not bitmaps"


def test_word_gets_omml_equations(doc: ir.ResolvedDocument) -> None:
    data = render_docx(doc, house_style().docx_template).data
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    m = {"m": OMML, "w": W}
    paras = root.xpath("//w:body/w:p[.//m:oMath]", namespaces=m)
    assert len(paras) == 2, "one inline formula, one displayed"
    inline = paras[0].xpath("m:oMath", namespaces=m)
    assert inline and inline[0].xpath(".//m:sSub", namespaces=m), "N_k is a subscript"
    sub = "".join(inline[0].xpath(".//m:sSub/m:sub//m:t/text()", namespaces=m))
    assert sub == "k"
    display = paras[1].xpath("m:oMathPara/m:oMath", namespaces=m)
    assert display, "$$ math is Word's display equation (m:oMathPara)"
    frac = display[0].xpath(".//m:f", namespaces=m)[0]
    assert "".join(frac.xpath("m:num//m:t/text()", namespaces=m)) == "a"
    assert "".join(frac.xpath("m:den//m:t/text()", namespaces=m)) == "b"
    assert b"\\mathcal" not in xml and b"\\frac" not in xml, "no TeX source printed"
    # the money stays text, in a run of its own paragraph
    assert "$5 or $10 stay money" in "".join(paras[0].xpath(".//w:t/text()", namespaces=m))


def test_malformed_math_is_a_located_error(project: Project) -> None:
    path = project.write("content/bad.md", "---\ntitle: Bad\n---\nSee $\\frac{a$ here.\n")
    _, diags = resolve_file(path, project.root)
    errors = [d for d in diags if d.code == "math.invalid"]
    assert [(d.loc.line, d.loc.col) for d in errors if d.loc] == [(4, 5)]
    assert "never closed" in errors[0].message


def test_markup_inside_math_is_an_error_not_markup(project: Project) -> None:
    path = project.write(
        "content/x.md", "---\ntitle: X\n---\nSee $\\text{<script>alert(1)</script>}$.\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert [d.code for d in diags if d.code == "math.invalid"] == ["math.invalid"]
    assert doc is not None
    page = lxml_html.fromstring(render_html(doc, house_style()))
    assert page.xpath("//script") == [] or all(
        "alert" not in (s.text or "") for s in page.xpath("//script")
    )
    assert "<script>alert(1)</script>" in page.xpath("//code[@class='math-source']")[0].text


def test_word_roots_and_empty_limits_follow_the_omml_schema() -> None:
    """mathml-to-omml leaves a square root without its `m:deg` (the schema requires one):
    briefkit adds it, hidden, and hides an empty limit of a product."""
    from briefkit.parse.math import to_mathml
    from briefkit.render.docx.math import omml

    m = {"m": OMML}
    root = omml(to_mathml("\\sqrt{\\alpha}", False)[0], False)
    assert root is not None
    rad = root.xpath(".//m:rad", namespaces=m)[0]
    assert [etree.QName(c).localname for c in rad] == ["radPr", "deg", "e"]
    assert rad.xpath("m:radPr/m:degHide/@m:val", namespaces=m) == ["1"]
    assert "".join(rad.xpath("m:e//m:t/text()", namespaces=m)) == "α"
    cube = omml(to_mathml("\\sqrt[3]{x}", False)[0], False)
    assert cube is not None
    assert cube.xpath(".//m:rad/m:deg//m:t/text()", namespaces=m) == ["3"]
    assert not cube.xpath(".//m:degHide", namespaces=m)
    prod = omml(to_mathml("\\prod^{n} y", True)[0], True)
    assert prod is not None and etree.QName(prod).localname == "oMathPara"
    assert prod.xpath(".//m:naryPr/m:subHide/@m:val", namespaces=m) == ["1"]
    assert not prod.xpath(".//m:naryPr/m:supHide", namespaces=m)


def test_a_script_after_a_bracket_applies_to_the_bracketed_group() -> None:
    """`(1+r)^t`: latex2mathml puts the `t` on the `)` alone; Word gets the group as the
    base (LibreOffice printed "¿" for the rest of the formula otherwise)."""
    from briefkit.parse.math import to_mathml
    from briefkit.render.docx.math import omml

    m = {"m": OMML}
    for tex, kind, base, script in (
        ("B_0 (1+r)^t", "sSup", "(1+r)", "t"),
        ("((a+b)^2)^3", "sSup", "((a+b)2)", "3"),
        ("[a,b]_n", "sSub", "[a,b]", "n"),
    ):
        root = omml(to_mathml(tex, False)[0], False)
        assert root is not None
        outer = root.xpath(f".//m:{kind}", namespaces=m)[0]
        assert "".join(outer.xpath("m:e//m:t/text()", namespaces=m)) == base, tex
        assert "".join(outer.xpath("(m:sup|m:sub)//m:t/text()", namespaces=m)) == script, tex
    plain = omml(to_mathml("f(x) + a)^2", False)[0], False)  # no script on a group: as written
    assert plain is not None
    assert "".join(plain.xpath(".//m:t/text()", namespaces=m)) == "f(x)+a)2"
