"""Render stage: resolved document -> bytes of one output format (html, pdf, docx).

Renderers only walk the resolved IR. Each format module exposes `render_<format>_bytes(doc,
style, options)`; the pipeline imports it lazily so that a run pays only for the formats it
builds.
"""

from __future__ import annotations

import sys
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


def clear_caches() -> None:
    """Forget what the render modules loaded in this process have memoised (templates, style
    sheets, fonts): a house style's files changed. Each process clears its own."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("briefkit.render") or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "cache_info"):  # functools caches only
                clear()
