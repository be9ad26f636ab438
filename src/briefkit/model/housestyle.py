"""Model: a house style as one validated value (`HouseStyle`): what it is, the words it prints
per language, its citation styles and where its files are. Loaded by `load.styles`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from briefkit.lang import primary_subtag
from briefkit.model.citestyle import CitationStyle

# The labels that are templates, with the placeholders `resolve.meta` fills in; the others
# are printed as written. `load.styles` checks these in `style.yaml` and `strings/<lang>.yaml`.
LABEL_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "role": ("position", "affiliation"),  # "{position}, {affiliation}" under a byline
    "website": ("publisher",),  # "{publisher} website", a publisher link's text
}


class Byline(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    uppercase_family: bool = Field(False, alias="uppercase-family")


class StyleMeta(BaseModel):
    """`style.yaml`: what a style is, and the words it prints, per language."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    name: str
    description: str = ""
    byline: Byline = Byline()
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
