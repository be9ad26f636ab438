"""Render stage helper: where WeasyPrint put each note, and the relayout that keeps notes on
their call's page.

Consumes WeasyPrint documents (its layout tree: `page._page_box`, pinned to <72 in
pyproject) through a `render(extra_css)` callable; produces the final document and a
`NotePlacement` (calls, note bodies, overflowing notes, layout passes). Knows nothing of
briefkit's IR, like `render.pdf.engine`, which calls it.

Why a note leaves its call's page: WeasyPrint lays a paragraph's lines one by one and, when
the second line of a paragraph (the one that satisfies `orphans: 2`) no longer fits, it
*reports* the notes already placed on the page to the next page to make room for that line
(`layout/block.py`, `_linebox_layout`). So the cure is the break WeasyPrint would have taken
without that move: end the page after the paragraph that calls the note (the next paragraph
starts the next page, losing the one line that did not fit); when the call sits in that very
paragraph's first line, start the paragraph on the next page instead (with its heading).

Such a break is written as CSS against the page's `data-notes` attributes, so it is tied to a
paragraph, not to a position: a break added for page 3 lands wherever that paragraph goes
after an earlier page changed. Breaks are therefore added one page at a time, in page order:
the pages before the one being fixed are laid out exactly as in the pass before, so the new
break ends the page it was meant for (adding them all at once stranded pages, the paragraph
having moved up or down by the time its break applied). The common case, every note on its
call's page, costs a single layout.

Before those breaks, each pass tries the two fixes that lose no space: a long note that does not
fit under its call is continued on the next page (`render.pdf.continuation`, two layouts), and
a run of three hyphenated lines has its third line's word kept whole (`render.pdf.hyphens`, one
layout). Each runs only when its fault is in the layout just made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefkit.render.pdf import continuation, hyphens

MAX_LAYOUTS = 8


@dataclass(frozen=True)
class NotePlacement:
    calls: dict[int, int]  # note number -> page of its call
    notes: dict[int, int]  # note number -> page where its body starts
    overflowing: tuple[int, ...]  # notes running past the bottom of their page
    passes: int = 1  # full layouts it took (1 in the common case)
    continued: dict[int, int] = field(default_factory=dict)  # note -> page it continues on

    def misplaced(self) -> list[int]:
        numbers = sorted(set(self.calls) | set(self.notes))
        return [n for n in numbers if self.calls.get(n) != self.notes.get(n)]


def placement(document: Any, passes: int = 1) -> NotePlacement:
    """Where WeasyPrint put each note call and each note body (read off its layout tree)."""
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    overflowing: list[int] = []
    for number, page in enumerate(document.pages, 1):
        box = page._page_box
        top = box.content_box_y()
        bottom = top + box.height
        for child in box.children:
            if type(child).__name__ == "FootnoteAreaBox":
                for note in child.children:
                    n = _note_number(note) or continuation.number(note)
                    if n is not None:
                        if continuation.number(note) is None:
                            notes.setdefault(n, number)
                        y = note.border_box_y()
                        if y < top - 0.5 or y + note.border_height() > bottom + 0.5:
                            overflowing.append(n)  # WeasyPrint does not split notes
            else:
                for desc in child.descendants():
                    tag = getattr(desc, "element_tag", None) or ""
                    if tag.endswith("::footnote-call"):
                        n = _note_number(desc)
                        if n is not None:
                            calls.setdefault(n, number)
    for n, page in continuation.continued(document).items():
        notes_page = notes.get(n)
        if notes_page is not None and page != notes_page + 1:
            overflowing.append(n)  # a continuation must follow its note's page
    return NotePlacement(calls, notes, tuple(overflowing), passes, continuation.continued(document))


def _note_number(box: Any) -> int | None:
    element = getattr(box, "element", None)
    value = element.get("data-note") if element is not None else None
    return int(value) if value and value.isdigit() else None


BLOCKS = frozenset({"p", "li", "blockquote", "figure", "table", "pre", "aside", "footer", "hr"})
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
MARK = "data-bk-break"  # set on the element a relayout starts on a new page
BREAKS = f"[{MARK}] {{ break-before: page; }}\n"
# every relayout's rules: each matches only what a pass marked (a continued note, a word kept
# whole against a hyphen ladder)
ENGINE_CSS = continuation.CSS + hyphens.CSS


def last_block(document: Any, page: int) -> Any:
    """The element of the innermost block whose line ends the body text of `page` (1-based):
    the block whose second line WeasyPrint made room for by moving notes away."""
    box = document.pages[page - 1]._page_box
    found: list[Any] = []

    def walk(node: Any, block: Any) -> None:
        for child in getattr(node, "children", ()):
            name = type(child).__name__
            if name in ("FootnoteAreaBox", "MarginBox"):  # notes, running heads, folio
                continue
            if name == "LineBox":
                found[:] = [block]
                continue
            tag = getattr(child, "element_tag", "")
            element = getattr(child, "element", None)
            inner = element if tag in BLOCKS or tag in HEADINGS else block
            walk(child, inner)

    walk(box, None)
    return found[0] if found else None


def _starting(document: Any, element: Any) -> Any:
    """Where a page break before `element` goes: before the heading(s) it follows, so that
    a heading never ends a page (WeasyPrint's tree is an ElementTree: no parent links)."""
    root = document.pages[0]._page_box.children[0].element
    parents = {child: parent for parent in root.iter() for child in parent}
    while element in parents:
        siblings = list(parents[element])
        at = siblings.index(element)
        if at == 0:
            # the first block of a section: the section's heading is the one before it
            return element
        previous = siblings[at - 1]
        if previous.tag not in HEADINGS:
            return element
        element = previous
    return element


def lay_out(render: Callable[[str], Any]) -> tuple[Any, NotePlacement]:
    """Lay the document out (`render(extra_css)`) until every note sits on its call's page,
    fixing the first page that has a misplaced note in each further pass (or give up after
    MAX_LAYOUTS passes: the build then warns, `pdf.note-misplaced`).

    A long note that does not fit under its call (it moved to the next page, or took its
    calling line there and left the page short, or runs past the foot) is continued on the
    next page first (`render.pdf.continuation`). Otherwise the fix for a page: start the block
    that ends it (whose second line pushed the notes away) on the next page, so the page keeps
    all it held but that block's first line; if the note is still not on its call's page, end
    the page after the calling block, then start the calling block on the next page (the
    older, costlier breaks)."""
    document = render("")
    placed = placement(document)
    marked: dict[int, Any] = {}  # page of the call -> element marked for it
    after: set[int] = set()
    before: set[int] = set()
    tried: set[int] = set()  # notes a continuation was tried for
    kept: set[tuple[int, str, int]] = set()  # words kept whole against a hyphen ladder
    extra = ""
    while placed.passes < MAX_LAYOUTS:
        if _fix_ladders(document, kept):
            document = render(extra or ENGINE_CSS)
            placed = placement(document, placed.passes + 1)
            continue
        if (long := _to_continue(document, placed, tried)) is not None:
            tried.add(long[0])
            document, placed = _continue(render, document, placed, long, extra or ENGINE_CSS)
            continue
        misplaced = placed.misplaced()
        if not misplaced:
            break
        first = min(placed.calls.get(n, 10**9) for n in misplaced)
        group = [n for n in misplaced if placed.calls.get(n, 10**9) == first]
        block = last_block(document, first) if first in placed.calls.values() else None
        if first not in marked and block is not None and block.tag != "html":
            target = _starting(document, block)
            target.set(MARK, "")
            marked[first] = target
        elif fresh := [n for n in group if n not in after]:
            after.update(fresh)
        else:
            again = [n for n in group if n not in before]
            if not again:
                break  # every such paragraph already starts its page: nothing more to try
            before.update(again)
        extra = ENGINE_CSS
        extra += BREAKS if marked else ""
        extra += "".join(_break_after(n) for n in sorted(after - before))
        extra += "".join(_break_before(n) for n in sorted(before))
        document = render(extra)
        placed = placement(document, placed.passes + 1)
    return document, placed


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
        if area is None or not area.children or _note_number(area.children[0]) != n:
            continue
        call = _call_line(box, n)
        if call is None or call.position_y - box.content_box_y() > 4 * call.height:
            continue
        lines = continuation.lines_of(area.children[0])
        if len(lines) < continuation.MIN_LINES:
            continue
        line = lines[-1].height
        overhead = area.margin_top + area.padding_top + area.border_top_width
        if _free(document.pages[page - 2]._page_box) > call.height + overhead + 3 * line:
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
                    if tag.endswith("::footnote-call") and _note_number(desc) == n:
                        return line
    return None


def _free(box: Any) -> float:
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
    root = continuation.root_of(document)
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


def _break_after(n: int) -> str:
    """CSS ending the page after the block that calls note `n`."""
    return f'p[data-notes~="{n}"], li[data-notes~="{n}"] {{ break-after: page; }}\n'


def _break_before(n: int) -> str:
    """CSS starting the block that calls note `n` on a new page (its heading goes along)."""
    heads = ", ".join(f'h{i}[data-next-notes~="{n}"]' for i in range(2, 7))
    blocks = f'p[data-notes~="{n}"]:not([data-after-heading]), li[data-notes~="{n}"]'
    return f"{heads}, {blocks} {{ break-before: page; }}\n"
