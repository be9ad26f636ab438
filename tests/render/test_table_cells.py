"""Grid-table cells holding blocks, row and column spans, header rows and a foot (issue #17),
in the three outputs, read back.

The fixture (tests/fixtures/tables/comparison.md) is a briefing's comparison table: a header
of two rows (a cell spanning both, one spanning two columns), cells holding bullet and
numbered lists, a paragraph and a list, a quotation, a note (`^[...]`), a cell spanning two
body rows, and a foot row with a cell spanning two columns. Each output is read back: the HTML
with lxml (`rowspan`/`colspan`, `th scope`, `<tfoot>`), Word's XML (`w:gridSpan`, `w:vMerge`,
header rows, list paragraphs, the footnote call), the PDF's text in order (pypdfium2), and a
long table whose spanned rows would straddle a page break is printed with them on one page.
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

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tables" / "comparison.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# (row, column, row span, column span, text) of every cell, where it starts (the grid)
GRID = [
    (0, 0, 2, 1, "Option"),
    (0, 1, 1, 2, "Assessment"),
    (1, 1, 1, 1, "Benefits"),
    (1, 2, 1, 1, "Risks"),
    (2, 0, 1, 1, "Capacity building"),
    (2, 1, 1, 1, "Builds lasting skills Low political cost"),
    (2, 2, 1, 1, "Slow to show results Depends on partner budgets"),
    (3, 0, 1, 1, "Joint patrols"),
    (3, 1, 1, 1, "Visible presence at sea. Deters incursions Shares the burden"),
    (3, 2, 1, 1, "Escalation risk in contested waters."),
    (4, 0, 1, 1, "Equipment transfers"),
    (4, 1, 1, 1, "\u201cShips are the easy part.\u201d"),
    (4, 2, 2, 1, "Maintenance costs fall on the recipient."),
    (5, 0, 1, 1, "Information sharing"),
    (5, 1, 1, 1, "A shared picture of the sea."),
    (6, 0, 1, 1, "Overall"),
    (6, 1, 1, 2, "Complementary: combine all four"),
]


def _squash(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())  # the joiner before a note call


def _laid_out(rows: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, int, int, str]]:
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for rowspan, colspan, text in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + y, c + x) for y in range(rowspan) for x in range(colspan))
            out.append((r, c, rowspan, colspan, text))
            c += colspan
    return out


@pytest.fixture
def doc(project: Project) -> ir.ResolvedDocument:
    path = project.write("content/comparison.md", FIXTURE.read_text(encoding="utf-8"))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    assert [d.format() for d in diags] == []  # nothing flattened, nothing to warn about
    return doc


def test_the_ir_holds_blocks_spans_and_notes_in_reading_order(doc: ir.ResolvedDocument) -> None:
    (table,) = [b for b in doc.body if isinstance(b, ir.Table)]
    assert (len(table.head), len(table.rows), len(table.foot)) == (2, 4, 1)
    cells = [c for row in table.all_rows for c in row]
    spans = [(c.rowspan, c.colspan) for c in cells]
    assert spans == [(r, c) for _, _, r, c, _ in GRID]
    benefits = table.rows[0][1]
    assert benefits.inlines is None and isinstance(benefits.blocks[0], ir.BulletList)
    assert table.rows[0][0].inlines == (ir.Text("Capacity building"),)  # simple: as ever
    # the body's note is 1, the note in the cell 2: numbered in reading order
    assert [n.number for n in doc.notes] == [1, 2]
    assert ir.note_text(doc.notes[1]) == "Survey of six partners, 2024."
    assert [n for n in ir.walk(benefits.blocks) if isinstance(n, ir.NoteRef)] == [ir.NoteRef(2)]


def test_html_spans_scopes_blocks_and_foot(doc: ir.ResolvedDocument) -> None:
    page = lxml_html.fromstring(render_html(doc, house_style()))
    (table,) = page.xpath("//table")
    for call in table.xpath(".//a[contains(@class, 'note-ref')]"):
        call.drop_tree()
    rows = [
        [
            (int(c.get("rowspan", 1)), int(c.get("colspan", 1)), _squash(c.text_content()))
            for c in tr.xpath("th | td")
        ]
        for tr in table.xpath("thead/tr | tbody/tr | tfoot/tr")
    ]
    assert _laid_out(rows) == GRID
    assert table.xpath("thead/tr/th/@scope") == ["col", "colgroup", "col", "col"]
    assert len(table.xpath("tfoot/tr")) == 1 and table.xpath("tfoot//th") == []
    assert len(table.xpath("tbody/tr[1]/td[2]/ul/li")) == 2  # a list, not lines of text
    assert len(table.xpath("tbody/tr[2]/td[2]/ol/li")) == 2
    assert table.xpath("tbody/tr[2]/td[2]/p/text()") == ["Visible presence at sea."]
    assert len(table.xpath("tbody//td/blockquote")) == 1
    assert table.xpath("tbody/tr[1]/td[1]/p") == []  # a simple cell: its text, as ever


def _document(doc: ir.ResolvedDocument) -> etree._Element:
    data = render_docx(doc, house_style().docx_template).data
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_word_grid_spans_merges_header_rows_and_list_paragraphs(doc: ir.ResolvedDocument) -> None:
    root = _document(doc)
    (tbl,) = root.iter(f"{W}tbl")
    cells: dict[tuple[int, int], list[object]] = {}
    above: dict[int, tuple[int, int]] = {}
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        c = 0
        for tc in tr.findall(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            n = int(span.get(f"{W}val")) if span is not None else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") is None:  # continue
                cells[above[c]][0] += 1  # type: ignore[operator]
                assert "".join(t.text or "" for t in tc.iter(f"{W}t")) == ""
            else:
                text = " ".join(
                    "".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p")
                )
                cells[(r, c)] = [1, n, _squash(text)]
                if merge is not None:
                    assert merge.get(f"{W}val") == "restart"
                    above[c] = (r, c)
            c += n
        assert c == 3  # every row fills the grid
    assert [(r, c, *v) for (r, c), v in sorted(cells.items())] == GRID
    heads = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in tbl.findall(f"{W}tr")]
    assert heads == [True, True, False, False, False, False, False]
    # a cell's list items are numbered paragraphs of the cell style
    ids = {
        p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        for p in tbl.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}numPr") is not None
    }
    assert len(ids) == 1 and len(list(tbl.iter(f"{W}numPr"))) == 6
    assert len(list(tbl.iter(f"{W}footnoteReference"))) == 1
    # the foot row stands under a rule; the spanned rows keep together
    foot = tbl.findall(f"{W}tr")[-1]
    assert all(tc.find(f"{W}tcPr/{W}tcBorders/{W}top") is not None for tc in foot.iter(f"{W}tc"))
    tied = tbl.findall(f"{W}tr")[4]
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tied.iter(f"{W}p"))


def test_pdf_prints_every_cell_in_reading_order(doc: ir.ResolvedDocument) -> None:
    data = render_pdf_bytes(doc, house_style(), RenderOptions()).data
    pdf = pdfium.PdfDocument(data)
    text = _squash(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    at = 0
    for piece in (cell[4] for cell in GRID):
        for line in piece.replace("cost ", "cost\n").split("\n"):  # a note's number between
            found = text.find(line, at)
            assert found >= 0, f"{line!r} missing or out of order"
            at = found + len(line)


def _long_table(rows_before: int) -> str:
    row = "+----------+----------+\n| row {n:<4} | filler   |\n"
    body = "".join(row.format(n=n) for n in range(rows_before))
    spanned = (
        "+----------+----------+\n| Spanned  | first    |\n"
        "+          +----------+\n| tall     | second   |\n"
        "+          +----------+\n| cell     | third    |\n"
    )
    return (
        "---\ntitle: Long\n---\n\n"
        "+----------+----------+\n| Item     | Value    |\n+==========+==========+\n"
        f"{body}{spanned}+----------+----------+\n"
    )


def _page_of(pdf: pdfium.PdfDocument, word: str) -> int:
    return next(i for i in range(len(pdf)) if word in pdf[i].get_textpage().get_text_range())


def test_pdf_keeps_the_rows_of_a_row_span_on_one_page(project: Project) -> None:
    """The span is swept across the foot of page 1: wherever a break falls, the three rows it
    ties stand on one page (the header repeats above them). WeasyPrint does this by itself
    (70.0: the same with or without `break-inside: avoid` on a row group of their own), so
    the HTML has no markup for it; this test says so if that changes."""
    crossed = 0
    for rows_before in range(22, 34, 2):
        path = project.write("content/long.md", _long_table(rows_before))
        doc, diags = resolve_file(path, project.root)
        assert doc is not None, [d.format() for d in diags]
        pdf = pdfium.PdfDocument(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
        pages = [_page_of(pdf, w) for w in ("Spanned", "first", "second", "third")]
        assert len(set(pages)) == 1, (rows_before, pages)
        last_row = _page_of(pdf, f"row {rows_before - 1}")
        crossed += last_row < pages[0]
        if last_row < pages[0]:  # moved whole: the header row repeats over it
            assert "Item" in pdf[pages[0]].get_textpage().get_text_range()
    assert crossed > 0  # the sweep did put a page break right before the span


NESTED = """---
title: Blocks in cells
---

+----------------+------------------------------------------+
| Kind           | Content                                  |
+================+==========================================+
| Figure         | ![The region](map.png)                   |
+----------------+------------------------------------------+
| Table          | | a | b |                                |
|                | |---|---|                                |
|                | | 1 | 2 |                                |
+----------------+------------------------------------------+
| Code           | ```                                      |
|                | x = 1                                    |
|                | ```                                      |
+----------------+------------------------------------------+
"""


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def test_a_figure_and_a_table_in_a_cell(project: Project) -> None:
    """A figure in a cell is numbered like any other and, in Word, no wider than its cell (a
    picture is sized to the text column, which inside a cell is the cell); a table in a cell
    is a table there, and Word's cell still ends with a paragraph."""
    path = project.write("content/nested.md", NESTED)
    (project.root / "content" / "map.png").write_bytes(_png(1600, 900))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and [d.format() for d in diags] == []
    page = lxml_html.fromstring(render_html(doc, house_style()))
    (outer,) = page.xpath("//table[not(ancestor::table)]")
    assert (
        outer.xpath("tbody/tr[1]/td[2]/figure/figcaption")[0].text_content().startswith("Figure 1")
    )
    assert len(outer.xpath("tbody/tr[2]/td[2]/table/tbody/tr")) == 1
    assert outer.xpath("tbody/tr[3]/td[2]/pre/code/text()") == ["x = 1"]
    root = _document(doc)
    (tbl,) = [t for t in root.iter(f"{W}tbl") if t.getparent().tag == f"{W}body"]
    figure_tc = tbl.findall(f"{W}tr")[1].findall(f"{W}tc")[1]
    cell_twips = int(figure_tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    extent = next(figure_tc.iter(f"{wp}extent"))
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx <= cell_twips * 635 and cy == pytest.approx(cx * 900 / 1600, rel=0.01)
    table_tc = tbl.findall(f"{W}tr")[2].findall(f"{W}tc")[1]
    assert [child.tag for child in table_tc][1:] == [f"{W}tbl", f"{W}p"]
