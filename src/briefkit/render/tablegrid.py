"""Render stage helper: a table's rows laid out on its grid of columns (spans resolved).

Consumes rows of `ir.Cell`s as the IR holds them (each row the cells that start in it, as
pandoc's and HTML's tables do) and produces the grid: for every row and column, the cell that
covers that slot and where the cell starts, and the runs of rows a row span ties together.
The HTML renderer needs only the column each cell starts at (`starts`); the Word renderer
needs the grid (Word's rows have a `w:tc` for every slot a span covers vertically) and the
runs of tied rows (kept together).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from briefkit.ir import Cell

I = TypeVar("I")  # noqa: E741 - the inline type a container holds


@dataclass(frozen=True)
class Slot(Generic[I]):
    """One slot of the grid: the cell covering it, and the row and column the cell starts at."""

    cell: Cell[I]
    row: int
    col: int

    def starts(self, row: int, col: int) -> bool:
        return (self.row, self.col) == (row, col)


def placed(rows: Sequence[Sequence[Cell[I]]], columns: int = 0) -> list[list[Slot[I] | None]]:
    """The grid of `rows` (as HTML places cells: each in the first free slot of its row, a
    row span reaching no further than the last row given), at least `columns` wide; a slot no
    cell covers (a short row) is None."""
    taken: dict[tuple[int, int], Slot[I]] = {}
    width = columns
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            slot = Slot(cell, r, c)
            for dr in range(min(max(cell.rowspan, 1), len(rows) - r)):
                for dc in range(max(cell.colspan, 1)):
                    taken[(r + dr, c + dc)] = slot
            c += max(cell.colspan, 1)
            width = max(width, c)
    return [[taken.get((r, c)) for c in range(width)] for r in range(len(rows))]


def starts(rows: Sequence[Sequence[Cell[I]]]) -> list[list[tuple[int, Cell[I]]]]:
    """Each row's cells with the column each starts at (all a renderer of HTML needs); a
    table without spans, the common one, costs no grid."""
    if all(c.rowspan == 1 and c.colspan == 1 for row in rows for c in row):
        return [list(enumerate(row)) for row in rows]
    grid = placed(rows)
    return [
        [(c, slot.cell) for c, slot in enumerate(line) if slot is not None and slot.starts(r, c)]
        for r, line in enumerate(grid)
    ]


def bands(rows: Sequence[Sequence[Cell[I]]]) -> list[range]:
    """The rows in runs that a page break must not cut: a cell spanning rows ties them into
    one run (Word's kept-together rows; WeasyPrint keeps them so itself); others alone."""
    out: list[range] = []
    r = 0
    while r < len(rows):
        end = r + 1
        k = r
        while k < end:  # a span starting inside the run may reach further
            end = max(end, *(k + max(c.rowspan, 1) for c in rows[k]), end)
            k += 1
        end = min(end, len(rows))
        out.append(range(r, end))
        r = end
    return out
