"""Render stage helper: hyperlinks as real `w:hyperlink` elements.

python-docx has no hyperlink API (its issue #74). A link to a URL is a relationship of the
part that holds it (the document part for the body, the footnotes part for notes: each part
has its own relationships) with `TargetMode="External"`, and a `w:hyperlink` whose `r:id`
names it; its runs carry the "Hyperlink" character style. A link to `#id` within the briefing
points at the bookmark the heading writer set (`w:anchor`).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from briefkit.render.docx.context import bookmark_name
from briefkit.render.docx.oxml import Element, el, qn, xml_safe
from briefkit.urls import is_safe_url


def hyperlink(part: Part, url: str, runs: Iterable[Element], tooltip: str | None = None) -> Element:
    """`w:hyperlink` around `runs`, related from `part` (same URL, same relationship)."""
    if url.startswith("#"):
        node = el("w:hyperlink", {"w:anchor": bookmark_name(url[1:])})
    elif not is_safe_url(url):  # never reached from resolve: a second line of defence
        node = el("w:hyperlink")
    else:
        rid = part.relate_to(xml_safe(url), RT.HYPERLINK, is_external=True)
        node = el("w:hyperlink", {"r:id": rid})
    if tooltip:
        node.set(qn("w:tooltip"), xml_safe(tooltip))
    node.set(qn("w:history"), "1")
    for run in runs:
        node.append(run)
    return node
