"""Parse stage helper: what markdown-it read other than as written, said where it starts.

Consumes the block token stream of a briefing body; produces `syntax.unclosed` (a fence or
fenced div never closed, which takes in the rest of its container; an inline note whose `]`
never comes, printed as text) and `input.too-deep`
(blocks nested past `mdparser.MAX_NESTING`, whose insides markdown-it skips) into the
diagnostics, each at the line of the block that opened it.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.mdparser import MAX_NESTING


def _opening(path: Path, tok: Token) -> SourceLocation:
    return SourceLocation(path, tok.map[0] + 1 if tok.map else 1, 1)


def unclosed(path: Path, tokens: list[Token], diags: Diagnostics) -> None:
    """`syntax.unclosed` at a fence or fenced div that is never closed: markdown-it (and
    pandoc) end it with the file or the block it is in, so the rest of the briefing became code
    or went into the box, without a word."""
    found: list[tuple[Token, str, str]] = []  # the opening token, what it is, its closing line
    opened: list[Token] = []
    for tok in tokens:
        if tok.type == "container_div_open":
            opened.append(tok)
        elif tok.type == "container_div_close" and opened:
            start = opened.pop()
            if not tok.markup:  # ended by the end of the input, not by a `:::` line
                # markdown-it closes the outer of two nested divs at the first `:::` (pandoc the
                # inner): the inner is then the unclosed one, and a longer outer fence fixes it
                closer = ":::, or give a div around it a longer fence (::::)" if opened else ":::"
                found.append((start, f"fenced div '::: {start.info.strip()}'", closer))
        elif tok.type == "fence" and tok.map:
            # a closed fence spans its content's lines plus the two fence lines; an unclosed
            # one has no closing line (markdown-it takes every line up to the end)
            if tok.map[1] - tok.map[0] < tok.content.count("\n") + 2:
                found.append((tok, f"code fence '{tok.markup}'", tok.markup))
    for tok, what, closer in sorted(found, key=lambda f: f[0].map[0] if f[0].map else 0):
        diags.warning(
            "syntax.unclosed",
            f"{what} is never closed: it runs to the end of the file (or of the list item or"
            " quotation it is in), taking in everything after it",
            _opening(path, tok),
            f"end it with a line of {closer}",
        )


def too_deep(path: Path, tokens: list[Token], diags: Diagnostics) -> None:
    """markdown-it skips what is nested deeper than its limit: an error at the first block
    that reached it (the skipped text is in no output)."""
    deep = next((t for t in tokens if t.nesting == 1 and t.level >= MAX_NESTING - 1), None)
    if deep is not None:
        diags.error(
            "input.too-deep",
            f"lists, quotations or boxes nested too deep ({MAX_NESTING} open blocks, a list "
            "level counting two): what is inside is not read",
            _opening(path, deep),
            "flatten the nesting: no reader follows that many levels",
        )


def unclosed_notes(path: Path, lines: list[str], tokens: list[Token], diags: Diagnostics) -> None:
    """`syntax.unclosed` at an inline note (`^[…`) whose `]` never comes in its paragraph (a
    blank line inside it ends the paragraph): markdown-it, like pandoc, then prints `^[` and all
    after it as text, and no note is made. Read off the paragraph's text: a `^[` still in it is
    either written `\\^[` in the source (meant as text) or such a note."""
    for tok in tokens:
        if tok.type != "inline" or not tok.map or not tok.children:
            continue
        left = sum(c.content.count("^[") for c in tok.children if c.type == "text")
        if not left:
            continue
        first, end = tok.map
        written = lines[first:end]
        if left <= sum(line.count("\\^[") for line in written):
            continue  # each one escaped: text meant as text
        row, col = next(
            ((i, m.start()) for i, line in enumerate(written) for m in _NOTE_OPEN.finditer(line)),
            (0, 0),  # written some other way (a character reference): the paragraph's start
        )
        diags.warning(
            "syntax.unclosed",
            "an inline note '^[' is never closed in its paragraph: no note is made, and '^[' "
            "and the rest of the paragraph are printed as text",
            SourceLocation(path, first + row + 1, col + 1),
            "end the note with ']' before the paragraph ends; a note of several paragraphs is "
            "a [^label] call with its '[^label]:' definition, the paragraphs after it indented",
        )


_NOTE_OPEN = re.compile(r"(?<!\\)\^\[")
