"""Render stage helper: a resolved `ir.Span` -> HTML (screen and print page alike).

Consumes the span and its children's markup, produces `<u>` (class `underline`), `<mark>`
(class `mark`) or `<span>`, carrying the span's id (a link target), language (`lang`, so the
page's `:lang()` fonts, hyphenation and screen readers apply) and its other classes, which a
house style's CSS may style. The PDF is laid out from the print page, so it gets the same.
"""

from __future__ import annotations

from markupsafe import Markup

from briefkit import ir

# classes with an HTML element of their own (pandoc's HTML writer uses the same ones)
_ELEMENTS = {"underline": "u", "mark": "mark"}


def span_markup(span: ir.Span[ir.Inline], inner: Markup) -> Markup:
    tag = next((_ELEMENTS[c] for c in span.classes if c in _ELEMENTS), "span")
    rest = [c for c in span.classes if _ELEMENTS.get(c) != tag]
    attrs = Markup("")
    if span.id:
        attrs += Markup(' id="%s"') % span.id
    if rest:
        attrs += Markup(' class="%s"') % " ".join(rest)
    if span.lang:
        attrs += Markup(' lang="%s"') % span.lang
    if tag == "span" and not attrs:
        return inner
    return Markup("<%s%s>%s</%s>") % (Markup(tag), attrs, inner, Markup(tag))
