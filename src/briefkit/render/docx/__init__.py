"""Render stage: `ResolvedDocument` -> a Word (.docx) file, through python-docx.

Consumes the resolved document and the house style's Word template
(`templates/<style>/template.docx`, which defines every style used, the page, header and
footer); produces the bytes of one .docx. Like the HTML renderer it only walks the IR: the
notes are `resolve`'s, numbered and formatted; the front matter's words are `DocumentMeta`'s.

The template's bytes are kept per house style in the caller's `RenderResources` (the parsed
document is not: each briefing fills its own copy).

The work is split by what python-docx lacks: `footnotes.py` (footnotes part), `links.py`
(hyperlinks), `fields.py` (page numbers), `template.py` (placeholders), `package.py`
(reproducible zip); `inlines.py`, `blocks.py` and `matter.py` walk the IR.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from briefkit import ir
from briefkit.errors import BriefkitError, ExitCode
from briefkit.lang import is_cjk
from briefkit.model.housestyle import HouseStyle, Typography
from briefkit.render import Rendered, RenderOptions
from briefkit.render.docx.blocks import BlockWriter
from briefkit.render.docx.context import Context
from briefkit.render.docx.footnotes import NoteWriter
from briefkit.render.docx.inlines import InlineWriter, mark_east_asian
from briefkit.render.docx.matter import MatterWriter
from briefkit.render.docx.numbering import Numbering
from briefkit.render.docx.oxml import Element, XMLSyntaxError, el, qn, run_text
from briefkit.render.docx.package import normalize_package
from briefkit.render.docx.properties import set_core_properties, set_theme_language
from briefkit.render.docx.stylesheet import StyleSheet
from briefkit.render.docx.template import BlockFiller, TemplateFiller, block_placeholders
from briefkit.render.docx.typography import set_hyphenation
from briefkit.render.resources import RenderResources, Slot, StyleResources

__all__ = ["render_docx", "render_docx_bytes"]


TEMPLATE_NAME = "template.docx"


def _template_bytes(style: StyleResources) -> bytes:
    data = style.read_bytes(TEMPLATE_NAME)
    if data is None:
        raise BriefkitError(
            f"no Word template at {style.folder / TEMPLATE_NAME}", ExitCode.ENVIRONMENT
        )
    return data


TEMPLATE = Slot("docx:template", _template_bytes)


def _open(template: Path, data: bytes | None = None) -> object:
    """The template (its `data` when the caller read it already) as a python-docx document."""
    import docx

    if data is None and not template.is_file():
        raise BriefkitError(f"no Word template at {template}", ExitCode.ENVIRONMENT)
    try:
        return docx.Document(io.BytesIO(data) if data is not None else str(template))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise BriefkitError(f"cannot read the Word template {template}: {exc}") from exc


def template_context(meta: ir.DocumentMeta) -> dict[str, object]:
    """What text placeholders may name; every value is decided by `resolve`."""
    return {
        "series": meta.series or "",
        "number": meta.number or "",
        "number_display": meta.number_display or "",  # "No. 17", "第17号" (the `number` label)
        "date": meta.date_display or "",
        "date_iso": meta.date_iso or "",
        "title": meta.title_text,
        "subtitle": meta.subtitle_text,
        "short_title": meta.short_title,
        "author": ", ".join(a.name for a in meta.authors),
        "authors": [a.name for a in meta.authors],
        "keywords": list(meta.keywords),
        "lang": meta.lang,
        "labels": dict(meta.labels),
        "publisher": (meta.publisher.name or "") if meta.publisher else "",
    }


def render_docx(
    doc: ir.ResolvedDocument,
    template: Path,
    modified: str | None = None,
    template_data: bytes | None = None,
    typography: Typography | None = None,
) -> Rendered:
    """The briefing as .docx bytes, built on `template` (read from `template_data` when given);
    `modified` (ISO date) replaces the briefing's date as the modification date."""
    document = _open(template, template_data)
    part = document.part  # type: ignore[attr-defined]
    styles = StyleSheet(part.styles.element)
    styles.check()
    rules = typography or Typography()
    # Word's proofing language names a region: `en` is set in the house's (en-US by default)
    lang = rules.region_tag(doc.meta.lang)
    styles.set_language(lang, latin=rules.region_tag("en"))
    section = document.sections[-1]  # type: ignore[attr-defined]
    text_width = int(section.page_width - section.left_margin - section.right_margin)
    text_height = int(section.page_height - section.top_margin - section.bottom_margin)
    ctx = Context(doc, styles, Numbering(part.numbering_part.element), text_width, text_height)
    furniture = [
        rel.target_part.element
        for rel in part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
    ]
    body = part.element.body
    ctx.reserve_ids([body, *furniture])
    notes = NoteWriter(ctx, part)
    ctx.note_call = notes.call
    writer = BlockWriter(InlineWriter(ctx, part))
    matter = MatterWriter(writer)

    def rich(inlines: tuple[ir.Inline, ...]) -> BlockFiller:
        """A title-like placeholder: the paragraph keeps its style, the text comes from the
        IR with its formatting (an italic word in a title stays italic)."""

        def fill(p: Element) -> list[Element]:
            if not inlines:
                return []
            new = el("w:p")
            ppr = p.find(qn("w:pPr"))
            style = None
            if ppr is not None:
                new.append(copy.deepcopy(ppr))
                pstyle = ppr.find(qn("w:pStyle"))
                style = pstyle.get(qn("w:val")) if pstyle is not None else None
            for run in writer.inl.runs(inlines, style):
                new.append(run)
            return [new]

        return fill

    fillers: dict[str, BlockFiller] = {
        "title": rich(doc.meta.title),
        "subtitle": rich(doc.meta.subtitle),
        "byline": lambda p: matter.byline(),
    }
    # without a `{{ byline }}` of its own, the byline opens the body
    has_byline = "byline" in block_placeholders(body, fillers)
    fillers["body"] = lambda p: (matter.byline() if not has_byline else []) + matter.body()
    found = TemplateFiller(template_context(doc.meta), template).fill(body, furniture, fillers)
    if "body" not in found:  # a template without `{{ body }}`: content goes at the end
        tail = (matter.byline() if "byline" not in found else []) + matter.body()
        sect = body.find(qn("w:sectPr"))
        for node in tail:
            if sect is not None:
                sect.addprevious(node)
            else:
                body.append(node)
    note_roots = [notes.part.element] if notes.part is not None else []
    for root in [body, *furniture, *note_roots]:
        _mark_cjk(root, styles)
    for note in notes.unreferenced():
        ctx.warn("docx.note-unreferenced", f"note {note.number} is never called", note.loc)
    set_core_properties(document.core_properties, doc.meta, modified)  # type: ignore[attr-defined]
    set_theme_language(document.settings.element, lang)  # type: ignore[attr-defined]
    set_hyphenation(document.settings.element, rules)  # type: ignore[attr-defined]
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return Rendered(normalize_package(out.getvalue()), tuple(ctx.diagnostics))


def _mark_cjk(root: Element, styles: StyleSheet) -> None:
    """Template text that came out in CJK gets the East-Asian font of its paragraph (runs
    written from the IR have it already)."""
    for p in root.iter(qn("w:p")):
        ppr_style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        font = styles.east_asian_font(ppr_style.get(qn("w:val")) if ppr_style is not None else None)
        for run in p.iter(qn("w:r")):
            fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if (fonts is None or not fonts.get(qn("w:hint"))) and is_cjk(run_text(run)):
                mark_east_asian(run, font)


def render_docx_bytes(
    doc: ir.ResolvedDocument,
    style: HouseStyle,
    options: RenderOptions | None = None,
    resources: RenderResources | None = None,
) -> Rendered:
    """The pipeline's entry point for the `docx` format: the template read once per style and
    `resources` (a throwaway one if none)."""
    # `modified` comes with SOURCE_DATE_EPOCH builds
    modified = options.modified if options else None
    data = (resources or RenderResources()).style(style.path).get(TEMPLATE)
    return render_docx(doc, style.docx_template, modified, data, style.meta.typography)
