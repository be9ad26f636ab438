"""CLI stage: `briefkit verify` — read built outputs back and check them against the sources
they were built from (their build manifests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from briefkit.cli.console import guarded
from briefkit.cli.options import ERROR_FORMAT
from briefkit.errors import BriefkitError, ExitCode
from briefkit.paths import DEFAULT_OUTPUT


def verify_dirs(dirs: list[Path], reporter: Any, strict: bool = False) -> bool:
    """Verify every briefing built into `dirs`; True when something is wrong (with
    `strict`, a warning too: a preflight finding fails CI)."""
    from briefkit.verify.outputs import manifests, verify_manifest

    checked = problems = warnings = 0
    for folder in dirs:
        if not folder.is_dir():
            raise BriefkitError(f"{folder}: no such folder", ExitCode.USAGE)
        found, invalid = manifests(folder)
        if not found and not invalid:
            older = any((folder / ".briefkit").glob("*.json"))  # another briefkit's schema
            raise BriefkitError(
                f"{folder}: its build manifests (.briefkit/) are another briefkit version's; "
                "build into this folder again (briefkit build --force)"
                if older
                else f"{folder}: no build manifest (.briefkit/) to verify against; "
                "build into this folder first",
                ExitCode.CONTENT,
            )
        reporter.diagnostics(invalid)  # manifests not to be trusted: problems, not followed
        problems += len(invalid)
        for manifest in found:
            diags = verify_manifest(folder, manifest)
            reporter.diagnostics(diags)
            checked += len(manifest.outputs)
            problems += sum(1 for d in diags if d.is_error or strict)
            warnings += sum(1 for d in diags if not d.is_error and not strict)
    # a warning printed above is counted below: "0 problems" under a warning read as a lie
    also = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    reporter.info(
        f"verified {checked} output{'s' * (checked != 1)}: "
        f"{problems} problem{'s' * (problems != 1)}{also}"
    )
    return problems > 0


@guarded
def verify(
    dirs: list[Path] | None = typer.Argument(
        None, help="Output folders to verify. Default: output/.", show_default=False
    ),
    error_format: str = ERROR_FORMAT,
    strict: bool = typer.Option(
        False, "--strict", help="Treat warnings (the PDF preflight's findings) as errors."
    ),
) -> None:
    """Check built outputs (HTML, PDF, Word) against the sources they were built from, and
    preflight each PDF's pages."""
    from briefkit.cli.report import Reporter, check_format

    reporter = Reporter(check_format(error_format), strict=strict)
    folders = dirs or [Path(DEFAULT_OUTPUT)]
    failed = verify_dirs(folders, reporter, strict)
    reporter.close()
    if failed:
        raise typer.Exit(int(ExitCode.CONTENT))
