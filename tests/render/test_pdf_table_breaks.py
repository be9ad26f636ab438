"""Tables across a page break: no row alone on either side of it, the caption with the table.
A three-row table is kept whole; a long one splits with at least two rows on each page (a
probe briefing printed its caption and first row at a page foot, the other two rows over).
Read back from the PDF over a sweep of filler lengths, so that some variant puts the page
break inside the table."""

from __future__ import annotations

import re

import pytest

from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

ROW = re.compile(r"^R\d\d\b")
WORDS = "The strait is narrow and the reinforcement window short, so plans matter. "


def briefing(extra: int, rows: int) -> str:
    filler = "\n\n".join([WORDS * 6] * 7 + [WORDS * extra])
    body = "\n".join(f"| R{n:02d} | {n * 7} |" for n in range(1, rows + 1))
    table = f"| Row | Value |\n|-----|------:|\n{body}\n\n: The caption of the table."
    return f"---\ntitle: Tables\n---\n{filler}\n\n{table}\n\nA closing paragraph follows.\n"


@pytest.mark.parametrize("rows", [3, 12])
@pytest.mark.parametrize("extra", range(0, 10))
def test_no_row_or_caption_is_stranded_by_a_page_break(
    project: Project, extra: int, rows: int
) -> None:
    path = project.write("content/t.md", briefing(extra, rows))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    pages = read_pages(data)
    per_page = [[ln.text for ln in p.lines if ROW.match(ln.text.strip())] for p in pages]
    counts = [len(r) for r in per_page if r]
    assert sum(counts) == rows
    if rows == 3:
        assert counts == [3], per_page
    else:
        assert min(counts) >= 2, per_page
    caption = next(p.number for p in pages if any("The caption" in ln.text for ln in p.lines))
    first = next(i + 1 for i, r in enumerate(per_page) if r)
    assert caption == first  # the caption stands on the page of the first rows
