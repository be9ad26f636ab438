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

The loop that drives these fixes, with the two that lose no space and come first (a long note
continued on the next page, a hyphen ladder undone), is `render.pdf.layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from briefkit.render.pdf import continuation, hyphens, tablewrap

MAX_LAYOUTS = 8


@dataclass(frozen=True)
class NotePlacement:
    calls: dict[int, int]  # note number -> page of its call
    notes: dict[int, int]  # note number -> page where its body starts
    overflowing: tuple[int, ...]  # notes running past the bottom of their page
    passes: int = 1  # full layouts it took (1 in the common case)
    continued: dict[int, int] = field(default_factory=dict)  # note -> page it continues on
    # what WeasyPrint ignored in the house style's CSS (render.pdf.cssproblems), carried with
    # the placement from the worker process to the build's diagnostics
    css_problems: tuple[tuple[str, int, int, str], ...] = ()
    wide_tables: int = 0  # tables still past the right margin (render.pdf.tablewrap)

    def misplaced(self) -> list[int]:
        numbers = sorted(set(self.calls) | set(self.notes))
        return [n for n in numbers if self.calls.get(n) != self.notes.get(n)]


def placement(document: Any, passes: int = 1) -> NotePlacement:
    """Where WeasyPrint put each note call and each note body (read off its layout tree)."""
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    overflowing: list[int] = []
    for number, page in enumerate(document.pages, 1):
        read_page(page._page_box, number, calls, notes, overflowing)
    continued = continuation.continued(document)
    for n, page_number in continued.items():
        notes_page = notes.get(n)
        if notes_page is not None and page_number != notes_page + 1:
            overflowing.append(n)  # a continuation must follow its note's page
    return NotePlacement(calls, notes, tuple(overflowing), passes, continued)


def read_page(
    box: Any, number: int, calls: dict[int, int], notes: dict[int, int], overflowing: list[int]
) -> None:
    """Add the note calls and note bodies of one page (a WeasyPrint PageBox) to `calls`,
    `notes` (the first page of each) and `overflowing`."""
    top = box.content_box_y()
    bottom = top + box.height
    for child in box.children:
        if type(child).__name__ == "FootnoteAreaBox":
            for note in child.children:
                n = note_number(note) or continuation.number(note)
                if n is not None:
                    if continuation.number(note) is None:  # a continuation is not its start
                        notes.setdefault(n, number)
                    y = note.border_box_y()
                    if y < top - 0.5 or y + note.border_height() > bottom + 0.5:
                        overflowing.append(n)  # WeasyPrint does not split notes
        else:
            for desc in child.descendants():
                tag = getattr(desc, "element_tag", None) or ""
                if tag.endswith("::footnote-call"):
                    n = note_number(desc)
                    if n is not None:
                        calls.setdefault(n, number)


def note_number(box: Any) -> int | None:
    """The number of the note a box belongs to (its element's `data-note`), or None."""
    element = getattr(box, "element", None)
    value = element.get("data-note") if element is not None else None
    return int(value) if value and value.isdigit() else None


BLOCKS = frozenset({"p", "li", "blockquote", "figure", "table", "pre", "aside", "footer", "hr"})
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
MARK = "data-bk-break"  # set on the element a relayout starts on a new page
AFTER = "data-after-heading"  # a paragraph right after its heading (the heading moves)
BREAKS = f"[{MARK}] {{ break-before: page; }}\n"
# every relayout's rules: each matches only what a pass marked (a continued note, a word kept
# whole against a hyphen ladder, a cell of a table too wide)
ENGINE_CSS = continuation.CSS + hyphens.CSS + tablewrap.CSS


def last_block(box: Any) -> Any:
    """The element of the innermost block whose line ends the body text of a page (its
    PageBox): the block whose second line WeasyPrint made room for by moving notes away."""
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


def _starting(root: Any, element: Any) -> Any:
    """Where a page break before `element` goes: before the heading(s) it follows, so that
    a heading never ends a page (WeasyPrint's tree is an ElementTree: no parent links)."""
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


class Breaks:
    """The breaks added so far, page by page, and the layouts they took: as CSS for a layout
    of the whole document, or as the styles they give the elements (`render.pdf.resume`)."""

    def __init__(self) -> None:
        self.marked: dict[int, Any] = {}  # page of the call -> element marked for it
        self.after: set[int] = set()
        self.before: set[int] = set()
        self.passes = 1  # layouts, counting the one the next fix asks for
        self.done = False  # nothing more to try

    def fix(self, block: Any, root: Any, first: int, group: list[int]) -> bool:
        """Add the next break for page `first`, whose notes `group` are misplaced and whose
        body text ends in `block`; False when every break was tried already."""
        if first not in self.marked and block is not None and block.tag != "html":
            target = _starting(root, block)
            target.set(MARK, "")
            self.marked[first] = target
        elif fresh := [n for n in group if n not in self.after]:
            self.after.update(fresh)
        else:
            again = [n for n in group if n not in self.before]
            if not again:
                self.done = True  # every such paragraph already starts its page
                return False
            self.before.update(again)
        self.passes += 1
        return True

    def css(self) -> str:
        extra = BREAKS if self.marked else ""
        extra += "".join(_break_after(n) for n in sorted(self.after - self.before))
        extra += "".join(_break_before(n) for n in sorted(self.before))
        return extra

    def styles(self, root: Any) -> dict[Any, dict[str, str]]:
        """What `css()` sets, element by element: the same selectors, matched here."""
        after = {str(n) for n in self.after - self.before}
        before = {str(n) for n in self.before}
        out: dict[Any, dict[str, str]] = {}
        for element in root.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue  # comments and processing instructions
            props: dict[str, str] = {}
            if element.get(MARK) is not None:
                props["break_before"] = "page"
            notes = set(_tokens(element.get("data-notes")))
            if tag in ("p", "li") and notes & after:
                props["break_after"] = "page"
            if notes & before and (tag == "li" or (tag == "p" and element.get(AFTER) is None)):
                props["break_before"] = "page"
            if tag in HEADINGS and before & set(_tokens(element.get("data-next-notes"))):
                props["break_before"] = "page"
            if props:
                out[element] = props
        return out


class Stream:
    """The watcher of a layout made page by page (`resume.Watcher`): the first page with a
    misplaced note gets its break at once, as the next full layout would have had it."""

    def __init__(self, breaks: Breaks) -> None:
        self.breaks = breaks
        self.calls: dict[int, int] = {}
        self.notes: dict[int, int] = {}

    def page(self, index: int, page: Any, root: Any) -> dict[Any, dict[str, str]] | None:
        if self.breaks.done or self.breaks.passes >= MAX_LAYOUTS:
            return None  # no further layout would be made: the rest is laid out as it comes
        number = index + 1
        read_page(page, number, self.calls, self.notes, [])
        group = sorted(
            n for n, p in self.calls.items() if p == number and self.notes.get(n) != number
        )
        if not group:
            return None
        if not self.breaks.fix(last_block(page), root, number, group):
            return None
        return self.breaks.styles(root)

    def rewind(self, index: int) -> None:
        for found in (self.calls, self.notes):
            for n in [n for n, p in found.items() if p > index]:
                del found[n]


def _tokens(value: str | None) -> list[str]:
    """An attribute's whitespace-separated words, as CSS's `~=` reads them."""
    return re.split(r"[ \t\n\r\f]+", value.strip(" \t\n\r\f")) if value else []


def _break_after(n: int) -> str:
    """CSS ending the page after the block that calls note `n`."""
    return f'p[data-notes~="{n}"], li[data-notes~="{n}"] {{ break-after: page; }}\n'


def _break_before(n: int) -> str:
    """CSS starting the block that calls note `n` on a new page (its heading goes along)."""
    heads = ", ".join(f'h{i}[data-next-notes~="{n}"]' for i in range(2, 7))
    blocks = f'p[data-notes~="{n}"]:not([data-after-heading]), li[data-notes~="{n}"]'
    return f"{heads}, {blocks} {{ break-before: page; }}\n"
