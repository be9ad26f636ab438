"""The pipeline: load -> resolve -> render -> write, for one briefing or many.

Consumes paths and options from the CLI; produces `BriefingResult`s (diagnostics, written
outputs). Renderers are imported lazily, per format, so `check` never pays for WeasyPrint.
Only `write_outputs` writes, atomically: a failed build leaves earlier outputs untouched.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefkit import ir
from briefkit.build.manifest import (
    SCHEMA,
    Expected,
    Manifest,
    ManifestError,
    Output,
    Recorded,
    code_version,
    folder_problem,
    input_hashes,
    invalid,
    load_manifest,
    manifest_path,
    record_name,
    sha256,
    style_files,
    unsafe_folder,
    up_to_date,
)
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
from briefkit.model.frontmatter import FrontMatter
from briefkit.model.housestyle import HouseStyle
from briefkit.paths import DEFAULT_STYLE, find_project_root
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

    def check(self, path: Path) -> tuple[BriefingResult, SourceDocument | None, HouseStyle | None]:
        """Load, validate and resolve one briefing; no rendering."""
        diags = Diagnostics()
        result = BriefingResult(path)
        root = self.root_for(path)
        doc = load_document(Path(os.path.abspath(path)), root, diags)
        style = None
        if doc is not None:
            name = doc.front.style or DEFAULT_STYLE
            where = doc.front_loc("style") if doc.front.style else None
            style = self.style(name, root, diags, where)
            partners = find_partners(doc, diags, self.translations(doc.path.parent))
            result.partners = partners
            if style is not None:
                result.document = resolve(doc, style, diags, partners)
        result.diagnostics = diags.sorted()
        return result, doc, style

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
        pending = None
        if self.pdf_worker is not None and "pdf" in formats:
            pending = self.pdf_worker.submit(doc, style, options, self.resources)
        out: dict[str, Rendered] = {}
        for name in formats:
            if name == "pdf" and pending is not None:
                out[name] = pending.result()
            else:
                out[name] = render(name, doc, style, options, self.resources)
        return out

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
        result, doc, style = self.check(path)
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
            rendered = self._render_all(result.document, style, options, opts.formats)
        except BriefkitError as exc:
            result.diagnostics.append(_render_failure(exc, path, result))
            return result
        for output in rendered.values():
            result.diagnostics.extend(output.diagnostics)
        if "pdf" in rendered:
            result.layout_passes = rendered["pdf"].layout_passes
        if result.failed(opts.strict):  # layout warnings under --strict
            return result
        try:
            data = {name: output.data for name, output in rendered.items()}
            result.outputs = write_outputs(opts.out_dir, path.stem, data)
            write_manifest(path, opts, doc, style, result, data, root)
        except UnsafeFolder as exc:  # planted since the check above
            result.render_failed = True
            result.diagnostics.append(unsafe_folder(opts.out_dir, exc.strerror or str(exc)))
        except OSError as exc:
            raise BriefkitError(f"cannot write to {opts.out_dir}: {exc.strerror or exc}") from exc
        return result


def _render_failure(exc: BriefkitError, path: Path, result: BriefingResult) -> Diagnostic:
    """A located failure (a house style's template) is a content error (exit 1); anything
    else failing in a renderer is an environment failure (exit 3)."""
    if exc.loc is not None and exc.exit_code == ExitCode.CONTENT:
        return Diagnostic(Severity.ERROR, exc.code or "render.failed", str(exc), exc.loc)
    result.render_failed = True
    return Diagnostic(
        Severity.ERROR, exc.code or "render.failed", str(exc), exc.loc or SourceLocation(path, 1, 1)
    )


def write_manifest(
    path: Path,
    opts: BuildOptions,
    doc: SourceDocument,
    style: HouseStyle,
    result: BriefingResult,
    rendered: dict[str, bytes],
    root: Path,
) -> None:
    """Record inputs, outputs and what the outputs must say, for incremental builds and verify
    (paths relative to the project `root`). Written through `.briefkit`'s own checks: never
    into a symbolic link (UnsafeFolder), never through one at the manifest's name."""
    assert result.document is not None
    partners = [p.path.resolve() for p in result.partners]
    inputs = [
        *partners,
        Path(os.path.abspath(path)),
        *doc.reference_files,
        *(asset.path for asset in doc.assets.values()),
        *style_files(style.path),
    ]
    manifest = Manifest(
        schema=SCHEMA,
        source=str(path),
        stem=path.stem,
        version=code_version(),
        options=opts.key(),
        inputs=input_hashes(inputs, root),
        outputs={
            fmt: Output(path=f"{path.stem}.{fmt}", sha256=sha256(rendered[fmt]))
            for fmt in opts.formats
        },
        expected=expected_of(result.document, doc.text),
        # not the warning about the manifest this one replaces: it is no longer true
        diagnostics=[
            Recorded.of(d, root) for d in result.diagnostics if d.code != "manifest.invalid"
        ],
        partners=sorted(record_name(p, root) for p in partners),
    )
    target = manifest_path(opts.out_dir, path.stem)
    write_atomic(target, manifest.to_json().encode("utf-8"), own_folder=True)


def expected_of(doc: ir.ResolvedDocument, text: str = "") -> Expected:
    """What every output of `doc` must carry. Links are those of its body and notes, wherever
    they stand (paragraphs, lists, quotes, table cells, captions); not the metadata's (the
    publisher's website, other editions), which are the house style's to print. The source
    `text`'s lines are kept for the PDF preflight to point its findings at."""
    meta = doc.meta
    return Expected(
        notes=[(n.number, ir.note_text(n)) for n in doc.notes],
        links=sorted({node.url for node in ir.walk(doc) if isinstance(node, ir.Link)}),
        title=meta.title_text,
        subtitle=meta.subtitle_text,
        authors=[a.name for a in meta.authors],
        date=meta.date_iso,
        lang=meta.lang,
        keywords=list(meta.keywords),
        source_lines=[(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()],
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


def attachments(doc: SourceDocument) -> tuple[tuple[str, bytes, str], ...]:
    """The sources an archival PDF carries: the Markdown file and its references as CSL-JSON."""
    from briefkit.model.export import export_csl_json

    return (
        (doc.path.name, doc.text.encode("utf-8"), "briefing source (Markdown)"),
        (
            f"{doc.path.stem}.references.json",
            export_csl_json(doc.library).encode("utf-8"),
            "references (CSL-JSON)",
        ),
    )
