"""pandoc's simple, multiline, grid and headerless tables in the three outputs, read back.

The fixture (tests/fixtures/tables/all-kinds.md) holds one table of each kind, each captioned
and cross-referenced (`@tbl:x`). Each output is read back and compared with what the
Markdown says: the cells in order, the alignments, the relative column widths of the multiline
and grid tables (pandoc's, from their dashes), the captions and the links to them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
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

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tables" / "all-kinds.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CAPTIONS = [
    "Table 1. Ships by tonnage.",
    "Table 2. Crews by role.",
    "Table 3. Home ports.",
    "Table 4. Spare parts.",
]
HEADERS = [
    ["Ship", "Tonnage", "Crew", "Notes"],
    ["Role on board", "Headcount (avg)", "Duties"],
    ["Port", "Facilities"],
    [],
]
ROWS = [
    [["Albatross", "12,500", "140", "refitted"], ["Bittern", "8,200", "95", "new"]],
    [
        ["Deck officers", "12", "Navigation, watchkeeping and cargo planning on every voyage."],
        ["Engineers", "9", "Main engines, power and the desalination plant."],
    ],
    [["Rotterdam", "Dry dock, bunkering"], ["Singapore", "Container terminal"]],
    [["Pumps", "4", "spare"], ["Valves", "16", "spare"]],
]
ALIGNS = [
    ["left", "right", "right", "left"],
    ["center", "left", "left"],
    ["left", "center"],
    ["left", "center", "center"],
]
# pandoc's widths: (dashes + the space after them) / 72, the last column one wider
WIDTHS = [[], [15 / 72, 11 / 72, 36 / 72], [15 / 72, 27 / 72], []]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    path = project.write("content/tables.md", FIXTURE.read_text(encoding="utf-8"))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    assert [d.format() for d in diags if d.code == "syntax.unsupported"] == []
    return doc


def test_the_ir_holds_each_table(doc: ir.ResolvedDocument) -> None:
    tables = [b for b in doc.body if isinstance(b, ir.Table)]
    assert [t.label for t in tables] == ["Table 1", "Table 2", "Table 3", "Table 4"]
    assert [t.id for t in tables] == ["tbl:simple", "tbl:multi", "tbl:grid", "tbl:bare"]
    text = ir.blocks_text
    assert [[_squash(text(c.blocks)) for r in t.head for c in r] for t in tables] == HEADERS
    assert [[[_squash(text(c.blocks)) for c in r] for r in t.rows] for t in tables] == ROWS
    assert [list(t.aligns) for t in tables] == ALIGNS
    assert [list(t.widths) for t in tables] == [pytest.approx(w) for w in WIDTHS]


def test_html_cells_alignments_widths_and_links(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    tables = page.xpath("//table")
    assert [t.get("id") for t in tables] == ["tbl:simple", "tbl:multi", "tbl:grid", "tbl:bare"]
    assert [_squash(t.xpath("caption")[0].text_content()) for t in tables] == CAPTIONS
    for t, header, rows, aligns in zip(tables, HEADERS, ROWS, ALIGNS, strict=True):
        assert [_squash(th.text_content()) for th in t.xpath("thead/tr/th")] == header
        assert t.xpath("thead/tr/th/@scope") == ["col"] * len(header)
        body = [[_squash(td.text_content()) for td in tr.xpath("td")] for tr in t.xpath("tbody/tr")]
        assert body == rows
        styles = [td.get("style") for td in t.xpath("tbody/tr[1]/td")]
        assert styles == [f"text-align:{a}" for a in aligns]
    assert tables[3].xpath("thead") == []  # headerless: no empty header row
    for t, widths in zip(tables, WIDTHS, strict=True):
        cols = [c.get("style") for c in t.xpath("colgroup/col")]
        total = sum(widths)
        assert cols == [f"width:{100 * w / total:.2f}%" for w in widths]
        assert t.get("style") == (f"width:{100 * total:.2f}%" if widths else None)
    links = [a.text_content() for a in page.xpath("//p//a[starts-with(@href,'#tbl')]")]
    assert links == ["Table 1", "Table 2", "Table 3", "Table 4"]


def _document(doc: ir.ResolvedDocument) -> etree._Element:
    data = render_docx(doc, house_style().docx_template).data
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_word_cells_grid_widths_and_captions(doc: ir.ResolvedDocument) -> None:
    root = _document(doc)
    tables = root.iter(f"{W}tbl")
    text = "".join(t.text or "" for t in root.iter(f"{W}t"))
    for caption in CAPTIONS:
        assert caption in _squash(text)
    for t, header, rows, aligns, widths in zip(tables, HEADERS, ROWS, ALIGNS, WIDTHS, strict=True):
        cells = [
            [_squash("".join(x.text or "" for x in tc.iter(f"{W}t"))) for tc in tr.iter(f"{W}tc")]
            for tr in t.iter(f"{W}tr")
        ]
        assert cells == ([header] if header else []) + rows
        heads = [tr for tr in t.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        assert len(heads) == (1 if header else 0)
        jc = [
            (p.find(f"{W}pPr/{W}jc").get(f"{W}val") if p.find(f"{W}pPr/{W}jc") is not None else "")
            for p in list(t.iter(f"{W}tr"))[-1].iter(f"{W}p")
        ]
        assert jc == [{"left": "left", "right": "right", "center": "center"}[a] for a in aligns]
        grid = [int(c.get(f"{W}w")) for c in t.iter(f"{W}gridCol")]
        if widths:  # in proportion to pandoc's widths, and the table as wide as their sum
            assert [g / grid[0] for g in grid] == pytest.approx(
                [w / widths[0] for w in widths], rel=0.01
            )
            layout = t.find(f"{W}tblPr/{W}tblLayout")
            assert layout is not None and layout.get(f"{W}type") == "fixed"
        else:
            assert max(grid) - min(grid) <= 1  # no widths: equal columns


def _word_left(page: pdfium.PdfPage, word: str) -> float:
    text = page.get_textpage()
    found = text.search(word, match_case=True, match_whole_word=True).get_next()
    assert found is not None, word
    return float(text.get_charbox(found[0])[0])


def test_pdf_prints_cells_in_order_and_columns_to_width(doc: ir.ResolvedDocument) -> None:
    data = render_pdf_bytes(doc, house_style(), RenderOptions()).data
    pdf = pdfium.PdfDocument(data)
    text = _squash(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    at = 0
    for caption, header, rows in zip(CAPTIONS, HEADERS, ROWS, strict=True):
        for piece in [caption, *header, *(cell for row in rows for cell in row)]:
            found = text.find(piece, at)
            assert found >= 0, f"{piece!r} missing or out of order"
            at = found + len(piece)
    page = next(
        pdf[i] for i in range(len(pdf)) if "Duties" in pdf[i].get_textpage().get_text_range()
    )
    role, head, duties = (_word_left(page, w) for w in ("Role", "Headcount", "Duties"))
    # the columns start where pandoc's widths put them (same padding in every cell)
    assert (duties - role) / (head - role) == pytest.approx((15 + 11) / 15, rel=0.05)
