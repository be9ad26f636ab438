"""CLI stage: `briefkit new SLUG` — start a briefing from a commented scaffold."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from briefkit.cli.console import guarded, print_line
from briefkit.paths import DEFAULT_CONTENT


@guarded
def new(
    slug: str = typer.Argument(
        ..., help="The briefing's file name without .md (letters, digits, '-', '_')."
    ),
    title: str | None = typer.Option(None, "--title", help="The title. Default: from SLUG."),
    style: str | None = typer.Option(
        None, "--style", help="House style. Default: commentary.", show_default=False
    ),
    folder: Path = typer.Option(
        Path(DEFAULT_CONTENT), "--dir", help="Folder to write the briefing into."
    ),
) -> None:
    """Write a new briefing (commented front matter, an example citation and note) and its
    references file; never replaces a file."""
    from briefkit.authoring.new import plan, write_new

    files = plan(slug, folder, title=title, style=style)
    write_new(files)
    for f in files:
        print_line(f"wrote {os.path.relpath(f.path)}")
    source = files[0].path
    print_line(f"next: briefkit check {source}  (or: briefkit watch {source} --serve 8000)")
