"""CLI stage: `briefkit build` — check, then render each briefing to DIR/<stem>.<ext>."""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.cli import command
from briefkit.cli.console import print_diagnostics, print_line
from briefkit.cli.options import SOURCES, STRICT, default_sources
from briefkit.config import DEFAULT_OUTPUT
from briefkit.errors import BriefkitError, ExitCode
from briefkit.pipeline import Pipeline, check_out_dir, discover, parse_formats
from briefkit.render import PDF_VARIANTS


@command
def build(
    sources: list[Path] | None = SOURCES,
    out: Path = typer.Option(Path(DEFAULT_OUTPUT), "-o", "--out", help="Output folder."),
    formats: str | None = typer.Option(
        None,
        "-f",
        "--format",
        help="Comma-separated formats to build (html, pdf, docx). Default: every available one.",
        show_default=False,
    ),
    strict: bool = STRICT,
    pdf_variant: str = typer.Option(
        "pdf/ua-1",
        "--pdf-variant",
        help="pdf/ua-1 (tagged, the default), pdf/a-3u (archival, sources attached) or none.",
    ),
) -> None:
    """Build briefings into HTML and PDF (and, as it lands, Word)."""
    if pdf_variant not in PDF_VARIANTS:
        raise BriefkitError(
            f"unknown PDF variant '{pdf_variant}' (use {', '.join(PDF_VARIANTS)})", ExitCode.USAGE
        )
    wanted = parse_formats(formats)
    srcs = default_sources(sources)
    paths = discover(srcs)
    if not paths:
        raise BriefkitError("no briefings (*.md) found", ExitCode.CONTENT)
    check_out_dir(out, srcs)
    pipeline = Pipeline()
    content_failed = render_failed = 0
    for path in paths:
        result = pipeline.build(path, wanted, out, strict, pdf_variant)
        print_diagnostics(result.diagnostics, strict)
        if result.render_failed:
            render_failed += 1
        elif result.failed(strict):
            content_failed += 1
        for target in result.outputs.values():
            print_line(f"wrote {target}")
    built = len(paths) - content_failed - render_failed
    print_line(f"built {built} of {len(paths)} briefing{'s' * (len(paths) != 1)}")
    if render_failed:
        raise typer.Exit(int(ExitCode.ENVIRONMENT))
    if content_failed:
        raise typer.Exit(int(ExitCode.CONTENT))
