"""Resolve stage helper: the typesetting of text a citation prints but no author typed in Markdown.

Titles, container titles, publishers and the front matter's `short-title` arrive as plain
strings (from a references file or YAML), so markdown-it's typographer never sees them. These
functions give them what body text gets: curly quotation marks and apostrophes, nested as the
house nests them, and no-break spaces after the abbreviations a number belongs to ("p.\u00a05").
Ranges ("12--14" -> "12–14", CMOS 9.64's "140–45") are `cite.locators`' business.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Characters after which a straight quotation mark opens a quotation (or starts the text).
_OPENERS = frozenset("([{<\u2014\u2013-/\u201c\u2018\u300c\u300e\uff08")
# 'twas, '90s: an apostrophe that stands for left-out letters or digits at the start of a word
_ELISION = re.compile(r"(?:\d\d(?:s\b|\b)|tis\b|twas\b|em\b|n\b)", re.IGNORECASE)

# Abbreviations a number (arabic or roman) must not be separated from (CMOS 6.121): page, note,
# number, volume, chapter, section, paragraph, figure, and their plurals.
_ABBREVIATION_SPACE = re.compile(
    r"\b((?:pp?|nos?|vols?|chaps?|ch|secs?|paras?|nn?|figs?)\.) (?=\d|(?:[ivxlc]+|[IVXLC]+)\b)",
    re.IGNORECASE,
)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ord(ch) >= 0x2E80


def _is_word(ch: str) -> bool:
    """A letter or digit of an alphabet: an apostrophe sits between two (never in kanji)."""
    return ch.isalnum() and not _is_cjk(ch)


def _close(stack: list[str], kind: str) -> None:
    """Close the innermost open quotation of `kind` (and any left open inside it)."""
    if kind in stack:
        del stack[len(stack) - 1 - stack[::-1].index(kind) :]


def quote_marks(level: int, outer: tuple[str, str], inner: tuple[str, str]) -> tuple[str, str]:
    """The marks of a quotation `level` quotations deep: outer, inner, outer... (CMOS 13.30)."""
    return inner if level % 2 else outer


def smart_quotes(text: str, level: int, outer: tuple[str, str], inner: tuple[str, str]) -> str:
    """Straight quotes and apostrophes made curly, each quotation marked by its nesting depth.

    `level` is how many quotations the text already sits in (1 inside a quoted title), so
    `"word"` in a quoted title becomes ‘word’ and in a Japanese 「title」, 『word』. Curly double
    marks the author typed are re-marked the same way; curly single marks are left as typed,
    because ’ is also the apostrophe and cannot be paired reliably.
    """
    if not any(ch in text for ch in "'\"\u201c\u201d"):
        return text
    out: list[str] = []
    stack: list[str] = []  # the open quotations, innermost last: '"' or "'"
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        at_start = not prev or prev.isspace() or prev in _OPENERS
        if ch == "'":
            if _is_word(prev) and _is_word(nxt):  # It’s, O’Neil
                out.append("\u2019")
            elif at_start and _ELISION.match(text, i + 1):  # ’90s
                out.append("\u2019")
            elif "'" in stack and prev and not prev.isspace():
                _close(stack, "'")
                out.append(quote_marks(level + len(stack), outer, inner)[1])
            elif (at_start or prev in '"' or _is_cjk(prev)) and nxt and not nxt.isspace():
                out.append(quote_marks(level + len(stack), outer, inner)[0])
                stack.append("'")
            else:  # Ministers’ Meeting: a plural possessive
                out.append("\u2019")
        elif ch in '"\u201c\u201d':
            opening = ch == "\u201c" or (ch == '"' and (at_start or '"' not in stack))
            if opening:
                out.append(quote_marks(level + len(stack), outer, inner)[0])
                stack.append('"')
            else:
                _close(stack, '"')
                out.append(quote_marks(level + len(stack), outer, inner)[1])
        else:
            out.append(ch)
    return "".join(out)


def no_break_abbreviations(text: str) -> str:
    """ "p. 5", "no. 14", "vol. IV": a no-break space keeps the label with its number."""
    if "." not in text:
        return text
    return _ABBREVIATION_SPACE.sub(lambda m: m.group(1) + NBSP, text)
