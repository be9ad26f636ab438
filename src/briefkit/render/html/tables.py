"""Render stage helper: a resolved `ir.Table` as an HTML table (pipe, simple, multiline, grid).

Consumes the table (cells of inlines, alignments, relative widths, the caption label resolve
made) and produces `<table>` markup through the writer's own `inlines` (`render.html.writer`):
an id, a `<caption>`, a `<colgroup>` when the table has widths (pandoc's multiline and grid
tables: the table is as wide as their sum, each column its share), `<th scope="col">` header
cells (no `<thead>` for a headerless table) and the body. The PDF lays out this same markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from briefkit import ir
from briefkit.render.html import pandoc
from briefkit.render.html.pandoc import Writes


def table(w: Writes, block: ir.Table[ir.Inline]) -> Markup:
    aligns = block.aligns

    def cell(tag: str, i: int, content: Sequence[ir.Inline]) -> Markup:
        align = aligns[i] if i < len(aligns) else ""
        style = Markup(' style="text-align:%s"') % align if align else Markup("")
        name = tag.split(" ")[0]
        return Markup("<%s%s>%s</%s>") % (Markup(tag), style, w.inlines(content), name)

    caption = Markup("")
    if block.caption or block.label or block.id:
        caption = Markup("<caption>%s</caption>\n") % pandoc.caption(w, block.label, block.caption)
    ident = Markup(' id="%s"') % block.id if block.id else Markup("")
    head = Markup("").join(cell('th scope="col"', i, c) for i, c in enumerate(block.header))
    thead = Markup("<thead><tr>%s</tr></thead>\n") % head if block.header else Markup("")
    body = Markup("\n").join(
        Markup("<tr>%s</tr>") % Markup("").join(cell("td", i, c) for i, c in enumerate(row))
        for row in block.rows
    )
    return Markup("<table%s%s>\n%s%s%s<tbody>\n%s\n</tbody>\n</table>") % (
        ident,
        _width(block.widths),
        caption,
        _colgroup(block.widths),
        thead,
        body,
    )


def _width(widths: Sequence[float]) -> Markup:
    total = sum(widths)
    return Markup(' style="width:%.2f%%"') % (100 * min(total, 1.0)) if total else Markup("")


def _colgroup(widths: Sequence[float]) -> Markup:
    total = sum(widths)
    if not total:
        return Markup("")
    cols = Markup("").join(Markup('<col style="width:%.2f%%">') % (100 * w / total) for w in widths)
    return Markup("<colgroup>%s</colgroup>\n") % cols
