"""Render stage helper: the PDF file serialised once, not twice.

Consumes nothing of briefkit's: it patches pydyf (WeasyPrint's PDF writer) once per process,
from `engine._weasyprint`, and produces the same bytes sooner. `pydyf.PDF.write` writes every
object (a page's content stream compressed at zlib level 9, a font, a dictionary) and then,
when the file gets an identifier (briefkit always gives one: the same briefing, the same
file), computes the /ID's second half as the MD5 of every object's serialisation again: each
stream is joined and compressed a second time, each dictionary and array formatted again. For
the 640-note report that is 104 of its 209 `zlib` calls and half the formatting. While
`PDF.write` runs, a top-level object's serialisation (`data`) is kept from its first use to
its second; nothing changes an object between the two (write only reads them and appends the
object and cross-reference streams it makes), so the bytes are those pydyf writes itself.

Only an object in the file's object list (`number` set by `PDF.add_object`) is kept, with a
reference to it so that its `id` stays its own while the memo lives: the short-lived
dictionaries made inside a serialisation are never kept. Also `PDF.page_references`, which
formats the reference of every page again each time a tagged item asks for its page (28,823
times over 143 pages for the 2,000-note report), is kept while the page list is the same.

Applied only to the pydyf versions in `PYDYF_VERIFIED`; `BRIEFKIT_PDF_WRITE=stock` keeps
pydyf's own code (A/B runs). tests/render/test_write_once.py writes the corpus both ways and
compares the files byte for byte.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from briefkit.render.pdf.verified import Switch, applies

LOG = logging.getLogger(__name__)

ENV = "BRIEFKIT_PDF_WRITE"  # "stock": pydyf's own write
PYDYF_VERIFIED = ("0.13.0",)  # pydyf.__version__ values whose write() this was checked against
_CLASSES = ("Stream", "Dictionary", "Array")  # the kinds of top-level object WeasyPrint makes
_PAGES = "_briefkit_page_references"  # on a PDF: (the page numbers, their references)


@dataclass
class _Memo:
    """Serialisations made during one `PDF.write`: id -> (the object, its bytes)."""

    kept: dict[int, tuple[Any, bytes]] = field(default_factory=dict)


_active: ContextVar[_Memo | None] = ContextVar("briefkit_pdf_write", default=None)


@dataclass(frozen=True)
class _Patch:
    write: Callable[..., Any]
    page_references: property
    data: dict[str, property]


@dataclass
class Counts:
    """Serialisations reused since `reset` (tests and bench/ read it; never a timing)."""

    reused: int = 0

    def reset(self) -> None:
        self.reused = 0


COUNTS = Counts()


def _applies() -> bool:
    import pydyf

    version = pydyf.__version__
    return applies(ENV, "stock", LOG, "its own write", version, PYDYF_VERIFIED, "pydyf")


def _patch() -> _Patch:
    import pydyf

    stock = {name: getattr(pydyf, name).__dict__["data"] for name in _CLASSES}
    installed = _Patch(pydyf.PDF.write, pydyf.PDF.__dict__["page_references"], stock)
    pydyf.PDF.write = _write
    pydyf.PDF.page_references = property(_page_references)
    for name, prop in stock.items():
        getattr(pydyf, name).data = _kept(prop)
    return installed


def _unpatch(installed: _Patch) -> None:
    import pydyf

    pydyf.PDF.write = installed.write
    pydyf.PDF.page_references = installed.page_references
    for name, prop in installed.data.items():
        getattr(pydyf, name).data = prop


SWITCH = Switch(_applies, _patch, _unpatch)
ensure, install, uninstall = SWITCH.ensure, SWITCH.install, SWITCH.uninstall


def _write(pdf: Any, *args: Any, **kwargs: Any) -> Any:
    installed = SWITCH.installed
    assert installed is not None
    token = _active.set(_Memo())
    try:
        return installed.write(pdf, *args, **kwargs)
    finally:
        _active.reset(token)


def _kept(stock: property) -> property:
    """`stock` (a pydyf class's `data`), kept for a top-level object while a write runs."""
    make = stock.fget
    assert make is not None

    def data(obj: Any) -> bytes:
        memo = _active.get()
        if memo is None or obj.number is None:  # not writing, or a direct (nested) object
            made: bytes = make(obj)
            return made
        found = memo.kept.get(id(obj))
        if found is not None:
            COUNTS.reused += 1
            return found[1]
        made = make(obj)
        memo.kept[id(obj)] = (obj, made)
        return made

    return property(data, doc=stock.__doc__)


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's `page_references`, formatted again only when the list of pages changed."""
    numbers = tuple(pdf.pages["Kids"][::3])
    kept = pdf.__dict__.get(_PAGES)
    if kept is not None and kept[0] == numbers:
        return kept[1]  # type: ignore[no-any-return]
    references = tuple(f"{number} 0 R".encode("ascii") for number in numbers)
    pdf.__dict__[_PAGES] = (numbers, references)
    return references
