"""Parse stage: pandoc's implicit heading references, `[Heading text]` and `[Heading text][]`.

Consumes the body's blocks and the link labels the file defines, and produces the blocks with
each such bracketed text (left as text by CommonMark) turned into a link to the heading, whose
id is set here when the author gave none (the id resolve would give it: `slug_base`). A label
the file defines as a link reference wins, as in pandoc. Code, math, links and images are
left alone.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from briefkit import ir

_BRACKETED = re.compile(r"(?<![\]!\\])\[([^\]\[\n@^]+)\](\[\])?(?![(\[:{])")


def slug_base(text: str) -> str:
    """A heading's id before de-duplication: lower case, no punctuation, hyphens for spaces."""
    text = unicodedata.normalize("NFKD", text).lower()
    base = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_]+", "-", base).strip("-") or "section"


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
            ident = base if used[base] == 1 or block.id else f"{base}-{used[base]}"
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
    return any(
        label(m.group(1)) in targets
        for node in ir.walk(blocks)
        if isinstance(node, ir.Text)
        for m in _BRACKETED.finditer(node.text)
    )


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


def _split(text: str, targets: dict[str, str], linked: set[str]) -> list[ir.SourceInline]:
    out: list[ir.SourceInline] = []
    pos = 0
    for m in _BRACKETED.finditer(text):
        key = label(m.group(1))
        if key not in targets:
            continue
        if m.start() > pos:
            out.append(ir.Text(text[pos : m.start()]))
        out.append(ir.Link((ir.Text(m.group(1)),), "#" + targets[key]))
        linked.add(key)
        pos = m.end()
    if pos < len(text):
        out.append(ir.Text(text[pos:]))
    return out


_LEAVES = (ir.Code, ir.CodeBlock, ir.Math, ir.Link, ir.Image, ir.Cite, ir.Heading)


def _map(node: Any, targets: dict[str, str], linked: set[str]) -> Any:
    """`node` with its Text rewritten; a Text may become several inlines (a list)."""
    if isinstance(node, ir.Text):
        return _split(node.text, targets, linked)
    if isinstance(node, tuple):
        items: list[Any] = []
        for item in node:
            mapped = _map(item, targets, linked)
            items.extend(mapped if isinstance(mapped, list) else [mapped])
        return tuple(items)
    if isinstance(node, (*_LEAVES, type)) or not dataclasses.is_dataclass(node):
        return node
    whole: Any = node  # a frozen IR dataclass
    changes = {
        f.name: _map(getattr(whole, f.name), targets, linked)
        for f in dataclasses.fields(whole)
        if isinstance(getattr(whole, f.name), tuple)
    }
    return dataclasses.replace(whole, **changes) if changes else whole
