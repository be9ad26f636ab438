"""Parse stage helper: pandoc's fancy list markers and example lists, before markdown-it runs.

Consumes the body text and produces it with each fancy marker (`i.`, `IV.`, `a)`, `(A)`,
`(1)`, `#.`, `(@)`, `(@label)`) rewritten as a CommonMark ordered marker of the same width
(`1.`, `01.`, `0001.`): the item's text keeps its column, so continuation lines, nesting and
every located diagnostic stay right. What the marker said is kept in `Markers`, by line, for the
block converter to give the list its style, delimiter and start; example items are numbered
through the whole document, and their labels are kept for `(@label)` references.

pandoc's rules followed, in the body and inside a note's definition (whose margin is its 4-column
indent): a list starts after a blank line (or inside a list); `i`/`I` alone is
roman, any other single letter alphabetic, several roman letters roman; a capital letter and a
period need two spaces after them (so "B. Russell" stays text); `#.` numbers on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.rules_inline import StateInline

from briefkit import ir

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\((?P<both>[^()\s]{1,9})\)|(?P<one>[^()\s.]{1,9})(?P<d>[.)]))"
    r"(?P<space> +|$)"
)
_ROMAN = re.compile(r"^(?:[ivxlcdm]+|[IVXLCDM]+)$")
_LABEL = re.compile(r"^@[\w-]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_REF = re.compile(r"@([\w-]+)(?<!-)")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
_OTHER_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}([.)]))(?: +|$)")


@dataclass(frozen=True)
class Marker:
    style: ir.ListStyle
    delim: ir.ListDelim
    start: int
    example: bool = False


@dataclass
class Markers:
    by_line: dict[int, Marker] = field(default_factory=dict)  # 0-based line of the item
    examples: dict[str, int] = field(default_factory=dict)  # `(@label)` -> its number


def _read(token: str, delim: ir.ListDelim, spaces: int) -> tuple[ir.ListStyle, int] | None:
    """The style and number a marker's text (`iv`, `B`, `#`, `12`) stands for."""
    if token == "#":
        return "decimal", 0
    if token.isdigit():
        return ("decimal", int(token)) if delim == "parens" else None  # 1. and 1) are CommonMark
    if token in ("i", "I") or (len(token) > 1 and _ROMAN.match(token)):
        value = _roman(token.lower())
        return ("lower-roman" if token.islower() else "upper-roman", value) if value else None
    if len(token) == 1 and token.isascii() and token.isalpha():
        if token.isupper() and delim == "period" and spaces < 2:
            return None  # "B. Russell": an initial, not a list
        style: ir.ListStyle = "lower-alpha" if token.islower() else "upper-alpha"
        return style, ord(token.lower()) - ord("a") + 1
    return None


def _sibling(last: dict[int, Marker], indent: int) -> tuple[int, Marker | None]:
    """The indent of the list item an item at `indent` follows (up to 3 columns apart, as
    CommonMark's siblings may be), and that item's marker."""
    near = [k for k in last if abs(k - indent) <= 3]
    if not near:
        return indent, None
    key = min(near, key=lambda k: abs(k - indent))
    return key, last[key]


def _fits(token: str, style: ir.ListStyle) -> bool:
    """`v` in a roman list is five, `i` in an alphabetic one the ninth letter (pandoc reads
    the items after the first in the first one's style)."""
    if style in ("lower-roman", "upper-roman"):
        return bool(_ROMAN.match(token)) and token.islower() == (style == "lower-roman")
    if style in ("lower-alpha", "upper-alpha"):
        one = len(token) == 1 and token.isascii() and token.isalpha()
        return one and token.islower() == (style == "lower-alpha")
    return False


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for k, ch in enumerate(text):
        v = values[ch]
        nxt = values[text[k + 1]] if k + 1 < len(text) else 0
        total += -v if v < nxt else v
    return total if 0 < total < 4000 else 0


def rewrite(text: str) -> tuple[str, Markers]:
    """`text` with fancy markers made CommonMark ones of the same width, and what they were."""
    if not any(c in text for c in ".)"):
        return text, Markers()
    lines = text.split("\n")
    found = Markers()
    fence = ""
    in_list = False
    prev_blank = True
    example = 0
    base = 0  # the margin of the current block: 4 inside a note's definition
    last: dict[int, Marker] = {}  # the previous fancy item at each indent
    delims: dict[int, str] = {}  # the CommonMark delimiter its rewritten marker got
    for n, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence or m:
            if m and (not fence or m.group(1).startswith(fence)):
                fence = "" if fence else m.group(1)[0] * 3
            prev_blank = False
            continue
        if not line.strip():
            prev_blank = True
            continue
        base, definition = note_margin(line, base)
        if definition:  # a new note: no list of the text before it goes on inside it
            in_list, prev_blank = False, False
            last.clear()
            continue
        m = _MARKER.match(line)
        marker = _marker(m, prev_blank or in_list, in_list, base) if m else None
        if m is not None and marker is not None:
            width = len(m.group("marker"))
            key, before = _sibling(last, len(m.group("indent").expandtabs(4)))
            token = m.group("both") or m.group("one")
            if before is not None and _fits(token, before.style):
                marker = Marker(before.style, marker.delim, marker.start, marker.example)
            if m.group("one") == "#" and before is not None:  # `#.` numbers on in the style
                marker = Marker(before.style, before.delim, 0, before.example)
            elif before is not None and (before.style, before.delim) != (
                marker.style,
                marker.delim,
            ):
                # pandoc starts a new list where the style or delimiter changes; CommonMark
                # does where the delimiter does, so the rewritten one alternates . and )
                delims[key] = ")" if delims.get(key, ".") == "." else "."
            last[key] = marker
            if marker.example:
                example += 1
                label = m.group("both")[1:]
                if label:
                    found.examples.setdefault(label, example)
                marker = Marker(marker.style, marker.delim, example, True)
            found.by_line[n] = marker
            digits = "1".zfill(width - 1)
            lines[n] = m.group("indent") + digits + delims.get(key, ".") + line[m.end("marker") :]
            in_list = True
        elif (other := _OTHER_ITEM.match(line)) and (in_list or _indent(line) - base < 4):
            in_list = True  # (indented 4 or more outside a list: a code block's line)
            if other.group(1):  # a CommonMark ordered item: a fancy one after it is a new list
                key, _ = _sibling(last, len(line) - len(line.lstrip()))
                native: ir.ListDelim = "paren" if other.group(1) == ")" else "period"
                last[key] = Marker("decimal", native, 1)
                delims[key] = other.group(1)
        elif prev_blank and _indent(line) <= base:
            in_list = False  # a paragraph at the margin after a blank line ends the list
            last.clear()
        prev_blank = False
    return "\n".join(lines), found


def note_margin(line: str, base: int) -> tuple[int, bool]:
    """The margin of a non-blank `line`'s blocks, given the one before (`base`), and whether
    it opens a note's definition: from `[^x]:` on a note's blocks are indented 4 (as pandoc
    reads them, and as lists and line blocks there must be read); a line left of that ends it."""
    if _NOTE_DEF.match(line):
        return 4, True
    return (0 if base and _indent(line) < base else base), False


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _marker(m: re.Match[str], may_start: bool, in_list: bool, base: int = 0) -> Marker | None:
    indent = len(m.group("indent").expandtabs(4)) - base
    if not may_start or indent > 12 or (indent >= 4 and not in_list):  # >= 4: code
        return None
    spaces = len(m.group("space"))
    delim: ir.ListDelim
    if m.group("both") is not None:
        token, delim = m.group("both"), "parens"
    else:
        token = m.group("one")
        delim = "period" if m.group("d") == "." else "paren"
    if _LABEL.match(token):
        return Marker("decimal", "parens", 0, True) if delim == "parens" else None
    read = _read(token, delim, spaces)
    return Marker(read[0], delim, read[1]) if read else None


def example_ref_rule(state: StateInline, silent: bool) -> bool:
    """`(@good)` in the text: the number of the example labelled `good` (pandoc prints the
    number where the label stands). Runs before the citation rule, so a label of an example
    is never read as a citation key; any other `@key` still is."""
    markers = state.env.get("bk_markers")
    if state.src[state.pos] != "@" or not isinstance(markers, Markers) or not markers.examples:
        return False
    if state.pos > 0 and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] == "-"):
        return False  # an address (`a@b`), not a reference
    m = _REF.match(state.src, state.pos)
    number = markers.examples.get(m.group(1)) if m else None
    if m is None or number is None:
        return False
    if not silent:
        state.push("text", "", 0).content = str(number)
    state.pos = m.end()
    return True
