"""Render stage: `ResolvedDocument` -> one self-contained HTML page (CSS inlined, images as data).

Walks the resolved IR only: it never formats a citation or numbers a note. `media="screen"`
gives the web page (notes listed at the end, with back-links); `media="print"` gives the markup
the PDF renderer lays out (each note body placed at its call, for page-bottom footnotes). The
page frame is the house style's Jinja template, with autoescaping on.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from briefkit import __version__, ir
from briefkit.errors import BriefkitError, ExitCode, SourceLocation
from briefkit.model.housestyle import HouseStyle
from briefkit.render import Rendered, RenderOptions
from briefkit.render.html.writer import HtmlWriter, Media


# ---------------------------------------------------------------- page
@functools.lru_cache(maxsize=8)
def _environment(html_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(html_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@functools.lru_cache(maxsize=16)
def _read_css(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def json_ld(meta: ir.DocumentMeta) -> Markup:
    """schema.org metadata; '<' escaped so the JSON can never close its script element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title_text,
        "name": meta.title_text,
        "inLanguage": meta.lang,
    }
    if meta.subtitle_text:
        data["alternativeHeadline"] = meta.subtitle_text
    if meta.description:
        data["description"] = meta.description
    if meta.authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": a.name,
                **({"jobTitle": a.position} if a.position else {}),
                **(
                    {"affiliation": {"@type": "Organization", "name": a.affiliation}}
                    if a.affiliation
                    else {}
                ),
            }
            for a in meta.authors
        ]
    if meta.date_iso:
        data["datePublished"] = meta.date_iso
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    if meta.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": meta.series}
    if meta.publisher and meta.publisher.name:
        pub: dict[str, Any] = {"@type": "Organization", "name": meta.publisher.name}
        if meta.publisher.website_url:
            pub["url"] = meta.publisher.website_url
        data["publisher"] = pub
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_html(
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    media: Media = "screen",
    modified: str | None = None,
) -> str:
    """The whole page as a string (the caller writes it atomically).

    The screen page carries the style's `style.css` inline; the print page carries no CSS:
    the PDF renderer lays it out with the style sheets of `pdfengine.stylesheets`, parsed
    once per process.
    """
    try:
        return _render_page(doc, style, media, modified)
    except TemplateSyntaxError as exc:  # a mistake in a house style's template, not in content
        where = SourceLocation(
            Path(exc.filename or style.html_dir / "page.html.j2"), exc.lineno or 1, 1
        )
        raise BriefkitError(
            f"template error: {exc.message}", ExitCode.CONTENT, where, "style.template"
        ) from exc
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or 1
        where = SourceLocation(style.html_dir / "page.html.j2", line, 1)
        raise BriefkitError(
            f"template error: {exc}", ExitCode.ENVIRONMENT, where, "render.template"
        ) from exc


def _render_page(
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    media: Media,
    modified: str | None,
) -> str:
    writer = HtmlWriter(doc, media)
    env = _environment(style.html_dir)
    template = env.get_template("page.html.j2")
    css = _read_css(style.html_dir / "style.css") if media == "screen" else ""
    meta = doc.meta
    return template.render(
        meta=meta,
        media=media,
        css=Markup(css),
        json_ld=json_ld(meta),
        sections=writer.sections(),
        notes=writer.endnotes() if media == "screen" else [],
        abstract=writer.blocks(meta.abstract) if meta.abstract else None,
        disclaimer=writer.blocks(meta.disclaimer) if meta.disclaimer else None,
        rights=writer.blocks(meta.rights) if meta.rights else None,
        title=writer.inlines(meta.title),
        subtitle=writer.inlines(meta.subtitle) if meta.subtitle else None,
        bibliography=[writer.inlines(e.inlines) for e in doc.bibliography],
        labels=meta.labels,
        editions=[
            {
                "lang": e.lang,
                "label": e.label,
                "title": e.title,
                # the web page links to the published page when known; the PDF to its sibling PDF
                "href": (
                    e.url
                    if media == "screen" and e.url
                    else f"{e.stem}.{'html' if media == 'screen' else 'pdf'}"
                ),
            }
            for e in meta.editions
        ],
        generator=f"briefkit {__version__}",
        modified=modified or meta.date_iso,
        citation_date=(meta.date_iso or "").replace("-", "/"),
    )


def render_html_bytes(
    doc: ir.ResolvedDocument, style: HouseStyle, options: RenderOptions | None = None
) -> Rendered:
    """The pipeline's entry point for the `html` format (no options apply)."""
    modified = options.modified if options else None
    return Rendered(render_html(doc, style, "screen", modified=modified).encode("utf-8"))
