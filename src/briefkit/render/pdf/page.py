"""Render stage: `ResolvedDocument` -> PDF bytes, through WeasyPrint.

The page is the HTML renderer's output in print mode (each note body at its call, floated to
the foot of its page), laid out with the house style's `style.css` + `print.css` by
`render.pdf.engine`, which keeps the parsed sheets and fonts in the caller's `RenderResources`.
There is no second formatting path: every note and citation comes from the
resolved document. Where WeasyPrint could not put a note on its call's page, or a note runs
past the page, the build says so with a located warning.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, assert_never

from briefkit import ir
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.model.housestyle import HouseStyle
from briefkit.render import Rendered, RenderOptions
from briefkit.render.html.page import render_html
from briefkit.render.pdf.engine import make_pdf
from briefkit.render.pdf.placement import NotePlacement
from briefkit.render.resources import RenderResources


def identifier(doc: ir.ResolvedDocument) -> bytes:
    """A fixed PDF file identifier: the same briefing always gets the same one."""
    seed = f"briefkit:{doc.stem}:{doc.meta.title_text}:{doc.meta.date_iso}"
    return hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


def prepare(
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    options: RenderOptions,
    resources: RenderResources | None = None,
) -> tuple[str, Any, tuple[Any, ...], dict[str, Any]]:
    """What the engine needs, as plain values: the print page (made with the page template
    kept in `resources`), the style's HTML folder, the folders images and fonts may come
    from, and write_pdf's options."""
    page = render_html(doc, style, media="print", modified=options.modified, resources=resources)
    pdf: dict[str, Any] = {"pdf_identifier": identifier(doc)}
    match options.pdf_variant:  # checked where it was given (render.parse_pdf_variant)
        case "pdf/ua-1":
            pdf["pdf_variant"] = "pdf/ua-1"
        case "pdf/a-3u":
            pdf["pdf_variant"] = "pdf/a-3u"
            pdf["pdf_tags"] = True  # archival and still accessible
            pdf["attachments"] = list(options.attachments)
            # the attached files carry the document's date, never the clock: the same input
            # gives the same archive, byte for byte
            pdf["attachment_date"] = options.modified or doc.meta.date_iso
        case "none":
            pass
        case unknown:
            assert_never(unknown)
    return page, style.html_dir, (*options.roots, style.path), pdf


def render_pdf_bytes(
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    options: RenderOptions | None = None,
    resources: RenderResources | None = None,
) -> Rendered:
    """The pipeline's entry point for the `pdf` format, laid out in this process."""
    resources = resources or RenderResources()
    page, html_dir, roots, pdf = prepare(doc, style, options or RenderOptions(), resources)
    data, placed = make_pdf(page, html_dir, roots, pdf, resources)
    return Rendered(data, layout_diagnostics(doc, placed), placed.passes)


def layout_diagnostics(doc: ir.ResolvedDocument, placed: NotePlacement) -> tuple[Diagnostic, ...]:
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
    if placed.wide_tables:
        out.append(
            Diagnostic(
                Severity.WARNING,
                "pdf.table-too-wide",
                f"PDF: {placed.wide_tables} table(s) run past the right margin even with their"
                " words broken: the columns beyond it are cut off",
                SourceLocation(doc.source, 1, 1),
                "split the table, turn it (rows for columns), or shorten its headings",
            )
        )
    for file, line, col, message in placed.css_problems:
        out.append(
            Diagnostic(
                Severity.WARNING,
                "style.css-ignored",
                f"PDF: WeasyPrint ignored this CSS: {message}",
                SourceLocation(Path(file), line, col),
                "fix the rule in the house style's CSS (docs/guide/house-styles.md); the PDF is "
                "laid out without it",
            )
        )
    return tuple(out)
