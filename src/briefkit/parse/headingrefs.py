"""Parse stage: pandoc's implicit heading references: `[Heading]`, `[Heading][]`, `[text][Heading]`.

Consumes the body's blocks and the link labels the file defines, and produces the blocks with
each such bracketed text (left as text by CommonMark) turned into a link to the heading, whose
id is set here when the author gave none (the id resolve would give it: `slug_base`). A label
the file defines as a link reference wins, as in pandoc. Code, math, links and images are
left alone.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from briefkit import ir


def slug_base(text: str) -> str:
    """A heading's id before de-duplication, by pandoc's `auto_identifiers`: lower case; only
    letters, digits, `_`, `-` and `.` kept; words joined by hyphens; nothing before the first
    letter; "section" if nothing is left. So a pandoc document's links to its headings hold."""
    kept = "".join(c for c in text.lower() if c.isspace() or c.isalnum() or c in "_-.")
    ident = "-".join(kept.split())
    first = next((i for i, c in enumerate(ident) if c.isalpha()), len(ident))
    return ident[first:] or "section"


def unique(base: str, count: int) -> str:
    """The `count`th heading with this base id: pandoc's `base`, `base-1`, `base-2`…"""
    return base if count <= 1 else f"{base}-{count - 1}"


def label(text: str) -> str:
    """A link label as CommonMark matches it: case-folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def link_headings(
    blocks: tuple[ir.SourceBlock, ...], defined: set[str]
) -> tuple[ir.SourceBlock, ...]:
    names: dict[str, str] = {}  # label -> id
    used: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, ir.Heading):
            text = ir.plain_text(block.inlines)
            base = block.id or slug_base(text)
            used[base] = used.get(base, 0) + 1
            ident = base if block.id else unique(base, used[base])
            names.setdefault(label(text), ident)
    targets = {k: v for k, v in names.items() if k not in defined}
    if not targets or not _mentions(blocks, targets):
        return blocks
    out: list[ir.SourceBlock] = []
    linked: set[str] = set()
    for block in blocks:
        new = _map(block, targets, linked)
        out.extend(new if isinstance(new, list) else [new])
    return tuple(_with_ids(out, targets, linked))


def _mentions(blocks: tuple[ir.SourceBlock, ...], targets: dict[str, str]) -> bool:
    return any(isinstance(node, ir.Text) and "[" in node.text for node in ir.walk(blocks))


def _with_ids(
    blocks: list[ir.SourceBlock], targets: dict[str, str], linked: set[str]
) -> list[ir.SourceBlock]:
    """A heading that is linked to keeps the id the links use (resolve claims it)."""
    out: list[ir.SourceBlock] = []
    for block in blocks:
        if isinstance(block, ir.Heading) and not block.id:
            key = label(ir.plain_text(block.inlines))
            if key in linked:
                block = dataclasses.replace(block, id=targets[key])
        out.append(block)
    return out


# `[text][Heading]`, `[Heading][]` and `[Heading]` over a run of inlines: the brackets are in
# text, what they hold may be several inlines (`[Extension: `x`]`: text, code, text). Each
# inline that is not text stands in the pattern as one NUL.
_FULL = re.compile(r"(?<![\]!\\])\[([^\[\]\n]+)\]\[([^\[\]\n]+)\](?![(\[{])")
_SHORT = re.compile(r"(?<![\]!\\])\[([^\[\]\n@^]+)\](\[\])?(?![(\[{])")
_IN_LABEL = (ir.Text, ir.Code)  # a heading's label is its plain text: words and code
_NOT_IN_LINK = (ir.Link, ir.Image, ir.Cite, ir.FootnoteRef, ir.InlineNote)


class _Run:
    """A run of sibling inlines as one string: a Text's characters, one NUL per other inline."""

    def __init__(self, items: list[ir.SourceInline]) -> None:
        self.items = items
        self.at: list[tuple[int, int]] = []  # per character: (item, offset in its text or -1)
        chars: list[str] = []
        for i, node in enumerate(items):
            if isinstance(node, ir.Text):
                chars.append(node.text)
                self.at.extend((i, k) for k in range(len(node.text)))
            else:
                chars.append("\0")
                self.at.append((i, -1))
        self.text = "".join(chars)

    def nodes(self, start: int, end: int) -> list[ir.SourceInline]:
        """The inlines of characters `start`..`end` (texts cut, other inlines whole)."""
        out: list[ir.SourceInline] = []
        k = start
        while k < end:
            i, off = self.at[k]
            node = self.items[i]
            if off < 0:
                out.append(node)
                k += 1
                continue
            assert isinstance(node, ir.Text)
            stop = min(end, k + len(node.text) - off)
            out.append(ir.Text(node.text[off : off + stop - k]))
            k = stop
        return out


def _refs(items: list[ir.SourceInline], targets: dict[str, str], linked: set[str]) -> list[Any]:
    if not any(isinstance(n, ir.Text) and "[" in n.text for n in items):
        return items
    run = _Run(items)
    found: list[tuple[int, int, list[ir.SourceInline], str]] = []  # start, end, text, target
    taken: list[tuple[int, int]] = []
    for pattern in (_FULL, _SHORT):
        for m in pattern.finditer(run.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            name = run.nodes(*m.span(pattern.groups if pattern is _FULL else 1))
            shown = run.nodes(*m.span(1))
            if not all(isinstance(n, _IN_LABEL) for n in name) or any(
                isinstance(n, _NOT_IN_LINK) for n in shown
            ):
                continue
            key = label(ir.plain_text(name))
            if key in targets:
                found.append((m.start(), m.end(), shown, key))
                taken.append(m.span())
    if not found:
        return items
    out: list[Any] = []
    pos = 0
    for start, end, shown, key in sorted(found, key=lambda f: f[0]):
        out.extend(run.nodes(pos, start))
        out.append(ir.Link(tuple(shown), "#" + targets[key]))
        linked.add(key)
        pos = end
    out.extend(run.nodes(pos, len(run.text)))
    return out


_LEAVES = (ir.Code, ir.CodeBlock, ir.Math, ir.Link, ir.Image, ir.Cite, ir.Heading)


def _map(node: Any, targets: dict[str, str], linked: set[str]) -> Any:
    """`node` with its Text rewritten; a Text may become several inlines (a list)."""
    if isinstance(node, tuple):
        items: list[Any] = []
        for item in node:
            mapped = _map(item, targets, linked)
            items.extend(mapped if isinstance(mapped, list) else [mapped])
        inlines = all(not isinstance(n, (tuple, ir.Paragraph)) for n in items)
        return tuple(_refs(items, targets, linked) if inlines and items else items)
    if isinstance(node, (*_LEAVES, type)) or not dataclasses.is_dataclass(node):
        return node
    whole: Any = node  # a frozen IR dataclass
    changes = {
        f.name: _map(getattr(whole, f.name), targets, linked)
        for f in dataclasses.fields(whole)
        if isinstance(getattr(whole, f.name), tuple)
    }
    return dataclasses.replace(whole, **changes) if changes else whole
