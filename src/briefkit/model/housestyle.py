"""Model: a house style as one validated value (`HouseStyle`): what it is, the words it prints
per language, its citation styles and where its files are. Loaded by `load.styles`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from briefkit.lang import primary_subtag
from briefkit.model.citestyle import CitationStyle

# The labels that are templates, with the placeholders `resolve.meta` fills in; the others
# are printed as written. `load.styles` checks these in `style.yaml` and `strings/<lang>.yaml`.
LABEL_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "role": ("position", "affiliation"),  # "{position}, {affiliation}" under a byline
    "website": ("publisher",),  # "{publisher} website", a publisher link's text
    "number": ("number",),  # "No. {number}", "第{number}号": the briefing's number in its series
}


class Byline(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    uppercase_family: bool = Field(False, alias="uppercase-family")


class Typography(BaseModel):
    """`typography:` in `style.yaml`: how the house hyphenates (docs/guide/outputs.md).

    `lang: en` (no region) is set in the house's region: American patterns and Word's
    en-US unless `english: GB`. Hyphenation skips words shorter than `hyphenate-min-length`
    letters, capitalised words (proper nouns) unless `hyphenate-capitalized`, URLs and
    headings; at most `hyphenate-max-lines` lines in a row end in a hyphen (Word; the PDF
    keeps runs short by hyphenating only loose lines, print.css)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    english: Literal["US", "GB"] = "US"
    hyphenate: bool = True
    hyphenate_min_length: int = Field(6, alias="hyphenate-min-length", ge=2, le=40)
    hyphenate_capitalized: bool = Field(False, alias="hyphenate-capitalized")
    hyphenate_max_lines: int = Field(2, alias="hyphenate-max-lines", ge=1, le=10)

    def region_tag(self, lang: str) -> str:
        """`lang` with the house's region when it names none: `en` -> `en-US`."""
        if lang.lower() == "en":
            return f"en-{self.english}"
        return lang


class StyleMeta(BaseModel):
    """`style.yaml`: what a style is, and the words it prints, per language."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    name: str
    description: str = ""
    byline: Byline = Byline()
    typography: Typography = Typography()
    labels: dict[str, dict[str, str]] = Field(default_factory=dict)

    def labels_for(self, lang: str) -> dict[str, str]:
        """Labels of the language (`ja-JP` falls back to `ja`, then to English)."""
        base = dict(self.labels.get("en", {}))
        base.update(self.labels.get(primary_subtag(lang), {}))
        base.update(self.labels.get(lang, {}))
        return base


@dataclass(frozen=True)
class HouseStyle:
    name: str
    path: Path
    meta: StyleMeta
    citations: CitationStyle
    citation_variants: dict[str, CitationStyle] = field(default_factory=dict)

    def citations_for(self, lang: str) -> CitationStyle:
        """The citation style whose dates and words suit a document in `lang`."""
        return self.citation_variants.get(primary_subtag(lang), self.citations)

    @property
    def html_dir(self) -> Path:
        return self.path / "html"

    @property
    def docx_template(self) -> Path:
        """The Word template: every paragraph and character style the Word renderer uses."""
        return self.path / "template.docx"
