"""CLI stage: options shared by several commands, and the default source folder."""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.errors import BriefkitError, ExitCode
from briefkit.paths import DEFAULT_CONTENT, DEFAULT_OUTPUT

SOURCES = typer.Argument(
    None,
    help="Briefing files (.md) or folders of briefings. Default: content/.",
    show_default=False,
)
ERROR_FORMAT = typer.Option(
    "human", "--error-format", help="human, github (annotations) or gitlab (JSON report)."
)
STRICT = typer.Option(False, "--strict", help="Treat warnings as errors (exit 1).")
OUT = typer.Option(Path(DEFAULT_OUTPUT), "-o", "--out", help="Output folder.")
FORMATS = typer.Option(
    None,
    "-f",
    "--format",
    help="Comma-separated formats to build (html, pdf, docx). Default: every available one.",
    show_default=False,
)


LIMIT = typer.Option(
    None,
    "--limit",
    help="Raise a cap for this run: NAME=N (notes, paragraphs, image-pixels, image-memory). "
    "Repeatable; a briefing's own `limits:` wins. See docs/limits.md.",
    show_default=False,
)


def default_sources(sources: list[Path] | None) -> list[Path]:
    if sources:
        return sources
    folder = Path(DEFAULT_CONTENT)
    if not folder.is_dir():
        raise BriefkitError(
            "no content/ folder here: name a briefing file or a folder of briefings", ExitCode.USAGE
        )
    return [folder]
