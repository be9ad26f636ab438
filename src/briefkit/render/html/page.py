"""Render stage: `ResolvedDocument` -> one self-contained HTML page (CSS inlined, images as data).

Walks the resolved IR only: it never formats a citation or numbers a note. `media="screen"`
gives the web page (notes listed at the end, with back-links); `media="print"` gives the markup
the PDF renderer lays out (each note body placed at its call, for page-bottom footnotes). The
page frame is the house style's Jinja template, sandboxed (`render.html.sandbox`), with
autoescaping on; it and the CSS come from the caller's `RenderResources`.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from briefkit import __version__, ir
from briefkit.model.housestyle import HouseStyle, Typography
from briefkit.render import Rendered, RenderOptions
from briefkit.render.budget import render_bounded
from briefkit.render.html.sandbox import page_template, template_error
from briefkit.render.html.writer import HtmlWriter, Media
from briefkit.render.resources import RenderResources, Slot, StyleResources

# ---------------------------------------------------------------- page
# the web page's CSS, inlined (a style without html/style.css has none)
SCREEN_CSS = Slot("html:screen-css", lambda style: style.read_text("html", "style.css") or "")


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
    resources: RenderResources | None = None,
) -> str:
    """The whole page as a string (the caller writes it atomically).

    The screen page carries the style's `style.css` inline; the print page carries no CSS:
    the PDF renderer lays it out with the style sheets it keeps in `resources`. The page
    template and the CSS are made once per style and `resources` (a throwaway one if none).
    """
    files = (resources or RenderResources()).style(style.path)
    context = page_context(doc, media, modified, files, style.meta.typography)
    template, loader = page_template(files)
    try:
        return render_bounded(template, context)  # time and output budgets (render/budget.py)
    except Exception as exc:  # whatever the style's template does wrong is the style's error
        raise template_error(exc, loader, style.html_dir) from exc


def page_context(
    doc: ir.ResolvedDocument,
    media: Media,
    modified: str | None,
    files: StyleResources,
    typography: Typography | None = None,
) -> dict[str, Any]:
    """Everything the page template sees (docs/guide/house-styles.md lists it): the document's
    metadata and ready-made, escaped HTML fragments; no object that reaches a file."""
    writer = HtmlWriter(doc, media, typography)
    css = files.get(SCREEN_CSS) if media == "screen" else ""
    meta = doc.meta
    return dict(
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
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    options: RenderOptions | None = None,
    resources: RenderResources | None = None,
) -> Rendered:
    """The pipeline's entry point for the `html` format (no options apply)."""
    modified = options.modified if options else None
    page = render_html(doc, style, "screen", modified=modified, resources=resources)
    return Rendered(page.encode("utf-8"))
