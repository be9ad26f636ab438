"""Render stage helper: what every writer of one Word document shares.

Consumes the resolved document and the opened template; holds the style sheet, the numbering
definitions, the counters that must be unique across the whole package (drawing ids,
bookmark ids) and the diagnostics the renderer reports. Counters start after the highest id
the template already uses, so a logo in a template's header cannot clash with our pictures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefkit import ir
from briefkit.codes import Code
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.render.docx.numbering import Numbering
from briefkit.render.docx.oxml import Element, qn
from briefkit.render.docx.stylesheet import StyleSheet

NoteCall = Callable[[int], Element]


def bookmark_name(anchor: str) -> str:
    """A heading id as a Word bookmark name: letters, digits and '_', at most 40 characters,
    starting with '_' so Word lists it among its hidden bookmarks (like its own '_Toc…')."""
    return ("_" + re.sub(r"[^0-9A-Za-z_]", "_", anchor))[:40]


@dataclass
class Context:
    doc: ir.ResolvedDocument
    styles: StyleSheet
    numbering: Numbering
    text_width_emu: int  # the text column, the widest a picture may be
    picture_height_emu: int  # the tallest a picture may be: the text area, less in a figure
    note_call: NoteCall | None = None  # set once the footnotes writer exists
    diagnostics: list[Diagnostic] = field(default_factory=list)
    next_docpr: int = 1
    next_bookmark: int = 0

    def docpr_id(self) -> int:
        value = self.next_docpr
        self.next_docpr += 1
        return value

    def bookmark_id(self) -> int:
        value = self.next_bookmark
        self.next_bookmark += 1
        return value

    def reserve_ids(self, roots: list[Element]) -> None:
        """Start the counters above the ids the template's parts already use."""
        for root in roots:
            for node in root.iter(qn("wp:docPr")):
                value = node.get("id") or ""
                if value.isdigit():
                    self.next_docpr = max(self.next_docpr, int(value) + 1)
            for node in root.iter(qn("w:bookmarkStart")):
                value = node.get(qn("w:id")) or ""
                if value.isdigit():
                    self.next_bookmark = max(self.next_bookmark, int(value) + 1)

    def warn(
        self, code: Code, message: str, loc: SourceLocation | None = None, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(Severity.WARNING, code, f"Word: {message}", loc, hint))
