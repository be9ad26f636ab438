"""Render stage: `ResolvedDocument` -> PDF bytes, through WeasyPrint.

The page is the HTML renderer's output in print mode (each note body at its call, floated to
the foot of its page), laid out with the house style's `style.css` + `print.css`. There is no
second formatting path: every note and citation comes from the resolved document. Style sheets
and the font configuration are parsed once per process and reused across briefings. Resources
are fetched only from the project and the house style's folder; nothing from the network.
"""

from __future__ import annotations

import atexit
import functools
import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit import ir
from briefkit.config import is_within
from briefkit.errors import BriefkitError, Diagnostic, ExitCode, Severity
from briefkit.render import PDF_VARIANTS, Rendered, RenderOptions
from briefkit.render.html import render_html
from briefkit.styles import HouseStyle

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # Pango/HarfBuzz missing: an environment problem, not a content one
        raise BriefkitError(
            f"WeasyPrint cannot load its system libraries ({exc}); install Pango "
            "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0) "
            "or run `make build`, which installs them",
            ExitCode.ENVIRONMENT,
        ) from exc
    return weasyprint


def _fetcher_class() -> type:
    weasyprint = _weasyprint()

    class ProjectFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        """Serves data: URLs and files under the allowed folders; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(timeout=1, allowed_protocols={"file", "data"})
            self.roots = roots
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path))
                if any(is_within(path, root) for root in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"briefkit does not fetch {url[:120]}")

    return ProjectFetcher


@functools.lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    atexit.register(_release)
    return FontConfiguration()


def _release() -> None:
    """Free the cached fonts while WeasyPrint's libraries are still loaded (its finaliser
    fails noisily when run during interpreter shutdown)."""
    stylesheets.cache_clear()
    font_config.cache_clear()
    gc.collect()


@functools.lru_cache(maxsize=8)
def stylesheets(html_dir: Path) -> tuple[CSS, ...]:
    """The style's CSS files, parsed once per process (with their @font-face rules)."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class()((html_dir.parent,))
    sheets = []
    for name in ("style.css", "print.css"):
        path = html_dir / name
        if path.is_file():
            sheets.append(
                weasyprint.CSS(filename=str(path), font_config=font_config(), url_fetcher=fetcher)
            )
    return tuple(sheets)


def identifier(doc: ir.ResolvedDocument) -> bytes:
    """A fixed PDF file identifier: the same briefing always gets the same one."""
    seed = f"briefkit:{doc.stem}:{doc.meta.title_text}:{doc.meta.date_iso}"
    return hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


# Paragraph settings that let WeasyPrint keep every note on its call's page: with orphans or
# widows above 1 it may push an already placed note to the next page to fit one more line.
_RELAX = "p, li { orphans: 1; widows: 1; }"


@dataclass(frozen=True)
class NotePlacement:
    calls: dict[int, int]  # note number -> page of its call
    notes: dict[int, int]  # note number -> page where its body starts
    overflowing: tuple[int, ...]  # notes running past the bottom of their page

    def misplaced(self) -> list[int]:
        numbers = sorted(set(self.calls) | set(self.notes))
        return [n for n in numbers if self.calls.get(n) != self.notes.get(n)]


def placement(document: Any) -> NotePlacement:
    """Where WeasyPrint put each note call and each note body (read off its layout tree)."""
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    overflowing: list[int] = []
    for number, page in enumerate(document.pages, 1):
        box = page._page_box  # WeasyPrint's layout tree: pinned to <72 in pyproject
        top = box.content_box_y()
        bottom = top + box.height
        for child in box.children:
            if type(child).__name__ == "FootnoteAreaBox":
                for note in child.children:
                    n = _note_number(note)
                    if n is not None:
                        notes.setdefault(n, number)
                        y = note.border_box_y()
                        if y < top - 0.5 or y + note.border_height() > bottom + 0.5:
                            overflowing.append(n)  # WeasyPrint does not split notes
            else:
                for desc in child.descendants():
                    tag = getattr(desc, "element_tag", None) or ""
                    if tag.endswith("::footnote-call"):
                        n = _note_number(desc)
                        if n is not None:
                            calls.setdefault(n, number)
    return NotePlacement(calls, notes, tuple(overflowing))


def _note_number(box: Any) -> int | None:
    element = getattr(box, "element", None)
    value = element.get("data-note") if element is not None else None
    return int(value) if value and value.isdigit() else None


def render_pdf_bytes(
    doc: ir.ResolvedDocument, style: HouseStyle, options: RenderOptions | None = None
) -> Rendered:
    """The pipeline's entry point for the `pdf` format."""
    options = options or RenderOptions()
    variant = options.pdf_variant
    if variant not in PDF_VARIANTS:
        raise BriefkitError(
            f"unknown PDF variant '{variant}' (use {', '.join(PDF_VARIANTS)})", ExitCode.USAGE
        )
    weasyprint = _weasyprint()
    page = render_html(doc, style, media="print", inline_css=False, modified=options.modified)
    fetcher = _fetcher_class()((*options.roots, style.path))
    html = weasyprint.HTML(
        # no base URL: relative links (another edition, a page of the site) stay relative
        # instead of becoming file:// paths of the machine that built the PDF; images are
        # embedded and the style sheets carry their own base
        string=page,
        base_url=None,
        url_fetcher=fetcher,
        media_type="print",
    )
    sheets = list(stylesheets(style.html_dir))
    try:
        document, placed = _layout(weasyprint, html, sheets)
        data = document.write_pdf(**_pdf_options(weasyprint, doc, options))
    except BriefkitError:
        raise
    except Exception as exc:  # WeasyPrint failures are render failures (exit 3), not crashes
        raise BriefkitError(f"PDF layout failed: {type(exc).__name__}: {exc}") from exc
    return Rendered(data, _layout_diagnostics(doc, placed))


MAX_LAYOUTS = 6


def _layout(weasyprint: Any, html: Any, sheets: list[Any]) -> tuple[Any, NotePlacement]:
    """Lay the document out until every note sits on the page of its call (or give up).

    WeasyPrint may move a placed note to the next page to honour orphans and widows, and when
    a page's note area is full it can defer, or drop, the notes of a line it cannot push
    (seen with 70.0). So: lay out; if notes are misplaced, relax orphans and widows; while some
    still are, start each paragraph that calls one on a new page (its heading with it).
    """
    document = html.render(stylesheets=sheets, font_config=font_config())
    placed = placement(document)
    extra = ""
    breaks: set[int] = set()
    for _ in range(MAX_LAYOUTS - 1):
        misplaced = placed.misplaced()
        if not misplaced:
            break
        if not extra:
            extra = _RELAX
        else:
            new = [n for n in misplaced if n not in breaks]
            if not new:
                break  # every such paragraph already starts its page: nothing more to try
            breaks.update(new)
            extra = _RELAX + "".join(_break_before(n) for n in sorted(breaks))
        css = weasyprint.CSS(string=extra, font_config=font_config())
        document = html.render(stylesheets=[*sheets, css], font_config=font_config())
        placed = placement(document)
    return document, placed


def _break_before(n: int) -> str:
    """CSS starting the block that calls note `n` on a new page (its heading goes along)."""
    heads = ", ".join(f'h{i}[data-next-notes~="{n}"]' for i in range(2, 7))
    blocks = f'p[data-notes~="{n}"]:not([data-after-heading]), li[data-notes~="{n}"]'
    return f"{heads}, {blocks} {{ break-before: page; }}\n"


def _pdf_options(
    weasyprint: Any, doc: ir.ResolvedDocument, options: RenderOptions
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"pdf_identifier": identifier(doc)}
    if options.pdf_variant == "pdf/ua-1":
        kwargs["pdf_variant"] = "pdf/ua-1"
    elif options.pdf_variant == "pdf/a-3u":
        kwargs["pdf_variant"] = "pdf/a-3u"
        kwargs["pdf_tags"] = True  # archival and still accessible
        kwargs["attachments"] = [
            weasyprint.Attachment(string=data, name=name, description=description)
            for name, data, description in options.attachments
        ]
    return kwargs


def _layout_diagnostics(doc: ir.ResolvedDocument, placed: NotePlacement) -> tuple[Diagnostic, ...]:
    out: list[Diagnostic] = []
    locs = {n.number: n.loc for n in doc.notes}
    for n in placed.misplaced():
        where = placed.notes.get(n)
        printed = f"page {where}" if where else "no page"
        out.append(
            Diagnostic(
                Severity.WARNING,
                "pdf.note-misplaced",
                f"PDF: note {n} is called on page {placed.calls.get(n)} but printed on {printed}",
                locs.get(n),
                "shorten the note or the paragraph that calls it",
            )
        )
    for n in placed.overflowing:
        out.append(
            Diagnostic(
                Severity.WARNING,
                "pdf.note-too-long",
                f"PDF: note {n} does not fit on its page and runs past the bottom margin",
                locs.get(n),
                "split the note, or move part of it into the text",
            )
        )
    return tuple(out)
