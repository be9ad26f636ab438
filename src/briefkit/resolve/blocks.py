"""Resolve stage: source blocks -> resolved blocks (the block half of the resolver).

Consumes `ir.SourceBlock`s and produces `ir.ResolvedBlock`s: headings get their ids and level,
figures and tables their numbers and labels ("Figure 1", from `resolve.crossrefs`), every
inline goes through the resolver's `inlines` (notes, citations). `resolve.resolver._Resolver`
is the subclass that fills in `inlines`; split so each half stays one readable page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias, assert_never

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.resolve.crossrefs import CrossRefs, Ids


# ---------------------------------------------------------------- where a node stands
@dataclass(frozen=True)
class Body:
    """Body text: footnotes may be called here, and a citation becomes a note of its own."""


@dataclass(frozen=True)
class Meta:
    """Markdown in front matter (abstract, disclaimer...): no notes, no citations."""


@dataclass(frozen=True)
class InNote:
    """Inside note `number`: a citation is formatted in place; no note within a note."""

    number: int


Context: TypeAlias = Body | Meta | InNote
BODY = Body()
META = Meta()


class BlockResolver:
    ids: Ids
    xrefs: CrossRefs
    level_shift: int
    labels: dict[str, str]
    diags: Diagnostics

    # ------------------------------------------------------------ blocks
    def blocks(
        self, blocks: Sequence[ir.SourceBlock], ctx: Context
    ) -> tuple[ir.ResolvedBlock, ...]:
        return tuple(self.block(b, ctx) for b in blocks)

    def block(self, block: ir.SourceBlock, ctx: Context) -> ir.ResolvedBlock:
        match block:
            case ir.Paragraph(inlines=ins):
                return ir.Paragraph(self.inlines(ins, ctx))
            case ir.Heading(level=level, inlines=ins, id=hid):
                inlines = self.inlines(ins, ctx)
                hid = self.ids.claim(hid) if hid else self.ids.slug(inlines)
                return ir.Heading(max(1, level - self.level_shift), inlines, hid)
            case ir.BlockQuote(blocks=bs):
                return ir.BlockQuote(self.blocks(bs, ctx))
            case ir.BulletList(items=items, tight=tight):
                return ir.BulletList(tuple(self.blocks(i, ctx) for i in items), tight)
            case ir.OrderedList(items=items, start=start, tight=tight, style=ls, delim=delim):
                blocks = tuple(self.blocks(i, ctx) for i in items)
                return ir.OrderedList(blocks, start, tight, ls, delim)
            case ir.Figure(image=image, caption=cap, id=fid):
                label, number = self.xrefs.numbered(block)
                caption = self.inlines(cap, ctx)
                if image.alt == ir.plain_text(cap):  # the caption's words, not an `alt=` given
                    # as resolved: a citation in it was left out of the words ("from  and .")
                    image = ir.Image(image.asset, ir.plain_text(caption), image.title)
                return ir.Figure(image, caption, fid, label, number)
            case ir.Table(aligns=aligns, caption=cap, id=tid):
                label, number = self.xrefs.numbered(block)
                # the caption first: every output prints it above the table (HTML <caption>,
                # the PDF from it, Word's caption paragraph), so its notes come before the
                # cells' in reading order, as pandoc numbers them too
                caption = self.inlines(cap, ctx)
                head, rows, foot = (self.rows(p, ctx) for p in (block.head, block.rows, block.foot))
                return ir.Table(head, rows, aligns, caption, tid, label, number, block.widths, foot)
            case ir.Div(blocks=bs, classes=classes, id=did, loc=loc):
                label = self.box_label(block)
                return ir.Div(self.blocks(bs, ctx), classes, did, label, loc)
            case ir.DefinitionList(items=items):
                return ir.DefinitionList(tuple(self.definition(d, ctx) for d in items))
            case ir.CodeBlock() | ir.ThematicBreak():
                return block
        assert_never(block)

    def rows(
        self, rows: Sequence[tuple[ir.Cell[ir.SourceInline], ...]], ctx: Context
    ) -> tuple[tuple[ir.Cell[ir.Inline], ...], ...]:
        """Cells in reading order (row by row), so their notes are numbered in that order."""
        return tuple(tuple(self.cell(c, ctx) for c in row) for row in rows)

    def cell(self, cell: ir.Cell[ir.SourceInline], ctx: Context) -> ir.Cell[ir.Inline]:
        spans = (cell.rowspan, cell.colspan, cell.align)
        inlines = cell.inlines
        if inlines is not None and cell.blocks:  # a simple cell, the common one: quickly
            return ir.Cell((ir.Paragraph(self.inlines(inlines, ctx)),), *spans)
        return ir.Cell(self.blocks(cell.blocks, ctx), *spans)

    def definition(
        self, item: ir.Definition[ir.SourceInline], ctx: Context
    ) -> ir.Definition[ir.Inline]:
        defs = tuple(self.blocks(d, ctx) for d in item.definitions)
        return ir.Definition(self.inlines(item.term, ctx), defs)

    def box_label(self, div: ir.Div[ir.SourceInline]) -> str:
        """The label of the house style's box the div's class names (`box-<class>` among the
        style's labels: Key points, Aside...); a div of another class is a plain block."""
        for cls in div.classes:
            if f"box-{cls}" in self.labels:
                return self.labels[f"box-{cls}"]
        if div.classes:
            self.diags.warning(
                "div.plain",
                f"::: {{.{div.classes[0]}}} is not a box of the house style: printed as a plain"
                " block",
                div.loc,
                "the style's boxes: "
                + (", ".join(k[4:] for k in self.labels if k.startswith("box-")) or "none"),
            )
        return ""

    def inlines(self, inlines: Sequence[ir.SourceInline], ctx: Context) -> tuple[ir.Inline, ...]:
        raise NotImplementedError
