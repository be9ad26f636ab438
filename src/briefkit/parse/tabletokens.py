"""Parse stage helper: pandoc's simple, multiline and grid tables as markdown-it block rules.

Consumes the block state's lines and produces the same tokens markdown-it's pipe table rule
makes (`table_open` ... `th_open`/`td_open`, an `inline` per cell, ... `table_close`), so the
block converter turns every kind into one `ir.Table`. What the pipe-table tokens cannot carry
rides on `table_open.meta`: the column alignments (a headerless table has no `th` to hold
them), the relative column widths of multiline and grid tables, and the located warnings for
what a table's shape loses (spans, extra header rows, a foot). A grid table's cells hold blocks,
tokenised in place (their line numbers are the file's); `parse.tablecells` reads them back.
The shapes themselves are read by `parse.dashtables` and `parse.gridtables`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from briefkit.parse import dashtables, gridtables
from briefkit.parse.tableshape import Shape


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
    if shape.header is not None:
        state.push("thead_open", "thead", 1)
        _row(state, start, shape.header, "th", shape.aligns)
        state.push("thead_close", "thead", -1)
    state.push("tbody_open", "tbody", 1)
    for row in shape.rows:
        _row(state, start, row, "td", shape.aligns)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)


def _row(
    state: StateBlock,
    start: int,
    cells: list[tuple[int, list[str], bool]],
    tag: str,
    aligns: list[str],
) -> None:
    state.push("tr_open", "tr", 1)
    for i, (first, text, blocks) in enumerate(cells):
        cell = state.push(f"{tag}_open", tag, 1)
        cell.map = [start + first, start + first + max(len(text), 1)]
        if i < len(aligns) and aligns[i]:
            cell.attrs = {"style": f"text-align:{aligns[i]}"}
        if blocks:
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
