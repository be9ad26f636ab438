"""Parse stage helper: a pandoc table's tokens -> the cells and shape of an `ir.Table`.

Consumes a table cell's converted blocks, its token's spans (`parse.tabletokens` writes them on
`td_open.meta`) and the `table_open.meta` of the table, and produces `ir.Cell`s and the table
with its alignments and relative widths, giving the located warnings for what it rewrites.

A grid table's cell holds blocks, rendered as blocks in every output: paragraphs, lists, code,
quotations, definition lists, boxes, figures, even a table. One kind is rewritten, with a
located `syntax.unsupported` warning: a heading in a cell is printed as a bold paragraph (a
heading there would enter the briefing's outline, PDF bookmarks and Word's navigation pane
between the sections around the table).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation

_ALIGNS: dict[str, ir.Align] = {"left": "left", "center": "center", "right": "right"}


class Cells:
    """One pandoc table's cells as the converter reads them; `shaped` gives its warnings."""

    def __init__(self, path: Path, diags: Diagnostics) -> None:
        self.path = path
        self.diags = diags

    def cell(
        self, blocks: list[ir.SourceBlock], opened: Token, where: SourceLocation
    ) -> ir.Cell[ir.SourceInline]:
        meta: dict[str, Any] = opened.meta or {}
        kept = tuple(self._kept(b, where) for b in blocks)
        return ir.Cell(kept, int(meta.get("rowspan", 1)), int(meta.get("colspan", 1)))

    def _kept(self, block: ir.SourceBlock, where: SourceLocation) -> ir.SourceBlock:
        match block:
            case ir.Heading(inlines=ins):
                self._warn("a heading in a table cell is printed as a bold paragraph", where)
                return ir.Paragraph((ir.Strong(ins),))
            case ir.BlockQuote(blocks=bs):
                return ir.BlockQuote(tuple(self._kept(b, where) for b in bs))
            case ir.Div(blocks=bs):
                return replace(block, blocks=tuple(self._kept(b, where) for b in bs))
        return block

    def _warn(self, message: str, where: SourceLocation) -> None:
        hint = "move it out of the table"
        self.diags.warning("syntax.unsupported", message, where, hint)

    def shaped(self, table: ir.Table[ir.SourceInline], opened: Token) -> ir.Table[ir.SourceInline]:
        """The table with the alignments and widths of a pandoc table, its warnings given."""
        meta = opened.meta or {}
        if "aligns" not in meta:
            return table  # a pipe table: markdown-it's tokens carry all of it
        for line, col, message in meta["warnings"]:
            where = SourceLocation(self.path, int(line) + 1, int(col) + 1)
            self.diags.warning("syntax.unsupported", str(message), where, "write a simpler table")
        aligns = tuple(_ALIGNS.get(str(a), "") for a in meta["aligns"])
        widths = tuple(float(w) for w in meta["widths"])
        return replace(table, aligns=aligns, widths=widths)
