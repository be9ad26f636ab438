"""Render stage helper: WeasyPrint's pagination with note checks page by page, and a relayout
that starts near the page it fixes instead of at page 1.

Consumes a `Watcher` (render.pdf.placement: reads each page as it is made, decides the breaks
that keep notes on their call's page) and WeasyPrint's own pagination functions; produces the
same `Document` WeasyPrint would make from the print page and the CSS of those breaks, without
the pages the old way laid out for nothing: the rest of a pass after its first misplaced note,
and, in the pass after it, every page before that note.

How: WeasyPrint keeps, for every page, the state its layout starts from (`context.page_maker`,
the same list its own repagination for page counters uses). Pages are made one at a time
(`remake_page`); after each, the watcher reads it. When it asks for breaks, they are set on the
computed styles of the elements they name (what the CSS rule would have produced), the context
is put back as it was before the first page that can read those styles (two pages before the
first page holding any of those elements; a page never reads the style of an element it has
not reached), and pagination goes on from there. Then WeasyPrint's `layout_document` runs with
those pages as its first pass: its own loop for page counters, then the margin boxes.

Taken only where that is exact, everything else raises `Abort` (the caller then lays the whole
document out again with the CSS, as before): a break on an element whose cascade already sets
that property (the CSS rule might lose), content that looks up counters or targets (their
values cached by the pass being replaced). A document with fixed boxes (repeated on every page
from all pages at the end) is laid out by WeasyPrint's own code, without the watcher.
Applied on the WeasyPrint versions in `verified.VERIFIED` only; `BRIEFKIT_RELAYOUT=full`
turns it off (A/B runs). tests/render/test_relayout.py compares both ways byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefkit.render.pdf.verified import applies

ENV = "BRIEFKIT_RELAYOUT"  # "full": every relayout from page 1, as before


class Abort(Exception):
    """The shortcut is not exact for this document: lay it out again the full way."""


class Watcher(Protocol):
    def page(self, index: int, page: Any, root: Any) -> dict[Any, dict[str, str]] | None:
        """Read page `index` (0-based, a WeasyPrint PageBox before its margin boxes); None to go
        on, or the style every element with a break should have from now on."""

    def rewind(self, index: int) -> None:
        """Pages from `index` on are made again: forget what was read of them."""


@dataclass
class Counts:
    """Pages made since `reset` and restarts taken (bench/ reads them; never a test timing)."""

    pages: int = 0
    restarts: int = 0

    def reset(self) -> None:
        self.pages = self.restarts = 0


COUNTS = Counts()


@dataclass
class _Run:
    watcher: Watcher
    props: dict[int, tuple[Any, dict[str, str]]] = field(default_factory=dict)  # set, by element
    computed: dict[int, Any] = field(default_factory=dict)  # element -> its style before
    boxes: dict[int, tuple[Any, Any]] = field(default_factory=dict)  # box -> its style before


# the render in progress in this thread (a thread that renders another document meanwhile,
# a preview server's, gets WeasyPrint's own layout)
_active: ContextVar[_Run | None] = ContextVar("briefkit_resume", default=None)
_stock: Callable[..., Iterator[Any]] | None = None


def available() -> bool:
    return applies(ENV, "full")


def render(render_document: Callable[[], Any], watcher: Watcher) -> Any | None:
    """`render_document()` (a WeasyPrint `HTML.render`) with the watcher reading its pages; None
    when the shortcut was not exact (the caller then renders with the breaks' CSS)."""
    _install()
    token = _active.set(_Run(watcher))
    try:
        return render_document()
    except Abort:
        return None
    finally:
        _active.reset(token)


def _install() -> None:
    global _stock
    if _stock is not None:
        return
    from weasyprint import document

    _stock = document.layout_document
    document.layout_document = _layout_document


def _layout_document(html: Any, root_box: Any, context: Any, max_loops: int = 8) -> Iterator[Any]:
    """WeasyPrint's layout_document, its first pass made page by page under the watcher."""
    assert _stock is not None
    run = _active.get()
    if run is None or any(b.style["position"] == "fixed" for b in root_box.descendants()):
        # not a render of ours; or one with fixed boxes, which WeasyPrint adds to every page
        # from all pages at the end (so a page read before the end is not the page printed):
        # WeasyPrint's own layout, and the watcher never called (the caller's full relayouts)
        yield from _stock(html, root_box, context, max_loops)
        return
    pages, initial = _paginate(html, root_box, context, run)
    yield from _replay(html, root_box, context, max_loops, pages, initial)


@dataclass
class _Snapshot:
    """The parts of WeasyPrint's LayoutContext that carry over from one page to the next (the
    rest is set anew by make_page, or lives in page_maker)."""

    footnotes: list[Any]
    reported: list[Any]
    broken: dict[Any, Any]
    running: dict[str, dict[int, list[Any]]]
    shapes_roots: list[Any]
    shapes: dict[Any, Any]
    page_footnotes: dict[Any, Any]

    @classmethod
    def take(cls, context: Any) -> _Snapshot:
        running = {
            k: {p: list(v) for p, v in d.items()} for k, d in context.running_elements.items()
        }
        return cls(
            list(context.footnotes),
            list(context.reported_footnotes),
            dict(context.broken_out_of_flow),
            running,
            list(context._excluded_shapes_root_boxes),
            dict(context._excluded_shapes),
            dict(context.page_footnotes),
        )

    def restore(self, context: Any) -> None:
        context.footnotes = list(self.footnotes)
        context.reported_footnotes = list(self.reported)
        context.broken_out_of_flow = dict(self.broken)
        running: Any = defaultdict(lambda: defaultdict(list))
        for name, by_page in self.running.items():
            for page, found in by_page.items():
                running[name][page] = list(found)
        context.running_elements = running
        context._excluded_shapes_root_boxes = list(self.shapes_roots)
        context._excluded_shapes = dict(self.shapes)
        context.page_footnotes = dict(self.page_footnotes)


def _paginate(html: Any, root_box: Any, context: Any, run: _Run) -> tuple[list[Any], list[Any]]:
    """make_all_pages's first pass (every page made), with the watcher after each page; returns
    the pages and the notes WeasyPrint had before the first page."""
    from weasyprint.layout import initialize_page_maker
    from weasyprint.layout.page import remake_page

    initialize_page_maker(context, root_box)
    context.rendered_notes = []
    pages: list[Any] = []
    snapshots: list[_Snapshot] = []
    index = 0
    while True:
        del snapshots[index:]
        snapshots.append(_Snapshot.take(context))
        state = context.page_maker[index][-1]
        state["content_changed"] = state["pages_wanted"] = False  # as make_all_pages does
        state["anchors"], state["content_lookups"] = [], []
        page, resume_at = remake_page(index, context, root_box, html)
        COUNTS.pages += 1
        del pages[index:]
        pages.append(page)
        if getattr(page, "fixed_boxes", None):
            raise Abort  # not expected (no box is fixed, checked above): the safe way out
        wanted = run.watcher.page(index, page, page.children[0].element)
        if wanted is not None:
            start = _restyle(run, wanted, pages, root_box, snapshots[0].footnotes, context)
            COUNTS.restarts += 1
            snapshots[start].restore(context)
            del context.page_maker[start + 1 :]
            run.watcher.rewind(start)
            index = start
            continue
        index += 1
        if resume_at is None and not context.reported_footnotes:
            context.page_maker = context.page_maker[: index + 1]
            context.broken_out_of_flow.clear()
            context.reported_footnotes.clear()
            return pages, snapshots[0].footnotes


def _restyle(
    run: _Run,
    wanted: dict[Any, dict[str, str]],
    pages: list[Any],
    root: Any,
    notes: list[Any],
    context: Any,
) -> int:
    """Give every element the break style it should have now (putting back the ones it no
    longer should); returns the page to go on from. Raises Abort where that is not exact."""
    # Every anchor has a target item whose page WeasyPrint notes as it goes; only content
    # that looks up counters or targets (counter_lookup_items, parse_again) reads them back
    collector = context.target_collector
    if collector.counter_lookup_items or any(
        item.parse_again_functions for item in collector.target_lookup_items.values()
    ):
        raise Abort  # values cached by pages about to be made again
    now = {id(e): (e, props) for e, props in wanted.items()}
    changed = {k for k, (_, props) in now.items() if run.props.get(k, (None, {}))[1] != props}
    changed |= {k for k in run.props if k not in now}
    boxes: dict[int, list[Any]] = defaultdict(list)
    for box in _boxes(root, notes):
        # the element's own boxes: not its pseudo-elements', nor anonymous boxes (whose style
        # has no cascade, so the CSS rule would not reach them either)
        if id(box.element) in changed and "::" not in (box.element_tag or ""):
            if type(box.style).__name__ == "ComputedStyle":
                boxes[id(box.element)].append(box)
    computed = context.style_for._computed_styles
    for key in changed:
        element, props = now.get(key) or (run.props[key][0], {})
        base = run.computed.get(key) or computed.get((element, None))
        if base is None:
            raise Abort  # no style of its own (not displayed): nothing to set
        if any(prop in base.cascaded for prop in props):
            raise Abort  # the house style sets it too: which rule wins is the cascade's call
        run.computed.setdefault(key, base)
        # WeasyPrint shares one style between elements that match the same rules: the
        # element gets a copy of its own, as the cascade with the rule would have made it
        computed[element, None] = _restyled(base, props)
        copies: dict[int, Any] = {}
        for box in boxes[key]:
            original = run.boxes.setdefault(id(box), (box, box.style))[1]
            if id(original) not in copies:
                copies[id(original)] = _restyled(original, props)
            box.style = copies[id(original)]
        if props:
            run.props[key] = (element, props)
        else:
            del run.props[key]
    first = next(
        (
            i
            for i, page in enumerate(pages)
            if any(id(getattr(b, "element", None)) in changed for b in _in(page))
        ),
        len(pages) - 1,
    )
    return max(first - 2, 0)


def _restyled(style: Any, props: dict[str, str]) -> Any:
    """`style` with `props` set, a copy (the original itself when there is nothing to set)."""
    if not props:
        return style
    copy = style.copy()
    for prop, value in props.items():
        copy[prop] = value
    return copy


def _boxes(root: Any, notes: list[Any]) -> Iterator[Any]:
    """Every box of the formatting structure, the notes taken out of the flow included."""
    yield from root.descendants()
    for note in notes:
        yield from note.descendants()


def _in(page: Any) -> Iterator[Any]:
    for child in page.children:
        yield from child.descendants()


def _replay(
    html: Any, root_box: Any, context: Any, max_loops: int, pages: list[Any], initial: list[Any]
) -> Iterator[Any]:
    """WeasyPrint's layout_document over the pages made: its first make_all_pages returns them,
    any further pass for page counters is its own, then the margin boxes."""
    from weasyprint import layout

    assert _stock is not None
    stock_init, stock_make = layout.initialize_page_maker, layout.make_all_pages
    after = context.footnotes
    context.footnotes = list(initial)  # what layout_document keeps for its further passes
    first = [True]

    def make_all_pages(context: Any, root_box: Any, html: Any, previous: Any) -> Any:
        if first[0]:
            first[0] = False
            context.footnotes = after
            return iter(pages)
        return stock_make(context, root_box, html, previous)

    layout.initialize_page_maker = lambda context, root_box: None
    layout.make_all_pages = make_all_pages
    try:
        done = list(_stock(html, root_box, context, max_loops))
    finally:
        layout.initialize_page_maker, layout.make_all_pages = stock_init, stock_make
    yield from done
