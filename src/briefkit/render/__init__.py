"""Render stage: resolved document -> bytes of one output format (html, pdf, docx).

Renderers only walk the resolved IR. Each format module exposes `render_<format>_bytes(doc,
style, options, resources)`; the pipeline imports it lazily so that a run pays only for the
formats it builds. What renderers make from a house style's files (templates, CSS, fonts) is
kept in the `render.resources.RenderResources` the caller owns and passes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import Diagnostic

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u", "none")


@dataclass(frozen=True)
class RenderOptions:
    pdf_variant: str = "pdf/ua-1"
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
