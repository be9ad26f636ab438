"""CLI stage: `briefkit check` — load, validate and resolve only; nothing is rendered."""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.build.sources import discover, parse_limits
from briefkit.cli.console import guarded, print_diagnostics, print_line
from briefkit.cli.options import LIMIT, SOURCES, STRICT, default_sources
from briefkit.errors import BriefkitError, Diagnostics, ExitCode


@guarded
def check(
    sources: list[Path] | None = SOURCES, strict: bool = STRICT, limit: list[str] | None = LIMIT
) -> None:
    """Check briefings: front matter, footnotes, citations and references."""
    limits = parse_limits(limit or ())
    from briefkit.build.pipeline import Pipeline  # the models and parsers: after argument parsing

    found = Diagnostics()  # folders the search did not enter (links out of the project)
    paths = discover(default_sources(sources), found)
    print_diagnostics(found.items, strict)
    if not paths:
        raise BriefkitError("no briefings (*.md) found", ExitCode.CONTENT)
    pipeline = Pipeline()
    failed = int(strict and bool(found.items))
    errors = len(found.items) if strict else 0
    warnings = 0 if strict else len(found.items)
    for path in paths:
        result, _, _ = pipeline.check(path, limits)
        print_diagnostics(result.diagnostics, strict)
        errors += result.errors + (result.warnings if strict else 0)  # as printed
        warnings += 0 if strict else result.warnings
        failed += result.failed(strict)
    print_line(
        f"checked {len(paths)} briefing{'s' * (len(paths) != 1)}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    if failed:
        raise typer.Exit(int(ExitCode.CONTENT))
