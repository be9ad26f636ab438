"""Superscripts and subscripts in running text (`mc^2^`, `H~2~O`) keep the paragraph's leading:
the PDF's body lines of a paragraph holding them are evenly spaced, as are those of the same
paragraph without them. Found on an unseen briefing, where the line with "E = mc²" stood
further from the next than every other line of its page."""

from __future__ import annotations

import itertools
from pathlib import Path

from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

WORDS = "Maintenance, not acquisition, was the binding constraint for every recipient. " * 3


def _body_gaps(project_root: Path, marks: bool) -> list[float]:
    chem = " Water is H~2~O and energy is E = mc^2^, the 10^th^ time." if marks else ""
    body = " ".join(f"{WORDS}{chem if i in (2, 4) else ''}" for i in range(7))
    path = project_root / "content" / "lead.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Leading\nseries: Test\n---\n# One\n\n{body}\n", "utf-8")
    doc, diags = resolve_file(path, project_root)
    assert doc is not None, [d.format() for d in diags]
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project_root,))).data
    page = read_pages(data)[0]
    sizes = [round(c.size, 1) for c in page.chars]
    body = max(set(sizes), key=sizes.count)
    heading = next(ln for ln in page.lines if ln.text.strip() == "One")
    # a line's baseline, from the paragraph's body-size characters (a raised or lowered one is
    # smaller)
    below = [c for c in page.chars if round(c.size, 1) == body and c.y1 < heading.y0]
    tops = sorted({round(c.y0, 1) for c in below}, reverse=True)
    assert len(tops) >= 8
    return [round(a - b, 2) for a, b in itertools.pairwise(tops)]


def test_superscripts_and_subscripts_keep_the_leading(tmp_path: Path) -> None:
    plain = _body_gaps(tmp_path / "plain", marks=False)
    marked = _body_gaps(tmp_path / "marked", marks=True)
    leading = plain[0]
    assert all(abs(g - leading) < 0.05 for g in plain), plain
    assert all(abs(g - leading) < 0.05 for g in marked), (leading, marked)
