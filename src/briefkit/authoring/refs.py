"""Reference reports and exports (for `briefkit refs`): which sources a briefing uses, how
often, with what problems; and the validated library as CSL-JSON.

Consumes a library (`LocatedReference`s), the resolved document's citation map and the run's
diagnostics; produces rows and JSON. Pure: the CLI prints or writes what this returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefkit.errors import Diagnostic, Diagnostics
from briefkit.model.library import LocatedReference
from briefkit.model.reference import Reference
from briefkit.parse.references import (
    BIBTEX_SUFFIXES,
    JSON_SUFFIXES,
    YAML_SUFFIXES,
)

REFERENCE_SUFFIXES = BIBTEX_SUFFIXES | JSON_SUFFIXES | YAML_SUFFIXES


@dataclass(frozen=True)
class RefRow:
    key: str
    type: str
    title: str
    uses: int
    notes: tuple[int, ...]
    where: str
    problems: tuple[str, ...]


def rows(
    library: dict[str, LocatedReference],
    citations: dict[str, tuple[int, ...]],
    diagnostics: list[Diagnostic],
) -> list[RefRow]:
    out: list[RefRow] = []
    for key, located in library.items():
        ref = located.ref
        problems = tuple(
            sorted(
                {
                    d.code
                    for d in diagnostics
                    if d.code.startswith(("ref.", "cite.")) and f"'{key}'" in d.message
                }
            )
        )
        notes = citations.get(key, ())
        out.append(
            RefRow(key, ref.type, ref.title or "", len(notes), notes, str(located.loc), problems)
        )
    return out


# what each type needs to be cited at all (Chicago notes): a lint, not the style's own check
NEEDS = {
    "article-journal": ("title", "container-title", "issued"),
    "article-magazine": ("title", "container-title", "issued"),
    "article-newspaper": ("title", "container-title", "issued"),
    "book": ("title", "publisher", "issued"),
    "chapter": ("title", "container-title", "publisher", "issued"),
    "paper-conference": ("title", "container-title", "issued"),
    "report": ("title", "publisher", "issued"),
    "thesis": ("title", "publisher", "issued"),
    "webpage": ("title", "URL"),
}
_WORDS = re.compile(r"\w+")


def lint_library(library: dict[str, LocatedReference], diags: Diagnostics) -> None:
    """A whole library's problems, each at its entry: two entries for one source (same DOI, or
    same title and year), keys that differ only in case (biber and many tools treat them as
    one), and fields an entry's type needs."""
    by_doi: dict[str, LocatedReference] = {}
    by_title: dict[tuple[str, int], LocatedReference] = {}
    by_fold: dict[str, LocatedReference] = {}
    for key, located in library.items():
        ref = located.ref
        folded = key.casefold()
        if folded in by_fold:
            first = by_fold[folded]
            diags.warning(
                "ref.key-case",
                f"key '{key}' differs from '{first.ref.id}' (at {first.loc}) only in case",
                located.loc,
                "BibTeX and biber treat keys case-insensitively: rename one",
            )
        by_fold.setdefault(folded, located)
        doi = (ref.DOI or "").strip().lower()
        twin = by_doi.get(doi) if doi else None
        year = ref.issued.start.year if ref.issued and ref.issued.start else None
        title = " ".join(_WORDS.findall((ref.title or "").casefold()))
        if twin is None and title and year is not None:
            twin = by_title.get((title, year))
        if twin is not None:
            same = (
                "DOI"
                if doi and twin.ref.DOI and twin.ref.DOI.strip().lower() == doi
                else ("title and year")
            )
            diags.warning(
                "ref.duplicate",
                f"'{key}' has the same {same} as '{twin.ref.id}' (at {twin.loc})",
                located.loc,
                "keep one entry and cite it by one key",
            )
        if doi:
            by_doi.setdefault(doi, located)
        if title and year is not None:
            by_title.setdefault((title, year), located)
        missing = [f for f in NEEDS.get(ref.type, ("title",)) if _missing(ref, f)]
        if (
            not (ref.author or ref.editor or ref.names("container-author"))
            and ref.type != "webpage"
        ):
            missing.insert(0, "author or editor")
        if missing:
            diags.warning(
                "ref.missing-field",
                f"reference '{key}' ({ref.type}) has no {', '.join(missing)}",
                located.loc,
                "a citation of it would lack them",
            )


def _missing(ref: Reference, field: str) -> bool:
    if field == "issued":
        return ref.issued is None
    return not ref.text(field)
