"""Render stage helper: the pandoc blocks of the HTML page (definition lists, boxes, captions).

Consumes resolved `ir.DefinitionList`, `ir.Div` and figure/table captions and produces
markup, through the writer's own `inlines` and `blocks` (`render.html.writer`), so that notes
and typography inside them are handled as everywhere else. The label of a caption ("Figure 1")
and of a box ("Key points") come from resolve; this module only places them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from markupsafe import Markup

from briefkit import ir


class Writes(Protocol):
    labels: dict[str, str]

    def inlines(self, nodes: Iterable[ir.Inline]) -> Markup: ...

    def blocks(self, blocks: Sequence[ir.ResolvedBlock], after_heading: bool = False) -> Markup: ...

    def notes_attr(self, inlines: Sequence[ir.Inline]) -> Markup: ...


def div(w: Writes, div: ir.Div[ir.Inline]) -> Markup:
    """A house-style box (labelled; `aside` as <aside>), or a plain div with its classes."""
    classes = ("box", *div.classes) if div.label else div.classes
    tag = "aside" if div.label and "aside" in div.classes else "div"
    attrs = Markup(' class="%s"') % " ".join(classes) if classes else Markup("")
    if div.id:
        attrs += Markup(' id="%s"') % div.id
    head = Markup('<p class="box-label">%s</p>\n') % div.label if div.label else Markup("")
    return Markup("<%s%s>\n%s%s\n</%s>") % (tag, attrs, head, w.blocks(div.blocks), tag)


def caption(w: Writes, label: str, caption: Sequence[ir.Inline]) -> Markup:
    """ "Figure 1. The caption": the label (numbered by resolve), the house style's
    separator, the caption."""
    if not label:
        return w.inlines(caption)
    sep = w.labels.get("caption-separator", ". ") if caption else ""
    head = Markup('<span class="caption-label">%s%s</span>') % (label, sep.rstrip(" "))
    return head + (Markup(" ") if sep.endswith(" ") else Markup("")) + w.inlines(caption)


def definition_list(w: Writes, items: Sequence[ir.Definition[ir.Inline]]) -> Markup:
    parts: list[Markup] = []
    for item in items:
        term = w.inlines(item.term)
        parts.append(Markup("<dt%s>%s</dt>") % (w.notes_attr(item.term), term))
        parts.extend(Markup("<dd>\n%s\n</dd>") % w.blocks(d) for d in item.definitions)
    return Markup("<dl>\n%s\n</dl>") % Markup("\n").join(parts)


def list_start(start: int) -> Markup:
    """An ordered list's first number: `start` for browsers and, since WeasyPrint reads no
    `start` attribute (it numbered every list from 1), the counter reset it stands for."""
    if start == 1:
        return Markup("")
    return Markup(' start="%d" style="counter-reset: list-item %d"') % (start, start - 1)


_TYPES = {"lower-roman": "i", "upper-roman": "I", "lower-alpha": "a", "upper-alpha": "A"}


def list_style(style: ir.ListStyle, delim: ir.ListDelim) -> Markup:
    """A fancy list's numbering: `type` (HTML's own, i/I/a/A), and classes for the style and
    the delimiter, which the style's CSS draws (`ol.lower-alpha`, `ol.delim-parens` "(1)",
    `ol.delim-paren` "1)"). The CSS cannot key on `type`: browsers match an attribute
    selector on `type` without regard to case, so `ol[type="A"]` also took `type="a"` lists
    (Chromium numbered "a., b." as "A., B." and "(a)" as "(1)")."""
    out = Markup(' type="%s"') % _TYPES[style] if style in _TYPES else Markup("")
    classes: list[str] = [style] if style in _TYPES else []
    if delim != "period":
        classes.append(f"delim-{delim}")
    if classes:
        out += Markup(' class="%s"') % " ".join(classes)
    return out
