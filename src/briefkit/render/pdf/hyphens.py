"""Render stage helper: at most two hyphenated lines in a row in the PDF.

Consumes WeasyPrint documents (layout tree pinned to <72 in pyproject) and the element tree the
page was parsed into; produces that tree with the word that ends a third hyphenated line in a row
kept whole (`<span data-bk-nohy>`, `hyphens: manual`), for the next layout. Knows nothing of
briefkit's IR, like `render.pdf.placement`, which calls it.

WeasyPrint has no `hyphenate-limit-lines`. So the rule is checked after the layout, where the
lines are known: a run of three or more lines of one block, each ended by a hyphen the line
breaker added (the style's `hyphenate-character`), has the word broken at the end of its third
line marked, and the document is laid out again; the next layout may hyphenate that line at
another word, or not at all, and a run it makes is fixed in the pass after. Only when a ladder
happens, so the common case stays at one layout. A hyphen written in the text ("well-known")
is not one the rule can undo and is not counted.
"""

from __future__ import annotations

import re
from typing import Any

from briefkit.render.pdf.elements import text_slots

LIMIT = 2  # hyphenated lines in a row
MARK = "data-bk-nohy"
CSS = f"[{MARK}] {{ hyphens: manual; }}\n"
_HEAD = re.compile(r"^\w+")
_TAIL = re.compile(r"\w+$")
_SKIP = ("data-note", "data-note-cont", "data-bk-probe")  # note bodies sit inside paragraphs


def ladders(document: Any) -> list[tuple[Any, str, int]]:
    """For each line that makes a run of more than LIMIT hyphenated lines: the block element,
    the word broken there, and which occurrence of that word in the block it is (0-based)."""
    out: list[tuple[Any, str, int]] = []
    for element, lines in _blocks(document):
        texts = [text_of(line) for line in lines]
        hyphen = lines[0].style["hyphenate_character"]
        run = 0
        joined = ""  # the block's text so far, hyphenated words joined again
        for i, text in enumerate(texts):
            broken = text.endswith(hyphen) and i + 1 < len(texts)
            run = run + 1 if broken else 0
            body = text[: -len(hyphen)] if broken else text
            if run > LIMIT:
                head, tail = _TAIL.search(body), _HEAD.match(texts[i + 1].lstrip())
                if head and tail:
                    word = head.group() + tail.group()
                    before = joined + body[: head.start()]
                    found = len(re.findall(rf"\b{re.escape(word)}\b", before))
                    out.append((element, word, found))
                    run = 0  # the next pass sees how the block breaks after this word
            joined += body if broken else body + " "
    return out


def _blocks(document: Any) -> list[tuple[Any, list[Any]]]:
    """The body's line boxes grouped by the block they belong to, in page order (a block
    split across pages is one group)."""
    groups: dict[int, tuple[Any, list[Any]]] = {}
    for page in document.pages:
        for child in page._page_box.children:
            if type(child).__name__ in ("FootnoteAreaBox", "MarginBox"):
                continue
            _collect(child, groups)
    return list(groups.values())


def _collect(box: Any, groups: dict[int, tuple[Any, list[Any]]]) -> None:
    for child in getattr(box, "children", ()) or ():
        if type(child).__name__ == "LineBox":
            element = box.element
            if element is not None:
                groups.setdefault(id(element), (element, []))[1].append(child)
        else:
            _collect(child, groups)


def text_of(line: Any) -> str:
    """A line box's text, note calls left out, trailing space stripped."""
    parts: list[str] = []

    def walk(box: Any) -> None:
        for child in getattr(box, "children", ()) or ():
            if (getattr(child, "element_tag", "") or "").endswith("::footnote-call"):
                continue
            if type(child).__name__ == "TextBox":
                parts.append(child.text)
            else:
                walk(child)

    walk(line)
    return "".join(parts).rstrip()


def keep_whole(element: Any, word: str, occurrence: int) -> bool:
    """Wrap that occurrence of `word` in the block's own text (not in a note's) in a span that
    is never hyphenated; False when it is not found as one piece of text."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    seen = 0
    for node, kind, owner in text_slots(element, _SKIP):
        value = getattr(node, kind) or ""
        for match in pattern.finditer(value):
            if seen < occurrence:
                seen += 1
                continue
            span = element.makeelement("span", {MARK: ""})
            span.text, span.tail = match.group(), value[match.end() :]
            setattr(node, kind, value[: match.start()])
            if kind == "text":
                node.insert(0, span)
            else:
                owner.insert(list(owner).index(node) + 1, span)
            return True
    return False
