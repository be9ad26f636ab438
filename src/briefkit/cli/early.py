"""CLI stage: the PDF worker, forked before the command line is parsed.

Consumes the raw arguments (`sys.argv[1:]`); produces, for a `build` that will want PDFs on
more than one core, a warming `PdfWorker` that `cli.build` takes over (`take`). Typer, its
command modules and their option coercion take a tenth of a second and more before `build`
runs; forked here, the worker spends that time importing WeasyPrint on the other core. This
reads only what decides whether a worker could help (the command, `-f/--format`, `-j/--jobs`,
`--help`); `cli.build` still decides with the parsed options and the briefings found, and a
worker not taken is stopped (`discard`) before the process exits. Imports nothing heavy.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefkit.render.pdf.worker import PdfWorker

_started: PdfWorker | None = None


def wants_worker(args: list[str]) -> bool:
    """Whether `args` may be a `build` that lays PDFs out in a worker (a guess on the safe
    side: anything unusual says no, and the build starts its worker itself, as before)."""
    if not args or args[0] != "build" or (os.cpu_count() or 1) < 2:
        return False
    formats: str | None = None
    jobs = "0"
    rest = iter(args[1:])
    for arg in rest:
        if (
            arg in ("--help", "-h", "--")
            or arg.startswith("--format=")
            or arg.startswith("--jobs=")
        ):
            return False  # rare spellings: leave them to the parser
        if arg in ("-f", "--format"):
            formats = next(rest, "")
        elif arg in ("-j", "--jobs"):
            jobs = next(rest, "")
    if formats is not None and "pdf" not in formats.split(","):
        return False
    return jobs.isdigit() and int(jobs) != 1


def start(args: list[str]) -> None:
    """Fork the PDF worker now if `args` may want it."""
    global _started
    if _started is None and wants_worker(args):
        from briefkit.render.pdf.worker import PdfWorker, builtin_style_dirs

        _started = PdfWorker(builtin_style_dirs())


def take() -> PdfWorker | None:
    """The worker forked early, now the caller's to use and close."""
    global _started
    worker, _started = _started, None
    return worker


def discard() -> None:
    """Stop a worker nobody took (a usage error, `--help`, several briefings)."""
    worker = take()
    if worker is not None:
        worker.terminate()
