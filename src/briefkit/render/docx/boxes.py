"""Render stage helper: a house-style box (key points, box, aside) as a Word table of one column.

Consumes the box's label paragraph and the Word elements of its blocks, made by the block
writer; produces one `w:tbl` whose left border is the box's rule: a first row, never split,
holding the label (kept with the next row), then a row of the blocks, which breaks across
pages. The rule used to be a left border on each paragraph, which Word and LibreOffice join
only between paragraphs of the same indents: a list in a box drew the rule in segments and
set its bullets to the left of it. A table keeps one rule down the whole box, across pages,
and the blocks inside keep their own indents. The table's caption (`w:tblCaption`, what
Word's accessibility pane calls its title) is the label, which also tells `verify` that this
is a box and not one of the briefing's tables.
"""

from __future__ import annotations

from collections.abc import Callable

from briefkit.render.docx.oxml import Element, el, paragraph, qn

RULE = {"w:val": "single", "w:sz": "12", "w:space": "0", "w:color": "1F4E79"}
PADDING = 283  # twips between the rule and the text (5 mm)
GAP = 110  # twips: Body Text's space after a paragraph
BOX_CAPTION = "w:tblCaption"


def box_table(
    label: str, head: Element, inner: Callable[[int], list[Element]], width: int, style: str
) -> Element:
    """The box for `label`: `head` (its label paragraph, kept with the next) then
    `inner(text_width)`, the box's blocks made for the cell's text width (twips); `width` is
    the column's (twips), `style` the paragraph style of an empty paragraph that ends a cell
    whose last block is a table (the schema wants a paragraph last)."""
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    pr.append(el("w:tblW", {"w:w": "5000", "w:type": "pct"}))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", RULE if side == "left" else {"w:val": "nil"}))
    pr.append(borders)
    pr.append(el("w:tblLayout", {"w:type": "fixed"}))
    margins = el("w:tblCellMar")
    margins.append(el("w:left", {"w:w": str(PADDING), "w:type": "dxa"}))
    margins.append(el("w:right", {"w:w": "0", "w:type": "dxa"}))
    pr.append(margins)
    look = {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "0"}
    pr.append(el("w:tblLook", look | {"w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"}))
    pr.append(el(BOX_CAPTION, {"w:val": label}))
    tbl.append(pr)
    grid = el("w:tblGrid")
    grid.append(el("w:gridCol", {"w:w": str(width)}))
    tbl.append(grid)

    def row(content: list[Element], whole: bool) -> Element:
        tr = el("w:tr")
        if whole:
            tr_pr = el("w:trPr")
            tr_pr.append(el("w:cantSplit"))
            tr.append(tr_pr)
        tc = el("w:tc")
        tc_pr = el("w:tcPr")
        tc_pr.append(el("w:tcW", {"w:w": str(width), "w:type": "dxa"}))
        tc.append(tc_pr)
        if content[-1].tag != qn("w:p"):
            content.append(paragraph(style))
        for element in content:
            tc.append(element)
        tr.append(tc)
        return tr

    tbl.append(row([head], True))
    tbl.append(row([_no_keep_next(e) for e in inner(max(width - PADDING, 1))], False))
    return tbl


def _no_keep_next(element: Element) -> Element:
    """In a table, Word and LibreOffice read a paragraph's keep-with-next as its row's: a list's
    first item (kept with the next, as everywhere) made the whole box one unbreakable row."""
    if element.tag == qn("w:p"):
        for keep in element.findall(f"{qn('w:pPr')}/{qn('w:keepNext')}"):
            keep.getparent().remove(keep)
    return element


def gap(style: str, height: int = GAP) -> Element:
    """The empty paragraph after a box or a table: a table has no space after it of its own,
    so the text that follows would touch the rule's foot; this one is `height` twips high (by
    default GAP, a paragraph's space). Unbordered, it also parts two bordered paragraphs that
    Word would otherwise draw inside one border."""
    spacing = {"w:before": "0", "w:after": "0", "w:line": str(height), "w:lineRule": "exact"}
    return paragraph(style, el("w:spacing", spacing))


def is_gap(p: Element) -> bool:
    """Whether `p` is a paragraph made by `gap`."""
    spacing = p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    return (
        p.tag == qn("w:p")
        and p.find(qn("w:r")) is None
        and spacing is not None
        and spacing.get(qn("w:line")) == str(GAP)
        and spacing.get(qn("w:lineRule")) == "exact"
    )


def is_box(tbl: Element) -> bool:
    """Whether a `w:tbl` is a box made here (read back by `verify`)."""
    pr = tbl.find(qn("w:tblPr"))
    return pr is not None and pr.find(qn(BOX_CAPTION)) is not None
