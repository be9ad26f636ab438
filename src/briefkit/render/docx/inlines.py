"""Render stage: resolved inlines -> Word runs (`w:r`, `w:hyperlink`) for one part.

Walks `ir.Inline` nodes with `match` + `assert_never`, like the HTML renderer, and never
formats a citation or numbers a note: a `NoteRef` becomes whatever the footnotes writer
returns for that number. Inline emphasis is direct run formatting (what Ctrl+I gives an
editor); structure uses character styles ("Hyperlink", "Verbatim Char", "Footnote
Reference"). CJK text (`briefkit.lang`) is split into runs of its own that name the
East-Asian font of the paragraph's style and carry `w:hint="eastAsia"`, so Word does not set
Japanese in a Latin font nor Latin punctuation in a CJK one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import assert_never

from docx.parts.story import StoryPart

from briefkit import ir
from briefkit.lang import CJK_RUN, HANGUL_CHAR, KANA_CHAR, primary_subtag
from briefkit.render.docx.context import Context, bookmark_name
from briefkit.render.docx.images import picture_run
from briefkit.render.docx.links import hyperlink
from briefkit.render.docx.math import omml
from briefkit.render.docx.oxml import Element, el, props, qn, text_run
from briefkit.render.docx.typography import word_url
from briefkit.urls import looks_like_url, split_urls


@dataclass(frozen=True)
class Fmt:
    """Run formatting inherited down the inline tree."""

    style: str | None = None  # character style id
    bold: bool = False
    italic: bool = False
    strike: bool = False
    small_caps: bool = False
    vert: str | None = None  # "superscript" | "subscript"
    in_link: bool = False
    underline: bool = False
    highlight: bool = False
    lang: str | None = None  # a span's `lang=` (a Latin-script language: `w:lang w:val`)

    def rpr(self, east_asia: str | None = None, lang: str | None = None) -> Element:
        """`east_asia`: the East-Asian font of a CJK run (and its hint); `lang` its language."""
        children: list[Element] = []
        if self.style:
            children.append(el("w:rStyle", {"w:val": self.style}))
        if east_asia:
            children.append(el("w:rFonts", {"w:eastAsia": east_asia, "w:hint": "eastAsia"}))
        for flag, tag in (
            (self.bold, "w:b"),
            (self.italic, "w:i"),
            (self.small_caps, "w:smallCaps"),
            (self.strike, "w:strike"),
        ):
            if flag:
                children.append(el(tag))
        if self.highlight:
            children.append(el("w:highlight", {"w:val": "yellow"}))
        if self.underline:
            children.append(el("w:u", {"w:val": "single"}))
        if self.vert:
            children.append(el("w:vertAlign", {"w:val": self.vert}))
        langs = {"w:val": self.lang} if self.lang else {}
        if lang:
            langs["w:eastAsia"] = lang
        if langs:
            children.append(el("w:lang", langs))
        return props("w:rPr", children)


class InlineWriter:
    """Inlines -> run-level elements of one part (`part` owns links and pictures)."""

    def __init__(self, ctx: Context, part: StoryPart, in_note: bool = False) -> None:
        self.ctx = ctx
        self.part = part
        self.in_note = in_note
        styles = ctx.styles
        self.hyperlink_style = styles.id("Hyperlink", "character")
        self.code_style = styles.id("Verbatim Char", "character")
        self.note_style = styles.id("Footnote Reference", "character")
        lang = ctx.doc.meta.lang.lower()
        self.cjk_lang = ctx.doc.meta.lang if lang.startswith(("ja", "zh", "ko")) else "ja-JP"
        self.span_cjk: str | None = None  # the `lang=` of the CJK span being written

    def runs(
        self, nodes: Iterable[ir.Inline], para_style: str | None, fmt: Fmt | None = None
    ) -> list[Element]:
        """Run-level elements for `nodes` in a paragraph of style id `para_style`."""
        out: list[Element] = []
        east_asia = self.ctx.styles.east_asian_font(para_style)
        for node in nodes:
            if isinstance(node, ir.NoteRef):
                tie_to_previous(out)
            out.extend(self.inline(node, fmt or Fmt(), east_asia))
        return out

    def text(self, text: str, fmt: Fmt, east_asia: str | None) -> list[Element]:
        """Runs for `text`, CJK stretches in runs of their own; a bare address in it gets
        Word's URL break points."""
        pieces = split_urls(text)
        if any(is_url for _, is_url in pieces):
            text = "".join(word_url(p) if is_url else p for p, is_url in pieces)
        return self._text_runs(text, fmt, east_asia)

    def _text_runs(self, text: str, fmt: Fmt, east_asia: str | None) -> list[Element]:
        out: list[Element] = []
        pos = 0
        for m in CJK_RUN.finditer(text):
            if m.start() > pos:
                out.append(text_run(text[pos : m.start()], fmt.rpr()))
            chunk = m.group()
            korean = HANGUL_CHAR.search(chunk) is not None and KANA_CHAR.search(chunk) is None
            lang = self.span_cjk or ("ko-KR" if korean else None)
            out.append(text_run(chunk, fmt.rpr(east_asia or "", lang or self.cjk_lang)))
            pos = m.end()
        if pos < len(text):
            # in a CJK span, Latin text too is East-Asian (Word picks the font by the hint)
            cjk = self.span_cjk
            rpr = fmt.rpr(east_asia or "", cjk) if cjk else fmt.rpr()
            out.append(text_run(text[pos:], rpr))
        return out

    def inline(self, node: ir.Inline, fmt: Fmt, east_asia: str | None) -> list[Element]:
        match node:
            case ir.Text(text=t):
                return self.text(t, fmt, east_asia)
            case ir.Emph(children=c):
                return self._children(c, replace(fmt, italic=True), east_asia)
            case ir.Strong(children=c):
                return self._children(c, replace(fmt, bold=True), east_asia)
            case ir.Strikeout(children=c):
                return self._children(c, replace(fmt, strike=True), east_asia)
            case ir.SmallCaps(children=c):
                return self._children(c, replace(fmt, small_caps=True), east_asia)
            case ir.Superscript(children=c):
                return self._children(c, replace(fmt, vert="superscript"), east_asia)
            case ir.Subscript(children=c):
                return self._children(c, replace(fmt, vert="subscript"), east_asia)
            case ir.Code(text=t):
                # inside a link the link's style wins: a run has one character style
                style = fmt.style if fmt.in_link else self.code_style
                return self.text(t, replace(fmt, style=style), east_asia)
            case ir.Link(children=c, url=url, title=title):
                if fmt.in_link:  # Word cannot nest links; the outer one holds the text
                    return self._children(c, fmt, east_asia)
                inner = replace(fmt, style=self.hyperlink_style, in_link=True)
                address = ir.plain_text(c) if all(isinstance(x, ir.Text) for x in c) else ""
                if c and looks_like_url(address):  # a printed URL: CMOS 14.18 breaks only
                    runs = self._text_runs(word_url(address), inner, east_asia)
                else:
                    runs = self._children(c, inner, east_asia)
                return [hyperlink(self.part, url, runs, title)]
            case ir.Image() as image:
                run = picture_run(self.ctx, self.part, image)
                return [run] if run is not None else self.text(image.alt, fmt, east_asia)
            case ir.LineBreak():
                run = el("w:r")
                run.append(el("w:br"))
                return [run]
            case ir.NoteRef(number=n):
                return [self.note_ref(n, fmt)]
            case ir.Span() as span:
                return self.span(span, fmt, east_asia)
            case ir.Math(tex=t, mathml=mathml, display=display):
                # Word's own equation (OMML); TeX in code style only where the converter
                # cannot read the MathML, so the formula is never lost
                equation = omml(mathml, display)
                if equation is not None:
                    return [equation]
                style = fmt.style if fmt.in_link else self.code_style
                return self.text(t, replace(fmt, style=style), east_asia)
        assert_never(node)

    def _children(
        self, nodes: Iterable[ir.Inline], fmt: Fmt, east_asia: str | None
    ) -> list[Element]:
        out: list[Element] = []
        for child in nodes:
            if isinstance(child, ir.NoteRef):
                tie_to_previous(out)
            out.extend(self.inline(child, fmt, east_asia))
        return out

    def span(self, span: ir.Span[ir.Inline], fmt: Fmt, east_asia: str | None) -> list[Element]:
        """A bracketed span: underline and mark as run formatting, `lang=` as the runs'
        language (CJK: `w:lang w:eastAsia` and the East-Asian font hint), an id as a
        bookmark around the runs, so a `[link](#id)` reaches it."""
        classes = set(span.classes)
        fmt = replace(
            fmt,
            underline=fmt.underline or "underline" in classes,
            highlight=fmt.highlight or "mark" in classes,
        )
        outer = self.span_cjk
        if span.lang and primary_subtag(span.lang) in ("ja", "zh", "ko"):
            self.span_cjk = span.lang
        elif span.lang:
            fmt = replace(fmt, lang=span.lang)
        try:
            runs = self._children(span.children, fmt, east_asia)
        finally:
            self.span_cjk = outer
        if not span.id:
            return runs
        mark = str(self.ctx.bookmark_id())
        start = el("w:bookmarkStart", {"w:id": mark, "w:name": bookmark_name(span.id)})
        return [start, *runs, el("w:bookmarkEnd", {"w:id": mark})]

    def note_ref(self, number: int, fmt: Fmt) -> Element:
        """The footnotes writer's reference run; inside a note (Word has no notes in notes)
        the number is printed in the reference style."""
        if self.in_note or self.ctx.note_call is None:
            return text_run(str(number), Fmt(style=self.note_style).rpr())
        return self.ctx.note_call(number)


def tie_to_previous(out: list[Element]) -> None:
    """A note call stays with what precedes it: Word breaks a line at a space (and only
    there, in Latin text), so spaces right before a call become no-break spaces."""
    if not out or out[-1].tag != qn("w:r"):
        return
    texts = out[-1].findall(qn("w:t"))
    last = texts[-1] if texts else None
    if last is not None and last.text and last.text.endswith(" "):
        stripped = last.text.rstrip(" ")
        last.text = stripped + "\u00a0" * (len(last.text) - len(stripped))


def mark_east_asian(run: Element, font: str | None) -> None:
    """Give a filled-in template run with CJK text the East-Asian font of its paragraph."""
    rpr = run.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        fonts = el("w:rFonts")
        new = props("w:rPr", [*(list(rpr) if rpr is not None else []), fonts])
        if rpr is not None:
            run.replace(rpr, new)
        else:
            run.insert(0, new)
    fonts.set(qn("w:hint"), "eastAsia")
    if font:
        fonts.set(qn("w:eastAsia"), font)
