"""Model stage: the YAML front matter of a briefing.

Pandoc's keys mean what pandoc means by them (`title`, `subtitle`, `author`, `date`, `lang`,
`keywords`, `abstract`, `bibliography`, `references`); briefing keys come on top (`series`,
`number`, `style`, author `position`/`affiliation`/`expertise`, `disclaimer`, `rights`,
`publisher`). Consumes plain data from `parse.yamlsrc`; produces a validated `FrontMatter`.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from briefkit.model.dates import PartialDate
from briefkit.model.languages import bcp47
from briefkit.parse.rawhtml import RawHtmlMode

# Pandoc keys that only steer pandoc's own writers: accepted without a warning, and ignored.
PANDOC_ONLY_KEYS = frozenset(
    {
        "csl",
        "citation-style",
        "link-citations",
        "link-bibliography",
        "citation-abbreviations",
        "documentclass",
        "classoption",
        "geometry",
        "papersize",
        "fontsize",
        "mainfont",
        "sansfont",
        "monofont",
        "mathfont",
        "CJKmainfont",
        "fontfamily",
        "linestretch",
        "header-includes",
        "include-before",
        "include-after",
        "toc",
        "toc-depth",
        "toc-title",
        "numbersections",
        "colorlinks",
        "linkcolor",
        "urlcolor",
        "citecolor",
        "margin-left",
        "margin-right",
        "margin-top",
        "margin-bottom",
        "pagetitle",
        "title-prefix",
        "dir",
        "reference-section-title",
        "nocite",
        "lof",
        "lot",
        "thanks",
        "institute",
        "description",
        "subject",
        "category",
        "tags",
        "draft",
        "output",
        "format",
        "css",
    }
)

# the shape of a tag (an error otherwise); whether it is well-formed BCP 47 and names a known
# language is a warning at load (model.languages.tag_problem). Subtags of one character are
# BCP 47's extension and private-use singletons (`ja-JP-x-kansai`).
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _text(value: Any) -> Any:
    """Numbers and dates written where text is expected are taken as their text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


class Author(BaseModel):
    """An author: a `name` as printed, or `family` + `given` that the house style orders."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    name: str | None = None
    family: str | None = None
    given: str | None = None
    name_order: str = Field("given-first", alias="name-order")
    position: str | None = None
    affiliation: str | None = None
    expertise: str | None = None
    email: str | None = None
    orcid: str | None = None
    url: str | None = None

    _coerce = field_validator(
        "name", "family", "given", "position", "affiliation", "expertise", mode="before"
    )(lambda cls, v: _text(v))

    @field_validator("name_order")
    @classmethod
    def _order(cls, value: str) -> str:
        if value not in ("given-first", "family-first"):
            raise ValueError("name-order must be 'given-first' or 'family-first'")
        return value

    @model_validator(mode="after")
    def _needs_name(self) -> Author:
        if not (self.name or self.family):
            raise ValueError("an author needs a name (or family and given)")
        return self


class Phone(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    number: str

    _coerce = field_validator("number", "label", mode="before")(lambda cls, v: _text(v))


_STYLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class Limits(BaseModel):
    """How much one briefing may hold before it is refused (docs/limits.md): far above any
    real report, low enough that a hostile or runaway file is refused within seconds and
    never drives a build past 1 GiB. A briefing that needs more says so in its front matter
    (`limits: {notes: 20000}`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    notes: int = Field(5_000, gt=0)  # note calls and citations (the largest report: 2,555)
    paragraphs: int = Field(30_000, gt=0)  # blocks: paragraphs, list items, headings, rows
    image_pixels: int = Field(50_000_000, gt=0, alias="image-pixels")  # one image
    image_memory: int = Field(512 * 1024 * 1024, gt=0, alias="image-memory")  # all, decoded

    def over(self, base: Limits) -> Limits:
        """These limits where the front matter set them, `base` (the command line's) elsewhere."""
        return base.model_copy(update={k: getattr(self, k) for k in self.model_fields_set})


class Publisher(BaseModel):
    """The publisher block printed at the end (name, office, phones, website)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    name: str | None = None
    office: str | None = None
    address: str | None = None
    email: str | None = None
    phones: list[Phone] = Field(default_factory=list)
    website: str | None = None
    website_label: str | None = Field(None, alias="website-label")

    @field_validator("phones", mode="before")
    @classmethod
    def _phones(cls, value: Any) -> Any:
        # `phones: {Telephone (direct): 03-...}` is the natural way to write them in YAML
        if isinstance(value, dict):
            return [{"label": k, "number": v} for k, v in value.items()]
        if isinstance(value, (str, int)):
            return [{"label": "", "number": str(value)}]
        return value


class TranslationOf(BaseModel):
    """`translation-of:` the briefing this one translates (path relative to this file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    excerpt: bool = False  # translates part of it: only sources it adds are reported

    @model_validator(mode="before")
    @classmethod
    def _from_path(cls, value: Any) -> Any:
        return {"path": value} if isinstance(value, str) else value


class FrontMatter(BaseModel):
    """Validated front matter of one briefing."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    title: str
    subtitle: str | None = None
    short_title: str | None = Field(None, alias="short-title")
    author: list[Author] = Field(default_factory=list)
    date: PartialDate | None = None
    # a date written in words (`29 January 2021`): printed as written, in no metadata
    date_text: str | None = Field(None, alias="date-text")
    lang: str = "en"
    keywords: list[str] = Field(default_factory=list)
    abstract: str | None = None
    bibliography: list[str] = Field(default_factory=list)
    references: list[dict[str, Any]] = Field(default_factory=list)
    series: str | None = None
    number: str | None = None
    style: str | None = None
    disclaimer: str | None = None
    rights: str | None = None
    publisher: Publisher | None = None
    bibliography_section: bool | None = Field(None, alias="bibliography-section")
    raw_html: RawHtmlMode = Field("drop", alias="raw-html")
    translation_of: TranslationOf | None = Field(None, alias="translation-of")
    editions: list[str] = Field(default_factory=list)  # paths of this briefing's translations
    url: str | None = None  # the address the HTML page is published at
    suppress_bibliography: bool = Field(False, alias="suppress-bibliography")  # pandoc's key
    # pandoc's key: a citation's note call after the punctuation that follows it
    notes_after_punctuation: bool = Field(True, alias="notes-after-punctuation")
    limits: Limits = Field(default_factory=Limits)  # raised deliberately, when one is needed

    _coerce = field_validator(
        "title", "subtitle", "short_title", "series", "number", "date_text", mode="before"
    )(lambda cls, v: _text(v))

    @field_validator("style")
    @classmethod
    def _style_name(cls, value: str | None) -> str | None:
        # a style is found by name among the project's and the built-in styles; a path here
        # would reach outside both (`style: ../../elsewhere`)
        if (value is not None and not _STYLE_NAME.fullmatch(value)) or (value and ".." in value):
            raise ValueError(
                "a house style is named by its folder name (letters, digits, '-', '_' and '.'),"
                " not by a path"
            )
        return value

    @field_validator("date")
    @classmethod
    def _date_range(cls, value: PartialDate | None) -> PartialDate | None:
        # a briefing's date is printed and embedded as a calendar date (Word's core
        # properties, PDF metadata), which holds years 1 to 9999 only: refused here, at
        # `check`, not by a renderer
        if value is not None and not 1 <= value.year <= 9999:
            raise ValueError(f"year {value.year} is not between 1 and 9999")
        return value

    @field_validator(
        "title",
        "subtitle",
        "short_title",
        "series",
        "number",
        "abstract",
        "disclaimer",
        "rights",
        mode="before",
    )
    @classmethod
    def _texts(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title is empty")
        return value

    @field_validator("author", mode="before")
    @classmethod
    def _authors(cls, value: Any) -> Any:
        # pandoc accepts a string, a list of strings, a map, or a list of maps
        if value is None:
            return []
        if isinstance(value, (str, dict)):
            value = [value]
        if isinstance(value, list):
            return [{"name": a} if isinstance(a, str) else a for a in value]
        return value

    @field_validator("keywords", mode="before")
    @classmethod
    def _keywords(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        if isinstance(value, list):
            return [_text(k) for k in value]
        return value

    @field_validator("editions", "bibliography", mode="before")
    @classmethod
    def _path_or_paths(cls, value: Any) -> Any:
        """One path or a list of them, as pandoc takes `bibliography`."""
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @field_validator("references", mode="before")
    @classmethod
    def _references(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        if not _LANG.match(value):
            meant = bcp47(value)  # `english`, `en_US`, `Japanese`: the tag they stand for
            write = f"'{meant}'" if meant and _LANG.match(meant) else "e.g. en, en-GB or ja"
            raise ValueError(f"'{value}' is not a language tag; write {write}")
        return value


def frontmatter_keys() -> list[str]:
    """Every key the front matter accepts (for hints and the editor schema)."""
    return sorted(info.alias or name for name, info in FrontMatter.model_fields.items())
