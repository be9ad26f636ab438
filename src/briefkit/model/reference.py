"""Model stage: one bibliographic reference, with CSL's data model.

Consumes a raw CSL item (a mapping read from CSL-YAML, CSL-JSON, front matter `references:` or
converted from BibTeX) and produces a validated, typed `Reference`. Variable names are CSL's
(kebab-case, `URL`/`DOI` in capitals). `title-translated` (pandoc's extension: an English gloss
of a non-English title) is a first-class field, and `key: value` lines in `note` fill fields
that exporters such as Zotero cannot map (pandoc reads them the same way).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from briefkit.model.dates import CslDate
from briefkit.model.languages import bcp47

CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
    graphic hearing interview legal_case legislation manuscript map motion_picture musical_score
    pamphlet paper-conference patent performance periodical personal_communication post
    post-weblog regulation report review review-book software song speech standard thesis treaty
    webpage""".split()
)

NAME_VARIABLES = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "director",
    "interviewer",
    "recipient",
    "composer",
    "reviewed-author",
    "editorial-director",
    "illustrator",
    "original-author",
    "chair",
    "compiler",
    "contributor",
    "curator",
    "executive-producer",
    "guest",
    "host",
    "narrator",
    "organizer",
    "performer",
    "producer",
    "script-writer",
    "series-creator",
)
DATE_VARIABLES = (
    "issued",
    "accessed",
    "original-date",
    "event-date",
    "submitted",
    "available-date",
)
# CSL 1.0.2 standard and number variables we keep as text
TEXT_VARIABLES = (
    "title",
    "title-short",
    "title-translated",
    "original-title",
    "container-title",
    "container-title-short",
    "collection-title",
    "collection-number",
    "publisher",
    "publisher-place",
    "original-publisher",
    "original-publisher-place",
    "event",
    "event-title",
    "event-place",
    "genre",
    "medium",
    "URL",
    "DOI",
    "ISBN",
    "ISSN",
    "PMID",
    "PMCID",
    "page",
    "page-first",
    "volume",
    "issue",
    "number",
    "edition",
    "section",
    "chapter-number",
    "number-of-pages",
    "number-of-volumes",
    "note",
    "abstract",
    "language",
    "authority",
    "jurisdiction",
    "division",
    "archive",
    "archive_location",
    "archive-place",
    "source",
    "status",
    "version",
    "dimensions",
    "references",
    "keyword",
    "annote",
    "call-number",
    "citation-key",
    "citation-label",
    "reviewed-title",
    "part-number",
    "part-title",
    "supplement-number",
    "printing-number",
    "volume-title",
    "scale",
    "year-suffix",
    "locator",
    "first-reference-note-number",
    "citation-number",
)


class Name(BaseModel):
    """A person (`family`, `given`, particles) or an organisation (`literal`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")
    suffix: str | None = None
    comma_suffix: bool = Field(False, alias="comma-suffix")
    static_ordering: bool = Field(False, alias="static-ordering")
    parse_names: bool = Field(True, alias="parse-names")

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, str):  # a bare string names an organisation or is pre-formatted
            return {"literal": value}
        return value

    @model_validator(mode="after")
    def _needs_something(self) -> Name:
        if not (self.family or self.literal or self.given):
            raise ValueError("a name needs family (and given) or literal")
        return self

    @property
    def is_literal(self) -> bool:
        return bool(self.literal) and not self.family


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


_NOTE_FIELD = re.compile(r"^\s*([A-Za-z][\w-]*)\s*:\s*(.+?)\s*$")


class Reference(BaseModel):
    """A validated CSL item; variables the engine formats are typed, others kept as text."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    id: str
    type: str = "document"
    title: str | None = None
    title_short: str | None = Field(None, alias="title-short")
    title_translated: str | None = Field(None, alias="title-translated")
    container_title: str | None = Field(None, alias="container-title")
    container_title_short: str | None = Field(None, alias="container-title-short")
    collection_title: str | None = Field(None, alias="collection-title")
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    event_title: str | None = Field(None, alias="event-title")
    event_place: str | None = Field(None, alias="event-place")
    genre: str | None = None
    medium: str | None = None
    URL: str | None = None
    DOI: str | None = None
    page: str | None = None
    volume: str | None = None
    issue: str | None = None
    number: str | None = None
    edition: str | None = None
    section: str | None = None
    language: str | None = None
    note: str | None = None
    authority: str | None = None
    archive: str | None = None
    status: str | None = None
    author: list[Name] = Field(default_factory=list)
    editor: list[Name] = Field(default_factory=list)
    translator: list[Name] = Field(default_factory=list)
    container_author: list[Name] = Field(default_factory=list, alias="container-author")
    interviewer: list[Name] = Field(default_factory=list)
    recipient: list[Name] = Field(default_factory=list)
    issued: CslDate | None = None
    accessed: CslDate | None = None
    original_date: CslDate | None = Field(None, alias="original-date")
    event_date: CslDate | None = Field(None, alias="event-date")

    @model_validator(mode="before")
    @classmethod
    def _prepare(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("a reference must be a mapping of CSL fields")
        data = dict(value)
        # numbers where CSL has text (pages, volumes, ids) are taken as their text
        for key in list(data):
            if key in TEXT_VARIABLES or key == "id":
                data[key] = _as_text(data[key])
        # Zotero's names for CSL's short forms (citeproc-js and pandoc read them so)
        for zotero, csl in (
            ("shortTitle", "title-short"),
            ("journalAbbreviation", "container-title-short"),
        ):
            if zotero in data:
                value = data.pop(zotero)
                data.setdefault(csl, value)
        # single names written without a list
        for var in NAME_VARIABLES:
            if var in data and isinstance(data[var], (dict, str)):
                data[var] = [data[var]]
        _fields_from_note(data)
        return data

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        # one tag however the export spelt it (`Japanese`, `japanese`, `jpn` -> `ja`); a value
        # that names no known language stays as written (the library warns)
        return (bcp47(value) or value.strip()) if value is not None else None

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in CSL_TYPES:
            from briefkit.errors import did_you_mean

            hint = did_you_mean(value, CSL_TYPES)
            raise ValueError(f"'{value}' is not a CSL item type" + (f" ({hint})" if hint else ""))
        return value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("id is empty")
        return value.strip()

    def text(self, variable: str) -> str | None:
        """Any text variable by its CSL name, typed or extra."""
        attr = variable.replace("-", "_")
        if attr in type(self).model_fields:
            value = getattr(self, attr)
        else:
            value = (self.model_extra or {}).get(variable)
        if value is None or isinstance(value, (list, dict, CslDate)):
            return None
        return str(value)

    def names(self, variable: str) -> list[Name]:
        attr = variable.replace("-", "_")
        if attr in type(self).model_fields:
            value = getattr(self, attr)
            return list(value) if isinstance(value, list) else []
        raw = (self.model_extra or {}).get(variable) or []
        return [Name.model_validate(n) for n in raw] if isinstance(raw, list) else []


def _fields_from_note(data: dict[str, Any]) -> None:
    """Move `key: value` lines of `note` into fields that are not set (pandoc's convention)."""
    note = data.get("note")
    if not isinstance(note, str) or ":" not in note:
        return
    kept: list[str] = []
    for line in note.splitlines():
        m = _NOTE_FIELD.match(line)
        if m and (m.group(1) in TEXT_VARIABLES or m.group(1) in DATE_VARIABLES):
            key, value = m.group(1), m.group(2)
            if key not in data:
                data[key] = value
            continue
        kept.append(line)
    rest = "\n".join(kept).strip()
    if rest:
        data["note"] = rest
    else:
        data.pop("note")


KNOWN_VARIABLES = frozenset(
    {
        "id",
        "type",
        *TEXT_VARIABLES,
        *NAME_VARIABLES,
        *DATE_VARIABLES,
        "custom",
        "categories",
        "shortTitle",
        "journalAbbreviation",
    }
)
