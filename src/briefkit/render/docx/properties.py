"""Render stage: the briefing's metadata -> the Word package's core properties and language.

Consumes `DocumentMeta`; sets title, author, subject (the subtitle, as in the PDF), keywords,
description, category (the series), language and the dates. Created and modified are the
briefing's own date (a month or a year means its first day), never the build time, so a build
is reproducible and the file says when the briefing appeared, not when it was converted.
"""

from __future__ import annotations

import datetime as dt

from docx.opc.coreprops import CoreProperties

from briefkit import ir
from briefkit.render.docx.oxml import Element, qn

GENERATOR = "briefkit"
_LIMIT = 255  # python-docx refuses longer core property strings


def briefing_date(date_iso: str | None) -> dt.datetime | None:
    """'2025-11' -> 2025-11-01T00:00:00Z; None when the briefing has no date."""
    if not date_iso:
        return None
    parts = [int(p) for p in date_iso.split("-")[:3]]
    year, month, day = [*parts, 1, 1][:3]
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"


def set_core_properties(
    props: CoreProperties, meta: ir.DocumentMeta, modified: str | None = None
) -> None:
    """`modified` (an ISO date, from SOURCE_DATE_EPOCH) overrides the briefing's date."""
    props.title = _fit(meta.title_text)
    props.author = _fit("; ".join(a.name for a in meta.authors))
    props.subject = _fit(meta.subtitle_text)
    props.keywords = _fit(", ".join(meta.keywords))
    props.comments = _fit(meta.description)
    props.category = _fit(meta.series or "")
    props.language = meta.lang
    props.last_modified_by = GENERATOR
    props.revision = 1
    created = briefing_date(meta.date_iso)
    if created is not None:  # otherwise the template's fixed dates stay
        props.created = created
        props.modified = created
    changed = briefing_date(modified)
    if changed is not None:
        props.modified = changed


def set_theme_language(settings: Element, lang: str) -> None:
    """`w:themeFontLang`: the language Word assumes when it picks fonts and proofing tools."""
    node = settings.find(qn("w:themeFontLang"))
    if node is not None:
        node.set(qn("w:val"), lang)
