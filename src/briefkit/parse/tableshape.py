"""Parse stage helper: what a pandoc table reader (`parse.dashtables`, `parse.gridtables`)
hands to `parse.tabletokens`: the table's cells as source lines, alignments, widths, warnings.

Line numbers here are relative to the table's first line; columns are 0-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# (first line of the cell, its lines of text, whether the text is blocks rather than inlines)
Cell = tuple[int, list[str], bool]


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
    header: list[Cell] | None
    rows: list[list[Cell]]
    aligns: list[str]  # "left", "right", "center" or "" per column
    widths: list[float] = field(default_factory=list)  # fractions of the text width, or none
    warnings: list[tuple[int, int, str]] = field(default_factory=list)  # line, col, message


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
