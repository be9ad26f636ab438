"""Render stage helper: WeasyPrint itself — fonts, style sheets, layout, note placement.

Knows nothing of briefkit's IR: it takes the print page as an HTML string, the house style's
HTML folder and the PDF options as plain values, and returns the PDF's bytes with where every
note went. That keeps the PDF worker process (`briefkit.render.pdf.worker`) light: it imports this
module and WeasyPrint, and nothing that builds briefkit's models. The parsed style sheets and
the fonts they load are kept per house style in the caller's `RenderResources`.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.errors import BriefkitError, ExitCode
from briefkit.paths import SIZE_CAPS, ContainmentError, contained
from briefkit.render import weasylibs
from briefkit.render.pdf import (
    cssproblems,
    footnote_area,
    hyphen_limit,
    placed_notes,
    resume,
    write_once,
)
from briefkit.render.pdf.cssproblems import CssProblem
from briefkit.render.pdf.layout import lay_out
from briefkit.render.pdf.placement import NotePlacement
from briefkit.render.resources import RenderResources, Slot, StyleResources

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration


def _weasyprint() -> Any:
    try:
        weasyprint = weasylibs.load()
    except OSError as exc:  # Pango/HarfBuzz missing: an environment problem, not a content one
        raise BriefkitError(
            f"WeasyPrint cannot load its system libraries ({exc}); install Pango "
            "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0) "
            "or run `make build`, which installs them",
            ExitCode.ENVIRONMENT,
        ) from exc
    footnote_area.ensure()  # incremental note-area layout, where exact (footnote_area.py)
    hyphen_limit.ensure()  # hyphen ladders avoided as lines are made (hyphen_limit.py)
    placed_notes.ensure()  # a placed note stays, the paragraph moves (placed_notes.py)
    write_once.ensure()  # the PDF file serialised once, not twice (write_once.py)
    return weasyprint


# a pure memo, so module-level: the class depends on no file, only on WeasyPrint's import
@functools.cache
def _fetcher_class() -> type:
    """The URL fetcher class (made once: it subclasses WeasyPrint's, imported on demand)."""
    weasyprint = _weasyprint()

    class ProjectFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        """Serves data: URLs and files under the allowed folders; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(timeout=1, allowed_protocols={"file", "data"})
            self.roots = roots

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path))
                if _fetchable(path, self.roots):
                    return super().fetch(url, headers)
            raise ValueError(f"briefkit does not fetch {url[:120]}")

    return ProjectFetcher


def _utc_date(iso: str | None) -> datetime.datetime:
    """Midnight UTC of an ISO date as precise as written (2025, 2025-11 or 2025-11-01); the
    epoch when there is none, so that an attachment's dates never come from the clock."""
    parts = [int(p) for p in (iso or "1970").split("-")[:3]] + [1, 1]
    try:
        return datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC)
    except ValueError:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _fetchable(path: Path, roots: tuple[Path, ...]) -> bool:
    """The containment rule for what WeasyPrint asks for (fonts, images of a style sheet):
    inside the allowed folders with links followed, a regular file, under the font cap."""
    try:
        target = contained(path, roots)
        info = target.stat()
    except (ContainmentError, OSError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= SIZE_CAPS["font"]


def _fonts(style: StyleResources) -> FontConfiguration:
    """The fonts of one style: the system's, and those its @font-face rules add when its
    sheets are parsed (so each style gets its own, and forgetting a style forgets its fonts)."""
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


FONTS = Slot("pdf:fonts", _fonts)


def _counters(style: StyleResources) -> Any:
    """The style's `@counter-style` rules (fancy list delimiters, "(a)"), filled in as its
    sheets are parsed: WeasyPrint keeps them outside the sheet, like the fonts."""
    _weasyprint()
    from weasyprint.css.counters import CounterStyle

    return CounterStyle()


COUNTERS = Slot("pdf:counters", _counters)


@dataclasses.dataclass(frozen=True)
class Sheets:
    """A style's parsed CSS files, and what WeasyPrint ignored in them (a house style is user
    content: a rule it drops must be reported where it was written)."""

    sheets: tuple[CSS, ...]
    problems: tuple[CssProblem, ...] = ()


def _stylesheets(style: StyleResources) -> Sheets:
    """The style's CSS files, parsed (with their @font-face rules, into the style's fonts)."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class()((style.folder,))
    sheets = []
    problems: list[CssProblem] = []
    for name in ("style.css", "print.css"):
        path = style.file("html", name)
        if path is not None:
            # style.css is the web page's too: what only browsers read (text-rendering,
            # @media widths) is no problem there, only a parse error is
            with cssproblems.captured(path, every=name == "print.css") as found:
                sheets.append(
                    weasyprint.CSS(
                        filename=str(path),
                        font_config=style.get(FONTS),
                        counter_style=style.get(COUNTERS),
                        url_fetcher=fetcher,
                    )
                )
            problems.extend(found)
    return Sheets(tuple(sheets), tuple(problems))


STYLESHEETS = Slot("pdf:stylesheets", _stylesheets)


def preload(resources: RenderResources, html_dir: Path) -> None:
    """Parse a style's sheets and load its fonts ahead of its first PDF (the worker's warm-up)."""
    resources.style(html_dir.parent).get(STYLESHEETS)


def load_hyphenation(lang: str) -> None:
    """Parse the hyphenation dictionary WeasyPrint will ask Pyphen for at the first hyphenated
    word of `lang` text (the worker does it while it waits for the print page: 41 ms for
    English, otherwise spent inside the layout). WeasyPrint picks the dictionary with
    `pyphen.language_fallback` of the element's `lang`; Pyphen keeps each parsed file, for
    whatever hyphenate-limit-chars the style then asks. A language without a dictionary
    (Japanese) loads nothing."""
    import pyphen

    found = pyphen.language_fallback(lang)
    if found is not None:
        pyphen.Pyphen(lang=found)


def make_pdf(
    page: str,
    html_dir: Path,
    roots: tuple[Path, ...],
    pdf: dict[str, Any],
    resources: RenderResources | None = None,
) -> tuple[bytes, NotePlacement]:
    """Lay `page` out with the sheets and fonts of the style whose HTML folder is `html_dir`
    (kept in `resources`; a throwaway one if none) and write the PDF; `pdf` holds write_pdf's
    options, attachments as (name, bytes, description) triples."""
    weasyprint = _weasyprint()
    style = (resources or RenderResources()).style(html_dir.parent)
    fetcher = _fetcher_class()(roots)
    html = weasyprint.HTML(
        # no base URL: relative links (another edition, a page of the site) stay relative
        # instead of becoming file:// paths of the machine that built the PDF; images are
        # embedded and the style sheets carry their own base
        string=page,
        base_url=None,
        url_fetcher=fetcher,
        media_type="print",
    )
    kwargs = dict(pdf)
    stamp = _utc_date(kwargs.pop("attachment_date", None))
    if "attachments" in kwargs:
        kwargs["attachments"] = [
            weasyprint.Attachment(
                string=data, name=name, description=description, created=stamp, modified=stamp
            )
            for name, data, description in kwargs["attachments"]
        ]
    try:
        parsed: Sheets = style.get(STYLESHEETS)
        sheets = parsed.sheets
        fonts = style.get(FONTS)
        counters = style.get(COUNTERS)

        def render(extra: str) -> Any:
            extras = [weasyprint.CSS(string=extra, font_config=fonts)] if extra else []
            return html.render(
                stylesheets=[*sheets, *extras], font_config=fonts, counter_style=counters
            )

        def stream(watcher: Any) -> Any:
            return resume.render(
                lambda: html.render(
                    stylesheets=list(sheets), font_config=fonts, counter_style=counters
                ),
                watcher,
            )

        document, placed = lay_out(render, stream if resume.available() else None)
        placed = dataclasses.replace(placed, css_problems=parsed.problems)
        return document.write_pdf(**kwargs), placed
    except BriefkitError:
        raise
    except Exception as exc:  # WeasyPrint failures are render failures (exit 3), not crashes
        raise BriefkitError(f"PDF layout failed: {type(exc).__name__}: {exc}") from exc
