"""CLI stage: `briefkit build` — check, then render each briefing to DIR/<stem>.<ext>."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from briefkit.build.sources import (
    BuildOptions,
    check_out_dir,
    discover,
    effective_jobs,
    parse_formats,
    parse_limits,
    parse_shard,
    parse_source_date_epoch,
    shard,
    write_file,
)
from briefkit.cli.console import guarded
from briefkit.cli.options import (
    ERROR_FORMAT,
    FORMATS,
    LIMIT,
    OUT,
    SOURCES,
    STRICT,
    default_sources,
)
from briefkit.errors import BriefkitError, Diagnostics, ExitCode
from briefkit.render import DEFAULT_PDF_VARIANT, parse_pdf_variant


def source_date_epoch() -> int | None:
    return parse_source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))


@guarded
def build(
    sources: list[Path] | None = SOURCES,
    out: Path = OUT,
    formats: str | None = FORMATS,
    strict: bool = STRICT,
    pdf_variant: str = typer.Option(
        DEFAULT_PDF_VARIANT,
        "--pdf-variant",
        help="pdf/ua-1 (tagged, the default), pdf/a-3u (archival, sources attached) or none.",
    ),
    force: bool = typer.Option(False, "--force", help="Rebuild even what is up to date."),
    jobs: int = typer.Option(
        0,
        "-j",
        "--jobs",
        min=0,
        help="Use at most N processes (0, the default: one per core; 1: no parallelism).",
    ),
    shard_spec: str | None = typer.Option(
        None,
        "--shard",
        help="Build only a stable K/N share of the briefings (CI matrices).",
        show_default=False,
    ),
    verify_after: bool = typer.Option(False, "--verify", help="Run `verify` after building."),
    error_format: str = ERROR_FORMAT,
    summary_json: Path | None = typer.Option(
        None,
        "--summary-json",
        help="Also write the build summary to this JSON file.",
        show_default=False,
    ),
    limit: list[str] | None = LIMIT,
) -> None:
    """Build briefings into HTML, PDF and Word."""
    from briefkit.cli.report import check_format  # cli.console is loaded already

    fmt = check_format(error_format)  # before any worker starts: a usage error stops nothing
    variant = parse_pdf_variant(pdf_variant)
    limits = parse_limits(limit or ())
    wanted = parse_formats(formats)
    srcs = default_sources(sources)
    found = Diagnostics()  # folders the search did not enter (links out of the project)
    paths = shard(discover(srcs, found), parse_shard(shard_spec))
    if not paths and not shard_spec:
        raise BriefkitError("no briefings (*.md) found", ExitCode.CONTENT)
    check_out_dir(out, srcs)
    opts = BuildOptions(
        tuple(wanted), out, strict, variant, force, source_date_epoch(), limits=limits
    )
    # start the PDF worker before the heavy imports below: it imports WeasyPrint on the
    # other core while this process loads, checks and writes the HTML and Word files
    from briefkit.cli import early
    from briefkit.render.pdf.worker import start_for

    worker = start_for(wanted, len(paths), effective_jobs(jobs), early.take())
    from briefkit.build.batch import Summary, run
    from briefkit.cli.report import Reporter, interactive

    reporter = Reporter(fmt, strict)
    summary = Summary()
    reporter.diagnostics(found.items)
    search_failed = summary.add_search(found.items, strict)
    progress = _progress(len(paths)) if interactive() and reporter.format == "human" else None
    try:
        for result in run(paths, opts, jobs, worker):
            reporter.diagnostics(result.diagnostics)
            status = summary.add(result, strict)
            if progress is not None:
                progress[0].advance(progress[1])
            if status == "built":
                for target in result.outputs.values():
                    reporter.info(f"wrote {target}")
            elif status == "skipped":
                reporter.info(f"up to date: {result.source}")
    finally:
        if progress is not None:
            progress[0].stop()
    summary.finish()
    reporter.info(summary.line())
    if summary_json is not None:
        write_file(summary_json, (json.dumps(summary.to_dict(), indent=1) + "\n").encode())
    failed_verify = False
    if verify_after and summary.failed == 0:
        from briefkit.cli.verify import verify_dirs

        failed_verify = verify_dirs([out], reporter, strict)
    reporter.close()
    if summary.render_failures:
        raise typer.Exit(int(ExitCode.ENVIRONMENT))  # a renderer failed, not the content
    if summary.failed or failed_verify or search_failed:
        raise typer.Exit(int(ExitCode.CONTENT))


def _progress(total: int):  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from briefkit.cli.console import err_console

    progress = Progress(
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console(),
        transient=True,
    )
    task = progress.add_task("build", total=total)
    progress.start()
    return progress, task
