"""Pipeline driver for `briefkit watch`: build once, then rebuild what each change affects.

Consumes the sources and `BuildOptions` of a build, and batches of changed paths (from
watchfiles, or a test); produces one `Cycle` per batch: the briefings rebuilt and their
`BriefingResult`s. The session owns one `RenderResources` (page templates, CSS, fonts, Word
templates, per house style) that every cycle's `Pipeline` renders with, so a rebuild pays for
neither the imports nor the fonts again.

What a change affects:
- a briefing (`.md` found in the sources) -> that briefing (a new one is built, a deleted one
  forgotten);
- any other file -> the briefings whose build manifest (`<out>/.briefkit/<stem>.json`) lists it
  as an input: references files, images, house-style files;
- a file inside a house-style folder -> the briefings built with that style (a new font or CSS
  file is not in any manifest yet), after what was made from that style's files is dropped
  (`RenderResources.invalidate`, here and in the PDF worker);
- a briefing that names other language editions (`translation-of:`, `editions:`) -> those
  editions too (a new translation changes its original's links);
- briefings that failed last time have no up-to-date manifest, so any change retries them.
Each cycle runs with a fresh `Pipeline` (its caches — house styles, the editions of a folder —
last one run, as in `build`); the process, its imports and the render resources stay warm.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.build.manifest import ManifestError, input_files, read_manifest
from briefkit.build.pipeline import BriefingResult, BuildOptions, Pipeline, discover
from briefkit.paths import builtin_styles_dir, is_within
from briefkit.render.resources import RenderResources

STYLE_MARKER = "style.yaml"  # a folder holding it is a house style


@dataclass
class Cycle:
    """What one batch of changes did."""

    changed: list[Path] = field(default_factory=list)  # the paths reported
    results: list[BriefingResult] = field(default_factory=list)  # built, skipped or failed
    removed: list[Path] = field(default_factory=list)  # briefings deleted since the last cycle
    styles_changed: bool = False
    error: str | None = None  # a failure that stopped the cycle (an unwritable output folder)
    catch_up: bool = False  # an incremental pass after the watched folders changed

    @property
    def rebuilt(self) -> list[BriefingResult]:
        return [r for r in self.results if not r.skipped]


def _abs(path: Path) -> Path:
    return Path(os.path.abspath(path))


def style_folder(path: Path) -> Path | None:
    """The house-style folder a path lies in (the nearest ancestor holding style.yaml)."""
    for folder in (path, *path.parents) if path.is_dir() else path.parents:
        if (folder / STYLE_MARKER).is_file():
            return folder
    return None


class Watcher:
    """The briefings of one watch session, their last results and what they depend on."""

    def __init__(self, sources: list[Path], opts: BuildOptions, pdf_worker: Any = None) -> None:
        self.sources = sources
        self.opts = opts
        # a warm PDF worker process (briefkit.render.pdf.worker) lays PDFs out beside the main one
        self.worker = pdf_worker
        # what the renderers made from house-style files: kept across cycles, a style's part
        # dropped when one of its files changes
        self.resources = RenderResources()
        self.pipeline = Pipeline(pdf_worker=pdf_worker, resources=self.resources)
        self.results: dict[Path, BriefingResult] = {}  # absolute briefing path -> last result
        self._inputs: dict[Path, set[Path]] = {}  # manifest inputs, read once per build

    # ---- what there is to build
    def briefings(self) -> list[Path]:
        return [_abs(p) for p in discover(self.sources)]

    def inputs(self, briefing: Path) -> set[Path]:
        """The files the briefing's last successful build read (from its manifest)."""
        if briefing not in self._inputs:
            # a manifest not to be trusted names nothing (the build reports it): only files
            # inside the project or its house styles are watched
            manifest = read_manifest(self.opts.out_dir, briefing.stem)
            try:
                named = input_files(manifest, self.pipeline.root_for(briefing)) if manifest else []
            except ManifestError:
                named = []
            found = {_abs(path) for path, _ in named}
            self._inputs[briefing] = found | {p.resolve() for p in found}
        return self._inputs[briefing]

    def styles_of(self, briefing: Path) -> set[Path]:
        """The house-style folders the briefing was built with."""
        return {p.parent for p in self.inputs(briefing) if p.name == STYLE_MARKER}

    # ---- building
    def build(self, paths: Iterable[Path]) -> list[BriefingResult]:
        out: list[BriefingResult] = []
        for path in paths:
            result = self.pipeline.build(path, self.opts)
            self.results[path] = result
            self._inputs.pop(path, None)  # its manifest may have changed
            out.append(result)
        return out

    def build_all(self) -> Cycle:
        """The first build: everything, incrementally (up-to-date briefings are skipped)."""
        return Cycle(results=self.build(self.briefings()))

    def catch_up(self) -> Cycle:
        """An incremental pass over every briefing, with fresh run-scoped caches: what changed
        while nothing was watching (before the watches were in place, or while they moved)."""
        self.pipeline = Pipeline(pdf_worker=self.worker, resources=self.resources)
        cycle = self.build_all()
        cycle.catch_up = True
        return cycle

    def affected(self, changed: Iterable[Path]) -> tuple[list[Path], list[Path], set[Path]]:
        """(briefings to rebuild, briefings removed, the house-style folders that changed)."""
        current = self.briefings()
        known = set(current)
        removed = [p for p in self.results if p not in known]
        for p in removed:
            del self.results[p]
            self._inputs.pop(p, None)
        paths = [_abs(raw) for raw in changed]
        todo: set[Path] = set()
        for path in paths:
            if path in known:
                todo.add(path)
                todo.update(p for p in editions_named(path) if p in known)
        styles = {f.resolve() for p in paths if p not in known and (f := style_folder(p))}
        wanted = set(paths) | {p.resolve() for p in paths}
        for briefing in current if paths else ():
            result = self.results.get(briefing)
            if result is None or result.failed(self.opts.strict):
                todo.add(briefing)  # no trustworthy manifest: retry on any change
            elif wanted & self.inputs(briefing):
                todo.add(briefing)  # a file it was built from (references, image, edition)
            elif styles and {s.resolve() for s in self.styles_of(briefing)} & styles:
                todo.add(briefing)  # a new file in its house style
        return [p for p in current if p in todo], removed, styles

    def rebuild(self, changed: Iterable[Path]) -> Cycle:
        changed = [_abs(p) for p in changed]
        known = set(self.results) | {i for b in self.results for i in self.inputs(b)}
        todo, removed, styles = self.affected(changed)
        if styles:
            self.forget_styles(styles)
        # run-scoped caches start afresh; the processes and the render resources stay warm
        self.pipeline = Pipeline(pdf_worker=self.worker, resources=self.resources)
        # report what matters: not the temporary files an editor saves through
        shown = [p for p in changed if p.exists() or p in known]
        return Cycle(shown, self.build(todo), removed, bool(styles))

    def forget_styles(self, styles: Iterable[Path]) -> None:
        """Drop what was made from these house styles' files, so edited CSS, templates, fonts
        and Word templates are read again: here and in the PDF worker (the pipeline's parsed
        `style.yaml` goes with the pipeline `rebuild` replaces)."""
        folders = tuple(sorted(styles))
        if self.worker is not None:
            self.worker.reset(folders)
        for folder in folders:
            self.resources.invalidate(folder)

    # ---- what to watch
    def watch_roots(self) -> list[Path]:
        """Folders to watch: the sources, the folders of every recorded input, the styles.

        Only folders where a build may read (the containment rule: a briefing's project, the
        built-in styles): a file elsewhere is refused by the build, so there is nothing to
        notice there, and a folder such as a home directory would cost hundreds of watches
        (watches are recursive)."""
        folders: set[Path] = set()
        for source in self.sources:
            src = _abs(source)
            folders.add(src if src.is_dir() else src.parent)
        allowed: set[Path] = {builtin_styles_dir().resolve()}
        for briefing in self.briefings():
            folders.add(briefing.parent)
            allowed.add(self.pipeline.root_for(briefing).resolve())
            found = {p.parent for p in self.inputs(briefing) if style_folder(p) is None}
            found |= {f for p in self.inputs(briefing) if (f := style_folder(p)) is not None}
            result = self.results.get(briefing)
            if result is None or result.failed(self.opts.strict):  # where its references go
                found.update(p.parent for p in bibliography_named(briefing))
            folders.update(f for f in found if any(is_within(f, a) for a in allowed))
        existing = sorted(f.resolve() for f in folders if f.is_dir())
        roots: list[Path] = []
        for folder in existing:  # sorted: a parent comes before its children
            if not any(folder == r or r in folder.parents for r in roots):
                roots.append(folder)
        return roots


def cycles(watcher: Watcher, stop: object | None = None) -> Iterator[Cycle]:
    """The watch session after the first build: one `Cycle` per batch of changes, until
    interrupted (KeyboardInterrupt passes through) or `stop` is set. When a rebuild makes a
    new folder worth watching (a references file elsewhere), the watch restarts on the new
    folders and an incremental pass catches what changed meanwhile."""
    from briefkit.errors import BriefkitError

    while True:
        roots = watcher.watch_roots()
        for batch in changes(roots, watcher.opts.out_dir, stop):
            if not batch:
                # the watches are in place now, a moment after `watching` was printed: a save
                # made before (during the first build, or right after) sent no event, so an
                # incremental pass, which the manifests make cheap, catches it
                yield watcher.catch_up()
                continue
            try:
                yield watcher.rebuild(batch)
            except BriefkitError as exc:  # reported, and the session goes on
                yield Cycle(changed=sorted(batch), error=str(exc))
            if watcher.watch_roots() != roots:
                break
        else:
            return
        yield watcher.catch_up()


def _front_matter(path: Path) -> dict[str, object]:
    """A briefing's front matter as plain data ({} when it cannot be read): cheap, no model."""
    from briefkit.load.document import read_front_matter

    return (read_front_matter(path) if path.is_file() else None) or {}


def _paths(path: Path, values: list[object]) -> list[Path]:
    return [_abs(path.parent / v) for v in values if isinstance(v, str) and v]


def editions_named(path: Path) -> list[Path]:
    """The other editions a briefing's front matter names (`translation-of`, `editions`)."""
    data = _front_matter(path)
    original = data.get("translation-of")
    editions = data.get("editions")
    named = [original.get("path") if isinstance(original, dict) else original]
    named += editions if isinstance(editions, list) else [editions]
    return _paths(path, named)


def bibliography_named(path: Path) -> list[Path]:
    """The references files a briefing's front matter names."""
    value = _front_matter(path).get("bibliography")
    return _paths(path, value if isinstance(value, list) else [value])


IGNORED_NAMES = (r"^4913$", r"^#.*#$", r"\.tmp$", r"\.crswap$", r"\.part$")  # editors' temp files


def changes(
    roots: list[Path], out_dir: Path, stop: object | None = None, debounce_ms: int = 400
) -> Iterator[set[Path]]:
    """Batches of changed paths under `roots` (outputs excluded), until `stop` is set.

    watchfiles groups the events of one save (editors write a temporary file, then rename it)
    and yields about 50 ms after the last of them. The first batch is empty: it comes once the
    watches are in place (watchfiles sets them up a few ms after it starts, and tells nothing),
    so that the caller can catch up on what changed before.
    """
    import watchfiles

    class _Filter(watchfiles.DefaultFilter):
        ignore_entity_patterns = (*watchfiles.DefaultFilter.ignore_entity_patterns, *IGNORED_NAMES)

    out = str(out_dir.resolve())
    watch_filter = _Filter(ignore_paths=(out,))
    ready = False
    for batch in watchfiles.watch(
        *roots,
        watch_filter=watch_filter,
        debounce=debounce_ms,
        step=50,
        stop_event=stop,  # type: ignore[arg-type]
        raise_interrupt=True,
        rust_timeout=500,  # wake twice a second to notice `stop`
        yield_on_timeout=True,  # the first timeout says the watches are in place
    ):
        if not ready:
            ready = True
            yield set()
        if batch:
            yield {Path(p) for _, p in batch}
