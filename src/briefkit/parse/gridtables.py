"""Parse stage helper: pandoc's grid tables (`+---+` borders, cells holding blocks).

Consumes the lines at a block start and produces a `Shape` whose cells are Markdown blocks, or
None when the lines are no well-formed grid table (the unsupported scanner then names it).
pandoc's rules (MANUAL.txt, "Extension: grid_tables"): a row of `=` ends the header; colons on
that row (or on the top border of a headerless table) align columns as in pipe tables; `=` rows
around the last rows make a foot; cells may span rows and columns.

Cells are found as rectangles: from each `+` that opens a top-left corner, along the top edge
to the first `+` with a border below it, down the left edge to the first `+` with a border to
its right. Each row holds the cells that start in it, with their row and column spans, as
pandoc's rows do; head, body and foot rows are kept apart, as pandoc keeps them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from briefkit.parse.tableshape import Cell, Lines, Shape

_BORDER = re.compile(r"^( *)\+(?:[-=:]+\+)+ *$")
_COLUMNS = 72

# a line as the columns a monospaced font shows it: a wide (CJK) character takes two, the
# second an empty string; a zero-width one (a joiner, a combining mark) joins the one before
Row = list[str]


def _columns(line: str) -> Row:
    out: Row = []
    for char in line:
        if unicodedata.category(char) in ("Mn", "Me", "Cf") and out:
            out[-1] += char
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            out.extend((char, ""))
        else:
            out.append(char)
    return out


# a cell: top row, left column, bottom row, right column (positions of its border characters)
Rect = tuple[int, int, int, int]


def read(lines: Lines) -> Shape | None:
    top = _BORDER.match(lines[0]) if not lines.blank(0) else None
    if top is None or "=" in lines[0]:
        return None
    indent = len(top.group(1))
    k = 0
    while k < len(lines) and lines[k][indent : indent + 1] in ("+", "|"):
        if lines[k][:indent].strip():
            break
        k += 1
    text = [lines[j][indent:].rstrip() for j in range(k)]
    while text and not _BORDER.match(text[-1]):
        text.pop()  # the table ends at its last full border
    grid = [_columns(t) for t in text]
    rects = _cells(grid)
    if len(grid) < 3 or rects is None:
        return None
    return _shape(grid, rects)


def _cells(g: list[Row]) -> list[Rect] | None:
    def ch(r: int, c: int) -> str:
        return g[r][c] if 0 <= r < len(g) and 0 <= c < len(g[r]) else " "

    rects: list[Rect] = []
    for r in range(len(g) - 1):
        for c, char in enumerate(g[r]):
            if char != "+" or ch(r, c + 1) not in "-=:" or ch(r + 1, c) not in "|+":
                continue
            right = c + 1
            while ch(r, right) in "-=:" or (ch(r, right) == "+" and ch(r + 1, right) not in "|+"):
                right += 1
            bottom = r + 1
            while ch(bottom, c) == "|" or (ch(bottom, c) == "+" and ch(bottom, c + 1) not in "-=:"):
                bottom += 1
            if ch(r, right) != "+" or ch(bottom, c) != "+" or ch(bottom, right) != "+":
                return None
            if any(ch(y, right) not in "|+" for y in range(r + 1, bottom)):
                return None  # text across a column border: columns not lined up
            rects.append((r, c, bottom, right))
    xs, ys = (
        _index({c for _, c, _, _ in rects}, {x for _, _, _, x in rects}),
        _index({r for r, _, _, _ in rects}, {y for _, _, y, _ in rects}),
    )
    area = sum((xs[x] - xs[c]) * (ys[y] - ys[r]) for r, c, y, x in rects)
    if not rects or area != (len(xs) - 1) * (len(ys) - 1):
        return None  # cells overlap or leave holes: not a grid pandoc would read either
    return rects


def _index(starts: set[int], ends: set[int]) -> dict[int, int]:
    """Each border position -> its number, left to right (or top to bottom)."""
    return {pos: n for n, pos in enumerate(sorted(starts | ends))}


def _shape(g: list[Row], rects: list[Rect]) -> Shape:
    col = _index({c for _, c, _, _ in rects}, {x for _, _, _, x in rects})
    row_of = _index({r for r, _, _, _ in rects}, {y for _, _, y, _ in rects})
    xs, ys = sorted(col), sorted(row_of)
    # pandoc's parts: the rows above the first full `=` border are the head (all of them when
    # that is the bottom one); with a `=` bottom, the rows below the `=` border before it are
    # the foot (which may be the head's own)
    equals = [y for y in ys if "=" in g[y] and _BORDER.match("".join(g[y]))]
    head_end = equals[0] if equals else ys[0]
    foot = equals[-2] if len(equals) >= 2 and equals[-1] == ys[-1] else ys[-1]
    rows: dict[int, list[Cell]] = {y: [] for y in ys[:-1]}  # a row no cell starts in stays
    for r, c, bottom, right in sorted(rects):
        spans = (row_of[bottom] - row_of[r], col[right] - col[c])
        rows[r].append(Cell(r + 1, _text(g, r, c, bottom, right), True, *spans))
    head = [rows[y] for y in ys[:-1] if y < head_end]
    body = [rows[y] for y in ys[:-1] if head_end <= y < foot]
    tail = [rows[y] for y in ys[:-1] if y >= max(foot, head_end)]
    aligns = _aligns(g[head_end], xs)
    # pandoc's: each column with one border, over their sum plus the columns less two, or 72
    sizes = [b - a for a, b in itertools.pairwise(xs)]
    widths = [n / max(_COLUMNS, sum(sizes) + len(sizes) - 2) for n in sizes]
    return Shape(len(g), head, body, aligns, widths, [], tail)


def _text(g: list[Row], r: int, c: int, bottom: int, right: int) -> list[str]:
    texts = ["".join(g[y][c + 1 : right]).rstrip() for y in range(r + 1, bottom)]
    if all(t.startswith(" ") or not t for t in texts):
        texts = [t[1:] for t in texts]  # the one space of padding after the border
    return texts


def _aligns(line: Row, xs: list[int]) -> list[str]:
    out = []
    for a, b in itertools.pairwise(xs):
        left, right = line[a + 1 : a + 2] == [":"], line[b - 1 : b] == [":"]
        out.append(
            {(True, False): "left", (False, True): "right", (True, True): "center"}.get(
                (left, right), ""
            )
        )
    return out
