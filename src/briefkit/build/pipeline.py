"""The pipeline: load -> resolve -> render -> write, for one briefing or many.

Consumes paths and options from the CLI; produces `BriefingResult`s (diagnostics, written
outputs). Renderers are imported lazily, per format, so `check` never pays for WeasyPrint.
Only `outputs.write_set` writes: a briefing's outputs and manifest as one set, so a failed
build leaves the previous set untouched.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefkit import ir, paths
from briefkit.build.manifest import (
    INPUT_KIND,
    Manifest,
    ManifestError,
    file_hash,
    folder_problem,
    input_files,
    input_roots,
    invalid,
    load_manifest,
    manifest_path,
    record_name,
    unsafe_folder,
    up_to_date,
)
from briefkit.build.outputs import OutputLocked, folder_lock, write_set
from briefkit.build.record import attachments, expected_of, manifest_bytes
from briefkit.build.sources import (
    FORMATS,
    SKIP_NAMES,
    BuildOptions,
    Format,
    UnsafeFolder,
    available_formats,
    check_out_dir,
    discover,
    parse_formats,
    write_atomic,
    write_outputs,
)
from briefkit.errors import (
    BriefkitError,
    Diagnostic,
    Diagnostics,
    ExitCode,
    Severity,
    SourceLocation,
)
from briefkit.load.document import load_document, read_front_matter
from briefkit.load.editions import find_partners, partner_paths, translations_in
from briefkit.load.styles import load_style
from briefkit.model.document import SourceDocument
from briefkit.model.frontmatter import FrontMatter, Limits
from briefkit.model.housestyle import HouseStyle
from briefkit.paths import DEFAULT_STYLE, find_project_root, resolved
from briefkit.render import DEFAULT_PDF_VARIANT, PdfVariant, Rendered, RenderOptions
from briefkit.render.resources import RenderResources
from briefkit.resolve.resolver import resolve

__all__ = [  # the sources' names are re-exported: callers import them from here too
    "FORMATS",
    "SKIP_NAMES",
    "BriefingResult",
    "BuildOptions",
    "BuildStatus",
    "Format",
    "Pipeline",
    "available_formats",
    "check_out_dir",
    "discover",
    "expected_of",
    "parse_formats",
    "render",
    "write_atomic",
    "write_outputs",
]

Renderer = Callable[[ir.ResolvedDocument, HouseStyle, RenderOptions, RenderResources], Rendered]

# What became of one briefing: the CLI's lines, the summary's counts and `--summary-json`
BuildStatus = Literal["built", "skipped", "failed"]


@dataclass
class BriefingResult:
    source: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    document: ir.ResolvedDocument | None = None
    render_failed: bool = False
    skipped: bool = False  # up to date: nothing was rebuilt or rewritten
    seconds: float = 0.0
    partners: list[Any] = field(default_factory=list)  # the other language editions
    layout_passes: int | None = None  # full layouts of its PDF (None: no PDF was laid out)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if not d.is_error)

    def failed(self, strict: bool) -> bool:
        return self.render_failed or self.errors > 0 or (strict and self.warnings > 0)

    def status(self, strict: bool) -> BuildStatus:
        """'failed', 'skipped' (up to date) or 'built': what the CLI and summaries report."""
        return "failed" if self.failed(strict) else "skipped" if self.skipped else "built"


class Pipeline:
    """One run over many briefings; caches house styles between them."""

    def __init__(
        self,
        project_root: Path | None = None,
        pdf_worker: Any = None,
        resources: RenderResources | None = None,
    ) -> None:
        self.project_root = project_root
        self.pdf_worker = pdf_worker  # a PdfWorker: PDFs laid out in a second process
        # what the renderers make from house-style files (page templates, CSS, fonts, the Word
        # template), once per run; a watch session passes its own, kept across its runs
        self.resources = resources if resources is not None else RenderResources()
        self._styles: dict[tuple[str, Path], tuple[HouseStyle | None, list[Diagnostic]]] = {}
        self._translations: dict[Path, dict[Path, list[Path]]] = {}

    def root_for(self, path: Path) -> Path:
        # from the path as named (symlinks not followed), so a link out of the project is seen
        return self.project_root or find_project_root(Path(os.path.abspath(path)))

    def style(
        self, name: str, root: Path, diags: Diagnostics, where: SourceLocation | None
    ) -> HouseStyle | None:
        key = (name, root)
        if key not in self._styles:
            style_diags = Diagnostics()
            style = load_style(name, root, style_diags, where)
            self._styles[key] = (style, style_diags.items)
        style, found = self._styles[key]
        diags.extend(found)
        return style

    def translations(self, folder: Path) -> dict[Path, list[Path]]:
        """Which briefings of a folder translate which (scanned once per run and folder)."""
        key = folder.resolve()
        if key not in self._translations:
            self._translations[key] = translations_in(key)
        return self._translations[key]

    def check(
        self, path: Path, limits: tuple[tuple[str, int], ...] = ()
    ) -> tuple[BriefingResult, SourceDocument | None, HouseStyle | None]:
        """Load, validate and resolve one briefing; no rendering. `limits`: `--limit` caps."""
        diags = Diagnostics()
        result = BriefingResult(path)
        root = self.root_for(path)
        caps = Limits.model_validate(dict(limits))
        doc = load_document(Path(os.path.abspath(path)), root, diags, caps)
        style = None
        if doc is not None:
            name = doc.front.style or DEFAULT_STYLE
            where = doc.front_loc("style") if doc.front.style else None
            style = self.style(name, root, diags, where)
            if style is not None and self.pdf_worker is not None:
                self._expect(doc, style)
            partners = find_partners(doc, diags, self.translations(doc.path.parent))
            result.partners = partners
            if style is not None:
                result.document = resolve(doc, style, diags, partners)
        result.diagnostics = diags.sorted()
        return result, doc, style

    def _expect(self, doc: SourceDocument, style: HouseStyle) -> None:
        """Tell the PDF worker the language its print page will hyphenate (the house's region:
        `en` is `en-US` unless the style says GB), which it prepares while this process
        resolves the briefing and makes the page."""
        rules = style.meta.typography
        if rules.hyphenate:
            self.pdf_worker.expect(rules.region_tag(doc.front.lang))

    def build(
        self,
        path: Path,
        opts: BuildOptions | Iterable[Format],
        out_dir: Path | None = None,
        strict: bool = False,
        pdf_variant: PdfVariant = DEFAULT_PDF_VARIANT,
    ) -> BriefingResult:
        """Check, render and write one briefing, unless its outputs are already up to date.

        `opts` is a `BuildOptions`, or (for library callers) the formats, with `out_dir`,
        `strict` and `pdf_variant` beside them.
        """
        if not isinstance(opts, BuildOptions):
            if out_dir is None:
                raise TypeError("build() needs out_dir when given formats")
            opts = BuildOptions(tuple(opts), out_dir, strict, pdf_variant)
        started = time.perf_counter()
        result = self._build(path, opts)
        result.seconds = time.perf_counter() - started
        return result

    def _render_all(
        self,
        doc: ir.ResolvedDocument,
        style: HouseStyle,
        options: RenderOptions,
        formats: Iterable[Format],
    ) -> dict[str, Rendered]:
        """Every format; the PDF in the worker process (if any) while the others are made."""
        formats = tuple(formats)
        pending = None
        if self.pdf_worker is not None and "pdf" in formats:
            pending = self.pdf_worker.submit(doc, style, options, self.resources)
        out: dict[str, Rendered] = {}
        for name in formats:  # the PDF is collected last: HTML and Word are made meanwhile
            if name != "pdf" or pending is None:
                out[name] = render(name, doc, style, options, self.resources)
        if pending is not None:
            out["pdf"] = pending.result()
        return {name: out[name] for name in formats}  # in the order asked for

    def _partner_list(self, path: Path, previous: Manifest, root: Path) -> list[str]:
        """The other editions the briefing has now (a new translation makes it out of date)."""
        absolute = Path(os.path.abspath(path))
        data = read_front_matter(absolute)
        if data is None:
            return previous.partners
        try:
            front = FrontMatter.model_validate(
                {k: v for k, v in data.items() if k in ("title", "translation-of", "editions")}
            )
        except ValueError:
            return previous.partners
        found = partner_paths(absolute, front, self.translations(absolute.parent))
        return sorted(record_name(p.resolve(), root) for p in found)

    def _skip(
        self, path: Path, opts: BuildOptions, root: Path
    ) -> tuple[BriefingResult | None, Diagnostic | None]:
        """The skipped result of a briefing whose manifest says it is up to date (else None),
        and, when its manifest is not to be trusted, why (a `manifest.invalid` warning)."""
        previous, problem = load_manifest(opts.out_dir, path.stem)
        if previous is None:
            return None, problem
        try:
            fresh = up_to_date(previous, opts.out_dir, opts.key(), root)
        except ManifestError as exc:
            return None, invalid(manifest_path(opts.out_dir, path.stem), exc.message)
        if not fresh or previous.partners != self._partner_list(path, previous, root):
            return None, None
        if not _records(previous, path, root):  # another file of the same name was built
            return None, None
        result = BriefingResult(path, skipped=True)
        result.diagnostics = [d.diagnostic(root) for d in previous.diagnostics]
        result.outputs = {
            f: opts.out_dir / e.path for f, e in previous.outputs.items() if f in opts.formats
        }
        return result, None

    def _build(self, path: Path, opts: BuildOptions) -> BriefingResult:
        unsafe = folder_problem(opts.out_dir)
        if unsafe is not None:  # nothing is read through it or written: an environment failure
            return BriefingResult(path, [unsafe], render_failed=True)
        root = self.root_for(path)
        skipped, warning = self._skip(path, opts, root) if not opts.force else (None, None)
        return skipped or self._rebuild(path, opts, root, warning)

    def _rebuild(
        self, path: Path, opts: BuildOptions, root: Path, warning: Diagnostic | None
    ) -> BriefingResult:
        # hashed before it is read for the build: a save made meanwhile makes the manifest
        # out of date (record.manifest_bytes), never stale outputs 'up to date'
        known = briefing_digest(path, root)
        result, doc, style = self.check(path, opts.limits)
        if warning is not None:  # counts as the briefing's own (--strict fails on it)
            result.diagnostics.insert(0, warning)
        if result.failed(opts.strict) or result.document is None or style is None or doc is None:
            return result
        options = RenderOptions(
            pdf_variant=opts.pdf_variant,
            attachments=attachments(doc) if opts.pdf_variant == "pdf/a-3u" else (),
            roots=(doc.project_root,),
            modified=opts.modified(),
        )
        try:
            self._render_and_write(result, doc, style, options, opts, root, known)
        except OutputLocked as exc:
            result.render_failed = True
            where = SourceLocation(exc.lock, 1, 1)
            hint = "wait for the other build, or raise BRIEFKIT_LOCK_TIMEOUT (seconds)"
            result.diagnostics.append(
                Diagnostic(Severity.ERROR, "output.locked", str(exc), where, hint)
            )
        except UnsafeFolder as exc:  # planted since the check above
            result.render_failed = True
            result.diagnostics.append(unsafe_folder(opts.out_dir, exc.strerror or str(exc)))
        except OSError as exc:  # a full disk, a read-only folder: this briefing fails alone
            result.render_failed = True
            result.outputs = {}
            result.diagnostics.append(write_failure(opts.out_dir, exc))
        return result

    def _render_and_write(
        self,
        result: BriefingResult,
        doc: SourceDocument,
        style: HouseStyle,
        options: RenderOptions,
        opts: BuildOptions,
        root: Path,
        known: dict[Path, str],
    ) -> None:
        assert result.document is not None
        try:
            rendered = self._render_all(result.document, style, options, opts.formats)
        except BriefkitError as exc:
            result.diagnostics.append(_render_failure(exc, result.source, result))
            return
        for output in rendered.values():
            result.diagnostics.extend(output.diagnostics)
        if "pdf" in rendered:
            result.layout_passes = rendered["pdf"].layout_passes
        if result.failed(opts.strict):  # layout warnings under --strict: nothing is written
            return
        data = {name: output.data for name, output in rendered.items()}
        files = {f"{result.source.stem}.{name}": blob for name, blob in data.items()}
        built = (result.document, result.partners, result.diagnostics)
        record = manifest_bytes(result.source, opts, doc, style, built, data, root, known)
        # one set at a time into this folder (outputs.py); a build that fails before this
        # point has made nothing in the output folder
        with folder_lock(opts.out_dir):
            write_set(opts.out_dir, files, (f"{result.source.stem}.json", record))
        result.outputs = {name: opts.out_dir / f"{result.source.stem}.{name}" for name in data}


def _records(manifest: Manifest, path: Path, root: Path) -> bool:
    """Whether `manifest` was written for the briefing at `path` (its own file is among the
    inputs): `a.markdown` is not up to date because `a.md`'s outputs are."""
    own = resolved(path)
    return any(resolved(p) == own for p, _ in input_files(manifest, root))


def briefing_digest(path: Path, root: Path) -> dict[Path, str]:
    """{the briefing: its SHA-256} as it is now, or {} when it cannot be read (the load says
    why)."""
    absolute = Path(os.path.abspath(path))
    try:
        digest = file_hash(absolute, input_roots(root), INPUT_KIND)
    except paths.ContainmentError:
        return {}
    return {absolute: digest} if digest is not None else {}


def write_failure(out_dir: Path, exc: OSError) -> Diagnostic:
    """`output.write-failed` at the file that could not be written (`write_set` names it),
    else at the folder."""
    where = SourceLocation(Path(exc.filename) if isinstance(exc.filename, str) else out_dir)
    why = exc.strerror or str(exc)
    hint = "nothing of this build was written; the previous outputs are as they were"
    return Diagnostic(Severity.ERROR, "output.write-failed", f"cannot write: {why}", where, hint)


def _render_failure(exc: BriefkitError, path: Path, result: BriefingResult) -> Diagnostic:
    """A located failure (a house style's template) is a content error (exit 1); anything
    else failing in a renderer is an environment failure (exit 3)."""
    if exc.loc is not None and exc.exit_code == ExitCode.CONTENT:
        return Diagnostic(Severity.ERROR, exc.code or "render.failed", str(exc), exc.loc)
    result.render_failed = True
    return Diagnostic(
        Severity.ERROR, exc.code or "render.failed", str(exc), exc.loc or SourceLocation(path, 1, 1)
    )


def render(
    name: Format,
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    options: RenderOptions | None = None,
    resources: RenderResources | None = None,
) -> Rendered:
    """One format, with the caller's render resources (a throwaway set if none)."""
    module, function = FORMATS[name]  # parse_formats let only these through
    fn: Renderer = getattr(importlib.import_module(module), function)
    return fn(doc, style, options or RenderOptions(), resources or RenderResources())
