"""Parse stage helper: pandoc's simple, multiline and grid tables as markdown-it block rules.

Consumes the block state's lines and produces the same tokens markdown-it's pipe table rule
makes (`table_open` ... `th_open`/`td_open`, an `inline` per cell, ... `table_close`), so the
block converter turns every kind into one `ir.Table`. What the pipe-table tokens cannot carry
rides on `table_open.meta`: the column alignments (a headerless table has no `th` to hold
them), the relative column widths of multiline and grid tables, and the located warnings for
what a table's shape loses; a spanning cell's spans ride on its `th_open`/`td_open.meta`. A
grid table may have several header rows and a foot (`tfoot_open`...), and its cells hold
blocks, tokenised in place (their line numbers are the file's).
The shapes themselves are read by `parse.dashtables` and `parse.gridtables`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from briefkit.parse import dashtables, gridtables
from briefkit.parse.tableshape import Cell, Shape


def _line(state: StateBlock, n: int) -> str:
    # the container's own text (a quote's `>` already stripped); tabs as pandoc expands them
    return state.src[state.bMarks[n] : state.eMarks[n]].expandtabs(4)


def table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """One block rule for the three kinds; pandoc's order of trying them (grid, multiline with
    a header, simple, multiline without) decides a table two kinds could read."""
    if state.sCount[start] - state.blkIndent >= 4 and not _dashes_below(state, start, end):
        return False  # indented code, unless it is the (indented) header of a simple table
    lines = _Lines(state, start, end, _MEMO.setdefault(state, {}))
    shape = gridtables.read(lines) or dashtables.read(lines)
    if shape is None:
        return False
    if not silent:
        emit(state, start, shape)
    state.line = start + shape.length
    return True


def _dashes_below(state: StateBlock, start: int, end: int) -> bool:
    """pandoc lets a simple table's header stand indented, over dashes that are not."""
    if start + 1 >= end or state.sCount[start + 1] - state.blkIndent >= 4:
        return False
    return dashtables.is_dash_columns(_line(state, start + 1))


# per block state, what a failed search for a table's closing row of dashes already showed
# (`dashtables`), so that lines of dashes over and over cost one pass, not one pass each
_MEMO: weakref.WeakKeyDictionary[StateBlock, dict[tuple[str, int], tuple[int, int]]] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class _Lines:
    """The candidate table's lines, read lazily from the block state (most block starts are
    not tables, and the rule runs at each)."""

    state: StateBlock
    start: int
    end: int
    memo: dict[tuple[str, int], tuple[int, int]]
    cache: dict[int, str] = field(default_factory=dict)

    def unclosed(self, kind: str) -> bool:
        """Whether a search from here for `kind`'s closing row is known to fail."""
        first, stop = self.memo.get((kind, self.end), (-1, -1))
        return first <= self.start < stop

    def never_closes(self, kind: str, stop: int) -> None:
        """No table of `kind` starting from here up to line `stop` (relative) closes."""
        self.memo[(kind, self.end)] = (self.start, self.start + stop)

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, k: int) -> str:
        if k not in self.cache:
            self.cache[k] = _line(self.state, self.start + k) if k < len(self) else ""
        return self.cache[k]

    def blank(self, k: int) -> bool:
        return k >= len(self) or not self[k].strip()


def emit(state: StateBlock, start: int, shape: Shape) -> None:
    tok = state.push("table_open", "table", 1)
    tok.map = [start, start + shape.length]
    warnings = [(start + line, col, text) for line, col, text in shape.warnings]
    tok.meta = {"aligns": shape.aligns, "widths": shape.widths, "warnings": warnings}
    for part, rows, tag in (("thead", shape.head, "th"), ("tbody", shape.rows, "td")):
        if rows or part == "tbody":
            _part(state, start, part, rows, tag, shape.aligns)
    if shape.foot:
        _part(state, start, "tfoot", shape.foot, "td", shape.aligns)
    state.push("table_close", "table", -1)


def _part(
    state: StateBlock, start: int, part: str, rows: list[list[Cell]], tag: str, aligns: list[str]
) -> None:
    state.push(f"{part}_open", part, 1)
    for row in rows:
        _row(state, start, row, tag, aligns)
    state.push(f"{part}_close", part, -1)


def _row(state: StateBlock, start: int, cells: list[Cell], tag: str, aligns: list[str]) -> None:
    state.push("tr_open", "tr", 1)
    column = 0  # a grid row holds the cells that start in it: a span above takes no slot here
    for cell in cells:
        first, text = cell.first, cell.text
        tok = state.push(f"{tag}_open", tag, 1)
        tok.map = [start + first, start + first + max(len(text), 1)]
        if column < len(aligns) and aligns[column]:
            tok.attrs = {"style": f"text-align:{aligns[column]}"}
        if (cell.rowspan, cell.colspan) != (1, 1):
            tok.meta = {"rowspan": cell.rowspan, "colspan": cell.colspan}
        column += cell.colspan
        if cell.blocks:
            _blocks(state, start + first, text)
        else:
            inline = state.push("inline", "", 0)
            inline.content = "\n".join(text)
            inline.map = [start + first, start + first + len(text)]
            inline.children = []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)


def _blocks(state: StateBlock, first: int, text: list[str]) -> None:
    """A grid cell's Markdown, tokenised as a document of its own, its lines then moved to
    where the cell stands in the file (so a note or citation in a cell is located)."""
    n = len(state.tokens)
    state.md.block.parse("\n".join(text), state.md, state.env, state.tokens)
    for tok in state.tokens[n:]:
        if tok.map:
            tok.map = [tok.map[0] + first, tok.map[1] + first]
        tok.level += state.level


def tables_plugin(md: MarkdownIt) -> None:
    """Register the rule before markdown-it's own tables, indented code and rules (a row of
    dashes is a thematic break to CommonMark, the first line of a table to pandoc)."""
    md.block.ruler.before("table", "pandoc_tables", table_rule)
