"""Parse stage helper: pandoc's line blocks (`| ` lines: verse, addresses) as CommonMark.

Consumes the body text and produces it with each line block rewritten, in place, as one
paragraph whose lines end in hard breaks: `| The first line` becomes `  The first line\\`.
Line and column numbers stay those of the file (the `| ` is replaced by two characters, a
marker that would start a block is escaped in the second). A line starting with a space
continues the line before, and the spaces after a line's `| ` are kept, as in pandoc. Lines of
pipe tables and code are left alone. Inside a note's definition the margin is its 4-column
indent, as for `parse.fancylists`.
"""

from __future__ import annotations

import re

from briefkit.parse.fancylists import note_margin

_LINE = re.compile(r"^( {0,3})\|( |$)")
_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_STARTS_BLOCK = re.compile(r"^(?:[#>*+-]|\d+[.)])")


def line_blocks(text: str) -> str:
    if "| " not in text and "\n|" not in text:
        return text
    lines = text.split("\n")
    fence = ""
    base = 0  # 4 inside a note's definition (parse.fancylists.note_margin)
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.strip():
            base, _ = note_margin(line, base)
        opened = _FENCE.match(line[base:])
        if fence:
            fence = "" if opened and opened.group(1)[0] == fence else fence
        elif opened:
            fence = opened.group(1)[0]
        elif _at(line, base) and (k == 0 or not lines[k - 1].strip()):
            end = k
            while end < len(lines) and (_at(lines[end], base) or _continues(lines, end, k, base)):
                end += 1
            if not any("-" in lines[j] and _DELIM.match(lines[j]) for j in range(k, end)):
                _rewrite(lines, k, end, base)
            k = end
            continue
        k += 1
    return "\n".join(lines)


def _at(line: str, base: int) -> re.Match[str] | None:
    """A line block's line at the margin `base`."""
    return _LINE.match(line[base:]) if line.startswith(" " * base) else None


def _continues(lines: list[str], n: int, first: int, base: int = 0) -> bool:
    return n > first and lines[n].startswith(" " * (base + 1)) and bool(lines[n].strip())


def _rewrite(lines: list[str], first: int, end: int, base: int = 0) -> None:
    starts = [j for j in range(first, end) if _at(lines[j], base)]
    for j in range(first, end):
        m = _at(lines[j], base)
        if m is None:
            continue  # a continuation line: part of the line before
        rest = lines[j][base + m.end() :]
        lead = " " * base + m.group(1) + " "
        body = rest.lstrip()
        if _STARTS_BLOCK.match(body):
            lead, body = " " * base + m.group(1) + "\\", rest
        else:  # its indent kept as no-break spaces, as pandoc keeps it (one for one: columns stay)
            body = "\u00a0" * (len(rest) - len(body)) + body
        last = j == starts[-1]
        nxt = j + 1
        while nxt < end and not _at(lines[nxt], base):
            nxt += 1  # the hard break goes after this line's continuations
        lines[j] = lead + (body if body.strip() else "\u00a0")
        if not last:
            target = nxt - 1
            lines[target] = lines[target] + "\\"
