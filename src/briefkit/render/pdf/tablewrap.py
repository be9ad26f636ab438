"""Render stage helper: a table too wide for its page is laid out again with its long words
breakable, so that no column is cut off at the page's edge.

Consumes a WeasyPrint document (its layout tree) and the element tree it was laid out from;
produces marks on table cells (`data-bk-wrap`, which `CSS` gives `overflow-wrap: anywhere`)
and the count of tables still too wide. A table takes the width its cells' longest words
need: one word longer than its column can have (a German compound, an identifier) pushes the
table past the right margin, and the PDF prints the columns beyond it nowhere (`build` said
nothing; only `verify`'s preflight saw the line past the margin). Only a table that runs past
the margin is marked, so every table that fits is laid out as before: first its cells that
hold a long word, then, if it is still too wide, all its cells.
"""

from __future__ import annotations

from typing import Any

from briefkit.render.pdf.elements import root_of

MARK = "data-bk-wrap"
CSS = f"[{MARK}] {{ overflow-wrap: anywhere; }}\n"
LONG = 16  # characters: a word at least this long may break inside a table too wide
_CELLS = ("td", "th")


def too_wide(document: Any) -> list[Any]:
    """The `<table>` elements whose box runs past the right edge of its page's text."""
    found: list[Any] = []
    if not document.pages or next(root_of(document).iter("table"), None) is None:
        return found  # no table: no walk through every box of every page
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width + 0.5
        for child in box.children:
            if type(child).__name__ in ("FootnoteAreaBox", "MarginBox"):
                continue
            for desc in child.descendants():
                if type(desc).__name__ != "TableBox":
                    continue
                element = getattr(desc, "element", None)
                edge = desc.border_box_x() + desc.border_width()
                if edge > right and element is not None and element not in found:
                    found.append(element)
    return found


def mark(tables: list[Any], marked: dict[int, int]) -> bool:
    """Mark the next cells of each table (`marked`: id of a table -> times marked); False when
    every table was marked both ways already."""
    changed = False
    for table in tables:
        times = marked.get(id(table), 0)
        if times >= 2:
            continue
        cells = [c for c in table.iter() if c.tag in _CELLS and c.get(MARK) is None]
        long = [c for c in cells if max(map(len, "".join(c.itertext()).split()), default=0) >= LONG]
        chosen = long if times == 0 and long else cells
        for cell in chosen:
            cell.set(MARK, "")
        marked[id(table)] = 2 if chosen is cells else 1
        changed |= bool(chosen)
    return changed
