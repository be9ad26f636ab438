"""Parse stage: pandoc Markdown that briefkit does not render, reported instead of lost.

Consumes the body's source lines and the markdown-it block tokens (to know which lines are code
or raw HTML, where nothing is Markdown) and produces located `syntax.unsupported` warnings, one
per construct per line, each naming the construct as pandoc's manual does. The rule is: a
construct of pandoc's Markdown that the parser does not turn into its own IR node must be named
here, so that a document never loses content silently (issue #17). A construct moves out of
this list the day the parser renders it; `tests/parse/test_pandoc_oracle.py` checks the list
against pandoc's own AST of pandoc's test files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from briefkit.errors import Diagnostics, SourceLocation


@dataclass(frozen=True)
class Finding:
    construct: str
    line: int  # 0-based
    col: int  # 0-based
    hint: str


_UNREAD = "its columns do not line up, so it is printed as text: align them (pandoc's rules)"
_PIPE_UNREAD = (
    "its delimiter row (`|---|---|`) needs one cell per header cell, so it is printed as "
    "text (pandoc cuts the table to the delimiter row's columns): give each column its `---`"
)
_QUOTE = re.compile(r"^(?:[ \t]*>)+")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")

# ---- block constructs: recognised at the start of a line
_TABLE_CAPTION = re.compile(r"^[ \t]*(?:[Tt]able)?:\s+\S")
_GRID_TABLE = re.compile(r"^[ \t]*\+(?:[-=:]+\+)+\s*$")
_DASH_ROW = re.compile(r"^[ \t]*-{3,}(?: +-{3,})+ *$")
_RULE_ROW = re.compile(r"^[ \t]*-{10,} *$")
_PIPE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
_RAW_TEX = re.compile(r"^[ \t]*\\(?:begin\{|(?:re)?newcommand|def\\|newenvironment)")


def code_lines(lines: list[str], tokens: list[Token]) -> set[int]:
    """Lines (0-based) that are code or raw HTML: no Markdown construct stands there.

    An indented line right above a row of dashes is the header of a simple table (pandoc
    allows indenting it), not code, though CommonMark reads it as an indented code block.
    """
    out: set[int] = set()
    for tok in tokens:
        if tok.type in ("fence", "code_block", "html_block") and tok.map:
            first, end = tok.map
            if tok.type == "fence":
                first += 1  # the opening fence line is Markdown (its info string)
                end -= 1
            elif tok.type == "code_block":
                while end > first and (not lines[end - 1].strip()):
                    end -= 1
                if end < len(lines) and _DASH_ROW.match(lines[end]):
                    end -= 1
            out.update(range(first, end))
    return out


def table_lines(tokens: list[Token]) -> set[int]:
    """Lines (0-based) of the tables the parser read: pipe tables and pandoc's simple,
    multiline and grid tables (`parse.tabletokens`). A table shape found anywhere else is one
    the parser could not read (columns not lined up), and is reported."""
    return {n for t in tokens if t.type == "table_open" and t.map for n in range(*t.map)}


def scan(
    lines: list[str], skip: set[int], tables: frozenset[int] = frozenset()
) -> Iterator[Finding]:
    """Every unsupported construct in `lines`, in reading order; `tables` are the lines of
    the tables the parser read."""
    prev_blank = True
    covered: set[int] = set(tables)  # lines of a table already read or reported
    for n, raw in enumerate(lines):
        if n in skip:
            prev_blank = False
            continue
        line = _mask_code(raw)
        line = _QUOTE.sub(lambda m: " " * len(m.group(0)), line)  # constructs inside quotes
        if n not in covered:
            table = _table(lines, n, line, prev_blank)
            if table is not None:
                kind, end = table
                covered.update(range(n, end))
                hint = _PIPE_UNREAD if kind == "pipe table" else _UNREAD
                yield Finding(kind, n, _indent(line), hint)
            else:
                yield from _block(lines, n, line, prev_blank, tables)
        prev_blank = not line.strip()


def _mask_code(line: str) -> str:
    """Code spans with their text masked (`xxx`): no construct inside code, columns kept,
    and what follows a span (`` `x`{=html} ``) still seen."""
    return _CODE_SPAN.sub(
        lambda m: m.group(1) + "x" * (len(m.group(0)) - 2 * len(m.group(1))) + m.group(1), line
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _table(lines: list[str], n: int, line: str, prev_blank: bool) -> tuple[str, int] | None:
    """A grid, multiline or simple table starting at line `n`: its kind and end line."""
    if not prev_blank:
        return None
    nxt = lines[n + 1] if n + 1 < len(lines) else ""
    if _GRID_TABLE.match(line):
        return "grid table", _until(lines, n, lambda s: not s.strip())
    if _RULE_ROW.match(line) and any(
        _DASH_ROW.match(lines[k]) for k in range(n + 1, min(n + 6, len(lines)))
    ):
        end = _until(lines, n + 1, lambda s: bool(_RULE_ROW.match(s)))
        return "multiline table", end + 1
    if _DASH_ROW.match(line) or (line.strip() and _DASH_ROW.match(nxt)):
        return "simple table", _until(lines, n, lambda s: not s.strip())
    if _PIPE.search(line) and _PIPE.search(nxt) and _PIPE_DELIM.match(nxt):
        # a header and delimiter row the parser did not take for a table: their cell counts
        # differ (a table it read is in `tables` and never reaches this test)
        return "pipe table", _until(lines, n, lambda s: not s.strip())
    return None


def _until(lines: list[str], n: int, stop: Callable[[str], bool]) -> int:
    k = n + 1
    while k < len(lines) and not stop(lines[k]):
        k += 1
    return k


def _block(
    lines: list[str], n: int, line: str, prev_blank: bool, tables: frozenset[int]
) -> Iterator[Finding]:
    col = _indent(line)
    if _TABLE_CAPTION.match(line) and _near_table(lines, n, tables):
        yield Finding("table caption", n, col, "the caption is printed as a paragraph")
    elif _RAW_TEX.match(line):
        yield Finding("raw TeX", n, col, "TeX commands are printed as text")


def _prev_nonblank(lines: list[str], n: int) -> str | None:
    for k in range(n - 1, max(n - 3, -1), -1):
        if lines[k].strip():
            return lines[k]
    return None


def _near_table(lines: list[str], n: int, tables: frozenset[int]) -> bool:
    """A `: caption` line just before or after a table the parser did not read (the caption
    of one it read is attached to it: `parse.captions`)."""
    for step in (-1, 1):
        k = n + step
        if 0 <= k < len(lines) and not lines[k].strip():
            k += step  # one blank line may stand between
        while 0 <= k < len(lines) and lines[k].strip():
            s = lines[k]
            if _DASH_ROW.match(s) or _GRID_TABLE.match(s) or _RULE_ROW.match(s):
                return k not in tables
            k += step
    return False


def report(path: Path, lines: list[str], tokens: list[Token], diags: Diagnostics) -> list[Finding]:
    """Warn `syntax.unsupported` for each finding, at its line and column."""
    skip = code_lines(lines, tokens)
    found = list(scan(lines, skip, frozenset(table_lines(tokens))))
    found.sort(key=lambda f: (f.line, f.col))
    for f in found:
        diags.warning(
            "syntax.unsupported",
            f"pandoc Markdown construct not supported: {f.construct}",
            SourceLocation(path, f.line + 1, f.col + 1),
            f.hint,
        )
    return found
