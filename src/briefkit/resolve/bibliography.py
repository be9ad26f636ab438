"""Resolve stage: the bibliography section of a briefing (`bibliography-section: true`).

Consumes the source document, the house style, the briefing's `CitationFormatter` and the
keys cited; produces the `BibEntry`s the renderers print, in Chicago's bibliography form and
order (`cite.sorting`). A type the style does not list (`layouts.<type>.listed`: Chicago lists
no personal communication, nor an interview or a talk no reader can find) is in the notes
only.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefkit import ir
from briefkit.cite.format import CitationFormatter
from briefkit.model.document import SourceDocument
from briefkit.model.housestyle import HouseStyle


def bibliography(
    doc: SourceDocument, style: HouseStyle, fmt: CitationFormatter, cited: Sequence[str]
) -> tuple[ir.BibEntry, ...]:
    front = doc.front
    enabled = style.citations.bibliography.enabled
    if front.bibliography_section is not None:
        enabled = front.bibliography_section
    if front.suppress_bibliography or not enabled:
        return ()
    refs = [r for r in (doc.library[k].ref for k in cited) if fmt.listed(r)]
    form = fmt.form.style  # the form of the briefing's language, as its entries are
    from briefkit.cite.sorting import sort_key  # its collation tables: only with a list

    refs.sort(key=lambda r: sort_key(r, form, form.bibliography.sort))
    return tuple(ir.BibEntry(r.id, fmt.bibliography_entry(r)) for r in refs)
