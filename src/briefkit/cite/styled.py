"""Resolve stage helper: a title or a container's title set as a layout says — in quotation
marks, in italics, in Japanese 『』 (with the quotation marks inside it made 「」), or plain.

Consumes a string (which may hold CSL rich-text markup) and the style; produces one rich-text
segment. Used by `cite.parts` and
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
    """`text` may hold CSL markup (`<i>…</i>`): it becomes segments inside the styling."""
    segs = _children(rt.field(text))
    if how == "quoted":
        return rt.Quote(segs)
    if how == "italic":
        return rt.Ital(segs)
    if how == "book":
        o, c = style.quotes.book
        inner = tuple(_requote(s, style.quotes.outer) if isinstance(s, str) else s for s in segs)
        if len(inner) == 1 and isinstance(inner[0], str):
            return f"{o}{inner[0]}{c}"
        return rt.Span("", (o, *inner, c))
    return rt.field(text)


def _children(seg: rt.Seg) -> tuple[rt.Seg, ...]:
    return seg.children if isinstance(seg, rt.Span) and not seg.kind else (seg,)
