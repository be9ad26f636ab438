"""Lists, quotations and code inside notes, in all three outputs (a PDF note used to print its
list items run together, without their numbers or bullets, and verify expected that).

The briefing is tests/fixtures/layout-corpus/14-structured-notes.md. What each output must show
is read from that file's text, not from briefkit: every list item of a note definition, with the
marker the author typed, must start a line of the PDF's note area; the web page and the Word
file must keep real lists with the author's numbering style.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from briefkit import ir
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx_bytes
from briefkit.render.html.page import render_html
from briefkit.render.pdf.page import render_pdf_bytes
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

FIXTURE = Path(__file__).parent.parent / "fixtures" / "layout-corpus" / "14-structured-notes.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# an item line of a note definition: indented, then -, 1., i., (1), a) and its text
ITEM = re.compile(r"^(?P<indent> {4,})(?P<marker>[-*]|\(?[0-9ivxa-z]{1,4}[.)])\s+(?P<text>.+)$")


def source_items() -> list[tuple[int, str, str]]:
    """(indent, marker as printed, the item's first words) of every list item in the notes."""
    items = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        m = ITEM.match(line)
        if m:
            marker = "\u2022" if m["marker"] in "-*" else m["marker"]
            words = " ".join(re.sub(r"[*_]", "", m["text"]).split()[:3])
            items.append((len(m["indent"]), marker, words))
    return items


@pytest.fixture(scope="module")
def doc() -> ir.ResolvedDocument:
    resolved, diags = resolve_file(FIXTURE)
    assert resolved is not None and not diags.has_errors and not list(diags), list(diags)
    return resolved


def test_the_fixture_has_every_kind_of_list_in_its_notes() -> None:
    markers = [m for _, m, _ in source_items()]
    assert {"1.", "\u2022", "iv.", "(1)", "a)"} <= set(markers)
    assert len({indent for indent, _, _ in source_items()}) == 2  # nested items too


def test_pdf_notes_print_each_item_on_its_line_with_its_marker(doc: ir.ResolvedDocument) -> None:
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(FIXTURE.parent,))).data
    lines = [ln for page in read_pages(data) for ln in page.lines if ln.size < 9]
    texts = [" ".join(ln.text.split()) for ln in lines]
    x0: dict[str, float] = {}
    for _, marker, words in source_items():
        wanted = f"{marker} {words}"
        found = [i for i, t in enumerate(texts) if t.startswith(wanted)]
        assert found, f"no PDF note line starts with {wanted!r}: {texts}"
        x0[wanted] = lines[found[0]].x0
    # a nested item is set in from the item it belongs to
    assert x0["a) a common picture,"] > x0["(1) information sharing, with"] + 5
    assert any(t == "REPORT 2025-11 / WG-MS" for t in texts)  # code kept, spaces and all
    assert any(t.startswith("The habit of consultation is the product") for t in texts)


def test_web_page_notes_keep_real_lists_with_the_authors_numbering(
    doc: ir.ResolvedDocument,
) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    notes = {li.get("id"): li for li in page.xpath('//*[@role="doc-endnotes"]/ol/li')}
    assert [len(ol.xpath("li")) for ol in notes["note-1"].xpath(".//ol")] == [3]
    assert len(notes["note-2"].xpath(".//ul/li")) == 2
    roman = notes["note-4"].xpath(".//ol")
    assert [(ol.get("type"), len(ol.xpath("li"))) for ol in roman] == [("i", 4)]
    outer, inner = notes["note-6"].xpath(".//ol")
    assert "delim-parens" in outer.get("class", "") and inner.get("type") == "a"
    assert inner.getparent().getparent() is outer  # nested in the first item
    assert notes["note-3"].xpath(".//blockquote") and notes["note-5"].xpath(".//pre")


def test_word_notes_keep_real_lists_with_the_authors_numbering(doc: ir.ResolvedDocument) -> None:
    data = render_docx_bytes(doc, house_style()).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
        numbering = etree.fromstring(zf.read("word/numbering.xml"))
    abstract = {a.get(W + "abstractNumId"): a for a in numbering.iter(W + "abstractNum")}
    formats = {}
    for num in numbering.iter(W + "num"):
        a = abstract[num.find(W + "abstractNumId").get(W + "val")]
        lvl = {x.get(W + "ilvl"): x.find(W + "numFmt").get(W + "val") for x in a.iter(W + "lvl")}
        for x in num.iter(W + "lvl"):  # a level the instance overrides (its style, its start)
            lvl[x.get(W + "ilvl")] = x.find(W + "numFmt").get(W + "val")
        formats[num.get(W + "numId")] = lvl

    def numbered(note: int) -> list[str]:
        (fn,) = notes.xpath(f"w:footnote[@w:id='{note}']", namespaces={"w": W[1:-1]})
        out = []
        for pr in fn.iter(W + "numPr"):
            ilvl = pr.find(W + "ilvl").get(W + "val") if pr.find(W + "ilvl") is not None else "0"
            out.append(formats[pr.find(W + "numId").get(W + "val")][ilvl])
        return out

    assert numbered(1) == ["decimal"] * 3
    assert numbered(2) == ["bullet"] * 2
    assert numbered(4) == ["lowerRoman"] * 4
    assert numbered(6) == ["decimal", "lowerLetter", "lowerLetter", "decimal"]


BLOCKS = FIXTURE.with_name("16-pandoc-blocks-in-notes.md")


def test_pandoc_blocks_in_notes_print_and_verify(tmp_path: Path) -> None:
    """A line block, a definition list, math and a house box in notes: the line block's `|`
    lines were printed as text with their bars, the box lost its label in the PDF, and verify
    failed every output of a note with a formula (it expected the TeX as text)."""
    from typer.testing import CliRunner

    from briefkit.cli import app

    (tmp_path / "content").mkdir()
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    shutil.copy(BLOCKS, tmp_path / "content" / BLOCKS.name)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["build", "--strict", "--verify"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "output" / BLOCKS.with_suffix(".pdf").name).read_bytes()
    texts = [" ".join(ln.text.split()) for p in read_pages(pdf) for ln in p.lines if ln.size < 9]
    for line in ("ASEAN Secretariat", "70A Jalan Sisingamangaraja", "Jakarta 12110", "Key points"):
        assert line in texts, texts
    assert not any("|" in t for t in texts)
    page = lxml_html.fromstring(
        (tmp_path / "output" / BLOCKS.with_suffix(".html").name).read_bytes()
    )
    (address,) = page.xpath('//li[@id="note-1"]//p[br]')
    assert len(address.xpath("br")) == 2 and "|" not in address.text_content()
    assert page.xpath('//li[@id="note-2"]//dl/dt') and page.xpath('//li[@id="note-2"]//math')


def test_a_note_called_in_a_caption_or_heading_prints_as_any_note(project) -> None:  # type: ignore[no-untyped-def]
    """A note is floated out of where it is called: it took the caption's grey and would take
    a heading's letter forms; it prints in the text's colour, like the note called from the
    paragraph."""
    from tests.verify.test_crossrefs import PNG

    (project.root / "content").mkdir(exist_ok=True)
    (project.root / "content" / "map.png").write_bytes(PNG)
    path = project.write(
        "content/n.md",
        "---\ntitle: N\n---\n\nText.[^p]\n\n![A caption.[^c]](map.png)\n\n"
        "[^p]: Paragraph note.\n[^c]: Caption note.\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    chars = [c for p in pages for c in p.chars]
    text = "".join(c.get_text() for c in chars)

    def colour(word: str) -> object:
        at = text.index(word)
        return chars[at].graphicstate.ncolor

    assert colour("Caption note") == colour("Paragraph note")
    assert colour("Caption note") != colour("A caption")  # the caption is still grey
