"""Render stage helper: a long note that does not fit on its call's page is continued on the next.

Consumes WeasyPrint documents (layout tree pinned to <72 in pyproject) and the element tree the
page was parsed into (the same tree every relayout reads, so a change made here is seen by the
next `render`); produces that tree with the note split in two, or unchanged. Knows nothing of
briefkit's IR, like `render.pdf.placement`, which calls it.

WeasyPrint never splits a note across pages: with the house's `footnote-policy: line`, a note
that does not fit in the space left under its call moves the calling line (and, for orphans, the
paragraph's start) to the next page with it, which leaves up to a quarter of the page blank. So
the split is made in the markup, at a line boundary WeasyPrint itself found:

1. *Probe* (one layout): the note is replaced by one empty footnote per line of its text, each
   as high as that line (the gap before a later paragraph of the note included). WeasyPrint
   places as many as fit on the call's page and reports the rest to the next page, after trading
   lines with the body text as it always does (orphans, widows). That count is the split.
2. *Split* (one layout): the note's markup is cut after that many lines (counted in printed
   characters, so whitespace and inline markup do not matter) into the note itself (its number,
   its call, the first lines) and a continuation, a second footnote with no call and no marker,
   `footnote-policy: auto`: it cannot fit under the first part, so WeasyPrint reports it, and a
   reported note is laid out first in the next page's note area.

House rule (docs/guide/outputs.md): at least two lines on each page; the first part does not end
on a hyphenated line nor, where one line earlier keeps two, at the end of a sentence (a break in
mid-sentence tells the reader the note runs on); the continuation carries no number and sits
under a full-measure rule (the house CSS: `.footnote-cont`), as Word's continuation separator.
The split is kept only if the first part lands on the call's page and the rest on the next;
otherwise the tree is put back as it was and the caller's older fixes run.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from briefkit.render.pdf.elements import shown, text_slots

MIN_LINES = 4  # two on each page
CONT = "data-note-cont"  # the continuation's note number
PROBE = "data-bk-probe"  # a probe line: "<note>:<line>"
_IGNORED = frozenset("\u00ad\u200b\u2060\u2010\ufeff")  # not counted: breaks, joiners, hyphens
_ENDS = (".", "!", "?", "\u3002", "\uff01", "\uff1f", ".\u201d", "?\u201d", ".)", ".\u2019")

# the mechanics (the look is the house's, in its print.css): the continuation has no call, no
# marker, and may be reported; a probe line is an empty box of a fixed height
CSS = (
    f"[{CONT}] {{ footnote-policy: auto; }}\n"
    f"[{CONT}]::footnote-call, [{PROBE}]::footnote-call {{ content: none; padding: 0; }}\n"
    f"[{CONT}]::footnote-marker, [{PROBE}]::footnote-marker {{ content: none; }}\n"
    f"[{PROBE}] {{ footnote-policy: auto; margin: 0; padding: 0; border: 0; }}\n"
)


@dataclass(frozen=True)
class Line:
    height: float  # from this line's top to the next one's (the last: its own height)
    text: str  # printed characters (marker excluded)
    hyphenated: bool


@dataclass
class Undo:
    """How to put the tree back: the note element and what replaced it."""

    parent: Any
    original: Any
    placed: list[Any]

    def restore(self) -> None:
        at = list(self.parent).index(self.placed[0])
        for element in self.placed:
            self.parent.remove(element)
        self.parent.insert(at, self.original)


def note_box(document: Any, n: int) -> Any:
    """Note `n`'s body as laid out (on whatever page it went), or None."""
    for page in document.pages:
        for child in page._page_box.children:
            if type(child).__name__ != "FootnoteAreaBox":
                continue
            for note in child.children:
                element = getattr(note, "element", None)
                if element is not None and element.get("data-note") == str(n):
                    return note
    return None


def note_lines(document: Any, n: int) -> list[Line]:
    """The lines of note `n`'s body as laid out."""
    box = note_box(document, n)
    return lines_of(box) if box is not None else []


def lines_of(note: Any) -> list[Line]:
    boxes = [b for b in note.descendants() if type(b).__name__ == "LineBox"]
    hyphen = note.style["hyphenate_character"]
    out: list[Line] = []
    for i, box in enumerate(boxes):
        top = note.border_box_y() if i == 0 else box.position_y
        bottom = boxes[i + 1].position_y if i + 1 < len(boxes) else box.position_y + box.height
        texts = [t.text for t in _texts(box)]
        text = "".join(texts).rstrip()
        out.append(Line(bottom - top, text, bool(text) and text.endswith(hyphen)))
    return out


def _texts(box: Any) -> list[Any]:
    """The text boxes of a line, in order, without the note's marker."""
    out = []
    for child in getattr(box, "children", ()) or ():
        if (getattr(child, "element_tag", "") or "").endswith("::footnote-marker"):
            continue
        if type(child).__name__ == "TextBox":
            out.append(child)
        else:
            out.extend(_texts(child))
    return out


def _find(root: Any, n: int) -> tuple[Any, Any] | None:
    for parent in shown(root):
        for child in parent:
            if child.get("data-note") == str(n) and child.get(CONT) is None:
                return parent, child
    return None


def probe(root: Any, n: int, lines: list[Line], margin_bottom: float = 0.0) -> Undo | None:
    """Replace note `n` with one empty footnote per line (the first keeps the call; the last
    the note's bottom margin, which the note area's height counts)."""
    found = _find(root, n)
    if found is None:
        return None
    parent, note = found
    at = list(parent).index(note)
    pieces = []
    for i, line in enumerate(lines):
        # the first keeps the note's number (its call prints it); no id: the note keeps it
        attrib = {k: v for k, v in note.attrib.items() if k != "id"} if i == 0 else {}
        piece = note.makeelement(note.tag, attrib)
        piece.set("class", note.get("class", ""))
        piece.set(PROBE, f"{n}:{i}")
        piece.set("style", f"height: {line.height:.3f}px")
        pieces.append(piece)
    pieces[-1].set("style", f"{pieces[-1].get('style')}; margin-bottom: {margin_bottom:.3f}px")
    pieces[-1].tail = note.tail
    parent.remove(note)
    for k, piece in enumerate(pieces):
        parent.insert(at + k, piece)
    return Undo(parent, note, pieces)


def probed(document: Any, n: int) -> tuple[int | None, int]:
    """The page of note `n`'s call (1-based) and how many probe lines are printed there."""
    call_page: int | None = None
    counts: dict[int, int] = {}
    for number, page in enumerate(document.pages, 1):
        for child in page._page_box.children:
            if type(child).__name__ == "FootnoteAreaBox":
                for note in child.children:
                    element = getattr(note, "element", None)  # (an empty element is falsy)
                    value = element.get(PROBE, "") if element is not None else ""
                    if value.split(":")[0] == str(n):
                        counts[number] = counts.get(number, 0) + 1
            elif call_page is None:
                for desc in child.descendants():
                    tag = getattr(desc, "element_tag", "") or ""
                    element = getattr(desc, "element", None)
                    if tag.endswith("::footnote-call") and element is not None:
                        if element.get(PROBE) == f"{n}:0":
                            call_page = number
                            break
    return call_page, counts.get(call_page or 0, 0)


def choose(lines: list[Line], fitting: int) -> int | None:
    """How many lines the first part keeps, by the house rule; None: do not split."""
    k = min(fitting, len(lines) - 2)
    if k < 2:
        return None
    # never end a page on a hyphen; prefer a break in mid-sentence (one line earlier, if that
    # one is not a sentence's end or a hyphen too)
    last, before = lines[k - 1], lines[k - 2]
    earlier = k - 1 >= 2 and not before.hyphenated
    if last.hyphenated:
        return k - 1 if earlier else None
    if last.text.endswith(_ENDS) and earlier and not before.text.endswith(_ENDS):
        return k - 1
    return k


def split(root: Any, n: int, lines: list[Line], k: int) -> Undo | None:
    """Cut note `n`'s markup after its first `k` lines into the note and its continuation."""
    found = _find(root, n)
    if found is None:
        return None
    parent, note = found
    count = sum(_counted(line.text) for line in lines[:k])
    first, rest = copy.deepcopy(note), copy.deepcopy(note)
    if not _cut(first, count, keep_before=True) or not _cut(rest, count, keep_before=False):
        return None
    _prune(first)
    _prune(rest)
    for element in rest.iter():
        element.attrib.pop("id", None)  # one id per document: the note keeps its own
    rest.attrib.pop("data-note", None)
    rest.set(CONT, str(n))
    rest.set("class", (note.get("class", "") + " footnote-cont").strip())
    first.tail, rest.tail = None, note.tail
    at = list(parent).index(note)
    parent.remove(note)
    parent.insert(at, first)
    parent.insert(at + 1, rest)
    return Undo(parent, note, [first, rest])


def _counted(text: str) -> int:
    return sum(1 for c in text if not c.isspace() and c not in _IGNORED)


def _cut(element: Any, count: int, *, keep_before: bool) -> bool:
    """Keep what comes before (or after) the `count`-th printed character of `element`."""
    slots = text_slots(element)
    seen = 0
    for index, (node, kind, _) in enumerate(slots):
        value = getattr(node, kind) or ""
        for offset, char in enumerate(value):
            if char.isspace() or char in _IGNORED:
                continue
            seen += 1
            if seen == count:
                _apply(element, slots, index, offset + 1, keep_before)
                return True
    return False


def _apply(
    element: Any, slots: list[tuple[Any, str, Any]], index: int, offset: int, keep_before: bool
) -> None:
    node, kind, _ = slots[index]
    value = getattr(node, kind) or ""
    setattr(node, kind, value[:offset].rstrip() if keep_before else value[offset:].lstrip())
    order = {id(n): i for i, (n, k, _) in enumerate(slots) if k == "text"}
    ends = {id(n): i for i, (n, k, _) in enumerate(slots) if k == "tail"}
    for i, (other, other_kind, _) in enumerate(slots):
        if (i > index) if keep_before else (i < index):
            setattr(other, other_kind, None if other_kind == "tail" else "")
    for parent in list(element.iter()):
        for child in list(parent):
            start = order[id(child)]
            tail = ends[id(child)]
            # an element wholly on the other side of the cut goes (its tail slot ends it)
            if (start > index) if keep_before else (tail - 1 < index and start < index):
                if not keep_before and tail == index:
                    parent.text = (parent.text or "") + (child.tail or "")
                parent.remove(child)


def number(box: Any) -> int | None:
    """The note a continuation's box continues, or None for any other box."""
    element = getattr(box, "element", None)
    value = element.get(CONT) if element is not None else None
    return int(value) if value and value.isdigit() else None


_INLINE = frozenset("span em i b strong a sup sub small code cite q abbr".split())


def _prune(element: Any) -> None:
    """Drop the inline elements a cut left empty (a paragraph of the note the cut fell
    right after), keeping the text that followed them."""
    for parent in list(element.iter()):
        for child in list(parent):
            if child.tag in _INLINE and len(child) == 0 and not (child.text or "").strip():
                tail = child.tail or ""
                at = list(parent).index(child)
                if at:
                    parent[at - 1].tail = (parent[at - 1].tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
                parent.remove(child)


def continued(document: Any) -> dict[int, int]:
    """Note number -> page (1-based) where its continuation is printed."""
    out: dict[int, int] = {}
    for page_number, page in enumerate(document.pages, 1):
        for child in page._page_box.children:
            if type(child).__name__ == "FootnoteAreaBox":
                for note in child.children:
                    if (n := number(note)) is not None:
                        out.setdefault(n, page_number)
    return out
