"""Resolve stage helper: a title or a container's title set as a layout says — in quotation
marks, in italics, in Japanese 『』 (with the quotation marks inside it made 「」), or plain.

Consumes a string and the style; produces one rich-text segment. Used by `cite.parts` and
`cite.kinds`.
"""

from __future__ import annotations

from briefkit.cite import richtext as rt
from briefkit.model.citestyle import CitationStyle


def _requote(text: str, marks: tuple[str, str]) -> str:
    """Quotation marks inside a 『book title』 become the style's outer marks (「」)."""
    text = text.replace("\u201c", marks[0]).replace("\u201d", marks[1])
    return rt.alternate_quotes(text, marks[0], marks[1])


def styled(style: CitationStyle, text: str, how: str) -> rt.Seg:
    if how == "quoted":
        return rt.Quote((text,))
    if how == "italic":
        return rt.Ital((text,))
    if how == "book":
        o, c = style.quotes.book
        return f"{o}{_requote(text, style.quotes.outer)}{c}"
    return text
