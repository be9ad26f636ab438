"""The intermediate representation: the contract between the stages.

`parse` produces blocks of *source* inlines, which may hold unresolved citations (`Cite`) and
unnumbered note references (`FootnoteRef`, `InlineNote`). `resolve` turns them into blocks of
*resolved* inlines, where every note is a numbered `NoteRef` and every citation has become
formatted text. Renderers accept only `ResolvedDocument`, so an unresolved citation reaching a
renderer is a type error. Container nodes are generic over their inline type for that reason.

All nodes are frozen; the set is closed (renderers `match` on it and end with `assert_never`).
(No `slots=True`: it doubles the cost of creating the classes, paid by every run at import.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeAlias, TypeVar

from briefkit.errors import SourceLocation
from briefkit.irinline import Code as Code
from briefkit.irinline import Emph as Emph
from briefkit.irinline import Image as Image
from briefkit.irinline import LineBreak as LineBreak
from briefkit.irinline import Link as Link
from briefkit.irinline import Math as Math
from briefkit.irinline import SmallCaps as SmallCaps
from briefkit.irinline import Span as Span
from briefkit.irinline import Strikeout as Strikeout
from briefkit.irinline import Strong as Strong
from briefkit.irinline import Subscript as Subscript
from briefkit.irinline import Superscript as Superscript
from briefkit.irinline import Text as Text
from briefkit.masthead import AuthorMeta as AuthorMeta
from briefkit.masthead import EditionLink as EditionLink
from briefkit.masthead import Phone as Phone
from briefkit.masthead import PublisherMeta as PublisherMeta

I = TypeVar("I")  # noqa: E741 - the inline type a container holds


# ---------------------------------------------------------------- source-only inlines
@dataclass(frozen=True)
class CiteItem:
    """One source inside a citation: `[see @key, p. 5, for details]`."""

    key: str
    loc: SourceLocation
    prefix: tuple[SourceInline, ...] = ()
    suffix: tuple[SourceInline, ...] = ()
    locator: str | None = None
    label: str | None = None  # CSL locator term: page, chapter, section...
    suppress_author: bool = False


@dataclass(frozen=True)
class Cite:
    """A citation as written; `in_text` for pandoc's `@key` form (author in the sentence)."""

    items: tuple[CiteItem, ...]
    loc: SourceLocation
    in_text: bool = False


@dataclass(frozen=True)
class FootnoteRef:
    """`[^label]`: a call to a footnote defined elsewhere in the file."""

    label: str
    loc: SourceLocation


@dataclass(frozen=True)
class InlineNote:
    """`^[text]`: a footnote written at its call."""

    blocks: tuple[SourceBlock, ...]
    loc: SourceLocation


# ---------------------------------------------------------------- resolved-only inline
@dataclass(frozen=True)
class NoteRef:
    """A call to note `number` (numbered once, by `resolve`)."""

    number: int


SourceInline: TypeAlias = (
    "Text | Emph[SourceInline] | Strong[SourceInline] | Strikeout[SourceInline]"
    " | SmallCaps[SourceInline] | Superscript[SourceInline] | Subscript[SourceInline]"
    " | Code | Link[SourceInline] | Image | LineBreak | Math | Span[SourceInline] | Cite"
    " | FootnoteRef | InlineNote"
)
Inline: TypeAlias = (
    "Text | Emph[Inline] | Strong[Inline] | Strikeout[Inline] | SmallCaps[Inline]"
    " | Superscript[Inline] | Subscript[Inline] | Code | Link[Inline] | Image | LineBreak"
    " | Math | Span[Inline] | NoteRef"
)


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Paragraph(Generic[I]):
    inlines: tuple[I, ...]


@dataclass(frozen=True)
class Heading(Generic[I]):
    """A section heading; level 1 is the top section level of the briefing."""

    level: int
    inlines: tuple[I, ...]
    id: str = ""


@dataclass(frozen=True)
class BlockQuote(Generic[I]):
    blocks: tuple[Block[I], ...]


@dataclass(frozen=True)
class BulletList(Generic[I]):
    items: tuple[tuple[Block[I], ...], ...]
    tight: bool = True


@dataclass(frozen=True)
class OrderedList(Generic[I]):
    items: tuple[tuple[Block[I], ...], ...]
    start: int = 1
    tight: bool = True
    style: ListStyle = "decimal"  # pandoc's fancy lists: i. I. a. A.; example lists decimal
    delim: ListDelim = "period"  # 1.  1)  (1)


# CSS list-style-type names (Word: decimal, lowerRoman, upperRoman, lowerLetter, upperLetter)
ListStyle = Literal["decimal", "lower-roman", "upper-roman", "lower-alpha", "upper-alpha"]
ListDelim = Literal["period", "paren", "parens"]
Align = Literal["left", "center", "right", ""]  # a table column's or cell's ("": the column's)


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""


@dataclass(frozen=True)
class ThematicBreak:
    """`---` between paragraphs."""


@dataclass(frozen=True)
class Figure(Generic[I]):
    """An image alone in its paragraph; the bracketed text is the caption (pandoc's rule, the
    image's `alt` is separate). `label` ("Figure 1") and `number` are set by resolve."""

    image: Image
    caption: tuple[I, ...]
    id: str = ""
    label: str = ""
    number: int = 0


@dataclass(frozen=True)
class Cell(Generic[I]):
    """A table cell: blocks (a simple cell: one paragraph or none), spans, alignment ("": the
    column's). A row holds the cells that start in it, as pandoc's (`render.tablegrid`)."""

    blocks: tuple[Block[I], ...] = ()
    rowspan: int = 1
    colspan: int = 1
    align: Align = ""

    @property
    def inlines(self) -> tuple[I, ...] | None:  # a simple cell's (printed as ever), or None
        if len(self.blocks) == 1 and isinstance(self.blocks[0], Paragraph):
            return self.blocks[0].inlines
        return None if self.blocks else ()


@dataclass(frozen=True)
class Table(Generic[I]):  # caption, id, label ("Table 1") and number as for `Figure`
    head: tuple[tuple[Cell[I], ...], ...]  # pipe, simple and multiline tables: one row or none
    rows: tuple[tuple[Cell[I], ...], ...]
    aligns: tuple[Align, ...]
    caption: tuple[I, ...] = ()
    id: str = ""
    label: str = ""
    number: int = 0
    widths: tuple[float, ...] = ()  # fractions of the text width (multiline, grid), or none
    foot: tuple[tuple[Cell[I], ...], ...] = ()  # a grid table's foot rows

    @property
    def all_rows(self) -> tuple[tuple[Cell[I], ...], ...]:  # in reading order
        return (*self.head, *self.rows, *self.foot)


@dataclass(frozen=True)
class Definition(Generic[I]):  # a term of a definition list and its definitions
    term: tuple[I, ...]
    definitions: tuple[tuple[Block[I], ...], ...]


@dataclass(frozen=True)
class DefinitionList(Generic[I]):  # pandoc's `Term` then `:   definition`
    items: tuple[Definition[I], ...]


@dataclass(frozen=True)
class Div(Generic[I]):
    """A fenced div `::: {.key-points}`; `label` (resolve) is set when the house style declares
    its class a box (`box-key-points: Key points` in its labels)."""

    blocks: tuple[Block[I], ...]
    classes: tuple[str, ...] = ()
    id: str = ""
    label: str = ""
    loc: SourceLocation | None = None


Block: TypeAlias = (
    "Paragraph[I] | Heading[I] | BlockQuote[I] | BulletList[I] | OrderedList[I] | CodeBlock"
    " | ThematicBreak | Figure[I] | Table[I] | DefinitionList[I] | Div[I]"
)
SourceBlock: TypeAlias = "Block[SourceInline]"
ResolvedBlock: TypeAlias = "Block[Inline]"


# ---------------------------------------------------------------- resolved document
NoteOrigin = Literal["footnote", "inline", "citation"]


@dataclass(frozen=True)
class Note:
    """A numbered note: an author's footnote, or one made from a citation in body text."""

    number: int
    origin: NoteOrigin
    blocks: tuple[ResolvedBlock, ...]
    loc: SourceLocation
    label: str | None = None


@dataclass(frozen=True)
class BibEntry:
    key: str
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Asset:
    """Bytes of an image read by the load stage, so renderers never touch the disk."""

    path: Path
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class DocumentMeta:
    title: tuple[Inline, ...]
    title_text: str
    lang: str
    style: str
    subtitle: tuple[Inline, ...] = ()
    subtitle_text: str = ""
    short_title: str = ""
    authors: tuple[AuthorMeta, ...] = ()
    date_iso: str | None = None  # as precise as written: 2025, 2025-11 or 2025-11-01
    date_display: str | None = None
    series: str | None = None
    number: str | None = None  # as written: 17
    number_display: str | None = None  # as the strings print it: "No. 17", "第17号"
    keywords: tuple[str, ...] = ()
    abstract: tuple[ResolvedBlock, ...] = ()
    description: str = ""  # plain-text summary for metadata (abstract, else subtitle)
    disclaimer: tuple[ResolvedBlock, ...] = ()
    rights: tuple[ResolvedBlock, ...] = ()
    publisher: PublisherMeta | None = None
    labels: dict[str, str] = field(default_factory=dict)  # house-style words, in `lang`
    editions: tuple[EditionLink, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class ResolvedDocument:
    """Everything a renderer needs; renderers walk it and never format or number anything."""

    source: Path
    meta: DocumentMeta
    body: tuple[ResolvedBlock, ...]
    notes: tuple[Note, ...]
    bibliography: tuple[BibEntry, ...] = ()
    assets: dict[str, Asset] = field(default_factory=dict)
    citations: dict[str, tuple[int, ...]] = field(default_factory=dict)  # key -> citing notes

    @property
    def stem(self) -> str:
        return self.source.stem


# ---------------------------------------------------------------- helpers
Node: TypeAlias = "SourceInline | Inline | SourceBlock | ResolvedBlock"
_SPANS = (Emph, Strong, Strikeout, SmallCaps, Superscript, Subscript, Link, Span)  # in inlines


def walk(roots: ResolvedDocument | Iterable[Node]) -> Iterator[Node]:
    """Every block and inline in `roots`, each before the nodes inside it (pre-order): list
    items, quotes, a table's caption then its cells' blocks (head, body, foot rows), a figure's
    image then caption, each term of a definition list then its definitions, the children of
    links and formatting, an `InlineNote`'s blocks, each `CiteItem`'s prefix then suffix.
    A `ResolvedDocument` is its body, then its notes' blocks (not its metadata or bibliography).
    The one walker of the tree: the manifest's links, an edition's cited keys and the notes a
    block calls are all read through it, so none of them can miss a table cell or a caption."""
    if isinstance(roots, ResolvedDocument):
        roots = (*roots.body, *(block for note in roots.notes for block in note.blocks))
    for node in roots:
        yield node
        inside = _inside(node)
        if inside:  # most nodes are leaves: no generator for them
            yield from walk(inside)


def _inside(node: Node) -> Sequence[Node]:
    """The nodes directly inside `node`, in reading order."""
    match node:
        case Paragraph(inlines=inlines) | Heading(inlines=inlines):
            return inlines
        case Figure(image=image, caption=caption):
            return (image, *caption)
        case BlockQuote(blocks=blocks) | InlineNote(blocks=blocks) | Div(blocks=blocks):
            return blocks
        case BulletList(items=items) | OrderedList(items=items):
            return [block for item in items for block in item]
        case Table(caption=caption):
            return [*caption, *(b for row in node.all_rows for cell in row for b in cell.blocks)]
        case DefinitionList(items=items):
            return [n for i in items for n in (*i.term, *(b for d in i.definitions for b in d))]
        case Cite(items=cited):
            return tuple(inline for item in cited for inline in item.prefix + item.suffix)
        case _ if isinstance(node, _SPANS):
            return node.children
    return ()


def plain_text(inlines: Iterable[SourceInline | Inline]) -> str:
    """The text a reader sees, without formatting; note calls print as nothing."""
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t) | Math(tex=t):
                out.append(t)
            case LineBreak():
                out.append("\n")
            case Image(alt=alt):
                out.append(alt)
            case NoteRef() | FootnoteRef() | InlineNote() | Cite():
                pass
            case _ if isinstance(node, _SPANS):
                out.append(plain_text(node.children))
            case _:
                raise TypeError(f"not an inline: {node!r}")
    return "".join(out)


def blocks_text(blocks: Sequence[SourceBlock | ResolvedBlock]) -> str:
    """Plain text of blocks, paragraphs joined by one space (how notes are compared)."""
    parts: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=ins) | Heading(inlines=ins):
                parts.append(plain_text(ins))
            case BlockQuote(blocks=bs) | Div(blocks=bs):
                parts.append(blocks_text(bs))
            case BulletList(items=items) | OrderedList(items=items):
                parts.extend(blocks_text(item) for item in items)
            case CodeBlock(text=t):
                parts.append(t)
            case Figure(caption=cap):
                parts.append(plain_text(cap))
            case Table(caption=caption):
                parts.append(plain_text(caption))
                parts.extend(" ".join(blocks_text(c.blocks) for c in r) for r in block.all_rows)
            case DefinitionList(items=items):
                for item in items:
                    parts.append(plain_text(item.term))
                    parts.extend(blocks_text(d) for d in item.definitions)
            case ThematicBreak():
                pass
            case _:
                raise TypeError(f"not a block: {block!r}")
    return " ".join(p for p in parts if p)


def note_text(note: Note) -> str:
    """A note's text as every output must print it (whitespace collapsed)."""
    return " ".join(blocks_text(note.blocks).split())
