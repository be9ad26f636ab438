"""CSL rich-text markup inside reference fields (`<i>`, `<b>`, `<sc>`...), as Zotero, citeproc-js
and pandoc write it: read into the citation's rich text, flip-flopped inside italic titles, and
read back from the notes, the HTML page, the Word footnotes and the PDF's fonts."""

from __future__ import annotations

import io

import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.errors import Diagnostics
from briefkit.render.docx import render_docx
from briefkit.render.html.page import render_html
from tests.conftest import Project
from tests.helpers import codes, house_style, resolve_file
from tests.render.docxread import read_docx, w

EN = (("\u201c", "\u201d"), ("\u2018", "\u2019"))

REFS = """
- id: book
  type: book
  author: [{family: Doe, given: Jane}]
  title: "The Sinking of the <i>Lusitania</i> and <sc>NATO</sc>"
  publisher: Press
  issued: 2020
- id: art
  type: article-journal
  author: [{family: Roe, given: Rick}]
  title: "Reading <i>War and Peace</i>'s Ending"
  container-title: Slavic Review
  volume: 61
  issued: 2021
- id: chem
  type: report
  author: [{literal: Lab}]
  title: "H<sub>2</sub>O, mc<sup>2</sup>, <span class=\\"nocase\\">iPhone</span> <b>Era</b>"
  publisher: Lab Press
  issued: 2022
- id: caps
  type: book
  author: [{family: Poe, given: Ann}]
  title: "<span style=\\"font-variant:small-caps;\\">Regesta</span> of <b>Lusitania: A History</b>"
  publisher: Press
  issued: 2019
"""


def build(project: Project, body: str, refs: str = REFS) -> tuple[ir.ResolvedDocument, Diagnostics]:
    project.write("content/refs.yaml", refs)
    path = project.write("content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n---\n" + body)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return doc, diags


def _styled(inlines: tuple[ir.Inline, ...], kind: type) -> list[str]:
    """The plain text of every `kind` span among `inlines`, however deep."""
    found: list[str] = []
    for node in ir.walk([ir.Paragraph(inlines)]):
        if isinstance(node, kind):
            found.append(ir.plain_text(node.children))  # type: ignore[attr-defined]
    return found


def _note(doc: ir.ResolvedDocument, i: int) -> tuple[ir.Inline, ...]:
    block = doc.notes[i].blocks[0]
    assert isinstance(block, ir.Paragraph)
    return tuple(block.inlines)


def test_markup_in_a_quoted_title_is_italic_and_in_an_italic_title_roman(project: Project) -> None:
    doc, diags = build(project, "A.[@art] B.[@book]\n")
    assert "ref.invalid-markup" not in codes(diags)
    art, book = _note(doc, 0), _note(doc, 1)
    assert ir.plain_text(art) == (
        "Rick Roe, “Reading War and Peace’s Ending,” Slavic Review 61 (2021)."
    )  # the apostrophe after the italics is one (not an opening quotation mark)
    assert _styled(art, ir.Emph) == ["War and Peace", "Slavic Review"]
    # a book title inside a book title is set roman (CMOS 8.171): the italics close around it
    assert _styled(book, ir.Emph) == ["The Sinking of the ", " and NATO"]
    assert _styled(book, ir.SmallCaps) == ["NATO"]
    assert "<" not in ir.plain_text(book)


def test_bold_superscript_subscript_and_nocase(project: Project) -> None:
    doc, _ = build(project, "A.[@chem]\n")
    note = _note(doc, 0)
    assert "H2O, mc2, iPhone Era" in ir.plain_text(note)
    assert _styled(note, ir.Subscript) == ["2"]
    assert _styled(note, ir.Superscript) == ["2"]
    assert _styled(note, ir.Strong) == ["Era"]


def test_a_short_title_cut_inside_markup_closes_it(project: Project) -> None:
    doc, _ = build(project, "A.[@caps] B.[@art] C.[@caps]\n")
    short = _note(doc, 2)
    assert ir.plain_text(short) == "Poe, Regesta of Lusitania."  # no subtitle (CMOS 14.30)
    assert _styled(short, ir.SmallCaps) == ["Regesta"]
    assert _styled(short, ir.Strong) == ["Lusitania"]
    assert "<" not in ir.plain_text(short)


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("The <u>Underlined</u> Word", "'<u>' is not CSL rich-text markup"),
        ("An <i>Unclosed Title", "'<i>' is never closed"),
        ("A Stray</b> Tag", "'</b>' closes no open tag"),
    ],
)
def test_other_markup_is_printed_as_written_with_one_located_warning(
    project: Project, title: str, problem: str
) -> None:
    refs = f'- id: x\n  type: book\n  title: "{title}"\n  publisher: P\n  issued: 2020\n'
    doc, diags = build(project, "A.[@x]\n", refs)
    found = [d for d in diags if d.code == "ref.invalid-markup"]
    assert len(found) == 1
    assert problem in found[0].message
    assert found[0].loc is not None and found[0].loc.line == 3  # the title's line
    assert title in ir.plain_text(_note(doc, 0))  # nothing dropped: the text as written


def test_html_word_and_pdf_show_the_italic_run(project: Project) -> None:
    doc, _ = build(project, "A.[@art]\n")
    style = house_style()
    page = render_html(doc, style)
    assert "<em>War and Peace</em>" in page
    assert "&lt;i&gt;" not in page
    tree = lxml_html.fromstring(page.encode())
    assert [e.text_content() for e in tree.iter("em")][:2] == ["War and Peace", "Slavic Review"]

    pkg = read_docx(render_docx(doc, style.docx_template).data)
    runs = list(pkg.xml("word/footnotes.xml").iter(w("r")))
    italic = [
        "".join(t.text or "" for t in r.iter(w("t")))
        for r in runs
        if r.find(f"{w('rPr')}/{w('i')}") is not None
    ]
    assert "War and Peace" in italic
    plain = "".join("".join(t.text or "" for t in r.iter(w("t"))) for r in runs)
    assert "<i>" not in plain and "Reading War and Peace’s Ending" in plain


def test_the_pdf_sets_the_title_within_the_title_in_italics(project: Project) -> None:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    from briefkit.render import RenderOptions
    from briefkit.render.pdf.page import render_pdf_bytes

    doc, _ = build(project, "A.[@art]\n")
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    chars: list[tuple[str, str]] = []

    def collect(node: object) -> None:
        if isinstance(node, LTChar):
            chars.append((node.get_text(), node.fontname))
        for child in node if hasattr(node, "__iter__") else ():
            collect(child)

    for layout in extract_pages(io.BytesIO(data)):
        collect(layout)
    text = "".join(c for c, _ in chars)
    at = text.index("War and Peace")
    fonts = {f for _, f in chars[at : at + len("War and Peace")] if _ != " "}
    before = {f for _, f in chars[at - len("Reading ") : at - 1]}
    assert all("italic" in f.lower() for f in fonts), fonts
    assert not any("italic" in f.lower() for f in before), before


def test_bibtex_italics_reach_the_notes(project: Project) -> None:
    project.write(
        "content/refs.bib",
        "@book{b, author = {Doe, Jane}, title = {On \\emph{Lusitania} and {\\em Titanic}},"
        " publisher = {Press}, year = {2020}}\n",
    )
    path = project.write("content/b.md", "---\ntitle: T\nbibliography: refs.bib\n---\nA.[@b]\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    note = _note(doc, 0)
    assert ir.plain_text(note).startswith("Jane Doe, On Lusitania and Titanic")
    assert _styled(note, ir.Emph) == ["On ", " and "]  # roman inside the italic book title


def test_the_builder_flip_flops_and_keeps_other_styles() -> None:
    builder = rt.InlineBuilder(EN[0], EN[1], True)
    out = builder.build([rt.Ital((rt.field("<b>Bold <i>roman</i></b> tail"),))])
    assert out == (
        ir.Emph((ir.Strong((ir.Text("Bold "),)),)),
        ir.Strong((ir.Text("roman"),)),  # still bold, no longer italic
        ir.Emph((ir.Text(" tail"),)),
    )
    # three deep: italic again
    deep = builder.build([rt.Ital((rt.field("a <i>b <i>c</i></i>"),))])
    assert _styled(deep, ir.Emph) == ["a ", "c"]
    # no markup: the segments are the text, as before
    assert rt.field("Plain <3 title") == "Plain <3 title"
