"""Parse stage helper: ids and captions that pandoc reads from attributes and caption lines.

Consumes converted blocks and produces them with pandoc's extras attached: a heading's trailing
`{#id}`, a figure's `{#fig:x alt="..."}`, and a table's caption paragraph (`Table: text` or
`: text`, just before or after the table, with an optional trailing `{#tbl:x}`). Attributes
briefkit does not use are reported (`syntax.unsupported`), never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from briefkit import ir
from briefkit.errors import SourceLocation
from briefkit.parse.attrs import Attrs, leading, parse_attrs, trailing


class Warn(Protocol):
    """`syntax.unsupported` at `where` (the parse stage's `warn`)."""

    def __call__(self, message: str, where: SourceLocation, hint: str = ...) -> None: ...


Claim = Callable[[str, SourceLocation], None]  # an id taken, at where it is written
_PREFIXES = ("Table: ", "Table:", "table: ", "table:", ": ")  # pandoc's three spellings
# "Table" as a writer of another language may open a caption with it: printed as text, so said
_LABEL = re.compile(r"(表|표|Tabelle|Tableau|Tabla|Tabella|Tabela|Tabel|Таблица)\s?[:：]")


def heading(
    level: int, inlines: tuple[ir.SourceInline, ...], where: SourceLocation, warn: Warn
) -> ir.Heading[ir.SourceInline]:
    """`# Title {#sec:x .unnumbered}`: the id kept, the text without the braces."""
    rest, attrs = _strip_trailing(inlines)
    if attrs is None:
        return ir.Heading(level, inlines)
    _report(attrs, {"unnumbered"}, "heading", where, warn)
    return ir.Heading(level, rest, attrs.id)


def div(
    info: str, blocks: tuple[ir.SourceBlock, ...], where: SourceLocation, warn: Warn
) -> ir.Div[ir.SourceInline]:
    """`::: {#id .key-points}` or `::: key-points`: the div's classes and id."""
    text = info.strip().strip(":").strip()
    attrs = parse_attrs(text[1:-1]) if text.startswith("{") and text.endswith("}") else None
    if attrs is None:
        return ir.Div(blocks, tuple(text.split()[:1]), loc=where)
    if attrs.pairs:
        _report(Attrs(pairs=attrs.pairs), set(), "div", where, warn)
    return ir.Div(blocks, attrs.classes, attrs.id, loc=where)


_TASK = {"[ ] ": "\u2610 ", "[x] ": "\u2612 ", "[X] ": "\u2612 "}


def task_item(blocks: tuple[ir.SourceBlock, ...]) -> tuple[ir.SourceBlock, ...]:
    """A task list item (`- [ ] to do`, `- [x] done`): the box printed as a ballot box,
    ☐ or ☒, the same character in all three outputs."""
    first = blocks[0] if blocks else None
    if not isinstance(first, ir.Paragraph) or not first.inlines:
        return blocks
    text = first.inlines[0]
    box = _TASK.get(text.text[:4]) if isinstance(text, ir.Text) else None
    if box is None or not isinstance(text, ir.Text):
        return blocks
    inlines = (ir.Text(box + text.text[4:]), *first.inlines[1:])
    return (ir.Paragraph(inlines), *blocks[1:])


def figure_attrs(after: str, where: SourceLocation, warn: Warn) -> Attrs | None:
    """The attributes written after a figure's image (`{#fig:x alt="..."}`), or None."""
    found = leading(after.strip())
    if found is None or found[1].strip():
        return None
    _report(found[0], {"alt"}, "figure", where, warn)
    return found[0]


def report_figure(attrs: Attrs, where: SourceLocation, warn: Warn) -> None:
    _report(attrs, {"alt"}, "figure", where, warn)


def attach_table_captions(
    blocks: list[ir.SourceBlock], where: Sequence[SourceLocation], warn: Warn, claim: Claim
) -> list[ir.SourceBlock]:
    """A caption paragraph right after (or else right before) a table becomes its caption."""
    out: list[ir.SourceBlock] = []
    skip = -1
    for i, block in enumerate(blocks):
        if i == skip:
            continue
        if isinstance(block, ir.Table) and not block.caption:
            for j in (i + 1, i - 1):
                caption = _caption(blocks[j]) if 0 <= j < len(blocks) else None
                if caption is None or (j < i and (not out or out[-1] is not blocks[j])):
                    continue
                inlines, attrs = caption
                if attrs is not None:
                    _report(attrs, set(), "table caption", where[j], warn)
                ident = attrs.id if attrs is not None else ""
                claim(ident, where[j])
                block = replace(block, caption=inlines, id=ident)
                if j > i:
                    skip = j
                else:
                    out.pop()
                break
            else:
                _caption_like(blocks, i, where, warn)
        out.append(block)
    return out


def _caption_like(
    blocks: list[ir.SourceBlock], i: int, where: Sequence[SourceLocation], warn: Warn
) -> None:
    """A paragraph next to an uncaptioned table that opens as a caption in another language
    (`表: …`, `Tabelle: …`) is printed as a paragraph: say so at it."""
    for j in (i - 1, i + 1):
        block = blocks[j] if 0 <= j < len(blocks) else None
        first = block.inlines[0] if isinstance(block, ir.Paragraph) and block.inlines else None
        found = _LABEL.match(first.text) if isinstance(first, ir.Text) else None
        if found:
            warn(
                f"'{found.group(0)}' next to a table is printed as a paragraph, not as the "
                "table's caption",
                where[j],
                "write the caption 'Table: …' or ': …' in any language; the house style "
                "prints its own label (表1, Table 1)",
            )


def _caption(
    block: ir.SourceBlock,
) -> tuple[tuple[ir.SourceInline, ...], Attrs | None] | None:
    if not isinstance(block, ir.Paragraph) or not block.inlines:
        return None
    first = block.inlines[0]
    if not isinstance(first, ir.Text):
        return None
    prefix = next((p for p in _PREFIXES if first.text.startswith(p)), None)
    if prefix is None:
        return None
    text = first.text[len(prefix) :].lstrip()
    inlines = ((ir.Text(text),) if text else ()) + block.inlines[1:]
    rest, attrs = _strip_trailing(inlines)
    return (rest, attrs) if attrs is not None else (inlines, None)


def _strip_trailing(
    inlines: tuple[ir.SourceInline, ...],
) -> tuple[tuple[ir.SourceInline, ...], Attrs | None]:
    last = inlines[-1] if inlines else None
    if not isinstance(last, ir.Text):
        return inlines, None
    found = trailing(last.text)
    if found is None:
        return inlines, None
    text = found[0].rstrip()
    return inlines[:-1] + ((ir.Text(text),) if text else ()), found[1]


def _report(attrs: Attrs, used: set[str], what: str, where: SourceLocation, warn: Warn) -> None:
    extras = attrs.extras(used)
    if extras:
        warn(f"attributes on a {what} ({' '.join(extras)}): only the id is used", where)
