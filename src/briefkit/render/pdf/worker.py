"""Render stage helper: PDFs laid out in a second process, warmed up while the first works.

Importing WeasyPrint costs about 0.55 s (most of it cffi parsing Pango's declarations) before
any page is laid out. A build that makes PDFs on two or more cores starts this worker first:
it imports WeasyPrint and loads the house style's fonts and style sheets while the main
process parses, resolves and writes the HTML and Word files; then it lays out each PDF. The
worker receives the print page as an HTML string and plain options (`render.pdf.prepare`), so
it never imports briefkit's models, and it stays warm across rebuilds (`watch`): it owns its
own `RenderResources` (the parent's cannot cross the process boundary), and `reset` tells it
which house styles changed. As soon as the briefing is loaded, `expect` gives it the language,
whose hyphenation dictionary it parses before the page arrives.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.render.pdf import forked

if TYPE_CHECKING:  # not imported at run time: the worker is forked before these are loaded
    from briefkit import ir
    from briefkit.model.housestyle import HouseStyle
    from briefkit.render import Rendered, RenderOptions
    from briefkit.render.resources import RenderResources

# In the worker process only: the resources it lays PDFs out with, made by its warm-up (the
# first task it runs) and kept for the life of the process. Unused in the main process.
_OWN: RenderResources | None = None


def _resources() -> RenderResources:
    global _OWN
    if _OWN is None:
        from briefkit.render.resources import RenderResources

        _OWN = RenderResources()
    return _OWN


def start_for(
    formats: Iterable[str], briefings: int, processes: int, started: PdfWorker | None = None
) -> PdfWorker | None:
    """A warm PDF worker (preloading the built-in style) when it helps: PDFs are wanted, one
    briefing at a time is built in this process, and the build may use a second process
    (`processes`: `--jobs` with 0 already turned into the number of cores). `started`: one
    forked already (`cli.early`), used if it helps and stopped if not."""
    if "pdf" in formats and briefings == 1 and processes > 1:
        return started or PdfWorker(builtin_style_dirs())
    if started is not None:
        started.terminate()
    return None


def builtin_style_dirs() -> tuple[Path, ...]:
    """The built-in house style's HTML folder, whose style sheets the worker preloads."""
    from briefkit.paths import DEFAULT_STYLE, builtin_styles_dir

    folder = builtin_styles_dir() / DEFAULT_STYLE / "html"
    return (folder.resolve(),) if folder.is_dir() else ()


def _detach() -> None:
    """In the worker: die with the main process (even when it is killed), and let go of its
    terminal or pipes, so that whoever reads the main process's output sees it end."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux); elsewhere this fails quietly
        if os.getppid() == 1:  # the main process is already gone
            os._exit(0)
    except (OSError, AttributeError):
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _warm(html_dirs: tuple[Path, ...]) -> None:
    """Import WeasyPrint and parse the style sheets (with their fonts) ahead of the first PDF."""
    from briefkit.render.pdf import engine as pdfengine

    try:
        for html_dir in html_dirs:
            pdfengine.preload(_resources(), html_dir)
    except Exception:  # a failure here resurfaces, reported, at the first render
        return


def _expect(lang: str) -> None:
    from briefkit.render.pdf import engine as pdfengine

    try:
        pdfengine.load_hyphenation(lang)
    except Exception:  # a guess that failed costs nothing: the layout loads what it needs
        return


def _hyphenation_loaded() -> list[str]:
    import pyphen

    return sorted(Path(path).name for path in pyphen.hdcache)


def _reset(style_dirs: tuple[Path, ...] | None) -> None:
    if style_dirs is None:
        _resources().clear()
    for folder in style_dirs or ():
        _resources().invalidate(folder)


def _loaded() -> dict[Path, list[str]]:
    return _resources().loaded()


def _make(page: str, html_dir: Path, roots: tuple[Path, ...], pdf: dict[str, Any]) -> Any:
    from briefkit.render.pdf.engine import make_pdf

    return make_pdf(page, html_dir, roots, pdf, _resources())


class PendingPdf:
    """A PDF being laid out in the worker; `result()` waits for it."""

    def __init__(self, doc: ir.ResolvedDocument, future: forked.Answer) -> None:
        self.doc = doc
        self.future = future

    def result(self) -> Rendered:
        from briefkit.render import Rendered
        from briefkit.render.pdf.page import layout_diagnostics

        data, placed = self.future.result()
        return Rendered(data, layout_diagnostics(self.doc, placed), placed.passes)


class PdfWorker:
    """One worker process that renders PDFs."""

    def __init__(self, html_dirs: tuple[Path, ...] = ()) -> None:
        # forked (render.pdf.forked): the worker starts at once with what the main process
        # has imported so far, and begins with the warm-up
        self.process, self.warming = forked.start(_detach, (_warm, (html_dirs,)))

    def submit(
        self,
        doc: ir.ResolvedDocument,
        style: HouseStyle,
        options: RenderOptions,
        resources: RenderResources | None = None,
    ) -> PendingPdf:
        """Lay the briefing's PDF out in the worker. The print page is made here, in the
        parent, with the page template kept in the parent's `resources`."""
        from briefkit.render.pdf.page import prepare

        page, html_dir, roots, pdf = prepare(doc, style, options, resources)
        return PendingPdf(doc, self.process.call(_make, page, html_dir, roots, pdf))

    def expect(self, lang: str) -> None:
        """A briefing in `lang` is coming: the worker parses its hyphenation dictionary now,
        between its warm-up and the print page (not waited for)."""
        self.process.send(_expect, lang)

    def hyphenation_loaded(self) -> list[str]:
        """The hyphenation dictionaries the worker has parsed (file names)."""
        found: list[str] = self.process.call(_hyphenation_loaded).result()
        return found

    def reset(self, style_dirs: tuple[Path, ...] | None = None) -> None:
        """Forget the parsed style sheets and fonts of these house styles (their files
        changed), or of every style."""
        self.process.call(_reset, style_dirs).result()

    def loaded(self) -> dict[Path, list[str]]:
        """What the worker holds: style folder -> the resources made from it."""
        held: dict[Path, list[str]] = self.process.call(_loaded).result()
        return held

    def close(self) -> None:
        self.process.close()

    def terminate(self) -> None:
        """Stop the worker now, mid-task (close waits for the task it is running)."""
        self.process.terminate()
