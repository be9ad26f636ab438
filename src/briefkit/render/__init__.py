"""Render stage: resolved document -> bytes of one output format (html, pdf, docx).

Renderers only walk the resolved IR. Each format module exposes `render_<format>_bytes(doc,
style, options, resources)`; the pipeline imports it lazily so that a run pays only for the
formats it builds. What renderers make from a house style's files (templates, CSS, fonts) is
kept in the `render.resources.RenderResources` the caller owns and passes in. `RenderOptions` is
what a render depends on besides the document and the style; its PDF variant is one of
`PDF_VARIANTS`, checked once, where it is given (`parse_pdf_variant`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from briefkit.errors import Diagnostic, one_of

# The PDF's conformance: tagged for accessibility, archival with the sources attached, or plain
PdfVariant = Literal["pdf/ua-1", "pdf/a-3u", "none"]
PDF_VARIANTS: tuple[PdfVariant, ...] = get_args(PdfVariant)
DEFAULT_PDF_VARIANT: PdfVariant = "pdf/ua-1"


def parse_pdf_variant(name: str) -> PdfVariant:
    """The variant a user named (`--pdf-variant`); anything else is a usage error."""
    return one_of(name, PDF_VARIANTS, "PDF variant")


@dataclass(frozen=True)
class RenderOptions:
    pdf_variant: PdfVariant = DEFAULT_PDF_VARIANT
    # (file name, bytes, description) embedded in the PDF/A-3u variant: the sources
    attachments: tuple[tuple[str, bytes, str], ...] = ()
    # folders resources may be read from (the project); the house style's folder is added
    roots: tuple[Path, ...] = ()
    # the modification date to embed (from SOURCE_DATE_EPOCH); None: the briefing's date
    modified: str | None = None


@dataclass(frozen=True)
class Rendered:
    """A renderer's output, with what it noticed about the layout (e.g. a misplaced note)."""

    data: bytes
    diagnostics: tuple[Diagnostic, ...] = ()
    layout_passes: int = 0  # full layouts the PDF took (0: not a paged format)
