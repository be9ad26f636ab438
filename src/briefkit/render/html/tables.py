"""Render stage helper: a resolved `ir.Table` as an HTML table (pipe, simple, multiline, grid).

Consumes the table (head, body and foot rows of cells, alignments, relative widths, the
caption label resolve made) and produces `<table>` markup through the writer's own `inlines`
and `blocks` (`render.html.writer`): an id, a `<caption>`, a `<colgroup>` when the table has
widths (pandoc's multiline and grid tables: the table is as wide as their sum, each column its
share), `<thead>` rows of `<th scope>` cells (none for a headerless table), the body, a
`<tfoot>`; spans as `rowspan`/`colspan`. The PDF lays out this same markup (WeasyPrint keeps
the rows a cell spans on one page by itself: tests/render/test_table_cells.py sweeps one
across a page break).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from briefkit import ir
from briefkit.render import tablegrid
from briefkit.render.html import pandoc
from briefkit.render.html.pandoc import Writes


def table(w: Writes, block: ir.Table[ir.Inline]) -> Markup:
    caption = Markup("")
    if block.caption or block.label or block.id:
        caption = Markup("<caption>%s</caption>\n") % pandoc.caption(w, block.label, block.caption)
    ident = Markup(' id="%s"') % block.id if block.id else Markup("")
    parts = [caption, _colgroup(block.widths)]
    if block.head:
        parts.append(Markup("<thead>\n%s\n</thead>\n") % _rows(w, block, "thead", block.head))
    parts.append(Markup("<tbody>\n%s\n</tbody>\n") % _rows(w, block, "tbody", block.rows))
    if block.foot:
        parts.append(Markup("<tfoot>\n%s\n</tfoot>\n") % _rows(w, block, "tfoot", block.foot))
    return Markup("<table%s%s>\n%s</table>") % (ident, _width(block.widths), Markup("").join(parts))


def _rows(
    w: Writes, block: ir.Table[ir.Inline], part: str, rows: Sequence[Sequence[ir.Cell[ir.Inline]]]
) -> Markup:
    """Head cells are `<th scope="col">` (`colgroup` when they span columns); a span is
    `rowspan`/`colspan`; a simple cell's inlines stand in it as they always did."""
    aligns = block.aligns
    out = []
    for row in tablegrid.starts(rows):
        cells = []
        for c, cell in row:
            tag = "td"
            if part == "thead":
                tag = 'th scope="colgroup"' if cell.colspan > 1 else 'th scope="col"'
            align = cell.align or (aligns[c] if c < len(aligns) else "")
            attrs = Markup(' style="text-align:%s"') % align if align else Markup("")
            if cell.rowspan > 1 or cell.colspan > 1:
                for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)):
                    attrs += Markup(' %s="%d"') % (name, n) if n > 1 else Markup("")
            inlines = cell.inlines
            content = w.inlines(inlines) if inlines is not None else w.blocks(cell.blocks)
            name = tag.split(" ")[0]
            cells.append(Markup("<%s%s>%s</%s>") % (Markup(tag), attrs, content, name))
        out.append(Markup("<tr>%s</tr>") % Markup("").join(cells))
    return Markup("\n").join(out)


def _width(widths: Sequence[float]) -> Markup:
    total = sum(widths)
    return Markup(' style="width:%.2f%%"') % (100 * min(total, 1.0)) if total else Markup("")


def _colgroup(widths: Sequence[float]) -> Markup:
    total = sum(widths)
    if not total:
        return Markup("")
    cols = Markup("").join(Markup('<col style="width:%.2f%%">') % (100 * w / total) for w in widths)
    return Markup("<colgroup>%s</colgroup>\n") % cols
