"""The inline nodes of the IR that source and resolved text share (re-exported by `ir`).

Consumed and produced by every stage through `briefkit.ir`, which imports them from here so
that `ir.py` stays one readable page; nothing else should import this module directly.
Generic over the inline type a container holds, like every IR container.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

I = TypeVar("I")  # noqa: E741 - the inline type a container holds


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class Strong(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class Strikeout(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class SmallCaps(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class Superscript(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class Subscript(Generic[I]):
    children: tuple[I, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link(Generic[I]):
    children: tuple[I, ...]
    url: str
    title: str | None = None


@dataclass(frozen=True)
class Image:
    """An image; `asset` is the key of its bytes in the document's asset table."""

    asset: str
    alt: str
    title: str | None = None


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Math:
    """TeX as written, its MathML made once (by parse); `display` for `$$…$$`."""

    tex: str
    mathml: str
    display: bool = False


@dataclass(frozen=True)
class Span(Generic[I]):
    """pandoc's bracketed span `[text]{#id .class lang=ja}`, or the attributes written after a
    link, image or code span (`[a](u){#id}`), which then wraps that one node.

    `id` is a link target (an HTML id, a Word bookmark); `lang` the language of the text (HTML
    `lang`, Word `w:lang`); `classes` as written: `underline` and `mark` are rendered (underline,
    highlight), any other is passed to HTML (`smallcaps` is parsed into `SmallCaps`)."""

    children: tuple[I, ...]
    id: str = ""
    classes: tuple[str, ...] = ()
    lang: str = ""
