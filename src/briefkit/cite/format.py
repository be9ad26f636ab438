"""Resolve stage: format citations as a house style prints them (Chicago notes, CSL semantics).

Consumes validated `Reference`s, the house's citation styles and each cite's `CitePosition`;
produces IR inlines (text, italic, link) through `richtext`. It never numbers notes and never
knows an output format: the same inlines feed HTML, PDF and Word.

A house may have language variants (`citations.ja.yaml`): the briefing's language picks one,
and every source of the briefing is printed in its form — in a Japanese edition a work in
Japanese conventions (「題名」『誌名』2025年11月1日、…。), in an English briefing a Japanese
work in English ones (its title as written, its translation in brackets).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.cite.locators import absorb_range_tail
from briefkit.cite.names import name_list
from briefkit.cite.parts import locator, page_range, title
from briefkit.cite.positions import CitePosition, Position
from briefkit.cite.registry import CiteRequest, Joiner, State, render
from briefkit.lang import primary_subtag
from briefkit.model.citestyle import CitationStyle
from briefkit.model.housestyle import HouseStyle
from briefkit.model.reference import Reference

__all__ = ["CitationFormatter", "CiteRequest", "page_range"]

_CLOSING = "」』）)］]〉》"  # closing marks a terminal full stop may follow
# Japanese puts no 、 next to the corner brackets of a title: 防衛省「題名」2025年11月1日
_CORNER_OPEN = "「『"
_CORNER_CLOSE = "」』"


def _latin(char: str) -> bool:
    """A letter or digit of the Latin script (a, é, 3) or its punctuation (cf., e.g.,)."""
    if char in ".,:;!?)]*'\"’”":
        return True
    return char.isalnum() and (char.isascii() or "LATIN" in unicodedata.name(char, ""))


def _opens_with_corner(segs: list[rt.Seg]) -> bool:
    first = segs[0] if segs else ""
    if isinstance(first, rt.Quote):
        return True
    return rt.seg_text(segs)[:1] in _CORNER_OPEN


def _closes_with_corner(segs: list[rt.Seg]) -> bool:
    last = segs[-1] if segs else ""
    if isinstance(last, rt.Quote):
        return True
    return rt.seg_text(segs)[-1:] in _CORNER_CLOSE


class VariantFormatter:
    """Forms (full, short, ibid, bibliography entry) in one citation style."""

    def __init__(self, style: CitationStyle, lang: str = "en") -> None:
        self.style = style
        self.lang = primary_subtag(lang)
        q = style.quotes
        self.builder = rt.InlineBuilder(q.outer, q.inner, q.punctuation_inside, style.typography)
        self.closers = q.outer[1] + q.inner[1] + style.translated_title[1] + _CLOSING

    def join(self, pieces: list[tuple[list[rt.Seg], str]]) -> list[rt.Seg]:
        out: list[rt.Seg] = []
        skip_at_brackets = self.style.punctuation.none_at_brackets
        for segs, joiner in pieces:
            if out:
                at_corner = _closes_with_corner(out) or _opens_with_corner(segs)
                if not (skip_at_brackets and at_corner):
                    out.append(joiner)
            out.extend(segs)
        return out

    def segments(self, req: CiteRequest) -> list[rt.Seg]:
        pos = req.position.position
        ibid = self.style.ibid
        if ibid.enabled and pos is Position.IBID:
            return [ibid.term]
        if ibid.enabled and pos is Position.IBID_WITH_LOCATOR:
            return [ibid.term, self.style.punctuation.ibid_locator, *locator(self.style, req)]
        if pos is Position.FIRST or self._repeat_full(req):
            return self.full(req)
        return self.short(req)

    def _repeat_full(self, req: CiteRequest) -> bool:
        if self.style.subsequent == "full":
            return True
        return self.style.subsequent == "near-note" and not req.position.near_note

    def full(self, req: CiteRequest) -> list[rt.Seg]:
        """The layout's parts, each after the joiner it declares."""
        state = State(req, self.style, self.style.layout(req.ref.type), lang=self.lang)
        pieces = [
            (s, spec.joiner.text(self.style)) for spec, s in render(state.layout.parts, state)
        ]
        return self.join(pieces)

    def short(self, req: CiteRequest) -> list[rt.Seg]:
        """The style's `short` parts, all separated alike (a short form has no parentheses)."""
        state = State(req, self.style, self.style.layout(req.ref.type), lang=self.lang)
        sep = self.style.punctuation.part
        parts = state.layout.short or self.style.short
        return self.join([(s, sep) for _, s in render(parts, state)])

    def with_affixes(self, req: CiteRequest) -> list[rt.Seg]:
        req = absorb_range_tail(req)  # [@key, 12--14]: "–14" is the locator's, not a suffix
        segs = self.segments(req)
        out: list[rt.Seg] = []
        space = self.style.punctuation.affix_space
        if req.prefix:
            out.append(rt.Src(req.prefix))
            typed = ir.plain_text(req.prefix)
            if not typed.endswith((" ", "\u00a0")):
                # a Japanese style sets no space after a prefix (参照、Kato), but a Latin one
                # was typed with a space before the key and keeps it: "see also Kato", "cf.
                # 防衛省", not "see alsoKato"; none before a bracket, which Japanese sets close
                after = rt.seg_text(segs)[:1].isalnum() and not _opens_with_corner(segs)
                latin = _latin(typed[-1:]) and after
                out.append(" " if latin else space)
        out.extend(segs)
        if req.suffix:
            suffix = req.suffix
            text = ir.plain_text(suffix)
            # a comma before the suffix is punctuation the builder may move inside a closing
            # quote (quotes.punctuation-inside): “Title,” emphasis added
            first = suffix[0] if suffix else None
            if isinstance(first, ir.Text) and first.text[:1] in ",.":
                out.append(first.text[0])
                rest = first.text[1:]
                suffix = ((ir.Text(rest),) if rest else ()) + suffix[1:]
                text = text[1:]
            if text and text[0] not in ",.;:)]、。，；：）" and not text[0].isspace():
                out.append(space)
            out.append(rt.Src(suffix))
        return out

    def listed(self, ref: Reference) -> bool:
        """Whether the bibliography lists `ref` (`layouts.<type>.listed`)."""
        rule = self.style.layout(ref.type).listed
        if rule == "when-accessible":
            return bool(ref.URL or ref.DOI or ref.container_title or ref.archive)
        return rule == "always"

    def bibliography_entry(self, ref: Reference) -> tuple[ir.Inline, ...]:
        """A reference-list entry: first author inverted, elements separated by full stops."""
        pos = CitePosition(Position.FIRST, False, 0, None)
        # no locator in the request: a `locator` part prints nothing in an entry
        req = CiteRequest(ref, pos, 0)
        state = State(
            req, self.style, self.style.layout(ref.type), bibliography=True, lang=self.lang
        )
        terminal = self.style.punctuation.terminal
        major = terminal + " " if terminal == "." else terminal
        pieces: list[tuple[list[rt.Seg], str]] = []
        sentences = self.style.bibliography.sentences and state.layout.sentences
        after_major = False  # Chicago: the parts declared `major` (author, title) end a sentence
        for spec, segs in render(state.layout.parts, state):
            sentence = (after_major or spec.opens) and bool(pieces) and sentences
            if sentence:  # a part that starts a sentence starts with a capital: "In", "Edited"
                segs = rt.capitalize_first(segs)
                # "Jr." or "3rd ed." ends the sentence itself: no second full stop
                joiner = " " if rt.seg_text(pieces[-1][0]).endswith(".") else major
            elif spec.joiner is Joiner.SPACE and not spec.opens:  # "*Nikkei Asia* (New York)"
                # (`publication` opens a sentence: in an entry it has no parentheses)
                joiner = spec.joiner.text(self.style)
            else:
                joiner = self.style.punctuation.part
            pieces.append((segs, joiner))
            after_major = spec.major
        segs = self.join(pieces)
        if segs and not rt.ends_with_terminal(segs, self.closers):
            segs.append(terminal)
        return self.builder.build(segs)


class CitationFormatter:
    """Formats citations in the form of the briefing's language.

    The briefing's language decides the form of every note — punctuation, date format, terms
    (ibid./同上, p./頁), quotation marks — whatever the source's language: an English reader
    gets a Japanese source in English form, its title as written with the translation in
    brackets; a Japanese edition gets every source in Japanese form. The source's language
    decides only how its own title is treated (never title-cased unless it is English; shown
    with its translation where the two languages differ)."""

    def __init__(self, house: HouseStyle, lang: str = "en") -> None:
        self.form = VariantFormatter(house.citations_for(lang), lang)
        self.delimiter = self.form.style.delimiter  # between the sources of one citation

    def variant(self, ref: Reference) -> VariantFormatter:
        """The form every source of this briefing is printed in (the briefing's language)."""
        return self.form

    def citation(
        self, requests: Sequence[CiteRequest], *, starts_note: bool, ends_note: bool
    ) -> tuple[ir.Inline, ...]:
        """All sources of one citation, each in its own form, joined by the delimiter."""
        out: list[ir.Inline] = []
        for index, req in enumerate(requests):
            fmt = self.variant(req.ref)
            segs = fmt.with_affixes(req)
            if index == 0 and starts_note and fmt.style.punctuation.capitalize:
                segs = rt.capitalize_first(segs)
            if index:
                out.append(ir.Text(self.delimiter))
            if index == len(requests) - 1 and ends_note and segs:
                if not rt.ends_with_terminal(segs, fmt.closers + "。"):
                    segs.append(fmt.style.punctuation.terminal)
            out.extend(fmt.builder.build(segs))
        return tuple(rt.merge_text(out))

    def in_text_author(self, ref: Reference) -> tuple[ir.Inline, ...]:
        """The words that stand in the sentence for `@key` (the note carries the citation)."""
        fmt = self.variant(ref)
        names = ref.author or ref.editor
        if names:
            return fmt.builder.build([name_list(names, fmt.style.names, short=True)])  # O’Neil
        return fmt.builder.build(title(fmt.style, ref, short=True))

    def bibliography_entry(self, ref: Reference) -> tuple[ir.Inline, ...]:
        return self.variant(ref).bibliography_entry(ref)

    def listed(self, ref: Reference) -> bool:
        return self.variant(ref).listed(ref)
