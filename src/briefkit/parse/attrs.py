"""Parse stage helper: pandoc attributes `{#id .class key=val}`.

Consumes the text of an attribute block (after a heading, an image, a table caption) and
produces `Attrs`, or None when the braces hold something else (then the text stays text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(
    r"""\s*(#[^\s{}#."'=]+|\.[^\s{}#."'=]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+)|-)"""
)
_STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_TRAILING = re.compile(r"\s*\{([^{}\n]*)\}\s*$")
_LEADING = re.compile(r"^\{([^{}\n]*)\}")


@dataclass(frozen=True)
class Attrs:
    id: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        return next((v for k, v in self.pairs if k == key), None)

    def extras(self, used: set[str]) -> list[str]:
        """The attributes briefkit does not use here, as written (for the warning)."""
        out = [f".{c}" for c in self.classes if c not in used]
        out.extend(f"{k}={v}" for k, v in self.pairs if k not in used)
        return out


def parse_attrs(inner: str) -> Attrs | None:
    # the text has been through smart quotes already: read “x” as "x"
    inner = inner.translate(_STRAIGHT)
    ident = ""
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos < len(inner):
        m = _ITEM.match(inner, pos)
        if m is None:
            return None if inner[pos:].strip() else _build(ident, classes, pairs)
        item = m.group(1)
        if item.startswith("#"):
            ident = item[1:]
        elif item.startswith("."):
            classes.append(item[1:])
        elif item == "-":
            classes.append("unnumbered")
        else:
            key, _, value = item.partition("=")
            pairs.append((key, value.strip("\"'")))
        pos = m.end()
    return _build(ident, classes, pairs)


def _build(ident: str, classes: list[str], pairs: list[tuple[str, str]]) -> Attrs:
    return Attrs(ident, tuple(classes), tuple(pairs))


def trailing(text: str) -> tuple[str, Attrs] | None:
    """`Heading text {#id}` -> ("Heading text", Attrs(id)); None without attributes."""
    m = _TRAILING.search(text)
    attrs = parse_attrs(m.group(1)) if m else None
    return (text[: m.start()], attrs) if m and attrs is not None else None


def leading(text: str) -> tuple[Attrs, str] | None:
    """`{#fig:x} rest` (what follows an image) -> (Attrs, " rest"); None without attributes."""
    m = _LEADING.match(text)
    attrs = parse_attrs(m.group(1)) if m else None
    return (attrs, text[m.end() :]) if m and attrs is not None else None
