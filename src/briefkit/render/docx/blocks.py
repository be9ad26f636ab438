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
from briefkit.render.docx.captions import caption_paragraph
from briefkit.render.docx.context import bookmark_name
from briefkit.render.docx.inlines import Fmt, InlineWriter
from briefkit.render.docx.numbering import num_pr
from briefkit.render.docx.oxml import Element, el, paragraph, props, qn, text_run

TWIPS_PER_EMU = 1 / 635
ALIGN = {"left": "left", "center": "center", "right": "right"}


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
            out.extend(self.block(block, style or self.body_style, depth))
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
                return [
                    self._with_ppr(p, el("w:ind", {"w:left": "567"}))
                    for p in self.blocks(bs, style, depth)
                ]
            case ir.BulletList(items=items):
                num = self.ctx.numbering.bullet()
                item_style = self.sid("List Bullet") if in_body else style
                return self.list_items(items, num, item_style, style, depth)
            case ir.OrderedList(items=items, start=start, style=ls, delim=delim):
                num = self.ctx.numbering.ordered(start, depth, ls, delim)
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
            case ir.Table(header=header, rows=rows, aligns=aligns, widths=widths):
                table = self.table(header, rows, aligns, widths)
                if not (block.caption or block.label or block.id):
                    return [table]
                return [self.caption("Table", block.caption, block), table]
            case ir.DefinitionList(items=items):
                return self.definition_list(items, style, depth)
            case ir.Div(blocks=bs, label=label):
                return self.box(bs, label, style, depth)
        assert_never(block)

    def box(
        self, blocks: Sequence[ir.ResolvedBlock], label: str, style: str, depth: int
    ) -> list[Element]:
        """A house-style box: its label in bold, its blocks indented behind a rule on the left
        (one border per paragraph: Word joins the borders of neighbouring paragraphs)."""
        inner = self.blocks(blocks, style, depth)
        if not label:
            return inner
        head = self.para(style, [ir.Text(label)], el("w:keepNext"), fmt=Fmt(bold=True))
        rule = {"w:val": "single", "w:sz": "12", "w:space": "8", "w:color": "1F4E79"}
        out = []
        for p in [head, *inner]:
            border = el("w:pBdr")
            border.append(el("w:left", rule))
            out.append(self._with_ppr(p, border, el("w:ind", {"w:left": "340"})))
        return out

    def definition_list(
        self, items: Sequence[ir.Definition[ir.Inline]], style: str, depth: int
    ) -> list[Element]:
        """A term is a bold paragraph kept with its definitions, which are indented."""
        out: list[Element] = []
        for item in items:
            out.append(self.para(style, item.term, el("w:keepNext"), fmt=Fmt(bold=True)))
            for definition in item.definitions:
                for p in self.blocks(definition, style, depth):
                    out.append(self._with_ppr(p, el("w:ind", {"w:left": "567"})))
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
        for run in self.inl.runs([image], self.sid("Figure")):
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

    def table(
        self,
        header: Sequence[Sequence[ir.Inline]],
        rows: Sequence[Sequence[Sequence[ir.Inline]]],
        aligns: Sequence[str],
        widths: Sequence[float] = (),
    ) -> Element:
        columns = max([len(header), *(len(r) for r in rows), 1])
        width = round(self.ctx.text_width_emu * TWIPS_PER_EMU)
        # pandoc's relative widths (multiline, grid tables) are fractions of the text width
        cols = [round(width * w) for w in widths] if len(widths) == columns else []
        cols = cols or [width // columns] * columns
        tbl = el("w:tbl")
        tbl_pr = el("w:tblPr")
        tbl_pr.append(el("w:tblStyle", {"w:val": self.styles.id("Briefing Table", "table")}))
        table_width = {"w:w": str(sum(cols)), "w:type": "dxa"} if widths else {}
        tbl_pr.append(el("w:tblW", table_width or {"w:w": "5000", "w:type": "pct"}))
        if widths:  # the widths as given, not Word's autofit (schema order: after tblW)
            tbl_pr.append(el("w:tblLayout", {"w:type": "fixed"}))
        tbl_pr.append(
            el(
                "w:tblLook",
                {
                    "w:val": "0620",
                    "w:firstRow": "1",
                    "w:lastRow": "0",
                    "w:firstColumn": "0",
                    "w:lastColumn": "0",
                    "w:noHBand": "1",
                    "w:noVBand": "1",
                },
            )
        )
        tbl.append(tbl_pr)
        grid = el("w:tblGrid")
        for col in cols:
            grid.append(el("w:gridCol", {"w:w": str(col)}))
        tbl.append(grid)
        all_rows = ([(header, True)] if header else []) + [(r, False) for r in rows]
        for cells, is_head in all_rows:
            tr = el("w:tr")
            tr_pr = el("w:trPr")
            tr_pr.append(el("w:cantSplit"))
            if is_head:
                tr_pr.append(el("w:tblHeader"))  # repeated on every page the table spans
            tr.append(tr_pr)
            for i in range(columns):
                content = cells[i] if i < len(cells) else ()
                tc = el("w:tc")
                tc_pr = el("w:tcPr")
                tc_pr.append(el("w:tcW", {"w:w": str(cols[i]), "w:type": "dxa"}))
                tc.append(tc_pr)
                style = self.sid("Table Heading" if is_head else "Table Text")
                align = ALIGN.get(aligns[i] if i < len(aligns) else "")
                extra = [el("w:jc", {"w:val": align})] if align else []
                tc.append(self.para(style, content, *extra))
                tr.append(tc)
            tbl.append(tr)
        return tbl
