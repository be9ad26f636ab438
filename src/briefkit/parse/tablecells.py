"""Parse stage helper: a pandoc table's tokens -> what `ir.Table` holds.

Consumes the converted blocks of a grid table's cell and the `table_open.meta` that
`parse.tabletokens` writes, and produces the table's cells as inlines, its alignments and
relative widths, and the located warnings for what its shape loses. `ir.Table` cells hold
inlines (as pandoc's simple, multiline and pipe tables do); a grid cell of one paragraph is
that paragraph's inlines, a cell of several blocks (paragraphs, lists, code) is printed as
lines of text, each block on its own line, list items with their markers, and a warning says
so: its words are all there, its block structure is not.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from markdown_it.token import Token

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation

_ALIGNS: dict[str, ir.Align] = {"left": "left", "center": "center", "right": "right"}
Line = tuple[ir.SourceInline, ...]


class Cells:
    """One pandoc table's cells as the converter reads them; `shaped` gives its warnings."""

    def __init__(self, path: Path, diags: Diagnostics) -> None:
        self.path = path
        self.diags = diags
        self.flattened: dict[str, SourceLocation] = {}  # what a cell held -> the first such cell

    def flatten(
        self, blocks: list[ir.SourceBlock], where: SourceLocation
    ) -> tuple[ir.SourceInline, ...]:
        """A grid cell's blocks as one run of inlines (see the module docstring)."""
        if not blocks:
            return ()
        if len(blocks) == 1 and isinstance(blocks[0], ir.Paragraph):
            return blocks[0].inlines
        out: list[ir.SourceInline] = []
        for line in (ln for block in blocks for ln in _lines(block)):
            if out:
                out.append(ir.LineBreak())
            out.extend(line)
        for block in blocks:
            self.flattened.setdefault(_KIND.get(type(block).__name__, "blocks"), where)
        return tuple(out)

    def shaped(self, table: ir.Table[ir.SourceInline], opened: Token) -> ir.Table[ir.SourceInline]:
        """The table with the alignments and widths of a pandoc table, its warnings given:
        one for the cells printed as lines (at the first of them), one per span or foot."""
        if self.flattened:
            kinds = " and ".join(sorted(self.flattened))
            self.diags.warning(
                "syntax.unsupported",
                f"grid table cells holding {kinds} are printed as lines of text",
                min(self.flattened.values(), key=lambda loc: loc.line),
                "briefkit's table cells hold one paragraph: move the rest below the table",
            )
        meta = opened.meta or {}
        if "aligns" not in meta:
            return table  # a pipe table: markdown-it's tokens carry all of it
        for line, col, message in meta["warnings"]:
            where = SourceLocation(self.path, int(line) + 1, int(col) + 1)
            self.diags.warning("syntax.unsupported", str(message), where, "write a simpler table")
        aligns = tuple(_ALIGNS.get(str(a), "") for a in meta["aligns"])
        widths = tuple(float(w) for w in meta["widths"])
        return replace(table, aligns=aligns, widths=widths)


_KIND = {
    "Paragraph": "paragraphs",
    "Heading": "headings",
    "BulletList": "lists",
    "OrderedList": "lists",
    "CodeBlock": "code blocks",
    "BlockQuote": "quotations",
}


def _lines(block: ir.SourceBlock) -> list[Line]:
    match block:
        case ir.Paragraph(inlines=ins) | ir.Heading(inlines=ins):
            return [ins]
        case ir.BulletList(items=items):
            return [ln for item in items for ln in _item("\u2022 ", item)]
        case ir.OrderedList(items=items, start=start):
            return [ln for n, item in enumerate(items) for ln in _item(f"{start + n}. ", item)]
        case ir.CodeBlock(text=text):
            return [(ir.Code(t),) for t in text.split("\n")]
        case ir.BlockQuote(blocks=bs) | ir.Div(blocks=bs):
            return [ln for b in bs for ln in _lines(b)]
        case ir.Figure(image=image, caption=caption):
            return [(image, *caption)]
        case ir.ThematicBreak():
            return []
    return [(ir.Text(ir.blocks_text([block])),)]  # a table or definition list: its text


def _item(marker: str, blocks: tuple[ir.SourceBlock, ...]) -> list[Line]:
    lines = [ln for b in blocks for ln in _lines(b)] or [()]
    return [(ir.Text(marker), *lines[0]), *lines[1:]]
