"""CLI stage: `briefkit schema` — JSON Schemas of the front matter and of references files,
for editors (the YAML language server) to check them as they are typed."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from briefkit.build.sources import write_file
from briefkit.cli.console import guarded, print_line
from briefkit.errors import BriefkitError, ExitCode


@guarded
def schema(
    what: str = typer.Option(
        "frontmatter", "--what", help="frontmatter, references, or all (needs --out FOLDER)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Write to this file (a folder with --what all). Default: standard output.",
        show_default=False,
    ),
) -> None:
    """Print the JSON Schema of the front matter (or of references files) for editors."""
    from briefkit.authoring.schema import (  # the pydantic models: only for this command
        WHAT,
        schemas,
    )

    if what not in WHAT:
        raise BriefkitError(f"unknown --what '{what}' (use {', '.join(WHAT)})", ExitCode.USAGE)
    found = schemas(what)
    if what == "all":
        if out is None or (out.exists() and not out.is_dir()):
            raise BriefkitError(
                "--what all writes two files: give a folder with --out", ExitCode.USAGE
            )
        for name, doc in found.items():
            write_file(out / name, _text(doc))
            print_line(f"wrote {out / name}")
        return
    (doc,) = found.values()
    if out is None:
        typer.echo(_text(doc).decode("utf-8"), nl=False)
    else:
        write_file(out, _text(doc))
        print_line(f"wrote {out}")


def _text(doc: object) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
