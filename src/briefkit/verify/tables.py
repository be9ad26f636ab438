"""Verify stage helper: the tables of each output read back onto one grid and compared.

Consumes the bytes of the HTML, PDF and Word outputs of one briefing and produces diagnostics
when their tables differ. The HTML page is the reference: each table (not one nested in a cell)
is laid out as HTML lays it out, every cell at the row and column where it starts with its row
and column spans and its text (note calls and formulas left out). Word's table
must make the same cells: a `w:gridSpan` is a column span, a `w:vMerge` run a row span. The
PDF's text must hold every cell's text, table after table, in the HTML's order.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.render.docx.boxes import is_box

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PlacedCell = tuple[int, int, int, int, str]  # row, column, row span, column span, text
Grid = list[PlacedCell]


def html_tables(data: bytes) -> list[Grid]:
    from lxml import html

    page = html.fromstring(data)
    # left out: a note's number (Word's is a field, not text) and formulas (MathML here,
    # Word's equations and the PDF's drawn formulas hold no text to compare)
    for node in page.xpath("//a[contains(@class, 'note-ref')] | //math | //*[local-name()='math']"):
        node.drop_tree()
    out = []
    for table in page.xpath("//table[not(ancestor::table)]"):
        rows = table.xpath("thead/tr | tbody/tr | tfoot/tr | tr")
        cells = [
            [
                (int(c.get("rowspan", 1)), int(c.get("colspan", 1)), _squeeze(c.text_content()))
                for c in row.xpath("th | td")
            ]
            for row in rows
        ]
        out.append(_laid_out(cells))
    return out


def _laid_out(rows: list[list[tuple[int, int, str]]]) -> Grid:
    taken: set[tuple[int, int]] = set()
    out: Grid = []
    for r, row in enumerate(rows):
        c = 0
        for rowspan, colspan, text in row:
            while (r, c) in taken:
                c += 1
            rowspan = min(rowspan, len(rows) - r)
            taken.update((r + y, c + x) for y in range(rowspan) for x in range(colspan))
            out.append((r, c, rowspan, colspan, text))
            c += colspan
    return out


def docx_tables(data: bytes) -> list[Grid]:

    out: list[Grid] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for part in stories(zf):  # the body, then the notes: the web page's order
            out += [_docx_grid(t) for t in part.iter(W + "tbl") if not is_box(t) and not _nested(t)]
    return out


def stories(zf: zipfile.ZipFile) -> list[Any]:
    from lxml import etree

    names = ["word/document.xml", "word/footnotes.xml"]
    return [etree.fromstring(zf.read(n)) for n in names if n in zf.namelist()]


def _nested(tbl: Any) -> bool:
    """Inside another of the briefing's tables (a box's cell holds a table of the text)."""
    return any(a.tag == W + "tbl" and not is_box(a) for a in tbl.iterancestors())


def _docx_grid(tbl: Any) -> Grid:
    cells: dict[tuple[int, int], list[Any]] = {}  # start -> [row span, column span, text]
    above: dict[int, tuple[int, int]] = {}  # column -> the merged cell a `continue` extends
    for r, tr in enumerate(tbl.findall(W + "tr")):
        c = 0
        for tc in tr.findall(W + "tc"):
            span_el = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_el.get(W + "val")) if span_el is not None else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val", "continue") == "continue" and c in above:
                cells[above[c]][0] += 1
            else:
                text = _squeeze("".join(t.text or "" for t in tc.iter(W + "t")))
                cells[(r, c)] = [1, span, text]
                if merge is not None:
                    above[c] = (r, c)
                else:
                    above.pop(c, None)
            c += span
    return [(r, c, v[0], v[1], v[2]) for (r, c), v in sorted(cells.items())]


def compare_tables(outputs: dict[str, tuple[Path, bytes]], pdf_text: str) -> list[Diagnostic]:
    """`pdf_text`: the PDF's text without whitespace (`verify.captions.pdf_text`)."""
    if "html" not in outputs:
        return []
    reference = html_tables(outputs["html"][1])
    out: list[Diagnostic] = []
    if "docx" in outputs:
        path, data = outputs["docx"]
        found = docx_tables(data)
        if len(found) != len(reference):
            out.append(_problem(path, f"docx: {len(found)} tables, the HTML has {len(reference)}"))
        for n, (expected, got) in enumerate(zip(reference, found, strict=False), 1):
            for w, g in zip(expected, got, strict=False):
                if w != g:
                    out.append(
                        _problem(path, f"docx: table {n}: {_cell(g)}, the HTML's {_cell(w)}")
                    )
                    break
            else:
                if len(expected) != len(got):
                    message = f"docx: table {n} has {len(got)} cells, the HTML's {len(expected)}"
                    out.append(_problem(path, message))
    if "pdf" in outputs and pdf_text:
        path = outputs["pdf"][0]
        text, position = _plain(pdf_text), 0
        for n, grid in enumerate(reference, 1):
            for cell in grid:
                want = _plain(cell[4])
                at = text.find(want, position)
                if at < 0:
                    out.append(_problem(path, f"pdf: table {n}: {_cell(cell)} is not printed"))
                    break
                position = at + len(want)
    return out


def _cell(cell: PlacedCell) -> str:
    r, c, rowspan, colspan, text = cell
    spans = f" spanning {rowspan}x{colspan}" if (rowspan, colspan) != (1, 1) else ""
    short = text if len(text) <= 40 else text[:39] + "…"
    return f"the cell at row {r + 1}, column {c + 1}{spans} '{short}'"


def _problem(path: Path, message: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "verify.mismatch", message, SourceLocation(path, 1, 1))


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u200b\u00ad\u2060]+", "", text)  # with the joiner before a note call


def _plain(text: str) -> str:
    """Without hyphens (the PDF's line-end hyphens are text there) nor list markers."""
    return re.sub(r"[-\u2010\u2011•]", "", text)
