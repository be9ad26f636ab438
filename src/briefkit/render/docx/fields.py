"""Render stage helper: Word fields (PAGE, NUMPAGES) as `w:fldSimple` elements.

python-docx has no field API (its issue #640). A simple field is one element holding the field
instruction and a cached result that Word and LibreOffice recompute when they lay the page out.
Used by the template filler (`template.py`) for the `{{ page }}` and `{{ pages }}`
placeholders, such as the footer's "n / N".
"""

from __future__ import annotations

from briefkit.render.docx.oxml import Element, el, text_run


def simple_field(instruction: str, cached: str = "1", rpr: Element | None = None) -> Element:
    """`<w:fldSimple w:instr=" PAGE ">` with one run holding the cached result."""
    field = el("w:fldSimple", {"w:instr": f" {instruction.strip()} "})
    field.append(text_run(cached, rpr))
    return field
