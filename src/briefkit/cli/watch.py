"""CLI stage: `briefkit watch` — build, then rebuild what each saved change affects; with
`--serve PORT`, preview the output folder on 127.0.0.1, pages reloading after each rebuild."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from briefkit.build.sources import (
    BuildOptions,
    check_out_dir,
    effective_jobs,
    parse_formats,
    parse_limits,
)
from briefkit.cli.build import source_date_epoch
from briefkit.cli.console import guarded, print_diagnostics, print_error, print_line
from briefkit.cli.options import FORMATS, LIMIT, OUT, SOURCES, default_sources


@guarded
def watch(
    sources: list[Path] | None = SOURCES,
    out: Path = OUT,
    formats: str | None = FORMATS,
    serve: int | None = typer.Option(
        None,
        "--serve",
        min=0,
        max=65535,
        help="Serve the output folder on 127.0.0.1:PORT (0: a free port); pages reload "
        "after each rebuild.",
        show_default=False,
    ),
    limit: list[str] | None = LIMIT,
) -> None:
    """Build, then rebuild what each change affects (content, references, images, house
    style) until Ctrl-C."""
    srcs = default_sources(sources)
    check_out_dir(out, srcs)
    opts = BuildOptions(
        tuple(parse_formats(formats)),
        out,
        source_date_epoch=source_date_epoch(),
        limits=parse_limits(limit or ()),
    )
    from briefkit.build.watch import Watcher, cycles  # watchfiles and the pipeline: only for watch
    from briefkit.render.pdf.worker import start_for

    # PDFs laid out beside, warm across saves (each save rebuilds a briefing or its pair)
    worker = start_for(opts.formats, 1, effective_jobs(0))
    watcher = Watcher(srcs, opts, worker)
    server = None
    with _stop_on_sigterm():
        try:
            first = watcher.build_all()
            _report(first)
            if serve is not None:
                from briefkit.preview.server import PreviewServer, PreviewState

                state = PreviewState()
                state.update(first.results)
                server = PreviewServer(out, state, serve)
                server.start()
                stems = [p.stem for p in watcher.briefings()]
                page = f"{stems[0]}.html" if len(stems) == 1 and "html" in opts.formats else ""
                print_line(f"serving {out}/ at {server.url}{page}")
            print_line(f"watching {', '.join(str(s) for s in srcs)} (Ctrl-C to stop)")
            for cycle in cycles(watcher):
                _report(cycle)
                if server is not None:
                    server.state.update(cycle.results, removed=cycle.removed)
        except KeyboardInterrupt:
            pass
        finally:
            if server is not None:
                server.stop()
            if worker is not None:
                worker.close()
    print_line("stopped")


def _report(cycle: Any) -> None:
    stamp = time.strftime("%H:%M:%S")
    quiet_skips = cycle.catch_up
    if cycle.error:
        print_error(f"{cycle.error} (still watching)")
    for path in sorted(cycle.changed)[:5]:
        print_line(f"[{stamp}] changed: {os.path.relpath(path)}")
    for path in cycle.removed:
        print_line(f"[{stamp}] removed: {os.path.relpath(path)} (its outputs are kept)")
    if cycle.changed and not cycle.results and not cycle.removed:
        print_line(f"[{stamp}] nothing to rebuild")
    for result in cycle.results:
        name = os.path.relpath(result.source)
        print_diagnostics(result.diagnostics)
        status = result.status(False)
        if status == "failed":
            print_line(
                f"[{stamp}] failed: {name} ({result.errors} error{'s' * (result.errors != 1)}; "
                "the previous outputs are kept)"
            )
        elif status == "skipped":
            if not quiet_skips:
                print_line(f"[{stamp}] up to date: {name}")
        else:
            print_line(
                f"[{stamp}] built {name} in {result.seconds:.2f} s "
                f"({', '.join(sorted(result.outputs))})"
            )


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (an editor or a process manager stopping us) ends the watch like Ctrl-C."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (a test runner): nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
