"""Render stage helper: the print page's element tree as WeasyPrint holds it, read and cut by
the layout fixes (`render.pdf.continuation`, `render.pdf.hyphens`).

Consumes a WeasyPrint document or one of its elements (an ElementTree element: text and
tails, no parent links); produces the root element and an element's strings in reading order,
which is where a fix cuts a note or wraps a word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


def root_of(document: Any) -> Any:
    """The `<html>` element a WeasyPrint document was laid out from (the tree the fixes mark)."""
    return document.pages[0]._page_box.children[0].element


def shown(root: Any) -> Iterator[Any]:
    """The elements under `root` in document order, but none inside one hidden by its own
    `style` (a hidden copy of a block, `render.html.floats`): a fix never cuts the copy."""
    if root.get("style") == "display: none":
        return
    yield root
    for child in root:
        if isinstance(child.tag, str):
            yield from shown(child)


def text_slots(element: Any, skip: Sequence[str] = ()) -> list[tuple[Any, str, Any]]:
    """The element's strings in document order: (node, "text" or "tail", the element that
    holds the string: a child's tail belongs to its parent). A child carrying one of the
    attributes `skip` is passed over, its tail kept."""
    out: list[tuple[Any, str, Any]] = [(element, "text", element)]
    for child in element:
        if not any(child.get(a) is not None for a in skip):
            out += text_slots(child, skip)
        out.append((child, "tail", element))
    return out
