"""Render stage helper (the print page only): room for a figure to move past the block after it.

Consumes a resolved figure, the block after it and their HTML; produces the figure and that
block marked, and a hidden copy of the block to stand before the figure. A figure that does not
fit at the foot of a page moves whole to the next, and WeasyPrint, which has no page floats,
leaves the space above it empty. So before each figure that may move, the print page carries a
copy of the block that follows it (`data-float-copy="k"`, hidden by its `style`); the figure is
marked `data-float="k"`, the block `data-float-block="k"`. When a layout leaves a page short
before the figure, the PDF renderer (`render.pdf.floats`) shows the copy and hides the block:
the block's text fills the page and the figure follows it.

A figure moves only past a paragraph or a list of its own section, and not when both its
caption and that block call notes (the caption's would then come after the block's). The screen page
and the Word file keep every figure where it is written.
"""

from __future__ import annotations

from markupsafe import Markup

from briefkit import ir

COPY, FIGURE, BLOCK = "data-float-copy", "data-float", "data-float-block"


def movable(block: ir.ResolvedBlock, after: ir.ResolvedBlock | None) -> bool:
    """Whether `block` is a figure that may move past `after`, the block written after it."""
    return (
        isinstance(block, ir.Figure)
        and isinstance(after, ir.Paragraph | ir.BulletList | ir.OrderedList)
        and not (_calls_notes(block) and _calls_notes(after))
    )


def _calls_notes(block: ir.ResolvedBlock) -> bool:
    return any(isinstance(node, ir.NoteRef) for node in ir.walk([block]))


def marked(markup: Markup, name: str, key: int, hidden: bool = False) -> Markup:
    """`markup` (one element: `<tag ...>...`) with ` name="key"` in its opening tag, and
    `style="display: none"` when `hidden` (an inline style: no house sheet shows it)."""
    end = 1
    while end < len(markup) and markup[end] not in " >":
        end += 1
    attrs = f' {name}="{key}"' + (' style="display: none"' if hidden else "")
    return Markup(str(markup[:end]) + attrs + str(markup[end:]))
