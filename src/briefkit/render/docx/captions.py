"""Render stage helper: a figure's or table's caption paragraph in Word.

Consumes the label and number resolve gave the figure or table ("Figure 1", 1), its caption
inlines and its id, and produces a paragraph in Word's Caption style: the label's words, the
number as a `SEQ Figure` (or `SEQ Table`) field, so Word's own caption and table-of-figures
tools see it, the house style's separator, the caption; with a bookmark named after the id, so
`@fig:x` links (`#fig:x`) land on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from briefkit import ir
from briefkit.render.docx.context import Context, bookmark_name
from briefkit.render.docx.fields import simple_field
from briefkit.render.docx.inlines import InlineWriter
from briefkit.render.docx.oxml import Element, el, paragraph, text_run


def caption_paragraph(
    inl: InlineWriter,
    ctx: Context,
    style_id: str,
    kind: Literal["Figure", "Table"],
    numbered: tuple[str, int],
    caption: Sequence[ir.Inline],
    ident: str,
    separator: str,
) -> Element:
    label, number = numbered
    # the print page sets a table's caption at the table's left edge and a figure's centred
    # under it (HTML's <caption> against <figcaption>); the Caption style centres both. A
    # table's caption comes before it and keeps with its first row on the paragraph itself
    # (print.css `caption { break-after: avoid }`): a template's Caption style need not say so
    p = (
        paragraph(style_id, el("w:keepNext"), el("w:jc", {"w:val": "left"}))
        if kind == "Table"
        else paragraph(style_id)
    )
    if ident:
        mark = str(ctx.bookmark_id())
        p.append(el("w:bookmarkStart", {"w:id": mark, "w:name": bookmark_name(ident)}))
    if label:
        before, _, after = label.rpartition(str(number))
        if before:
            p.append(text_run(before))
        p.append(simple_field(f"SEQ {kind} \\* ARABIC", str(number)))
        p.append(text_run(after + (separator if caption else "")))
    for run in inl.runs(caption, style_id):
        p.append(run)
    if ident:
        p.append(el("w:bookmarkEnd", {"w:id": mark}))
    return p
