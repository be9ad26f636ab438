"""Render stage helper: a resolved `ir.Table` as a Word table (`w:tbl`).

Consumes the table (head, body and foot rows of `ir.Cell`s, alignments, relative widths) and
produces the `w:tbl` through the block writer's own paragraphs and blocks
(`render.docx.blocks`), so a cell's lists, quotations and code take the house styles and a
note called in a cell is the note it is everywhere. Word has a `w:tc` for every slot of the
grid a cell does not span sideways: a column span is `w:gridSpan`, a row span `w:vMerge`
(restart in the cell's first row, continue below it, as `python-docx`'s `cell.merge()` writes
them); header rows repeat on every page (`w:tblHeader`); the foot rows close the table under a
rule. Rows that a span ties together are kept on one page (`w:keepNext` on all but the last),
as the PDF keeps them (WeasyPrint does so for a row span by itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from briefkit import ir
from briefkit.render import tablegrid
from briefkit.render.docx.context import Context
from briefkit.render.docx.oxml import Element, el, paragraph, qn

TWIPS_PER_EMU = 1 / 635
ALIGN = {"left": "left", "center": "center", "right": "right"}
_RULE = {"w:val": "single", "w:sz": "8", "w:space": "0", "w:color": "auto"}
_PADDING = 2 * 108  # twips: Word's default cell margins, left and right


class Writes(Protocol):
    ctx: Context

    def sid(self, name: str) -> str: ...

    def para(
        self, style_id: str, inlines: Sequence[ir.Inline] = (), *extra: Element
    ) -> Element: ...

    def blocks(
        self, blocks: Sequence[ir.ResolvedBlock], style: str | None = None, depth: int = 0
    ) -> list[Element]: ...

    def with_ppr(self, p: Element, *extra: Element) -> Element: ...


def table(w: Writes, block: ir.Table[ir.Inline]) -> Element:
    rows = block.all_rows
    grid = tablegrid.placed(rows, len(block.aligns))
    columns = max([len(r) for r in grid] + [1])
    width = round(w.ctx.text_width_emu * TWIPS_PER_EMU)
    # pandoc's relative widths (multiline, grid tables) are fractions of the text width
    widths = block.widths
    cols = [round(width * x) for x in widths] if len(widths) == columns else []
    cols = cols or [width // columns] * columns
    tbl = el("w:tbl")
    tbl.append(_tbl_pr(w, sum(cols) if cols and len(widths) == columns else 0))
    tbl_grid = el("w:tblGrid")
    for col in cols:
        tbl_grid.append(el("w:gridCol", {"w:w": str(col)}))
    tbl.append(tbl_grid)
    head, foot_at = len(block.head), len(block.head) + len(block.rows)
    kept = {r for run in tablegrid.bands(block.rows) for r in list(run)[:-1]}
    for r, slots in enumerate(grid):
        in_head, in_foot = r < head, r >= foot_at
        tr = el("w:tr")
        tr_pr = el("w:trPr")
        tr_pr.append(el("w:cantSplit"))
        if in_head:
            tr_pr.append(el("w:tblHeader"))  # repeated on every page the table spans
        tr.append(tr_pr)
        style = w.sid("Table Heading" if in_head else "Table Text")
        c = 0
        while c < columns:
            slot = slots[c] if c < len(slots) else None
            span = slot.cell.colspan if slot is not None else 1
            tc = el("w:tc")
            tc_pr = el("w:tcPr")
            tc_pr.append(el("w:tcW", {"w:w": str(sum(cols[c : c + span])), "w:type": "dxa"}))
            if span > 1:
                tc_pr.append(el("w:gridSpan", {"w:val": str(span)}))
            if slot is not None and slot.cell.rowspan > 1:
                first = slot.row == r
                tc_pr.append(el("w:vMerge", {"w:val": "restart"} if first else {}))
            if in_foot and r == foot_at:
                borders = el("w:tcBorders")
                borders.append(el("w:top", _RULE))
                tc_pr.append(borders)
            tc.append(tc_pr)
            starts = slot is not None and slot.starts(r, c)
            inner = sum(cols[c : c + span]) - _PADDING
            content = _content(w, block, slot.cell, c, style, inner) if slot and starts else []
            if r - head in kept:
                content = [w.with_ppr(p, el("w:keepNext")) for p in content]
            if not content or content[-1].tag != qn("w:p"):
                content.append(paragraph(style))  # a cell ends with a paragraph (schema)
            for element in content:
                tc.append(element)
            tr.append(tc)
            c += max(span, 1)
        tbl.append(tr)
    return tbl


def _content(
    w: Writes,
    block: ir.Table[ir.Inline],
    cell: ir.Cell[ir.Inline],
    c: int,
    style: str,
    width: int,
) -> list[Element]:
    """A simple cell is one paragraph of the cell style, as it always was; a cell of blocks is
    those blocks with the cell style for their plain paragraphs and list items. Inside, the
    text column is the cell's `width` (twips): a picture is no wider, a table in it as wide."""
    align = ALIGN.get(cell.align or (block.aligns[c] if c < len(block.aligns) else ""))
    extra = [el("w:jc", {"w:val": align})] if align else []
    column = w.ctx.text_width_emu
    w.ctx.text_width_emu = min(column, max(width, 1) * 635)  # twips -> EMU
    try:
        inlines = cell.inlines
        if inlines is not None:
            return [w.para(style, inlines, *extra)]
        return [w.with_ppr(p, *extra) for p in w.blocks(cell.blocks, style)]
    finally:
        w.ctx.text_width_emu = column


def _tbl_pr(w: Writes, fixed: int) -> Element:
    tbl_pr = el("w:tblPr")
    tbl_pr.append(el("w:tblStyle", {"w:val": w.ctx.styles.id("Briefing Table", "table")}))
    table_width = {"w:w": str(fixed), "w:type": "dxa"} if fixed else {}
    tbl_pr.append(el("w:tblW", table_width or {"w:w": "5000", "w:type": "pct"}))
    if fixed:  # the widths as given, not Word's autofit (schema order: after tblW)
        tbl_pr.append(el("w:tblLayout", {"w:type": "fixed"}))
    look = {"w:val": "0620", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"}
    look |= {"w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"}
    tbl_pr.append(el("w:tblLook", look))
    return tbl_pr
