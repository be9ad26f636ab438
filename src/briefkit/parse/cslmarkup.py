"""Parse stage: CSL's rich-text markup inside a reference's text field -> a small tree.

Consumes one field value (a title, container title, series, publisher...) as a references file
holds it; produces `Marked` nodes for the markup the CSL specification and citeproc-js define —
`<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span style="font-variant:small-caps;">` and
`<span class="nocase">` — with the text between them as strings. Zotero and citeproc-js write
this markup, and pandoc writes it for BibTeX's `\\emph{}`. Anything else that looks like a tag,
a closing tag with no opening one, or a tag left open is kept as text, and said (`problems`):
the model stage turns the first into a located `ref.invalid-markup` warning, and the cite
engine prints the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

KINDS = ("i", "b", "sup", "sub", "sc", "nocase")  # `sc`: small caps, however it was written


@dataclass(frozen=True, slots=True)
class Marked:
    kind: str  # one of KINDS
    children: tuple[Node, ...]


Node: TypeAlias = "str | Marked"

# a tag: `<name ...>` or `</name>`; a `<` that starts no such shape ("a < b") is plain text
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^<>]*)?)\s*>")
_SMALL_CAPS = re.compile(r"""^\s*style\s*=\s*(["'])\s*font-variant\s*:\s*small-caps\s*;?\s*\1$""")
_NOCASE = re.compile(r"""^\s*class\s*=\s*(["'])\s*nocase\s*\1$""")
_SIMPLE = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "sc": "sc"}


def has_markup(text: str) -> bool:
    return "<" in text and _TAG.search(text) is not None


def _open_kind(name: str, attrs: str) -> str | None:
    name = name.lower()
    if name in _SIMPLE and not attrs.strip():
        return _SIMPLE[name]
    if name == "span":
        if _SMALL_CAPS.match(attrs):
            return "sc"
        if _NOCASE.match(attrs):
            return "nocase"
    return None


@dataclass
class _Frame:
    kind: str
    tag: str  # the opening tag as written (printed as text if it is never closed)
    name: str  # the element's name, which its closing tag repeats (`span` for small caps too)
    children: list[Node]


@lru_cache(maxsize=4096)
def parse_markup(text: str) -> tuple[tuple[Node, ...], tuple[str, ...]]:
    """The nodes of `text` and the problems found (empty when the markup is well formed)."""
    if not has_markup(text):
        return ((text,) if text else ()), ()
    problems: list[str] = []
    root = _Frame("", "", "", [])
    stack = [root]
    pos = 0
    for m in _TAG.finditer(text):
        if m.start() > pos:
            stack[-1].children.append(text[pos : m.start()])
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if not closing:
            kind = _open_kind(name, attrs)
            if kind is not None:
                stack.append(_Frame(kind, m.group(0), name.lower(), []))
                continue
            problems.append(f"'{m.group(0)}' is not CSL rich-text markup")
        elif len(stack) > 1 and name.lower() == stack[-1].name and not attrs.strip():
            frame = stack.pop()
            if frame.children:
                stack[-1].children.append(Marked(frame.kind, _merged(frame.children)))
            continue
        else:
            problems.append(f"'{m.group(0)}' closes no open tag")
        stack[-1].children.append(m.group(0))
    if pos < len(text):
        stack[-1].children.append(text[pos:])
    while len(stack) > 1:  # left open: the tag is text, its content stays where it was
        frame = stack.pop()
        problems.append(f"'{frame.tag}' is never closed")
        stack[-1].children.extend([frame.tag, *frame.children])
    return _merged(root.children), tuple(problems)


def _merged(nodes: list[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + node
        elif node != "":
            out.append(node)
    return tuple(out)


def plain(text: str) -> str:
    """The text of a field without its markup (for sorting, matching and counting words)."""
    if not has_markup(text):
        return text
    return _plain(parse_markup(text)[0])


def _plain(nodes: tuple[Node, ...]) -> str:
    return "".join(n if isinstance(n, str) else _plain(n.children) for n in nodes)


def close_open(text: str) -> str:
    """`text` with the markup it leaves open closed at its end: a short title cut out of
    `<i>A Very Long Title</i>` is `<i>A Very Long</i>`, not a stray `<i>`."""
    if not has_markup(text):
        return text
    stack: list[str] = []
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if not m.group(1) and _open_kind(name, m.group(3)) is not None:
            stack.append(name)
        elif m.group(1) and stack and stack[-1] == name:
            stack.pop()
    return text + "".join(f"</{name}>" for name in reversed(stack))
