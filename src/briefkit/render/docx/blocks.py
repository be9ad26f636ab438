"""Render stage: resolved blocks -> Word block elements (`w:p`, `w:tbl`) for one part.

Walks `ir.ResolvedBlock` with `match` + `assert_never`. Every paragraph gets a named style
from the template; the caller says which style plain paragraphs take ("Body Text" in the body,
"Footnote Text" in a note, "Disclaimer" in the back matter...). Outside the body, headings,
quotes and list items keep that style (a heading inside a note must not enter the document's
outline, and a list in a note stays at the note's size); lists keep their real numbering
wherever they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, assert_never

from briefkit import ir
from briefkit.render.docx import boxes, tables
from briefkit.render.docx.captions import caption_paragraph
from briefkit.render.docx.context import bookmark_name
from briefkit.render.docx.images import FIGURE_HEIGHT_EMU
from briefkit.render.docx.inlines import Fmt, InlineWriter
from briefkit.render.docx.numbering import num_pr
from briefkit.render.docx.oxml import Element, el, paragraph, props, qn, text_run


def captioned(block: ir.Table[ir.Inline]) -> bool:
    """Whether the table has a caption paragraph (a number or an id is enough for one)."""
    return bool(block.caption or block.label or block.id)


class BlockWriter:
    def __init__(self, inlines: InlineWriter) -> None:
        self.inl = inlines
        self.ctx = inlines.ctx
        self.styles = inlines.ctx.styles
        self.body_style = self.styles.id("Body Text")

    def sid(self, name: str) -> str:
        return self.styles.id(name)

    # ------------------------------------------------------------ paragraphs
    def para(
        self,
        style_id: str,
        inlines: Sequence[ir.Inline] = (),
        *extra_ppr: Element,
        fmt: Fmt | None = None,
    ) -> Element:
        p = paragraph(style_id, *extra_ppr)
        for run in self.inl.runs(inlines, style_id, fmt):
            p.append(run)
        return p

    def blocks(
        self, blocks: Sequence[ir.ResolvedBlock], style: str | None = None, depth: int = 0
    ) -> list[Element]:
        """Elements for `blocks`; plain paragraphs in paragraph style id `style`."""
        out: list[Element] = []
        for block in blocks:
            made = self.block(block, style or self.body_style, depth)
            if out and boxes.is_gap(out[-1]) and isinstance(block, ir.Table) and captioned(block):
                out.pop()  # the caption's own space before parts the tables, as in the PDF
            if made and out and made[0].tag == out[-1].tag == qn("w:tbl"):
                # two tables in a row are one table to Word: a paragraph keeps them apart
                out.append(paragraph(style or self.body_style))
            out.extend(made)
        return out

    def block(self, block: ir.ResolvedBlock, style: str, depth: int) -> list[Element]:
        in_body = style == self.body_style
        match block:
            case ir.Paragraph(inlines=ins):
                return [self.para(style, ins)]
            case ir.Heading(level=level, inlines=ins, id=hid):
                if not in_body:
                    return [self.para(style, ins)]
                return [self.heading(level, ins, hid)]
            case ir.BlockQuote(blocks=bs):
                if in_body:
                    return self.blocks(bs, self.sid("Quote"), depth)
                return [self._indented(p) for p in self.blocks(bs, style, depth)]
            case ir.BulletList(items=items):
                num = self.ctx.numbering.bullet()
                item_style = self.sid("List Bullet") if in_body else style
                return self.list_items(items, num, item_style, style, depth)
            case ir.OrderedList(items=items, start=start, style=ls, delim=delim):
                num = self.ctx.numbering.ordered(start, depth, ls, delim, len(items))
                item_style = self.sid("List Number") if in_body else style
                return self.list_items(items, num, item_style, style, depth)
            case ir.CodeBlock(text=t):
                p = paragraph(self.sid("Source Code"))
                p.append(text_run(t.rstrip("\n"), Fmt().rpr()))
                return [p]
            case ir.ThematicBreak():
                return [paragraph(self.sid("Thematic Break"))]
            case ir.Figure(image=image, caption=caption):
                return self.figure(image, caption, block)
            case ir.Table():
                # the caption first, as it prints: the notes are written in reading order,
                # which is the order Word numbers them in (footnotes.py)
                made = [self.caption("Table", block.caption, block)] if captioned(block) else []
                made.append(tables.table(self, block))
                if style not in (self.sid("Table Text"), self.sid("Table Heading")):
                    # a paragraph's space under the table, as a box has (the PDF's table
                    # margin); a table in a cell ends on the cell's own padding
                    made.append(boxes.gap(style))
                return made
            case ir.DefinitionList(items=items):
                return self.definition_list(items, style, depth)
            case ir.Div(blocks=bs, label=label):
                return self.box(bs, label, style, depth)
        assert_never(block)

    def box(
        self, blocks: Sequence[ir.ResolvedBlock], label: str, style: str, depth: int
    ) -> list[Element]:
        """A house-style box: its label in bold, then its blocks, in a table whose left border
        is the box's rule (`render.docx.boxes`)."""
        if not label:
            return self.blocks(blocks, style, depth)
        head = self.para(style, [ir.Text(label)], el("w:keepNext"), fmt=Fmt(bold=True))
        column = self.ctx.text_width_emu

        def inner(width: int) -> list[Element]:
            self.ctx.text_width_emu = min(column, width * 635)  # twips -> EMU: pictures fit
            try:
                return self.blocks(blocks, style, depth)
            finally:
                self.ctx.text_width_emu = column

        width = round(column / 635)
        return [boxes.box_table(label, head, inner, width, style), boxes.gap(style)]

    def definition_list(
        self, items: Sequence[ir.Definition[ir.Inline]], style: str, depth: int
    ) -> list[Element]:
        """A term is a bold paragraph kept with its definitions, which are indented."""
        out: list[Element] = []
        for item in items:
            out.append(self.para(style, item.term, el("w:keepNext"), fmt=Fmt(bold=True)))
            for definition in item.definitions:
                for p in self.blocks(definition, style, depth):
                    out.append(self._indented(p))
        return out

    def heading(self, level: int, inlines: Sequence[ir.Inline], hid: str) -> Element:
        """IR level 1 (the briefing's sections) is Word's "Heading 1"; a bookmark named after
        the heading's id lets `#id` links inside the briefing reach it."""
        p = self.para(self.sid(f"Heading {min(max(level, 1), 6)}"), inlines)
        if hid:
            mark = str(self.ctx.bookmark_id())
            start = el("w:bookmarkStart", {"w:id": mark, "w:name": bookmark_name(hid)})
            ppr = p.find(qn("w:pPr"))
            p.insert(0 if ppr is None else 1, start)
            p.append(el("w:bookmarkEnd", {"w:id": mark}))
        return p

    def _indented(self, p: Element, by: int = 567) -> Element:
        """`p` (a quotation or definition inside another block) 1 cm further in than it stands.
        In a quotation that is from the Quote style's own indent, so a quotation in a quotation
        is set deeper than the outer one (its 1 cm given again had set both alike); elsewhere
        from the paragraph's own indent, if any (a note adds its text's indent to it)."""
        if p.tag != qn("w:p"):
            return p
        ppr = p.find(qn("w:pPr"))
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        numbered = ppr is not None and ppr.find(qn("w:numPr")) is not None
        left = ind.get(qn("w:left")) if ind is not None and not numbered else None
        quote = self.sid("Quote")
        if left is None and not numbered and style is not None and style.get(qn("w:val")) == quote:
            left = self.styles.indent_left(quote)
        return self._with_ppr(p, el("w:ind", {"w:left": str(int(left or 0) + by)}))

    @staticmethod
    def _with_ppr(p: Element, *extra: Element) -> Element:
        """`p` with more paragraph properties (kept in schema order)."""
        if p.tag != qn("w:p"):
            return p
        old = p.find(qn("w:pPr"))
        replaced = {e.tag for e in extra}  # a property given again replaces the old one
        kept = [c for c in (old if old is not None else []) if c.tag not in replaced]
        children = [*kept, *extra]
        new = props("w:pPr", children)
        if old is not None:
            p.replace(old, new)
        else:
            p.insert(0, new)
        return p

    def with_ppr(self, p: Element, *extra: Element) -> Element:  # for render.docx.tables
        return self._with_ppr(p, *extra)

    # ------------------------------------------------------------ lists
    def list_items(
        self,
        items: Sequence[Sequence[ir.ResolvedBlock]],
        num_id: int,
        item_style: str,
        outer_style: str,
        depth: int,
    ) -> list[Element]:
        """The first paragraph of an item carries the number; its other blocks are indented
        to the item's text ("List Continue" in the body); nested lists go one level deeper."""
        out: list[Element] = []
        in_body = outer_style == self.body_style
        cont_style = self.sid("List Continue") if in_body else outer_style
        indent = str(425 * (depth + 1))  # the numbering definition's text indent per level
        starts: list[int] = []
        for item in items:
            first = len(out)
            starts.append(first)
            numbered = False
            for block in item:
                if isinstance(block, ir.Paragraph) and not numbered:
                    out.append(self.para(item_style, block.inlines, num_pr(num_id, depth)))
                    numbered = True
                elif isinstance(block, (ir.BulletList, ir.OrderedList)):
                    out.extend(self.block(block, outer_style, depth + 1))
                else:
                    for p in self.block(block, cont_style, depth):
                        out.append(self._with_ppr(p, el("w:ind", {"w:left": indent})))
            if not numbered:  # an item that is empty or starts with a list still counts
                out.insert(first, paragraph(item_style, num_pr(num_id, depth)))
        if len(starts) > 1:  # as in the PDF: no first item alone at a page's foot, no last
            # alone at its top (the paragraph before the last item keeps with it)
            for at in {starts[0], starts[-1] - 1}:
                out[at] = self._with_ppr(out[at], el("w:keepNext"))
        return out

    # ------------------------------------------------------------ figures and tables
    def figure(
        self, image: ir.Image, caption: Sequence[ir.Inline], block: ir.Figure[ir.Inline]
    ) -> list[Element]:
        p = paragraph(self.sid("Figure"))
        tallest = self.ctx.picture_height_emu
        # as print.css caps `figure img`; a picture in a paragraph only by the text area
        self.ctx.picture_height_emu = min(tallest, FIGURE_HEIGHT_EMU)
        try:
            runs = self.inl.runs([image], self.sid("Figure"))
        finally:
            self.ctx.picture_height_emu = tallest
        for run in runs:
            p.append(run)
        out = [p]
        if caption or block.label or block.id:
            out.append(self.caption("Figure", caption, block))
        return out

    def caption(
        self,
        kind: Literal["Figure", "Table"],
        caption: Sequence[ir.Inline],
        block: ir.Figure[ir.Inline] | ir.Table[ir.Inline],
    ) -> Element:
        """Caption style, the number a SEQ field (render.docx.captions)."""
        sep = self.ctx.doc.meta.labels.get("caption-separator", ". ")
        numbered = (block.label, block.number)
        style = self.sid("Caption")
        return caption_paragraph(self.inl, self.ctx, style, kind, numbered, caption, block.id, sep)
