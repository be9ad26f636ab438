"""Many briefings at once: shards, worker processes, and the run summary.

Consumes the discovered briefing paths and `BuildOptions`; produces `BriefingResult`s (as they
finish, for live reporting) and a `Summary`. `--shard K/N` takes a stable 1/N of the briefings
(by a hash of their path), so a CI matrix can split a series across runners; `--jobs N` builds
in N worker processes, each with its own `Pipeline` (and so its own render resources).

A series survives one bad briefing: an unexpected exception (a bug in briefkit) while building
a briefing, here or in a worker, becomes that briefing's located `internal.error` (a
`BriefkitError`, e.g. a folder that cannot be written, its own located error) and the others
are still built; a worker process that dies fails only the briefings it held. Nothing
of the failed briefing is written, so its previous outputs stay as they were. With
`BRIEFKIT_DEBUG` set the exception propagates instead, traceback and all (for developers).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.build.pipeline import BriefingResult, BuildOptions, BuildStatus, Pipeline
from briefkit.build.sources import effective_jobs
from briefkit.errors import BriefkitError, Diagnostic, ExitCode, Severity, SourceLocation

_WORKER: Pipeline | None = None

DEBUG_HINT = "set BRIEFKIT_DEBUG=1 for the traceback, and please report it"


def debugging() -> bool:
    """BRIEFKIT_DEBUG: let a bug's exception through, as `cli.wiring.main` does."""
    return bool(os.environ.get("BRIEFKIT_DEBUG"))


def internal_failure(path: Path, message: str) -> BriefingResult:
    """The failed result of a briefing that briefkit itself could not build: an environment
    failure (exit 3), since nothing in the content can fix it."""
    where = SourceLocation(Path(os.path.abspath(path)))
    diag = Diagnostic(Severity.ERROR, "internal.error", message, where, DEBUG_HINT)
    return BriefingResult(path, [diag], render_failed=True)


def stopped(path: Path, exc: BriefkitError) -> BriefingResult:
    """The failed result of a briefing whose build stopped with a `BriefkitError` (a folder
    that cannot be written, a renderer that cannot start): that briefing fails, located, with
    the error's exit code; the series goes on and its summary is written."""
    where = exc.loc or SourceLocation(Path(os.path.abspath(path)))
    diag = Diagnostic(Severity.ERROR, exc.code or "render.failed", str(exc), where)
    return BriefingResult(path, [diag], render_failed=exc.exit_code != ExitCode.CONTENT)


def _contained(pipeline: Pipeline, path: Path, opts: BuildOptions) -> BriefingResult:
    """One briefing, its failures kept to itself: a `BriefkitError` (it cannot be built here)
    or a bug fails that briefing alone; KeyboardInterrupt is not caught."""
    try:
        result = pipeline.build(path, opts)
    except BriefkitError as exc:
        return stopped(path, exc)
    except Exception as exc:
        if debugging():
            raise
        return internal_failure(path, f"internal error: {type(exc).__name__}: {exc}")
    result.document = None  # not needed by the caller; keeps a worker's pickle small
    return result


def _build_in_worker(path: str, opts: BuildOptions) -> BriefingResult:
    global _WORKER  # one pipeline per worker process: its house styles and render resources
    # (templates, CSS, fonts) serve every briefing that process builds
    if _WORKER is None:
        _WORKER = Pipeline()
    return _contained(_WORKER, Path(path), opts)


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork where there is one: workers start at once with what this process has imported
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _died(path: Path) -> BriefingResult:
    return internal_failure(
        path, "internal error: the worker process building this briefing died (killed or crashed)"
    )


def _outcome(future: Future[BriefingResult], path: Path) -> BriefingResult | None:
    """The future's result; None when its pool broke (a worker died) before it was built."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except BriefkitError as exc:
        return stopped(path, exc)
    except Exception as exc:  # outside the worker's own containment (the result's pickle)
        if debugging():
            raise
        return internal_failure(path, f"internal error: {type(exc).__name__}: {exc}")


def _pooled(paths: list[Path], opts: BuildOptions, workers: int) -> Iterator[BriefingResult]:
    """Whole briefings in parallel worker processes. A worker that dies breaks the whole pool:
    every briefing not yet built fails with it. Those are built again one process at a time,
    so that only a briefing that kills its process fails."""
    broken: list[Path] = []
    with _pool(workers) as pool:
        futures = {pool.submit(_build_in_worker, str(p), opts): p for p in paths}
        for future in as_completed(futures):
            result = _outcome(future, futures[future])
            if result is None:
                broken.append(futures[future])
            else:
                yield result
    if len(broken) == 1:  # only it was left: it is the one its worker died building
        yield _died(broken[0])
        return
    alone: ProcessPoolExecutor | None = None
    try:
        for path in sorted(broken):
            alone = alone or _pool(1)
            result = _outcome(alone.submit(_build_in_worker, str(path), opts), path)
            if result is None:
                alone.shutdown(wait=True)
                alone = None
            yield result or _died(path)
    finally:
        if alone is not None:
            alone.shutdown(wait=True)


def run(
    paths: list[Path], opts: BuildOptions, jobs: int = 1, worker: Any = None
) -> Iterator[BriefingResult]:
    """Build every briefing in at most `jobs` processes; results are yielded as they finish.

    One process: everything in turn. Several, one briefing: its PDF is laid out in a second
    process while the first writes the HTML and Word files (WeasyPrint's import and layout
    dominate). Several briefings: whole briefings in parallel worker processes.
    """
    paths, clashes = _one_per_name(paths, opts.out_dir)
    yield from clashes
    jobs = effective_jobs(jobs)
    if jobs <= 1 or len(paths) <= 1:
        if worker is None:
            from briefkit.render.pdf.worker import start_for

            worker = start_for(opts.formats, len(paths), jobs)  # warms up during the check
        pipeline = Pipeline(pdf_worker=worker)
        try:
            for path in paths:
                yield _contained(pipeline, path, opts)
        finally:
            if worker is not None:
                worker.close()
        return
    yield from _pooled(paths, opts, min(jobs, len(paths)))


def _one_per_name(paths: list[Path], out_dir: Path) -> tuple[list[Path], list[BriefingResult]]:
    """The briefings to build, and a failure for each that would write the same output files
    as one before it (`a.md` and `sub/a.md` both make `a.html`: the second overwrote the
    first, and the next build found both up to date)."""
    kept: list[Path] = []
    failed: list[BriefingResult] = []
    first: dict[str, Path] = {}
    for path in paths:
        earlier = first.setdefault(path.stem, path)
        if earlier is path:
            kept.append(path)
            continue
        where = SourceLocation(Path(os.path.abspath(path)), 1, 1)
        message = (
            f"'{path}' would write the same files as '{earlier}' "
            f"({out_dir / path.stem}.*): not built"
        )
        hint = "rename one of them, or build each folder into its own output folder (-o)"
        diag = Diagnostic(Severity.ERROR, "output.same-name", message, where, hint)
        failed.append(BriefingResult(path, [diag]))
    return kept, failed


@dataclass
class Summary:
    built: int = 0
    skipped: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    render_failures: int = 0  # renderers that failed for a reason outside the content (exit 3)
    internal_errors: int = 0  # briefings briefkit itself failed on (a bug; exit 3)
    seconds: float = 0.0
    briefings: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: BriefingResult, strict: bool) -> BuildStatus:
        """Count one briefing; returns its status."""
        status = result.status(strict)
        self.built += status == "built"
        self.skipped += status == "skipped"
        self.failed += status == "failed"
        self.render_failures += result.render_failed
        # under --strict a warning is printed, and counted, as the error it is
        self.errors += result.errors + (result.warnings if strict else 0)
        self.warnings += 0 if strict else result.warnings
        entry: dict[str, Any] = {
            "source": str(result.source),
            "status": status,
            "outputs": {fmt: str(p) for fmt, p in sorted(result.outputs.items())},
            "errors": result.errors,
            "warnings": result.warnings,
            "seconds": round(result.seconds, 3),
        }
        if result.layout_passes is not None:  # only when a PDF was laid out this time
            entry["layout_passes"] = result.layout_passes
        internal = [d.message for d in result.diagnostics if d.code == "internal.error"]
        if internal:  # only then: the keys of a briefing that built are as they always were
            entry["internal_error"] = internal[0]
            self.internal_errors += 1
        self.briefings.append(entry)
        return status

    def add_search(self, items: Sequence[Diagnostic], strict: bool) -> bool:
        """Count what the search for briefings said (of no one briefing: a linked folder it
        did not enter); True when that fails the build (a warning under --strict)."""
        warnings = sum(not d.is_error for d in items)
        self.errors += len(items) - warnings + (warnings if strict else 0)
        self.warnings += 0 if strict else warnings
        return any(d.is_error or strict for d in items)

    def finish(self) -> None:
        self.seconds = time.perf_counter() - self.started
        self.briefings.sort(key=lambda b: b["source"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "built": self.built,
            "skipped": self.skipped,
            "failed": self.failed,
            "errors": self.errors,
            "warnings": self.warnings,
            "internal_errors": self.internal_errors,
            "seconds": round(self.seconds, 3),
            "briefings": self.briefings,
        }

    def line(self) -> str:
        total = self.built + self.skipped + self.failed
        return (
            f"{total} briefing{'s' * (total != 1)}: {self.built} built, {self.skipped} "
            f"up to date, {self.failed} failed; {self.errors} error"
            f"{'s' * (self.errors != 1)}, {self.warnings} warning"
            f"{'s' * (self.warnings != 1)}; {self.seconds:.1f} s"
        )


def on_each(
    results: Iterator[BriefingResult], *callbacks: Callable[[BriefingResult], None]
) -> None:
    for result in results:
        for cb in callbacks:
            cb(result)
