"""Resolve stage helper: the citation formatter's rich text, and its conversion to IR inlines.

The formatter builds citations from a few segment kinds (text, italic, quoted, link) so that
typographic rules that span segments — punctuation moved inside closing quotation marks, nested
quotation marks flipped, no doubled full stops — are applied once, here, before the text becomes
IR inlines that every renderer prints the same way.

A reference's text field may hold CSL rich-text markup (`<i>Lusitania</i>`, `<sc>NATO</sc>`,
read by `parse.cslmarkup`); `field` turns it into segments (`Ital`, `Span`), and the builder
sets italics inside an italic title roman (CMOS 8.171, CSL's flip-flop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from briefkit import ir
from briefkit.cite.typography import no_break_abbreviations, smart_quotes
from briefkit.model.citestyle import Typography
from briefkit.parse.cslmarkup import Node, has_markup, parse_markup


@dataclass(frozen=True, slots=True)
class Ital:
    children: tuple[Seg, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    children: tuple[Seg, ...]


@dataclass(frozen=True, slots=True)
class Href:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Src:
    """Inlines written by the author (citation prefix/suffix), passed through unchanged."""

    inlines: tuple[ir.Inline, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A field's markup other than italics: `b`, `sup`, `sub`, `sc` (small caps), `nocase`; or
    kind "": the segments of one field kept together (their typography reads as one text)."""

    kind: str
    children: tuple[Seg, ...]


Seg: TypeAlias = "str | Ital | Quote | Href | Src | Span"
TERMINAL = ".?!"
_STRAIGHT = "\"'"  # closing marks a title may end with before the house's marks are set


def seg_text(seg: Seg | list[Seg] | tuple[Seg, ...]) -> str:
    if isinstance(seg, (list, tuple)):
        return "".join(seg_text(s) for s in seg)
    if isinstance(seg, str):
        return seg
    if isinstance(seg, (Ital, Quote, Span)):
        return seg_text(seg.children)
    if isinstance(seg, Href):
        return seg.text
    return ir.plain_text(seg.inlines)


def field(text: str) -> Seg:
    """One segment for a reference's text field: the text itself, or its markup as segments."""
    nodes, _problems = parse_markup(text)  # problems are the model stage's warnings
    if len(nodes) == 1 and isinstance(nodes[0], str):
        return nodes[0]
    return Span("", tuple(_from_node(n) for n in nodes))


def _from_node(node: Node) -> Seg:
    if isinstance(node, str):
        return node
    children = tuple(_from_node(n) for n in node.children)
    return Ital(children) if node.kind == "i" else Span(node.kind, children)


def join(parts: list[list[Seg]], delimiter: str) -> list[Seg]:
    out: list[Seg] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(delimiter)
        out.extend(part)
    return out


def ends_with_terminal(segs: list[Seg], closers: str) -> bool:
    """True when the visible text ends with . ? or ! (closing quotes/brackets ignored)."""
    text = seg_text(segs).rstrip()
    text = text.rstrip(closers + _STRAIGHT + ")]")
    return bool(text) and text[-1] in TERMINAL


def capitalize_first(segs: list[Seg]) -> list[Seg]:
    """Upper-case the first letter (a note starts with "Ibid." or "See", not "ibid."/"see")."""
    out = list(segs)
    for i, seg in enumerate(out):
        if isinstance(seg, str):
            for j, ch in enumerate(seg):
                if ch.isalpha():
                    out[i] = seg[:j] + ch.upper() + seg[j + 1 :]
                    return out
                if not ch.isspace() and ch not in "\u201c\u2018\"'[(":
                    return out
        elif isinstance(seg, (Ital, Quote)):
            inner = capitalize_first(list(seg.children))
            out[i] = type(seg)(tuple(inner))
            return out
        elif isinstance(seg, Span):
            out[i] = Span(seg.kind, tuple(capitalize_first(list(seg.children))))
            return out
        elif isinstance(seg, Src) and seg.inlines and isinstance(seg.inlines[0], ir.Text):
            first = capitalize_first([seg.inlines[0].text])
            out[i] = Src((ir.Text(str(first[0])), *seg.inlines[1:]))
            return out
        else:
            return out
    return out


class InlineBuilder:
    """Turns segments into IR inlines, applying the house quotation rules.

    Every string segment is text of the formatter's or of a reference (titles, publishers,
    names): it gets the typesetting body text gets from markdown-it (`typography`). What must
    stay verbatim — URLs, the author's own affixes — travels as `Href` or `Src`.
    """

    def __init__(
        self,
        outer: tuple[str, str],
        inner: tuple[str, str],
        punct_inside: bool,
        typography: Typography | None = None,
    ) -> None:
        self.outer = outer
        self.inner = inner
        self.punct_inside = punct_inside
        self.typography = typography or Typography()

    def build(self, segs: list[Seg]) -> tuple[ir.Inline, ...]:
        segs = self._move_punctuation(list(segs))
        return tuple(merge_text(_settled(self._convert(segs, 0, False, None))))

    def _move_punctuation(self, segs: list[Seg]) -> list[Seg]:
        """American style: a comma or full stop after a closing quotation mark goes inside."""
        if not self.punct_inside:
            return segs
        out: list[Seg] = []
        i = 0
        while i < len(segs):
            seg = segs[i]
            nxt = segs[i + 1] if i + 1 < len(segs) else None
            if isinstance(seg, Quote) and isinstance(nxt, str) and nxt[:1] in (",", "."):
                inner_text = seg_text(seg.children).rstrip(_STRAIGHT + self.inner[1])
                mark = nxt[0]
                if inner_text and inner_text[-1] in TERMINAL + ",":
                    out.append(seg)  # “Why?”, not “Why?,”
                else:
                    out.append(Quote(_inside_closers(seg.children, mark)))
                rest = nxt[1:]
                segs = (
                    [*segs[: i + 1], rest, *segs[i + 2 :]]
                    if rest
                    else [*segs[: i + 1], *segs[i + 2 :]]
                )
                i += 1
                continue
            out.append(seg)
            i += 1
        return out

    def _convert(
        self, segs: list[Seg] | tuple[Seg, ...], depth: int, italic: bool, ctx: list[str] | None
    ) -> list[ir.Inline | _Roman]:
        """IR inlines of `segs`, `italic` when inside italics. `ctx` holds the text already set
        in the same field (None between the formatter's own segments, which are typeset apart,
        as they always were): an apostrophe after `<i>Lusitania</i>` is one, not an opening
        quotation mark."""
        out: list[ir.Inline | _Roman] = []
        for i, seg in enumerate(segs):
            if isinstance(seg, str) and ctx is None and has_markup(seg):
                seg = field(seg)  # a field the formatter joined into its own text (publisher)
            if isinstance(seg, str):
                if seg:
                    after = (
                        seg_text(segs[i + 1])[:1] if ctx is not None and i + 1 < len(segs) else ""
                    )
                    out.append(ir.Text(self._typeset(seg, depth, ctx[0] if ctx else "", after)))
                    if ctx is not None:
                        ctx[0] += seg
            elif isinstance(seg, Ital):
                inner = self._convert(seg.children, depth, not italic, ctx or [""])
                # italics inside italics are set roman: the outer run is closed around them
                out.append(_Roman(inner) if italic else _Roman(_wrap(_emph, inner)))
            elif isinstance(seg, Span):
                inner = self._convert(seg.children, depth, italic, ctx or [""])
                wrapper = _SPANS.get(seg.kind)
                out.extend(_wrap(wrapper, inner) if wrapper else inner)
            elif isinstance(seg, Quote):
                o, c = self.inner if depth % 2 else self.outer
                out.append(ir.Text(o))
                out.extend(self._convert(seg.children, depth + 1, italic, [""]))
                out.append(ir.Text(c))
            elif isinstance(seg, Href):
                out.append(ir.Link((ir.Text(seg.text),), seg.url))
            else:
                out.extend(seg.inlines)
        return out

    def _typeset(self, text: str, depth: int, before: str = "", after: str = "") -> str:
        """Curly quotes nested `depth` quotations deep, no-break spaces after p., no., vol.
        `before` and `after`: the field's text around this piece (smart quotes map one
        character to one, so the piece is cut back out of the whole)."""
        rule = self.typography
        if rule.smart_quotes:
            whole = smart_quotes(before + text + after, depth, self.outer, self.inner)
            text = whole[len(before) : len(before) + len(text)]
        elif depth:
            text = self._flip(text)
        return no_break_abbreviations(text) if rule.no_break_spaces else text

    def _flip(self, text: str) -> str:
        """Inside quotation marks, double quotes in a title become single ones."""
        (oo, oc), (io, ic) = self.outer, self.inner
        return alternate_quotes(text.replace(oo, io).replace(oc, ic), io, ic)


@dataclass(frozen=True, slots=True)
class _Roman:
    """Inlines that leave the italics they sit in (the flip-flop), until the italic run that
    holds them is split around them; also the finished output of a run of italics."""

    inlines: list[ir.Inline | _Roman]


Wrapper: TypeAlias = Callable[[tuple[ir.Inline, ...]], ir.Inline]
_SPANS: dict[str, Wrapper] = {
    "b": ir.Strong, "sup": ir.Superscript, "sub": ir.Subscript, "sc": ir.SmallCaps,
}  # fmt: skip


def _emph(children: tuple[ir.Inline, ...]) -> ir.Inline:
    return ir.Emph(children)


def _wrap(wrapper: Wrapper, items: list[ir.Inline | _Roman]) -> list[ir.Inline | _Roman]:
    """`wrapper` around each run of `items`. A roman piece is lifted out, to be set apart from
    the italics it sits in: an italic run is closed around it, any other wrapper goes with it
    (a bold word in a title within a title stays bold)."""
    out: list[ir.Inline | _Roman] = []
    run: list[ir.Inline] = []
    for item in [*items, None]:
        if item is None or isinstance(item, _Roman):
            if run:
                out.append(wrapper(tuple(merge_text(run))))
                run = []
            if item is not None:
                inner: list[ir.Inline | _Roman] = list(_settled(item.inlines))
                out.append(_Roman(inner if wrapper is _emph else [wrapper(tuple(_settled(inner)))]))
        else:
            run.append(item)
    return out


def _settled(items: list[ir.Inline | _Roman]) -> list[ir.Inline]:
    """The inlines of `items`, roman pieces put in place."""
    out: list[ir.Inline] = []
    for item in items:
        out.extend(_settled(item.inlines) if isinstance(item, _Roman) else [item])
    return merge_text(out)


def _inside_closers(children: tuple[Seg, ...], mark: str) -> tuple[Seg, ...]:
    """The mark moved in goes inside a title's own closing double quotes too (Chicago):
    “The Ministers’ ‘Page,’” — not before a closing single, which may be an apostrophe."""
    last = children[-1] if children else None
    if isinstance(last, str):
        stem = last.rstrip('"\u201d')
        if stem != last:
            return (*children[:-1], stem + mark + last[len(stem) :])
    return (*children, mark)


def alternate_quotes(text: str, open_mark: str, close_mark: str) -> str:
    """Straight double quotes become `open_mark` and `close_mark`, alternately."""
    out: list[str] = []
    opening = True
    for ch in text:
        if ch == '"':
            out.append(open_mark if opening else close_mark)
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def merge_text(nodes: list[ir.Inline]) -> list[ir.Inline]:
    """Adjacent text runs as one."""
    out: list[ir.Inline] = []
    for node in nodes:
        if isinstance(node, ir.Text) and out and isinstance(out[-1], ir.Text):
            out[-1] = ir.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out
