"""Lists across a page break (issue #16, item 5): a list's last item is never alone at the top
of a page, nor its first alone at the foot of one. Read back from the PDF over a sweep of
filler lengths, so that some variant puts the page break inside the list."""

from __future__ import annotations

import itertools

import pytest

from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

BODY = 10.0  # the body's font size (print.css)
ITEMS = ["Pre-position munitions.", "Harden the airfields.", "Exercise with the allies."]


def briefing(extra: int) -> str:
    # seven paragraphs and one of `extra` sentences: the list reaches page 1's foot
    words = "The strait is narrow and the reinforcement window short, so plans matter. "
    filler = "\n\n".join([words * 6] * 7 + [words * extra])
    items = "\n".join(f"{n}. {text}" for n, text in enumerate(ITEMS, 1))
    return f"---\ntitle: Lists\n---\n{filler}\n\n{items}\n\nA closing paragraph follows.\n"


@pytest.mark.parametrize("extra", range(0, 9))
def test_no_list_item_is_stranded_by_a_page_break(project: Project, extra: int) -> None:
    path = project.write("content/x.md", briefing(extra))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    pages = read_pages(data)
    for before, after in itertools.pairwise(pages):
        above = " ".join(ln.text for ln in before.lines if abs(ln.size - BODY) < 0.3)
        below = " ".join(ln.text for ln in after.lines if abs(ln.size - BODY) < 0.3)
        # (the marker "3." is a line of its own in the text read back)
        assert not (ITEMS[-1] in below[:80] and ITEMS[-2] not in below), (
            f"the list's last item opens page {after.number} alone"
        )
        assert not (ITEMS[0] in above[-80:] and ITEMS[1] not in above), (
            f"the list's first item ends page {before.number} alone"
        )
