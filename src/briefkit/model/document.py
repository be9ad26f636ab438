"""Model: the loaded briefing as one value (`SourceDocument`), and a partner edition of it.

Produced by the load stage and consumed by resolve, which never needs to know how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefkit import ir
from briefkit.errors import SourceLocation
from briefkit.model.frontmatter import FrontMatter
from briefkit.model.library import LocatedReference
from briefkit.parse.markdown import ParsedBody
from briefkit.parse.yamlsrc import YamlDoc


@dataclass
class SourceDocument:
    path: Path
    project_root: Path
    front: FrontMatter
    front_doc: YamlDoc
    body: ParsedBody
    library: dict[str, LocatedReference]
    assets: dict[str, ir.Asset] = field(default_factory=dict)
    reference_files: list[Path] = field(default_factory=list)
    meta_md: dict[str, ParsedBody] = field(default_factory=dict)  # Markdown in front matter
    text: str = ""  # the file as read (UTF-8, Unix newlines)
    # SHA-256 of the references files' bytes as the load read them (the manifest records these)
    read_digests: dict[Path, str] = field(default_factory=dict)

    def front_loc(self, key: str) -> SourceLocation:
        return self.front_doc.loc((key,))


@dataclass(frozen=True)
class Partner:
    """Another language edition of a briefing, as the load stage found it."""

    path: Path
    lang: str
    title: str
    url: str | None
