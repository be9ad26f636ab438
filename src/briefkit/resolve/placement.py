"""Resolve stage: where a citation's note call stands, as pandoc's citeproc places it.

In body text a citation becomes a note: the space before its call goes ("controls¹", not
"controls ¹"), and with `notes-after-punctuation` (pandoc's key, true by default) the call moves
after the punctuation that follows it, and after a closing quote or bracket that follows that
punctuation ("controls.¹", "(as here).¹"); a dash is not such punctuation. Calls side by side
move together (`Both [@a] [@b].` -> "Both.¹,²", where pandoc prints "Both¹ .²"). The call stays
inside quotation marks that close after that punctuation (`"as quoted [@a]."` -> “as
quoted.¹”), as pandoc keeps it inside a quotation; a full stop or comma after a closing quote
goes inside it where the style sets punctuation inside quotes (`"quoted" [@a].` -> “quoted.”¹).
An in-text citation written with spaces around it between two CJK characters, as its key must be
(`詳しくは @a [45] を参照`), is closed up when it prints CJK there: Japanese sets no space
between words (`詳しくは北岡『…』45頁を参照`); a space next to Latin text is kept.
Inside a note, a citation is printed in place: one written right after a sentence's full stop
(`provides.[@key]`) is set off from it by a space, and a full stop or comma written right after
it goes inside the closing quote it ends with, where the style sets punctuation inside quotes
(`compare [@a].` -> compare Vance, “Deterrence by Denial.”), as citeproc does for en-US.
"""

from __future__ import annotations

import re

from briefkit import ir
from briefkit.lang import is_cjk

# What a call moves past: a run of punctuation (pandoc moves past `).` and `.)` alike, but not
# past a dash, nor past the closing quote of a quotation the citation stands in).
_AFTER = re.compile(r"[.,;:!?…)\]]+")
_CLOSING_QUOTES = "”’\"'»›"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»›)\]]*$")


def drop_space_before(out: list[ir.Inline]) -> None:
    """No space before a note call: pandoc removes the space (or line break) written there."""
    if out and isinstance(out[-1], ir.Text):
        text = out[-1].text.rstrip(" \t\n")
        if text:
            out[-1] = ir.Text(text)
        else:
            out.pop()


def punctuation_ahead(node: ir.SourceInline | None) -> str:
    """The punctuation a note call moves past, at the start of the node after the citation."""
    if isinstance(node, ir.Text):
        m = _AFTER.match(node.text)
        if m:
            return m.group(0)
    return ""


def into_quote(out: list[ir.Inline], punct: str) -> str:
    """`“quoted” [@a].` -> `“quoted.”¹` where the style sets punctuation inside quotes (as
    pandoc does for an en-US locale): a moved full stop or comma goes inside the closing quote
    written just before the citation. Returns the punctuation still to place after `out`."""
    if punct[:1] not in (".", ",") or not out or not isinstance(out[-1], ir.Text):
        return punct
    text = out[-1].text
    quotes = len(text) - len(text.rstrip(_CLOSING_QUOTES))
    # a text of closing quotes alone closes what precedes it (a title ending in bold or
    # italics: “… <b>Crisis</b>”); with nothing before it, it is no closing quote to go into
    if not quotes or (len(text) == quotes and len(out) == 1):
        return punct
    out[-1] = ir.Text(text[: len(text) - quotes] + punct[0] + text[len(text) - quotes :])
    return punct[1:]


def space_after_stop(out: list[ir.Inline]) -> None:
    """`provides.[@key]` inside a note: a space between the full stop and the citation."""
    if out and isinstance(out[-1], ir.Text) and _SENTENCE_END.search(out[-1].text):
        out[-1] = ir.Text(out[-1].text + " ")


def stop_into_quote(resolved: list[ir.Inline], ahead: ir.SourceInline | None) -> int:
    """A citation printed in place that ends with a closing quote, followed by `.` or `,`:
    the mark goes inside the quote. Returns how many characters of `ahead` were taken."""
    if not isinstance(ahead, ir.Text) or ahead.text[:1] not in (".", ","):
        return 0
    return 1 if not into_quote(resolved, ahead.text[0]) else 0


def close_up_wide(
    out: list[ir.Inline], resolved: list[ir.Inline], ahead: ir.SourceInline | None
) -> int:
    """The spaces around an in-text citation that prints CJK next to CJK text go (the one
    before it from `out`); returns how many characters of `ahead` (its spaces) to drop."""
    text = ir.plain_text(resolved)
    if not text:
        return 0
    last = out[-1] if out else None
    if isinstance(last, ir.Text) and is_cjk(text[0]):
        kept = last.text.rstrip(" ")
        if kept != last.text and kept and is_cjk(kept[-1]):
            out[-1] = ir.Text(kept)
    if isinstance(ahead, ir.Text) and is_cjk(text[-1]):
        rest = ahead.text.lstrip(" ")
        if rest and rest != ahead.text and is_cjk(rest[0]):
            return len(ahead.text) - len(rest)
    return 0


def trailing_calls(out: list[ir.Inline]) -> list[ir.Inline]:
    """Takes the note calls that end `out` (after `drop_space_before`), and returns them."""
    start = len(out)
    while start and isinstance(out[start - 1], ir.NoteRef):
        start -= 1
    calls = out[start:]
    del out[start:]
    return calls


def _blank(node: ir.Inline) -> bool:
    return isinstance(node, ir.Text) and not node.text.strip(" \t\n")


def separate_calls(out: list[ir.Inline]) -> list[tuple[int, int]]:
    """A superscript comma between two note calls side by side, which would otherwise read as
    one number ("⁸⁹"), or only a space apart (`this^[A.] ^[B.]`, "⁴ ⁵"); returns the pairs of
    notes it separated."""
    pairs: list[tuple[int, int]] = []
    for i in range(len(out) - 1, 0, -1):
        second = out[i]
        if not isinstance(second, ir.NoteRef):
            continue
        first = out[i - 1]
        if i > 1 and _blank(first) and isinstance(out[i - 2], ir.NoteRef):
            del out[i - 1]  # the space goes: the comma stands in its place
            i, first = i - 1, out[i - 2]
        if isinstance(first, ir.NoteRef):
            out.insert(i, ir.Superscript((ir.Text(","),)))
            pairs.append((first.number, second.number))
    return pairs[::-1]
