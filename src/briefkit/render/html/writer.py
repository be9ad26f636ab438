"""Render stage helper: resolved IR blocks and inlines -> HTML fragments (`Markup`).

Consumes `ir.ResolvedDocument` pieces and produces escaped markup for the page template in
`render.html`; it never formats a citation or numbers a note. `media` decides where note
bodies go: listed at the end for the screen, placed at their calls for print (the PDF).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any, Literal, assert_never

from markupsafe import Markup, escape

from briefkit import ir
from briefkit.render.html.math import math_markup
from briefkit.urls import is_safe_url

Media = Literal["screen", "print"]


_BREAK_AFTER = "/-_.?&=#"


def url_breaks(url: str) -> Markup:
    """A URL with line-break opportunities (zero-width spaces) after its separators.

    WeasyPrint's `<wbr>` is a pseudo-element in its own inline box, which its line breaker
    does not reliably use; a zero-width space inside the text run is.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    head = escape(scheme + sep)
    parts: list[Markup] = [head]
    for i, ch in enumerate(rest):
        parts.append(escape(ch))
        if ch in _BREAK_AFTER and i + 1 < len(rest) and rest[i + 1] not in _BREAK_AFTER:
            parts.append(Markup("\u200b"))  # zero-width space: Pango breaks here
    return Markup("").join(parts)


def _note_refs(inlines: Iterable[ir.Inline]) -> list[ir.NoteRef]:
    return [node for node in ir.walk(inlines) if isinstance(node, ir.NoteRef)]


def _notes_data(name: str, inlines: Iterable[ir.Inline]) -> Markup:
    """` data-<name>="1 2"`: the numbers of the notes `inlines` call (nothing if none)."""
    numbers = [str(n.number) for n in _note_refs(inlines)]
    return Markup(' data-%s="%s"') % (name, " ".join(numbers)) if numbers else Markup("")


class HtmlWriter:
    """IR -> HTML fragments (Markup)."""

    def __init__(self, doc: ir.ResolvedDocument, media: Media) -> None:
        self.doc = doc
        self.media = media
        self.notes = {n.number: n for n in doc.notes}
        self.labels = doc.meta.labels

    # ------------------------------------------------------------ inlines
    def inlines(self, nodes: Iterable[ir.Inline]) -> Markup:
        return Markup("").join(self.inline(n) for n in nodes)

    def inline(self, node: ir.Inline) -> Markup:
        match node:
            case ir.Text(text=t):
                return escape(t)
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
                text = self.inlines(c)
                if self.media == "print" and ir.plain_text(c) == url:
                    text = url_breaks(url)  # a printed URL may wrap after / - _ .
                return Markup('<a href="%s"%s>%s</a>') % (url, attrs, text)
            case ir.Image(asset=key, alt=alt, title=title):
                return self.image(key, alt, title)
            case ir.LineBreak():
                return Markup("<br>")
            case ir.NoteRef(number=n):
                return self.note_call(n)
            case ir.Math(tex=tex, mathml=mathml, display=display):
                return math_markup(tex, mathml, display, self.media)
        assert_never(node)

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
            note = self.notes[number]
            return Markup('<span class="footnote" id="note-%d" data-note="%d">%s</span>') % (
                number,
                number,
                self.note_body_inline(note),
            )
        return Markup(
            '<a class="note-ref" id="note-ref-%d" href="#note-%d" role="doc-noteref">'
            "<sup>%d</sup></a>"
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
        """A note's paragraphs as inline-level spans (a footnote lives inside a paragraph)."""
        parts = []
        for block in note.blocks:
            inner = (
                self.inlines(block.inlines)
                if isinstance(block, ir.Paragraph)
                else escape(ir.blocks_text([block]))
            )
            parts.append(Markup('<span class="footnote-para">%s</span>') % inner)
        return Markup("").join(parts)

    # ------------------------------------------------------------ blocks
    def blocks(self, blocks: Sequence[ir.ResolvedBlock], after_heading: bool = False) -> Markup:
        out = []
        for i, b in enumerate(blocks):
            follows = (after_heading and i == 0) or (
                i > 0 and isinstance(blocks[i - 1], ir.Heading)
            )
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            out.append(self.block(b, after_heading=follows, next_block=nxt))
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
                return Markup("<p%s>%s</p>") % (attrs, self.inlines(ins))
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
            case ir.OrderedList(items=items, start=start, tight=tight):
                first = Markup(' start="%d"') % start if start != 1 else Markup("")
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
                    self.caption(label, cap),
                )
            case ir.Table(header=header, rows=rows, aligns=aligns):
                table = self.table(header, rows, aligns)
                if not (block.caption or block.label or block.id):
                    return table
                caption = Markup("<caption>%s</caption>") % self.caption(block.label, block.caption)
                ident = Markup(' id="%s"') % block.id if block.id else Markup("")
                return Markup(str(table).replace("<table>", f"<table{ident}>\n{caption}", 1))
            case ir.DefinitionList(items=items):
                return self.definition_list(items)
            case ir.Div():
                return self.div(block)
        assert_never(block)

    def div(self, div: ir.Div[ir.Inline]) -> Markup:
        """A house-style box (labelled; `aside` as <aside>), or a plain div with its classes."""
        classes = ("box", *div.classes) if div.label else div.classes
        tag = "aside" if div.label and "aside" in div.classes else "div"
        attrs = Markup(' class="%s"') % " ".join(classes) if classes else Markup("")
        if div.id:
            attrs += Markup(' id="%s"') % div.id
        head = Markup('<p class="box-label">%s</p>\n') % div.label if div.label else Markup("")
        return Markup("<%s%s>\n%s%s\n</%s>") % (tag, attrs, head, self.blocks(div.blocks), tag)

    def caption(self, label: str, caption: Sequence[ir.Inline]) -> Markup:
        """ "Figure 1. The caption": the label (numbered by resolve), the house style's
        separator, the caption."""
        if not label:
            return self.inlines(caption)
        sep = self.labels.get("caption-separator", ". ") if caption else ""
        head = Markup('<span class="caption-label">%s%s</span>') % (label, sep.rstrip(" "))
        return head + (Markup(" ") if sep.endswith(" ") else Markup("")) + self.inlines(caption)

    def definition_list(self, items: Sequence[ir.Definition[ir.Inline]]) -> Markup:
        parts: list[Markup] = []
        for item in items:
            term = self.inlines(item.term)
            parts.append(Markup("<dt%s>%s</dt>") % (self.notes_attr(item.term), term))
            parts.extend(Markup("<dd>\n%s\n</dd>") % self.blocks(d) for d in item.definitions)
        return Markup("<dl>\n%s\n</dl>") % Markup("\n").join(parts)

    def list_items(self, items: Sequence[Sequence[ir.ResolvedBlock]], tight: bool) -> Markup:
        out = []
        for item in items:
            if tight:
                inner = Markup("\n").join(
                    self.inlines(b.inlines) if isinstance(b, ir.Paragraph) else self.block(b)
                    for b in item
                )
            else:
                inner = self.blocks(item)
            calls = [i for b in item if isinstance(b, ir.Paragraph) for i in b.inlines]
            out.append(Markup("<li%s>%s</li>") % (self.notes_attr(calls), inner))
        return Markup("\n").join(out)

    def table(
        self,
        header: Sequence[Sequence[ir.Inline]],
        rows: Sequence[Sequence[Sequence[ir.Inline]]],
        aligns: Sequence[str],
    ) -> Markup:
        def cell(tag: str, i: int, content: Sequence[ir.Inline]) -> Markup:
            align = aligns[i] if i < len(aligns) else ""
            style = Markup(' style="text-align:%s"') % align if align else Markup("")
            name = tag.split(" ")[0]
            return Markup("<%s%s>%s</%s>") % (Markup(tag), style, self.inlines(content), name)

        head = Markup("").join(cell('th scope="col"', i, c) for i, c in enumerate(header))
        body = Markup("\n").join(
            Markup("<tr>%s</tr>") % Markup("").join(cell("td", i, c) for i, c in enumerate(row))
            for row in rows
        )
        return Markup("<table>\n<thead><tr>%s</tr></thead>\n<tbody>\n%s\n</tbody>\n</table>") % (
            head,
            body,
        )

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
