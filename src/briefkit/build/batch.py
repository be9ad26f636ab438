"""Many briefings at once: shards, worker processes, and the run summary.

Consumes the discovered briefing paths and `BuildOptions`; produces `BriefingResult`s (as they
finish, for live reporting) and a `Summary`. `--shard K/N` takes a stable 1/N of the briefings
(by a hash of their path), so a CI matrix can split a series across runners; `--jobs N` builds
in N worker processes, each with its own `Pipeline` (and so its own render resources).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.build.pipeline import BriefingResult, BuildOptions, BuildStatus, Pipeline
from briefkit.build.sources import effective_jobs

_WORKER: Pipeline | None = None


def _build_in_worker(path: str, opts: BuildOptions) -> BriefingResult:
    global _WORKER  # one pipeline per worker process: its house styles and render resources
    # (templates, CSS, fonts) serve every briefing that process builds
    if _WORKER is None:
        _WORKER = Pipeline()
    result = _WORKER.build(Path(path), opts)
    result.document = None  # not needed by the parent; keeps the pickle small
    return result


def run(
    paths: list[Path], opts: BuildOptions, jobs: int = 1, worker: Any = None
) -> Iterator[BriefingResult]:
    """Build every briefing in at most `jobs` processes; results are yielded as they finish.

    One process: everything in turn. Several, one briefing: its PDF is laid out in a second
    process while the first writes the HTML and Word files (WeasyPrint's import and layout
    dominate). Several briefings: whole briefings in parallel worker processes.
    """
    jobs = effective_jobs(jobs)
    if jobs <= 1 or len(paths) <= 1:
        if worker is None:
            from briefkit.render.pdf.worker import start_for

            worker = start_for(opts.formats, len(paths), jobs)  # warms up during the check
        pipeline = Pipeline(pdf_worker=worker)
        try:
            for path in paths:
                result = pipeline.build(path, opts)
                result.document = None
                yield result
        finally:
            if worker is not None:
                worker.close()
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only when parallel

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        futures = {pool.submit(_build_in_worker, str(p), opts): p for p in paths}
        for future in as_completed(futures):
            yield future.result()


@dataclass
class Summary:
    built: int = 0
    skipped: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    render_failures: int = 0  # renderers that failed for a reason outside the content (exit 3)
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
        self.errors += result.errors
        self.warnings += result.warnings
        self.briefings.append(
            {
                "source": str(result.source),
                "status": status,
                "outputs": {fmt: str(p) for fmt, p in sorted(result.outputs.items())},
                "errors": result.errors,
                "warnings": result.warnings,
                "seconds": round(result.seconds, 3),
            }
        )
        return status

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
