"""Model stage: raw reference items -> a validated library keyed by id.

Consumes `RawItem`s from every bibliography file and the front matter; produces
`LocatedReference`s, reporting each problem where it was written: wrong field types and
malformed dates (errors), a duplicate id (error, at the second occurrence), unknown fields and
URLs or DOIs that do not parse, and tags in printed text that are not CSL rich-text markup
(warnings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from pydantic import ValidationError

from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation, did_you_mean
from briefkit.model.languages import bcp47
from briefkit.model.reference import DATE_VARIABLES, KNOWN_VARIABLES, Reference
from briefkit.parse.cslmarkup import has_markup, parse_markup
from briefkit.parse.items import RawItem
from briefkit.parse.yamlsrc import pydantic_error_message
from briefkit.urls import is_safe_url

_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?10\.\d{4,9}/\S+$", re.I)


@dataclass(frozen=True)
class LocatedReference:
    ref: Reference
    loc: SourceLocation
    raw: RawItem
    shared: bool = False  # from the project's shared library: uncited is normal, not `ref.unused`

    def field_loc(self, name: str) -> SourceLocation:
        return self.raw.locate((name,))


def with_parents(keys: Iterable[str], library: Mapping[str, LocatedReference]) -> set[str]:
    """`keys` and the entries they inherit from (BibTeX `crossref`, `xdata`), transitively:
    a parent is used through its cited children, whether or not it is cited itself."""
    used = set(keys)
    todo = list(used)
    while todo:
        located = library.get(todo.pop())
        for parent in located.raw.parents if located else ():
            if parent not in used:
                used.add(parent)
                todo.append(parent)
    return used


def validate_item(
    raw: RawItem, diags: Diagnostics, warned: set[str] | None = None
) -> Reference | None:
    """The validated reference of one raw item (None when invalid, with located errors). An
    unknown field is kept (an export round-trips it) and warned once per field name across the
    items sharing `warned` (a Zotero export repeats the same exporter fields in every entry)."""
    data = raw.data
    if not isinstance(data, dict):
        diags.error("ref.invalid", "a reference must be a mapping of CSL fields", raw.origin)
        return None
    clean = dict(data)
    for key in list(clean):
        if key not in KNOWN_VARIABLES and (warned is None or key not in warned):
            if warned is not None:
                warned.add(key)
            diags.warning(
                "ref.unknown-field",
                f"unknown CSL field '{key}' in reference '{data.get('id', '?')}' (kept; "
                "said once per field)",
                raw.locate((key,), key=True),
                did_you_mean(key, KNOWN_VARIABLES),
            )
    if "id" not in clean:
        diags.error(
            "ref.missing-id",
            "reference has no 'id'",
            raw.origin,
            "give every reference an id: the key you cite it with (@id)",
        )
        return None
    try:
        return Reference.model_validate(clean)
    except ValidationError as exc:
        seen: set[str] = set()
        for err in exc.errors(include_url=False):
            path = [p for p in err.get("loc", ()) if isinstance(p, (str, int))]
            field = str(path[0]) if path else ""
            if field in seen:
                continue
            seen.add(field)
            code: Code = "ref.invalid-date" if field in DATE_VARIABLES else "ref.invalid-field"
            message = pydantic_error_message({**err, "loc": (field,) if field else ()})
            if err.get("type") == "missing":
                message = f"missing required field '{field}'"
            diags.error(
                code,
                f"reference '{clean.get('id', '?')}': {message}",
                raw.locate((field,)) if field else raw.origin,
            )
        return None


def check_language(item: LocatedReference, diags: Diagnostics) -> None:
    """A `language` that names no language is kept as written, and said so: the source's
    title is then treated as the briefing's language."""
    language = item.ref.language
    if language is not None and bcp47(language) is None:
        diags.warning(
            "ref.unknown-language",
            f"reference '{item.ref.id}': language '{language}' is not a language tag or name",
            item.field_loc("language"),
            "write a BCP 47 tag: en, en-US, ja, de-DE",
        )


def check_links(item: LocatedReference, diags: Diagnostics) -> None:
    ref = item.ref
    if ref.URL is not None:
        parts = urlsplit(ref.URL.strip())
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or " " in ref.URL.strip()
            or not is_safe_url(ref.URL)
        ):
            # printed as text, never linked (the link policy, urls.py)
            diags.warning(
                "ref.invalid-url",
                f"reference '{ref.id}': URL '{ref.URL}' does not parse as a web address",
                item.field_loc("URL"),
                "write a full address: https://example.org/page",
            )
    if ref.DOI is not None and not _DOI.match(ref.DOI.strip()):
        diags.warning(
            "ref.invalid-doi",
            f"reference '{ref.id}': DOI '{ref.DOI}' does not parse",
            item.field_loc("DOI"),
            "a DOI looks like 10.1234/abcd",
        )


# the text fields the cite engine prints, and reads CSL rich-text markup in (`cite.richtext`)
MARKUP_FIELDS = (
    "title", "title-short", "container-title", "container-title-short", "collection-title",
    "title-translated", "publisher", "publisher-place", "genre", "medium", "note", "authority",
    "event", "event-title", "event-place", "archive", "archive_location", "section",
)  # fmt: skip


def check_markup(item: LocatedReference, diags: Diagnostics) -> None:
    """One warning per field whose markup is not CSL's, naming the first bad tag."""
    data = item.raw.data if isinstance(item.raw.data, dict) else {}
    for name in MARKUP_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not has_markup(value):
            continue
        _nodes, problems = parse_markup(value)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            diags.warning(
                "ref.invalid-markup",
                f"reference '{item.ref.id}': in '{name}', {problems[0]}{more}; printed as written",
                item.field_loc(name),
                'CSL markup is <i>, <b>, <sup>, <sub>, <sc> and <span class="nocase">',
            )


def build_library(raw_items: list[RawItem], diags: Diagnostics) -> dict[str, LocatedReference]:
    library: dict[str, LocatedReference] = {}
    warned: set[str] = set()
    first_seen: dict[str, SourceLocation] = {}
    for raw in raw_items:
        raw_id = raw.data.get("id") if isinstance(raw.data, dict) else None
        if raw_id is not None:
            key = str(raw_id).strip()
            if key in first_seen:  # a duplicate, whether or not either copy is valid
                diags.error(
                    "ref.duplicate-id",
                    f"duplicate reference id '{key}' (first defined at {first_seen[key]})",
                    raw.locate(("id",)),
                    "rename one of them, or delete the copy",
                )
                continue
            first_seen[key] = raw.locate(("id",))
        ref = validate_item(raw, diags, warned)
        if ref is None:
            continue
        located = LocatedReference(ref, raw.locate(("id",)), raw)
        check_links(located, diags)
        check_language(located, diags)
        check_markup(located, diags)
        library[ref.id] = located
    return library


def build_shared_library(
    raw_items: list[RawItem],
    cited: Mapping[str, SourceLocation],
    diags: Diagnostics,
) -> dict[str, LocatedReference]:
    """The valid entries of a shared (series) library, for one briefing that cites `cited`.

    A library of 1,600 entries serves many briefings, so its entries are judged by what this
    briefing uses: a cited entry reports every problem as a briefing's own would (and, when it
    is invalid, an error at the entry naming the citation: the citation itself is then an
    unknown key); an uncited invalid entry is one warning, at its line; an uncited entry's
    warnings are left to `briefkit refs LIBRARY`, which lints the whole file."""
    out: dict[str, LocatedReference] = {}
    first_seen: dict[str, SourceLocation] = {}
    for raw in raw_items:
        private = Diagnostics()
        raw_id = raw.data.get("id") if isinstance(raw.data, dict) else None
        key = str(raw_id).strip() if raw_id is not None else ""
        if key and key in first_seen:
            private.error(
                "ref.duplicate-id",
                f"duplicate reference id '{key}' (first defined at {first_seen[key]})",
                raw.locate(("id",)),
                "rename one of them, or delete the copy",
            )
            library: dict[str, LocatedReference] = {}
        else:
            if key:
                first_seen[key] = raw.locate(("id",))
            library = build_library([raw], private)
        if key in cited:
            diags.extend(private.items)
            if private.has_errors:
                diags.error(
                    "ref.library-invalid",
                    f"reference '{key}', cited at {cited[key]}, is invalid in the shared library",
                    raw.origin,
                    "fix the entry (the errors above say how); every briefing citing it stops",
                )
        elif private.has_errors:
            first = next(d for d in private.items if d.is_error)
            diags.warning(
                "ref.library-invalid",
                f"shared library entry '{key or '?'}' is invalid ({first.message}); "
                "it is not cited here, so it is left out",
                raw.origin,
                "run `briefkit refs` on the library file to see every problem",
            )
        for k, located in library.items():
            out.setdefault(k, replace(located, shared=True))
    return out
