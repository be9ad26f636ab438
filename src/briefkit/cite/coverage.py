"""Cite stage helper: which fields of a reference its house layout never prints.

A field the layout of a reference's type has no part for is lost from every note and entry
without a word, and a silent loss is what a user least expects ("Opened for signature
December 10, 1982" in `note`, an `event-place` on a type that has no place). This module
answers, from the registry's declarations alone (each part's `reads`), which fields that a
reader would miss a cited reference sets and no part of its full form, short form or
bibliography entry reads; `resolve` turns the answer into one `ref.field-not-printed` warning
per reference.

Consumes a `Reference` and the `CitationStyle`; produces the names of the fields, sorted.
"""

from __future__ import annotations

from briefkit.cite import parts as _parts  # noqa: F401  (registers every part's `reads`)
from briefkit.cite.registry import REGISTRY
from briefkit.model.citestyle import CitationStyle
from briefkit.model.reference import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    TEXT_VARIABLES,
    Reference,
)

# Fields no Chicago note or bibliography entry prints, by design: identifiers, the record's own
# metadata and the forms other fields stand for (a reader of the note does not miss them).
METADATA = frozenset(
    {
        "id",
        "type",
        "language",
        "title-short",
        "container-title-short",
        "abstract",
        "keyword",
        "ISBN",
        "ISSN",
        "PMID",
        "PMCID",
        "call-number",
        "annote",
        "source",
        "citation-key",
        "citation-label",
        "dimensions",
        "number-of-pages",
        # the item's own extent ("89-112" of a chapter): a note cites its locator instead, and
        # Chicago's bibliography prints the range only for some types (it reads `page` there)
        "page",
        "page-first",
        "references",
        "year-suffix",
        "locator",
        "first-reference-note-number",
        "citation-number",
    }
)


def _present(ref: Reference, variable: str) -> bool:
    if variable in NAME_VARIABLES:
        return bool(ref.names(variable))
    if variable in DATE_VARIABLES:
        attr = variable.replace("-", "_")
        value = getattr(ref, attr, None) if attr in type(ref).model_fields else None
        return value is not None or bool((ref.model_extra or {}).get(variable))
    return bool(ref.text(variable))


def unprinted_fields(ref: Reference, style: CitationStyle) -> list[str]:
    """The fields `ref` sets that no part of its type's layout reads (`METADATA` aside, and
    `accessed` where the style never prints access dates: a documented house switch)."""
    layout = style.layout(ref.type)
    names = {*layout.parts, *(layout.short or style.short)}
    reads: set[str] = set()
    for name in names:
        spec = REGISTRY.get(name)
        if spec is not None:
            reads |= spec.reads
    ignored = METADATA | ({"accessed"} if style.accessed == "never" else set())
    candidates = (*TEXT_VARIABLES, *NAME_VARIABLES, *DATE_VARIABLES)
    return sorted(v for v in candidates if v not in ignored and v not in reads and _present(ref, v))
