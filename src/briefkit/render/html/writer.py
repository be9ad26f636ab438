"""Render stage helper: resolved IR blocks and inlines -> HTML fragments (`Markup`).

Consumes `ir.ResolvedDocument` pieces and produces escaped markup for the page template in
`render.html`; it never formats a citation or numbers a note. `media` decides where note
bodies go: listed at the end for the screen, placed at their calls for print (the PDF).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, assert_never

from markupsafe import Markup, escape

from briefkit import ir
from briefkit.lang import CJK_RUN, HANGUL_CHAR, KANA_CHAR, WORD_JOINER, tie_numbers
from briefkit.model.housestyle import Typography
from briefkit.render import notetext
from briefkit.render.html import floats, pandoc, tables
from briefkit.render.html.hyphenate import Hyphenation
from briefkit.render.html.math import math_markup
from briefkit.render.html.spans import span_markup
from briefkit.urls import is_safe_url, looks_like_url, split_urls, url_segments

Media = Literal["screen", "print"]


# A note call follows WORD_JOINER (lang, U+2060): no line break between it and whatever
# precedes it (a word, a closing quote, a parenthesis, a full stop), in browsers and in Pango


def url_markup(url: str) -> Markup:
    """A printed URL, breakable only where CMOS 14.18 allows (`urls.url_break_points`).

    Each piece between two break points is a `<span>` the style sets `white-space: nowrap`
    (so neither the browser, nor Pango after a `/` or a `-`, breaks inside it, and nothing
    is hyphenated); a `<wbr>` between pieces is the only break opportunity. `<wbr>` adds no
    character, so the address copies from the page exactly; in the PDF it is a zero-width
    space that text extraction does not return.
    """
    return Markup("<wbr>").join(_url_piece(piece) for piece in url_segments(url))


# a piece longer than this may be wider than a line (a phone's, a note's): it may break
# anywhere, without a hyphen, if it must (`overflow-wrap: anywhere`), never otherwise
_LONG_PIECE = 40


def _url_piece(piece: str) -> Markup:
    if len(piece) <= _LONG_PIECE:
        return Markup("<span>%s</span>") % piece
    # the separator the piece starts with stays with the letters after it
    return Markup('<span>%s</span><span class="url-long">%s</span>') % (piece[:2], piece[2:])


def _url_text(children: Sequence[ir.Inline]) -> str | None:
    """The address a link prints, if its text is one (plain text only)."""
    if not children or not all(isinstance(c, ir.Text) for c in children):
        return None
    text = ir.plain_text(children)
    return text if looks_like_url(text) else None


def _lang_runs(text: str, doc_lang: str, plain: Callable[[str], Markup] = escape) -> Markup:
    """Escaped `text` (the rest through `plain`), CJK stretches inside a page of another
    language in `<span lang>`, so screen readers, fonts and line breaking treat them as
    Japanese (or Korean)."""
    if is_cjk_lang(doc_lang) or CJK_RUN.search(text) is None:
        return plain(text)
    parts: list[Markup] = []
    pos = 0
    for m in CJK_RUN.finditer(text):
        parts.append(plain(text[pos : m.start()]))
        chunk = m.group()
        korean = HANGUL_CHAR.search(chunk) is not None and KANA_CHAR.search(chunk) is None
        parts.append(Markup('<span lang="%s">%s</span>') % ("ko" if korean else "ja", chunk))
        pos = m.end()
    parts.append(plain(text[pos:]))
    return Markup("").join(parts)


def is_cjk_lang(lang: str) -> bool:
    return lang.lower().startswith(("ja", "zh", "ko"))


def _note_refs(inlines: Iterable[ir.Inline]) -> list[ir.NoteRef]:
    return [node for node in ir.walk(inlines) if isinstance(node, ir.NoteRef)]


def _notes_data(name: str, inlines: Iterable[ir.Inline]) -> Markup:
    """` data-<name>="1 2"`: the numbers of the notes `inlines` call (nothing if none)."""
    numbers = [str(n.number) for n in _note_refs(inlines)]
    return Markup(' data-%s="%s"') % (name, " ".join(numbers)) if numbers else Markup("")


class HtmlWriter:
    """IR -> HTML fragments (Markup)."""

    def __init__(
        self, doc: ir.ResolvedDocument, media: Media, typography: Typography | None = None
    ) -> None:
        self.doc = doc
        self.media = media
        self.notes = {n.number: n for n in doc.notes}
        self.labels = doc.meta.labels
        # the print page carries the house's hyphenation (region, protected words) in body
        # text; the screen page leaves hyphenation to the browser
        use = media == "print" and typography is not None
        self.hyphenation = Hyphenation(doc.meta.lang, typography) if use and typography else None
        self.in_body_text = False
        self.floated = 0  # figures given room to move (render.html.floats), print only

    def body_attrs(self) -> Markup:
        """A body paragraph's hyphenation attributes in print (` lang="en-US"`)."""
        return self.hyphenation.paragraph_attrs() if self.hyphenation else Markup("")

    def body_inlines(self, nodes: Iterable[ir.Inline]) -> Markup:
        """Inlines of body text (a paragraph, a list item): the only text hyphenated."""
        outer, self.in_body_text = self.in_body_text, True
        try:
            return self.inlines(nodes)
        finally:
            self.in_body_text = outer

    # ------------------------------------------------------------ inlines
    def inlines(self, nodes: Iterable[ir.Inline]) -> Markup:
        return Markup("").join(self.inline(n) for n in nodes)

    def inline(self, node: ir.Inline) -> Markup:
        match node:
            case ir.Text(text=t):
                return self.text(t)
            case ir.Emph(children=c):
                return Markup("<em>%s</em>") % self.inlines(c)
            case ir.Strong(children=c):
                return Markup("<strong>%s</strong>") % self.inlines(c)
            case ir.Strikeout(children=c):
                return Markup("<del>%s</del>") % self.inlines(c)
            case ir.SmallCaps(children=c):
                return Markup('<span class="smallcaps">%s</span>') % self.inlines(c)
            case ir.Superscript(children=c):
                return Markup("<sup>%s</sup>") % self.inlines(c)
            case ir.Subscript(children=c):
                return Markup("<sub>%s</sub>") % self.inlines(c)
            case ir.Code(text=t):
                return Markup("<code>%s</code>") % t
            case ir.Link(children=c, url=url, title=title):
                if not is_safe_url(url):  # never reached from resolve; a second line of defence
                    return self.inlines(c)
                attrs = Markup(' title="%s"') % title if title else Markup("")
                address = _url_text(c)
                if address is not None:  # a printed address: CMOS 14.18 breaks only
                    attrs += Markup(' class="url"')
                    text = url_markup(address)
                else:
                    text = self.inlines(c)
                return Markup('<a href="%s"%s>%s</a>') % (url, attrs, text)
            case ir.Image(asset=key, alt=alt, title=title):
                return self.image(key, alt, title)
            case ir.LineBreak():
                return Markup("<br>")
            case ir.NoteRef(number=n):
                return self.note_call(n)
            case ir.Math(tex=tex, mathml=mathml, display=display):
                return math_markup(tex, mathml, display, self.media)
            case ir.Span() as span:
                return span_markup(span, self.inlines(span.children))
        assert_never(node)

    def text(self, text: str) -> Markup:
        """Plain text: a bare address in it typeset as a URL (`<span class="url">`), body
        words the house's hyphenation rules (print), CJK runs their `lang`."""
        out: list[Markup] = []
        for piece, is_url in split_urls(text):
            if is_url:
                out.append(Markup('<span class="url">%s</span>') % url_markup(piece))
                continue
            body = self.hyphenation if self.in_body_text else None
            if self.media == "print":  # the PDF copies the joiners as nothing; a browser would
                piece = tie_numbers(piece)
            out.append(_lang_runs(piece, self.doc.meta.lang, body or escape))
        return Markup("").join(out)

    def image(self, key: str, alt: str, title: str | None) -> Markup:
        asset = self.doc.assets.get(key)
        if asset is None:  # load reported it; keep the text readable
            return escape(alt)
        data = base64.b64encode(asset.data).decode("ascii")
        attrs = Markup(' title="%s"') % title if title else Markup("")
        return Markup('<img src="data:%s;base64,%s" alt="%s"%s>') % (
            asset.media_type,
            data,
            alt,
            attrs,
        )

    def note_call(self, number: int) -> Markup:
        if self.media == "print":
            # the note body sits at its call; CSS floats it to the foot of the page
            # the joiner stays in the paragraph: the footnote's call takes the span's place
            note = self.notes[number]
            return Markup(
                WORD_JOINER + '<span class="footnote" id="note-%d" data-note="%d">%s</span>'
            ) % (
                number,
                number,
                self.note_body_inline(note),
            )
        return Markup(
            WORD_JOINER + '<a class="note-ref" id="note-ref-%d" href="#note-%d" '
            'role="doc-noteref"><sup>%d</sup></a>'
        ) % (number, number, number)

    def notes_attr(self, inlines: Sequence[ir.Inline]) -> Markup:
        """In print, a block names the notes it calls, so the PDF renderer can move it to the
        next page when WeasyPrint cannot fit those notes on the page of the calls."""
        if self.media != "print":
            return Markup("")
        return _notes_data("notes", inlines)

    def next_notes_attr(self, next_block: ir.ResolvedBlock | None) -> Markup:
        """A heading names the notes of the paragraph after it: if that paragraph must start
        a new page, the heading goes with it."""
        if self.media != "print" or not isinstance(next_block, ir.Paragraph):
            return Markup("")
        return _notes_data("next-notes", next_block.inlines)

    def note_body_inline(self, note: ir.Note) -> Markup:
        """A note's paragraphs as inline-level spans (a footnote lives inside a paragraph).
        Notes are not hyphenated, even though they sit inside a body paragraph."""
        outer, self.in_body_text = self.in_body_text, False
        try:
            return self._note_paras(note)
        finally:
            self.in_body_text = outer

    def _note_paras(self, note: ir.Note) -> Markup:
        """Each printed paragraph a span (notetext: lists, quotes and code flattened, markers
        as text); the depth a class the house CSS indents by."""
        parts = []
        for para in notetext.note_paras(note.blocks):
            cls = "footnote-para"
            if para.depth:
                cls += f" footnote-depth-{min(para.depth, 4)}"
            if para.kind == "code":
                inner = Markup('<code class="footnote-code">%s</code>') % para.code
            else:
                inner = self.inlines(para.inlines)
            if para.marker:
                cls += " footnote-item"
                # a no-break space: the marker never ends a line alone
                inner = Markup('<span class="footnote-item-marker">%s</span>\u00a0%s') % (
                    para.marker,
                    inner,
                )
            parts.append(Markup('<span class="%s">%s</span>') % (cls, inner))
        return Markup("").join(parts)

    # ------------------------------------------------------------ blocks
    def blocks(self, blocks: Sequence[ir.ResolvedBlock], after_heading: bool = False) -> Markup:
        out = []
        moving = 0  # the key of the figure before this block, if it may move past it
        for i, b in enumerate(blocks):
            follows = (after_heading and i == 0) or (
                i > 0 and isinstance(blocks[i - 1], ir.Heading)
            )
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            made = self.block(b, after_heading=follows, next_block=nxt)
            if moving:
                made, moving = floats.marked(made, floats.BLOCK, moving), 0
            elif self.media == "print" and nxt is not None and floats.movable(b, nxt):
                self.floated = moving = self.floated + 1
                after = blocks[i + 2] if i + 2 < len(blocks) else None
                copy = self.block(nxt, next_block=after)
                out.append(floats.marked(copy, floats.COPY, moving, hidden=True))
                made = floats.marked(made, floats.FIGURE, moving)
            out.append(made)
        return Markup("\n").join(out)

    def block(
        self,
        block: ir.ResolvedBlock,
        after_heading: bool = False,
        next_block: ir.ResolvedBlock | None = None,
    ) -> Markup:
        match block:
            case ir.Paragraph(inlines=ins):
                attrs = self.notes_attr(ins)
                if attrs and after_heading:
                    attrs += Markup(" data-after-heading")
                attrs += self.body_attrs()
                return Markup("<p%s>%s</p>") % (attrs, self.body_inlines(ins))
            case ir.Heading(level=level, inlines=ins, id=hid):
                h = min(level + 1, 6)  # h1 is the briefing's title
                return Markup('<h%d id="%s"%s>%s</h%d>') % (
                    h,
                    hid,
                    self.next_notes_attr(next_block),
                    self.inlines(ins),
                    h,
                )
            case ir.BlockQuote(blocks=bs):
                return Markup("<blockquote>\n%s\n</blockquote>") % self.blocks(bs)
            case ir.BulletList(items=items, tight=tight):
                return Markup("<ul>\n%s\n</ul>") % self.list_items(items, tight)
            case ir.OrderedList(items=items, start=start, tight=tight, style=ls, delim=delim):
                first = pandoc.list_start(start) + pandoc.list_style(ls, delim)
                return Markup("<ol%s>\n%s\n</ol>") % (first, self.list_items(items, tight))
            case ir.CodeBlock(text=t, language=lang):
                cls = Markup(' class="language-%s"') % lang if lang else Markup("")
                return Markup("<pre><code%s>%s</code></pre>") % (cls, t)
            case ir.ThematicBreak():
                return Markup("<hr>")
            case ir.Figure(image=img, caption=cap, id=fid, label=label):
                return Markup("<figure%s>%s<figcaption>%s</figcaption></figure>") % (
                    Markup(' id="%s"') % fid if fid else Markup(""),
                    self.image(img.asset, img.alt, img.title),
                    pandoc.caption(self, label, cap),
                )
            case ir.Table():
                return tables.table(self, block)
            case ir.DefinitionList(items=items):
                return pandoc.definition_list(self, items)
            case ir.Div():
                return pandoc.div(self, block)
        assert_never(block)

    def list_items(self, items: Sequence[Sequence[ir.ResolvedBlock]], tight: bool) -> Markup:
        out = []
        for item in items:
            if tight:
                inner = Markup("\n").join(
                    self.body_inlines(b.inlines) if isinstance(b, ir.Paragraph) else self.block(b)
                    for b in item
                )
            else:
                inner = self.blocks(item)
            calls = [i for b in item if isinstance(b, ir.Paragraph) for i in b.inlines]
            attrs = self.notes_attr(calls) + self.body_attrs()
            out.append(Markup("<li%s>%s</li>") % (attrs, inner))
        return Markup("\n").join(out)

    def sections(self) -> list[dict[str, Any]]:
        """Body blocks grouped under their top-level headings (one <section> each)."""
        sections: list[dict[str, Any]] = []
        current: dict[str, Any] = {"heading": None, "id": "", "blocks": []}
        for block in self.doc.body:
            if isinstance(block, ir.Heading) and block.level == 1:
                if current["heading"] is not None or current["blocks"]:
                    sections.append(current)
                current = {"heading": self.inlines(block.inlines), "id": block.id, "blocks": []}
            else:
                current["blocks"].append(block)
        if current["heading"] is not None or current["blocks"]:
            sections.append(current)
        for s in sections:
            s["html"] = self.blocks(s["blocks"], after_heading=s["heading"] is not None)
            first = s["blocks"][0] if s["blocks"] else None
            s["heading_attrs"] = self.next_notes_attr(first)
        return sections

    def endnotes(self) -> list[dict[str, Any]]:
        """Notes for the screen page's notes list, each with its back-link target."""
        back = self.labels.get("back-to-text", "Back to text")
        out = []
        for note in self.doc.notes:
            blocks = list(note.blocks)
            link = Markup(
                ' <a class="note-back" href="#note-ref-%d" role="doc-backlink" '
                'aria-label="%s">\u21a9\ufe0e</a>'
            ) % (note.number, back)
            if blocks and isinstance(blocks[-1], ir.Paragraph):
                body = self.blocks(blocks[:-1])
                last = Markup("<p>%s%s</p>") % (self.inlines(blocks[-1].inlines), link)
                html = Markup("\n").join(x for x in (body, last) if x)
            else:
                html = self.blocks(blocks) + Markup("<p>%s</p>") % link
            out.append({"number": note.number, "html": html, "origin": note.origin})
        return out
