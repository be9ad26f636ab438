"""Render stage helper: WeasyPrint's page-bottom note area, laid out incrementally.

Consumes nothing of briefkit's: it patches two functions of WeasyPrint's layout (once per
process, from `engine._weasyprint`) and produces the same layout, faster. Each time a note is
added to a page, WeasyPrint (`LayoutContext._update_footnote_area`) deep-copies the page's
note area and lays out every note already in it, to learn the area's new height: quadratic in
notes per page. Here the area is still copied and laid out by WeasyPrint's own code, but a
note that is laid out again from exactly the same inputs as before (the same note, at the same
position, after the same margins, on the same page) gets the box laid out the first time
instead of a new layout. Only the note being added is laid out; the heights, margins and
overflow are computed by the stock code from the same numbers, so they are equal bit for bit.
The page's final area, which `make_page` lays out once more to be drawn, reuses the boxes of
the page's last update the same way: each note is laid out once per page it is placed on.

The shortcut is taken only where that argument holds, and the stock path runs everywhere else:
an area with a `max-height`, columns, its own formatting context or a position; a page inside
columns; a note holding anything but blocks, inline boxes and text (floats, positioned or
replaced boxes, tables, flex, nested notes, columns); a layout made while the page has floats.
It is applied only to the WeasyPrint versions it was verified against (`verified.VERIFIED`); on
any other the stock path runs and the module logs it. docs/dev/weasyprint-footnote-area.md has the
proof, the measurements and the upstream proposal; tests/render/test_footnote_area.py compares PDFs
made with and without it byte for byte. `BRIEFKIT_FOOTNOTE_AREA=stock` turns it off (A/B runs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from math import inf
from typing import Any

from briefkit.render.pdf.verified import Switch, applies

LOG = logging.getLogger(__name__)

ENV = "BRIEFKIT_FOOTNOTE_AREA"  # "stock": never install

_ATTR = "_briefkit_notes"
# block_level_layout's parameters after containing_block, in order
_NAMES: tuple[str, ...] = ("page_is_empty", "absolute_boxes", "fixed_boxes", "adjoining_margins")
_NAMES += (
    "first_letter_style",
    "first_line_style",
    "discard",
    "max_lines",
)  # the per-render state, kept on WeasyPrint's LayoutContext


@dataclass
class Counts:
    """What the patched functions did since `reset` (bench/ reads it; never a test timing)."""

    updates: int = 0  # calls of _update_footnote_area
    fast_updates: int = 0  # ... of which took the shortcut
    finals: int = 0  # pages' final areas (make_page's own layout) that took the shortcut
    note_layouts: int = 0  # notes laid out inside an area update or a final area
    reused: int = 0  # ... boxes given back instead of a layout

    def reset(self) -> None:
        self.updates = self.fast_updates = self.finals = self.note_layouts = self.reused = 0


COUNTS = Counts()


@dataclass
class _PageNotes:
    """One page's memo: the laid-out box of each note, by the inputs of its layout."""

    area: Any  # the page's FootnoteAreaBox the memo belongs to
    laid_out: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    active: bool = False  # inside a shortcut update
    notes: list[Any] = field(default_factory=list)  # the notes of that update, in order


@dataclass
class _Patch:
    stock_update: Callable[[Any], bool]
    stock_block_level_layout: Callable[..., Any]
    stock_page_layout: Callable[..., Any]  # the name make_page calls (page.py imports it)
    reuse: bool


_SIMPLE = "_briefkit_simple_notes"  # id(note box) -> (box, eligible), per render, on the context
_reuse = True  # what the next install puts in: the shortcut, or the stock layout counted


def _applies() -> bool:
    return applies(ENV, "stock", LOG, "stock footnote area")


def _patch() -> _Patch:
    from weasyprint.layout import LayoutContext, block, page

    installed = _Patch(
        LayoutContext._update_footnote_area,
        block.block_level_layout,
        page.block_level_layout,
        _reuse,
    )
    LayoutContext._update_footnote_area = _update_footnote_area
    block.block_level_layout = _block_level_layout
    page.block_level_layout = _page_layout
    return installed


def _unpatch(installed: _Patch) -> None:
    """WeasyPrint's own functions again (the equivalence test's other half)."""
    from weasyprint.layout import LayoutContext, block, page

    LayoutContext._update_footnote_area = installed.stock_update
    block.block_level_layout = installed.stock_block_level_layout
    page.block_level_layout = installed.stock_page_layout


SWITCH = Switch(_applies, _patch, _unpatch)
ensure, uninstall = SWITCH.ensure, SWITCH.uninstall


def install(*, reuse: bool = True) -> bool:
    """Patch WeasyPrint; True if the shortcut is on. `reuse=False` counts area updates and note
    layouts without changing anything (the stock layout, measured)."""
    global _reuse
    if SWITCH.installed is not None and SWITCH.installed.reuse != reuse:
        SWITCH.uninstall()
    _reuse = reuse
    return SWITCH.install() and reuse


def _update_footnote_area(context: Any) -> bool:
    """WeasyPrint's update, with the memo switched on when the shortcut is exact."""
    installed = SWITCH.installed
    assert installed is not None
    COUNTS.updates += 1
    area = context.current_footnote_area
    state: _PageNotes | None = getattr(context, _ATTR, None)
    if state is None or state.area is not area:
        state = _PageNotes(area)  # a new page: nothing laid out on another page is reused
        setattr(context, _ATTR, state)
    if not _exact(context, area):
        return installed.stock_update(context)
    COUNTS.fast_updates += 1
    overflow: bool = _with_memo(state, context, installed.stock_update, context)
    return overflow


def _page_layout(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
    """make_page's block_level_layout. For the page's final note area (laid out once more, to
    be drawn), the memo is on as in an update: each note gets the box laid out from the same
    inputs in the page's last update. That box was left untouched since (see the module's
    proof in docs/dev/); the translate that follows moves it, and nothing reuses it after."""
    installed = SWITCH.installed
    assert installed is not None
    stock = installed.stock_page_layout
    state: _PageNotes | None = getattr(context, _ATTR, None)
    if (
        type(box).__name__ != "FootnoteAreaBox"
        or state is None
        or state.area is not context.current_footnote_area
        or not _exact(context, state.area)
    ):
        return stock(context, box, *args, **kwargs)
    COUNTS.finals += 1
    return _with_memo(state, context, stock, context, box, *args, **kwargs)


def _exact(context: Any, area: Any) -> bool:
    """The shortcut's conditions on the area and on every note now in it."""
    simple: dict[int, tuple[Any, bool]] | None = getattr(context, _SIMPLE, None)
    if simple is None:
        simple = {}
        setattr(context, _SIMPLE, simple)
    return _simple_area(context, area) and all(
        _simple_note(n, simple) for n in context.current_page_footnotes
    )


def _with_memo(
    state: _PageNotes, context: Any, call: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """`call(*args, **kwargs)` with the memo on for the notes now on the page, in order."""
    state.active, state.notes = True, list(context.current_page_footnotes)
    try:
        return call(*args, **kwargs)
    finally:
        state.active, state.notes = False, []


def _block_level_layout(
    context: Any,
    box: Any,
    bottom_space: float,
    skip_stack: Any,
    containing_block: Any,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """WeasyPrint's block_level_layout; for a note of an area being updated, the box laid out
    earlier from the same inputs, if there is one."""
    installed = SWITCH.installed
    assert installed is not None
    stock = installed.stock_block_level_layout
    state: _PageNotes | None = getattr(context, _ATTR, None)
    if state is None or not state.active or type(containing_block).__name__ != "FootnoteAreaBox":
        return stock(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
    COUNTS.note_layouts += 1
    key = _key(context, box, bottom_space, skip_stack, containing_block, state, args, kwargs)
    if key is None or not installed.reuse:
        return stock(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
    if (known := state.laid_out.get(key)) is not None:
        COUNTS.note_layouts -= 1
        COUNTS.reused += 1
        new_box, next_page, margins, through, max_lines = known
        # the caller appends to the margins and fills in the next page: fresh copies each time
        return new_box, None, dict(next_page), list(margins), through, max_lines
    result = stock(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
    new_box, resume_at, next_page, margins, through, max_lines = result
    if new_box is not None and resume_at is None:
        state.laid_out[key] = (new_box, dict(next_page), list(margins), through, max_lines)
    return result


def _key(
    context: Any,
    box: Any,
    bottom_space: float,
    skip_stack: Any,
    area: Any,
    state: _PageNotes,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...] | None:
    """Everything a note's layout reads that can differ between two updates of one page's area,
    or None when it reads something else (floats on the page, a split, first-line styles)."""
    values = dict(zip(_NAMES, args, strict=False)) | kwargs
    if (
        context.excluded_shapes  # the area shares the page's formatting context: its floats
        or context.in_column
        or bottom_space != -inf
        or skip_stack is not None
        or values.get("first_letter_style") is not None
        or values.get("first_line_style") is not None
    ):
        return None
    index = next((i for i, child in enumerate(area.children) if child is box), None)
    if index is None or len(area.children) != len(state.notes):
        return None
    note = state.notes[index]
    if box.element is not note.element or box.element_tag != note.element_tag:
        return None
    return (
        note,  # by identity (boxes do not define equality); the key keeps it alive
        index,
        box.position_x,
        box.position_y,
        tuple(values.get("adjoining_margins") or ()),
        bool(values.get("page_is_empty", True)),
        bool(values.get("discard", False)),
        values.get("max_lines"),
        context.current_page,
        context.forced_break,
        area.width,
        area.position_y,
    )


def _simple_area(context: Any, area: Any) -> bool:
    """An area whose height is the sum WeasyPrint computes from its notes, and nothing more."""
    style = area.style
    max_height = style["max_height"]
    return (
        not context.in_column
        and getattr(max_height, "value", max_height) == inf
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
        and style["position"] == "static"
        and style["overflow"] == "visible"
        and "flow-root" not in style["display"]
        and style["max_lines"] == "none"
        and style["box_decoration_break"] != "clone"
        and style["continue"] != "discard"
        and area.first_line_style is None
        and area.first_letter_style is None
    )


_BOXES = frozenset({"BlockBox", "InlineBox", "TextBox", "LineBox"})


def _simple_note(note: Any, memo: dict[int, tuple[Any, bool]]) -> bool:
    """A note made of blocks, inline boxes and text only, in normal flow (memoised per box
    for one render; the memo holds the box, so its id is not reused meanwhile)."""
    known = memo.get(id(note))
    if known is not None and known[0] is note:
        return known[1]
    simple = type(note).__name__ == "BlockBox" and all(_simple_box(b) for b in _walk(note))
    memo[id(note)] = (note, simple)
    return simple


def _simple_box(box: Any) -> bool:
    style = box.style
    return (
        type(box).__name__ in _BOXES
        and style["position"] == "static"
        and style["float"] == "none"
        and style["clear"] == "none"
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
        and getattr(box, "footnote", None) is None
        and not getattr(box, "is_outside_marker", False)
    )


def _walk(box: Any) -> list[Any]:
    out, todo = [], [box]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(getattr(current, "children", ()) or ())
    return out
