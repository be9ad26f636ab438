"""Parse stage helper: pandoc's bracketed spans and the attributes of links, images and code.

Consumes the attributes mdit-py-plugins' `attrs` plugin read (`[text]{#id .class lang=ja}`,
`[a](u){#id}`, `![c](i){.x}`, `` `c`{.py} ``: the plugin runs with no attribute allowed, so it
only records them in `token.meta["insecure_attrs"]` and the token's own `href`/`src` cannot be
overwritten) and produces source IR: `ir.Span` (id, classes, language) around the text or the
one node, `ir.SmallCaps` for `.smallcaps`. What briefkit does not render is reported where it
stands: a class it does not render is kept for HTML with a `span.plain` warning, a `key=value`
it does not use is dropped with an `attr.dropped` warning; nothing disappears in silence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markdown_it.token import Token

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.attrs import Attrs

# classes the three renderers draw (smallcaps becomes its own node here)
RENDERED = frozenset({"smallcaps", "underline", "mark"})


def token_attrs(tok: Token) -> Attrs | None:
    """The attributes the plugin recorded on `tok` (a span, link, image or code span)."""
    raw: Mapping[str, object] | None = (tok.meta or {}).get("insecure_attrs")
    if not raw:
        return None
    ident = str(raw.get("id", ""))
    classes = tuple(str(raw.get("class", "")).split())
    pairs = tuple((k, str(v)) for k, v in raw.items() if k not in ("id", "class"))
    return Attrs(ident, classes, pairs)


def wrap(
    children: Sequence[ir.SourceInline],
    attrs: Attrs,
    what: str,
    where: SourceLocation,
    diags: Diagnostics,
    used: frozenset[str] = frozenset(),
) -> list[ir.SourceInline]:
    """`children` with the span's formatting, id and language; `used`: keys read elsewhere
    (an image's `alt`), not reported. A code span's classes name its language (pandoc's
    `` `x`{.python} ``): passed to HTML without a warning."""
    nodes: list[ir.SourceInline] = list(children)
    classes = [c for c in attrs.classes if c != "smallcaps"]
    if len(classes) != len(attrs.classes):
        nodes = [ir.SmallCaps(tuple(nodes))]
    plain = [c for c in classes if c not in RENDERED and what != "code span"]
    if plain:
        diags.warning(
            "span.plain",
            f"class {' '.join('.' + c for c in plain)} on a {what} is not rendered: "
            "the text is kept (in HTML, with the class for your CSS)",
            where,
            "briefkit renders .smallcaps, .underline and .mark",
        )
    lang = attrs.get("lang") or ""
    dropped = [f"{k}={v}" for k, v in attrs.pairs if k != "lang" and k not in used]
    if dropped:
        diags.warning(
            "attr.dropped",
            f"attribute {' '.join(dropped)} on a {what} is not used: dropped",
            where,
            "briefkit reads #id, classes and lang= here",
        )
    if not (attrs.id or classes or lang):
        return nodes
    return [ir.Span(tuple(nodes), attrs.id, tuple(classes), lang)]
