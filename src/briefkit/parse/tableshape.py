"""Parse stage helper: what a pandoc table reader (`parse.dashtables`, `parse.gridtables`)
hands to `parse.tabletokens`: the table's cells as source lines, alignments, widths, warnings.

Line numbers here are relative to the table's first line; columns are 0-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Protocol


class Cell(NamedTuple):
    first: int  # the cell's first line
    text: list[str]  # its lines of text
    blocks: bool  # whether the text is blocks (a grid table's) rather than inlines
    rowspan: int = 1
    colspan: int = 1


class Lines(Protocol):
    """The lines from the candidate table's first line to the end of its container."""

    def __len__(self) -> int: ...

    def __getitem__(self, k: int) -> str: ...

    def blank(self, k: int) -> bool: ...

    def unclosed(self, kind: str) -> bool: ...

    def never_closes(self, kind: str, stop: int) -> None: ...


@dataclass
class Shape:
    length: int  # lines the table takes
    head: list[list[Cell]]  # header rows (one or none but in a grid table)
    rows: list[list[Cell]]  # each row the cells that start in it (a grid table's spans)
    aligns: list[str]  # "left", "right", "center" or "" per column
    widths: list[float] = field(default_factory=list)  # fractions of the text width, or none
    warnings: list[tuple[int, int, str]] = field(default_factory=list)  # line, col, message
    foot: list[list[Cell]] = field(default_factory=list)  # a grid table's foot rows


def align_type(pieces: list[str], dash_length: int) -> str:
    """pandoc's rule for simple and multiline tables: the shortest non-empty header line of a
    column, against its dashes. Text flush right and dashes beyond it on the left: right;
    flush left: left; dashes beyond on both sides: center; flush on both: default."""
    texts = sorted((p.rstrip() for p in pieces if p.strip()), key=len)
    if not texts:
        return ""
    shortest = texts[0]
    left_space = shortest[0] in " \t"
    right_space = len(shortest) < dash_length
    return {(True, False): "right", (False, True): "left", (True, True): "center"}.get(
        (left_space, right_space), ""
    )
