"""Parse stage helper: pandoc's simple and multiline tables (columns drawn by rows of dashes).

Consumes the lines at a block start and produces a `Shape`, or None when they are no such
table. pandoc's rules (MANUAL.txt, "Extension: simple_tables" and "multiline_tables"):

- a column runs from the first dash of its run to the first dash of the next (the last to the
  end of the line); text left of the first column stays in it (pandoc drops it);
- alignment from the header text against its dashes (`tableshape.align_type`), or from the first
  body line of a headerless table;
- simple: one header line (optional), one line per row, ends at a blank line or at a row of
  dashes followed by one; a headerless table must end with the row of dashes;
- multiline: a full row of dashes, header lines, the dashed line, rows separated by blank lines,
  a closing row of dashes; relative widths from the dash runs, as pandoc computes them.

Unlike pandoc, a multiline or headerless table needs two columns: a single run of dashes over
a line of text stays a thematic break (pandoc reads a one-column table there).
"""

from __future__ import annotations

import re

from briefkit.parse.tableshape import Cell, Lines, Shape, align_type

_DASH_COLUMNS = re.compile(r"^ *-+(?: +-+)* *$")
_FULL_DASHES = re.compile(r"^ *-{3,} *$")
_RUN = re.compile(r"-+ *")
_COLUMNS = 72  # pandoc's --columns: widths are fractions of it unless a line is longer


def is_dash_columns(line: str) -> bool:
    return bool(_DASH_COLUMNS.match(line))


def read(lines: Lines) -> Shape | None:
    if lines.blank(0):
        return None
    first = lines[0]
    if _FULL_DASHES.match(first) and not lines.blank(1):
        found = _multiline(lines, header=True)
        if found is not None:
            return found
    if is_dash_columns(first):
        return _simple_headless(lines) or _multiline(lines, header=False)
    if len(lines) > 1 and is_dash_columns(lines[1]):
        return _simple(lines)
    return None


# (start, dashes, dashes and the spaces after them) for each column of a dashed line
Column = tuple[int, int, int]


def _columns(line: str) -> list[Column]:
    return [(m.start(), len(m.group().rstrip()), len(m.group())) for m in _RUN.finditer(line)]


def _split(line: str, cols: list[Column]) -> list[str]:
    pieces = []
    for i, (start, _, _) in enumerate(cols):
        end = cols[i + 1][0] if i + 1 < len(cols) else len(line)
        pieces.append(line[start:end])
    if line[: cols[0][0]].strip():
        pieces[0] = line[: cols[0][0]] + pieces[0]  # text left of the first column: kept
    return pieces


def _cells(lines: Lines, first: int, end: int, cols: list[Column]) -> list[Cell]:
    per_line = [_split(lines[k], cols) for k in range(first, end)]
    out: list[Cell] = []
    for i in range(len(cols)):
        texts = [pieces[i].strip() for pieces in per_line]
        lo, hi = 0, len(texts)
        while lo < hi and not texts[lo]:
            lo += 1
        while hi > lo and not texts[hi - 1]:
            hi -= 1
        out.append(Cell(first + lo, texts[lo:hi], False))
    return out


def _aligns(lines: Lines, first: int, end: int, cols: list[Column]) -> list[str]:
    per_line = [_split(lines[k], cols) for k in range(first, end)]
    return [align_type([p[i] for p in per_line], col[1]) for i, col in enumerate(cols)]


def _closing(lines: Lines, k: int) -> bool:
    return is_dash_columns(lines[k]) and lines.blank(k + 1)


def _simple(lines: Lines) -> Shape | None:
    cols = _columns(lines[1])
    if len(cols) < 2:  # text over one run of dashes is a setext heading (pandoc agrees)
        return None
    rows: list[list[Cell]] = []
    k = 2
    while not lines.blank(k):
        if _closing(lines, k):
            k += 1
            break
        rows.append(_cells(lines, k, k + 1, cols))
        k += 1
    if not rows:
        return None
    return Shape(k, [_cells(lines, 0, 1, cols)], rows, _aligns(lines, 0, 1, cols))


def _simple_headless(lines: Lines) -> Shape | None:
    cols = _columns(lines[0])
    if len(cols) < 2 or lines.unclosed("simple"):
        return None
    k = 1
    while not _closing(lines, k):
        if lines.blank(k):
            # no closing row before the blank line: nor for any table starting before it
            lines.never_closes("simple", k)
            return None
        k += 1
    if k == 1:
        return None
    rows = [_cells(lines, j, j + 1, cols) for j in range(1, k)]
    return Shape(k + 1, [], rows, _aligns(lines, 1, 2, cols))


def _multiline(lines: Lines, header: bool) -> Shape | None:
    if header:
        k = 1
        while not lines.blank(k) and not is_dash_columns(lines[k]):
            k += 1
        if lines.blank(k):
            return None
        cols, body = _columns(lines[k]), k + 1
        if len(cols) < 2:  # one column: a rule, text, a rule (such as YAML), most likely
            return None
        head: list[list[Cell]] = [_cells(lines, 1, k, cols)]
        aligns = _aligns(lines, 1, k, cols)
    else:
        cols, body, head = _columns(lines[0]), 1, []
        if len(cols) < 2 or lines.blank(1):
            return None
        aligns = _aligns(lines, 1, 2, cols)
    if lines.unclosed("multiline"):
        return None
    rows: list[list[Cell]] = []
    k = body
    while True:
        while k < len(lines) and lines.blank(k):
            k += 1
        if k >= len(lines):  # never closed: not a multiline table, nor any after it
            lines.never_closes("multiline", k)
            return None
        if _closing(lines, k):
            break
        first = k
        while not lines.blank(k) and not _closing(lines, k):
            k += 1
        rows.append(_cells(lines, first, k, cols))
    if not rows:
        return None
    return Shape(k + 1, head, rows, aligns, _widths(cols))


def _widths(cols: list[Column]) -> list[float]:
    """pandoc's widths: each column's dashes and the spaces after them, the last one plus one
    (and widened to the one before when two or less short), over 72 or the table's width."""
    lengths = [full for _, _, full in cols]
    lengths[-1] += 1
    if len(lengths) > 1 and lengths[-1] < lengths[-2] <= lengths[-1] + 2:
        lengths[-1] = lengths[-2]
    total = cols[0][0] + sum(lengths)
    quotient = max(_COLUMNS, total)
    return [n / quotient for n in lengths]
