"""Render stage helper: the layout loop that keeps every note on its call's page.

Consumes a `render(extra_css)` callable (a whole layout of the print page by WeasyPrint) and,
where WeasyPrint allows it, a `stream(watcher)` one (a layout made page by page,
`render.pdf.resume`); produces the final WeasyPrint document and its `NotePlacement`.

Each pass, in this order, tries the fixes that change the text's width or place, those that lose
no space, and then the page breaks:
0. a table wider than the page: its long words made breakable (`render.pdf.tablewrap`, one
   layout, then one more for every cell if it is still too wide); a figure that left the page
   before it short: moved past the block after it (`render.pdf.floats`, one layout, kept only
   if it fills that page);
1. a run of three hyphenated lines: the third line's word is kept whole (`render.pdf.hyphens`,
   one layout; none is left where `render.pdf.hyphen_limit` applies the rule as the lines are
   made, so this is the way on other WeasyPrint versions and a safety net);
2. a long note that does not fit under its call: continued on the next page
   (`render.pdf.continuation`, two layouts: a probe and the split);
3. a note still off its call's page: a break (`placement.Breaks`), the first pass stopping at
   the first such page when laid out page by page.
Each runs only when its fault is in the layout just made, so the common case is one layout.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from typing import Any

from briefkit.render.pdf import continuation, floats, hyphens, tablewrap
from briefkit.render.pdf.elements import root_of
from briefkit.render.pdf.placement import (
    ENGINE_CSS,
    MAX_LAYOUTS,
    Breaks,
    NotePlacement,
    Stream,
    last_block,
    note_number,
    placement,
)


def lay_out(
    render: Callable[[str], Any],
    stream: Callable[[Stream], Any | None] | None = None,
) -> tuple[Any, NotePlacement]:
    """Lay the document out until every note sits on its call's page (or give up after
    MAX_LAYOUTS layouts: the build then warns, `pdf.note-misplaced`). `render(extra_css)` lays
    out the whole document; `stream(watcher)`, where given, lays it out page by page, fixing
    each page as it comes (None when it could not: then `render` goes on from the breaks it
    added).

    A long note that does not fit under its call (it moved to the next page, or took its
    calling line there and left the page short, or runs past the foot) is continued on the
    next page first. Otherwise the fix for a page: start the block that ends it (whose second
    line pushed the notes away) on the next page, so the page keeps all it held but that
    block's first line; if the note is still not on its call's page, end the page after the
    calling block, then start the calling block on the next page (the older, costlier
    breaks)."""
    breaks = Breaks()
    document = stream(Stream(breaks)) if stream is not None else None
    if document is None:
        document = render(breaks.css())
    placed = placement(document, breaks.passes)
    tried: set[int] = set()  # notes a continuation was tried for
    kept: set[tuple[int, str, int]] = set()  # words kept whole against a hyphen ladder
    moved: set[str] = set()  # figures a move past the next block was tried for
    wrapped: dict[int, int] = {}  # tables too wide: how far their cells were made breakable
    while placed.passes < MAX_LAYOUTS:
        # after the first layout, every one carries the rules of what the passes marked
        extra = ENGINE_CSS + breaks.css()
        if tablewrap.mark(tablewrap.too_wide(document), wrapped):
            document = None
            document, placed = _relaid(render, extra, placed)
            continue
        if (move := floats.candidate(document, root_of(document), moved)) is not None:
            document, placed = _move_figure(render, document, placed, move, extra)
            continue
        if _fix_ladders(document, kept):
            document = None
            document, placed = _relaid(render, extra, placed)
            continue
        if (long := _to_continue(document, placed, tried)) is not None:
            tried.add(long[0])
            document, placed = _continue(render, document, placed, long, extra)
            continue
        misplaced = placed.misplaced()
        if not misplaced or breaks.done:
            break
        first = min(placed.calls.get(n, 10**9) for n in misplaced)
        group = [n for n in misplaced if placed.calls.get(n, 10**9) == first]
        pages = document.pages
        block = last_block(pages[first - 1]._page_box) if first in placed.calls.values() else None
        if not breaks.fix(block, root_of(document), first, group):
            break
        document = pages = block = None
        document, placed = _relaid(render, ENGINE_CSS + breaks.css(), placed)
    wide = len(tablewrap.too_wide(document))
    return document, dataclasses.replace(placed, wide_tables=wide) if wide else placed


def _relaid(
    render: Callable[[str], Any], extra: str, placed: NotePlacement
) -> tuple[Any, NotePlacement]:
    """One more layout, the last one's boxes collected first (the caller has dropped it)."""
    _collect()
    document = render(extra)
    return document, placement(document, placed.passes + 1)


def _collect() -> None:
    """Called once the last reference to a layout is dropped: its boxes are collected before
    the next layout is made, which otherwise holds both (the boxes are cycles, and the
    collector's raised threshold would wait): the 2,000-note report's peak went from 580 to
    390 MiB (docs/performance.md)."""
    gc.collect()


def _fix_ladders(document: Any, kept: set[tuple[int, str, int]]) -> bool:
    """Keep whole each word that ends a third hyphenated line in a row; True if one was."""
    changed = False
    for element, word, occurrence in hyphens.ladders(document):
        key = (id(element), word, occurrence)
        if key not in kept:
            kept.add(key)
            changed |= hyphens.keep_whole(element, word, occurrence)
    return changed


def _to_continue(document: Any, placed: NotePlacement, tried: set[int]) -> tuple[int, int] | None:
    """A long note to continue on the next page, with the page its first lines should end:
    one printed a page after its call; one running past the foot; one whose calling line
    went to the next page with it, leaving the page before short."""
    if placed.passes + 2 > MAX_LAYOUTS:
        return None  # a continuation costs two layouts
    misplaced = [
        (n, placed.calls[n])
        for n in placed.misplaced()
        if n in placed.calls and placed.notes.get(n) == placed.calls[n] + 1
    ]
    over = [(n, placed.notes[n]) for n in placed.overflowing if n in placed.notes]
    for n, page in [*misplaced, *over, *_pushed(document, placed)]:
        if n not in tried and n not in placed.continued:
            if len(continuation.note_lines(document, n)) >= continuation.MIN_LINES:
                return n, page
    return None


def _pushed(document: Any, placed: NotePlacement) -> list[tuple[int, int]]:
    """Notes first on their page whose call opens that page, after a page that ends short by
    room for the calling line and two lines of the note."""
    out = []
    for n, page in sorted(placed.calls.items()):
        if page < 2 or placed.notes.get(n) != page:
            continue
        box = document.pages[page - 1]._page_box
        area = next((c for c in box.children if type(c).__name__ == "FootnoteAreaBox"), None)
        if area is None or not area.children or note_number(area.children[0]) != n:
            continue
        call = _call_line(box, n)
        if call is None or call.position_y - box.content_box_y() > 4 * call.height:
            continue
        lines = continuation.lines_of(area.children[0])
        if len(lines) < continuation.MIN_LINES:
            continue
        line = lines[-1].height
        overhead = area.margin_top + area.padding_top + area.border_top_width
        if floats.free(document.pages[page - 2]._page_box) > call.height + overhead + 3 * line:
            out.append((n, page - 1))
    return out


def _call_line(box: Any, n: int) -> Any:
    for child in box.children:
        if type(child).__name__ in ("FootnoteAreaBox", "MarginBox"):
            continue
        for line in child.descendants():
            if type(line).__name__ == "LineBox":
                for desc in line.descendants():
                    tag = getattr(desc, "element_tag", "") or ""
                    if tag.endswith("::footnote-call") and note_number(desc) == n:
                        return line
    return None


def _continue(
    render: Callable[[str], Any],
    document: Any,
    placed: NotePlacement,
    long: tuple[int, int],
    extra: str,
) -> tuple[Any, NotePlacement]:
    """Continue note `n` from `page` on the next page (two layouts: the probe and the split),
    or leave the tree as it was and return the layout made from it."""
    n, page = long
    box = continuation.note_box(document, n)
    lines = continuation.lines_of(box) if box is not None else []
    root = root_of(document)
    probe = continuation.probe(root, n, lines, box.margin_bottom) if lines else None
    if probe is None:
        return document, placed
    tested = render(extra)
    probe.restore()
    passes = placed.passes + 1
    call_page, fitting = continuation.probed(tested, n)
    k = continuation.choose(lines, fitting) if call_page == page else None
    undo = continuation.split(root, n, lines, k) if k is not None else None
    if undo is None:
        return document, dataclasses.replace(placed, passes=passes)
    final = render(extra)
    result = placement(final, passes + 1)
    if result.notes.get(n) == result.calls.get(n) == page and result.continued.get(n) == page + 1:
        return final, result
    undo.restore()  # the tree the caller's `document` was laid out from
    return document, dataclasses.replace(placed, passes=passes + 1)


def _move_figure(
    render: Callable[[str], Any], document: Any, placed: NotePlacement, move: Any, extra: str
) -> tuple[Any, NotePlacement]:
    """The layout with the figure moved past the block after it, if that fills the page before
    it (`render.pdf.floats`); else the tree put back and the layout before."""
    moved = render(extra)
    passes = placed.passes + 1
    if floats.kept(move, moved):
        return moved, placement(moved, passes)
    move.restore()  # the tree `document` was laid out from
    return document, dataclasses.replace(placed, passes=passes)
