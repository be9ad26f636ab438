"""Render stage helper: a footnote as the PDF prints it, for its markup and for verify.

Consumes a resolved note's blocks (`briefkit.ir`); produces `NotePara`s, one per printed
paragraph, with the list marker it starts with and its indent depth. A PDF footnote sits inside
the paragraph that calls it, so it cannot hold `<ol>` or `<blockquote>`: the print page sets each
of these paragraphs as a block-level span, and the marker ("1.", "a)", "•") as text, which is
also what `verify` must then find in the PDF (`print_text`). Word and the web page keep real
lists (their numbers are generated, not text), so they compare `shown_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefkit import ir

BULLET = "\u2022"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


@dataclass(frozen=True)
class NotePara:
    """One printed paragraph of a note: inlines (`kind` "text"), or verbatim code."""

    kind: Literal["text", "code"]
    depth: int = 0
    marker: str = ""
    inlines: tuple[ir.Inline, ...] = field(default_factory=tuple)
    code: str = ""


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _alpha(n: int) -> str:
    """a … z, aa, ab … (CSS lower-alpha, Word's lowerLetter counts aa, bb: rare enough)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def list_marker(
    number: int, style: ir.ListStyle = "decimal", delim: ir.ListDelim = "period"
) -> str:
    """An ordered list item's marker as the other outputs number it: 3. iii. C) (4)."""
    if number < 1 or style == "decimal":
        label = str(number)
    elif style.endswith("roman"):
        label = _roman(number)
    else:
        label = _alpha(number)
    if style.startswith("upper"):
        label = label.upper()
    if delim == "paren":
        return label + ")"
    if delim == "parens":
        return f"({label})"
    return label + "."


def note_paras(
    blocks: Sequence[ir.ResolvedBlock], depth: int = 0, sep: str = " | "
) -> list[NotePara]:
    """The printed paragraphs of `blocks`; a table's cells joined by `sep` (the PDF's bars)."""
    out: list[NotePara] = []
    for block in blocks:
        out.extend(_block(block, depth, sep))
    return out


def _text(inlines: Sequence[ir.Inline], depth: int, marker: str = "") -> NotePara:
    return NotePara("text", depth, marker, tuple(inlines))


def _plain(text: str, depth: int) -> list[NotePara]:
    return [_text((ir.Text(text),), depth)] if text else []


def _items(
    items: Sequence[Sequence[ir.ResolvedBlock]], markers: Sequence[str], depth: int, sep: str
) -> list[NotePara]:
    """An item's first paragraph carries the marker; its other blocks sit one level in."""
    out: list[NotePara] = []
    for marker, item in zip(markers, items, strict=True):
        rest: Sequence[ir.ResolvedBlock] = item
        if item and isinstance(item[0], ir.Paragraph):
            out.append(_text(item[0].inlines, depth, marker))
            rest = item[1:]
        else:  # an empty item, or one that starts with a list: the marker on a line of its own
            out.append(_text((), depth, marker))
        out.extend(note_paras(rest, depth + 1, sep))
    return out


def _block(block: ir.ResolvedBlock, depth: int, sep: str) -> list[NotePara]:
    match block:
        case ir.Paragraph(inlines=ins) | ir.Heading(inlines=ins):
            return [_text(ins, depth)]
        case ir.BlockQuote(blocks=bs):
            return note_paras(bs, depth + 1, sep)
        case ir.Div(blocks=bs, label=label):  # a house box: its label (Key points) in bold
            head = [_text((ir.Strong((ir.Text(label),)),), depth)] if label else []
            return head + note_paras(bs, depth, sep)
        case ir.BulletList(items=items):
            return _items(items, [BULLET] * len(items), depth, sep)
        case ir.OrderedList(items=items, start=start, style=style, delim=delim):
            markers = [list_marker(start + i, style, delim) for i in range(len(items))]
            return _items(items, markers, depth, sep)
        case ir.CodeBlock(text=t):
            return [NotePara("code", depth, code=t)]
        case ir.DefinitionList(items=items):
            out: list[NotePara] = []
            for item in items:
                out.append(_text(item.term, depth))
                for definition in item.definitions:
                    out.extend(note_paras(definition, depth + 1, sep))
            return out
        case ir.Figure() | ir.Table():
            # not set inside a footnote: their text, row by row (resolve warns, note.block)
            if isinstance(block, ir.Table):
                rows = [sep.join(ir.blocks_text(c.blocks) for c in r) for r in block.all_rows]
                return _plain(ir.plain_text(block.caption), depth) + [
                    p for row in rows for p in _plain(row, depth)
                ]
            return _plain(ir.plain_text(block.caption), depth)
        case _:  # a thematic break prints nothing in a note
            return []


def _printed(inlines: Sequence[ir.Inline]) -> str:
    """Text as a reader copies it from any output: a formula and an image are drawn, not
    text (MathML, OMML, SVG), so they count as nothing; the rest as `ir.plain_text`."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, ir.Math | ir.Image):
            continue
        children = getattr(node, "children", None)
        out.append(_printed(children) if isinstance(children, tuple) else ir.plain_text([node]))
    return "".join(out)


def _joined(paras: Sequence[NotePara], markers: bool) -> str:
    parts: list[str] = []
    for para in paras:
        body = para.code if para.kind == "code" else _printed(para.inlines)
        parts.append(f"{para.marker} {body}" if para.marker and markers else body)
    return " ".join(" ".join(parts).split())


def print_text(note: ir.Note) -> str:
    """The note's text as the PDF prints it: markers included, whitespace collapsed."""
    return _joined(note_paras(note.blocks), markers=True)


def shown_text(note: ir.Note) -> str:
    """The note's text as the web page and the Word file show it: their list numbers are
    generated (not text), a table's cells are words apart; a box's label, no formula."""
    return _joined(note_paras(note.blocks, sep=" "), markers=False)
