"""Render stage helper: a figure that left the page before it short moves down past the block
after it, which fills that page instead.

Consumes a WeasyPrint document laid out from a print page whose movable figures carry a hidden
copy of the block after them (`render.html.floats`: `data-float`, `data-float-copy`,
`data-float-block`); produces the elements shown and hidden for one such figure, and the test
that decides whether the layout made with them is kept. WeasyPrint has no page floats: a figure
too tall for what is left of a page starts the next one, and the space above it stays blank.
Here, where that blank is more than a fifth of the text area (what `preflight.underfull`
reports), the copy of the next block is shown before the figure and the block itself hidden;
the layout that follows is kept only if the figure stays on the page it had moved to and the
page before it is fuller. Otherwise the tree is put back and the layout before is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefkit.render.html.floats import BLOCK, COPY, FIGURE  # the marks the print page carries

SHORT = 0.2  # of a page's text area left blank before a figure: worth moving the figure
_FLOW = frozenset({"p", "li", "ul", "ol", "figure", "table", "pre", "blockquote"})  # not wrappers


def free(box: Any) -> float:
    """The height left blank between a page's last line of text and its note area (or foot)."""
    bottom = box.content_box_y() + box.height
    end = box.content_box_y()
    for child in box.children:
        name = type(child).__name__
        if name == "FootnoteAreaBox":
            if child.children:
                bottom -= child.margin_height()
        elif name != "MarginBox":
            for desc in child.descendants():
                if type(desc).__name__ in ("LineBox", "BlockReplacedBox", "InlineReplacedBox"):
                    end = max(end, desc.position_y + desc.margin_height())
    return float(bottom - end)


def _opening(box: Any) -> Any:
    """The element of the first block of body text on a page (its PageBox), headings passed."""
    for child in box.children:
        if type(child).__name__ in ("FootnoteAreaBox", "MarginBox"):
            continue
        for desc in child.descendants():
            element = getattr(desc, "element", None)
            tag = getattr(element, "tag", None)
            if isinstance(tag, str) and tag in _FLOW and desc.element_tag == tag:
                return element
    return None


@dataclass
class Move:
    """One figure's move: its key, the page it opened (0-based), the blank before it."""

    key: str
    page: int
    blank: float
    shown: list[Any]
    hidden: list[Any]

    def restore(self) -> None:
        """The tree as it was: the copy hidden again, the block shown."""
        for element in self.shown:
            element.set("style", "display: none")
        for element in self.hidden:
            element.attrib.pop("style", None)


def candidate(document: Any, root: Any, tried: set[str]) -> Move | None:
    """The first figure not yet tried that opens a page after a page left short, moved (its
    copy shown, its block hidden): the caller lays the document out again."""
    pages = document.pages
    for index in range(1, len(pages)):
        element = _opening(pages[index]._page_box)
        key = element.get(FIGURE) if element is not None else None
        if not key or key in tried:
            continue
        before = pages[index - 1]._page_box
        blank = free(before)
        if blank <= SHORT * before.height:
            continue
        tried.add(key)
        shown = [e for e in root.iter() if e.get(COPY) == key]
        hidden = [e for e in root.iter() if e.get(BLOCK) == key]
        if len(shown) != 1 or len(hidden) != 1:
            continue
        shown[0].attrib.pop("style", None)
        hidden[0].set("style", "display: none")
        return Move(key, index, blank, shown, hidden)
    return None


def kept(move: Move, document: Any) -> bool:
    """Whether the layout made with `move` is better: the figure is on the page it had moved to
    (after the block's text, or still opening it) and the page before it is fuller."""
    pages = document.pages
    for index, page in enumerate(pages):
        for desc in page._page_box.descendants():
            element = getattr(desc, "element", None)
            if element is not None and element.get(FIGURE) == move.key:
                return index == move.page and free(pages[index - 1]._page_box) < move.blank
    return False
