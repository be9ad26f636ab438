"""The Word file as LibreOffice prints it, for what the XML alone cannot show (make test-word):
a byline of several authors set as one block, as the PDF sets it (the style's space after once,
not under each author), and a list in a note numbered at the note's text column, nested items
further in, a quotation indented from the note's text (not from the page margin).

Skipped without LibreOffice, like tests/render/test_docx_libreoffice.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefkit.render.docx import render_docx
from tests.helpers import house_style, resolve_file
from tests.oracles import libreoffice, print_docx
from tests.pdfread import Page, read_pages

pytestmark = pytest.mark.skipif(
    libreoffice() is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)
FIXTURE = Path(__file__).parent.parent / "fixtures" / "layout-corpus" / "14-structured-notes.md"
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    doc, _ = resolve_file(FIXTURE)
    assert doc is not None
    style = house_style()
    work = tmp_path_factory.mktemp("lo")
    source = work / "notes.docx"
    source.write_bytes(render_docx(doc, style.docx_template).data)
    fonts = work / "home" / ".fonts"
    fonts.mkdir(parents=True)
    for font in (style.path / "fonts").glob("*.ttf"):
        shutil.copy(font, fonts)
    return read_pages(print_docx(source, work, work / "home").read_bytes())[0]


def line(page: Page, start: str) -> tuple[float, float]:
    """(x0, top) of the first line starting with `start`."""
    found = next(ln for ln in page.lines if " ".join(ln.text.split()).startswith(start))
    return found.x0, found.top


def test_the_authors_of_a_byline_are_one_block(page: Page) -> None:
    _, first = line(page, "Visiting Fellow")
    _, second = line(page, "Research Associate")
    _, heading = line(page, "Introduction")
    assert 0 < first - second < 16  # one line apart (9 pt type), no 8 mm between them
    assert first - heading > 2 * (first - second)  # the space comes under the last author


def test_a_list_in_a_note_is_numbered_at_the_notes_text(page: Page) -> None:
    number, _ = line(page, "1 The ministry")
    text = number + 5 * PT_PER_MM  # "footnote text": the text 5 mm in, the number before it
    for start in ("1. staff talks", "3. a first patrol", "\u2022 a standing", "iv. the budget"):
        assert abs(line(page, start)[0] - text) < 1.5, start
    assert line(page, "a) a common picture")[0] > text + 10  # nested: further in
    assert line(page, "The habit of consultation")[0] > text + 10  # the quotation too


def test_lists_keep_their_start_in_the_body_and_in_a_note(
    tmp_path: Path,
) -> None:
    """`0.` starts a list at zero (it was read as no start: "1."), and a note's list that
    starts at 3 prints "3." (LibreOffice reads a note's list start only from the level)."""
    source = tmp_path / "content" / "s.md"
    source.parent.mkdir()
    source.write_text(
        "---\ntitle: Starts\n---\n\nText.[^n]\n\n0. body zero\n1. body one\n\n"
        "[^n]: Lead.\n\n    3. note three\n    4. note four\n",
        encoding="utf-8",
    )
    doc, diags = resolve_file(source, tmp_path)
    assert doc is not None and not diags.has_errors
    docx = tmp_path / "s.docx"
    docx.write_bytes(render_docx(doc, house_style().docx_template).data)
    (tmp_path / "home").mkdir()
    printed = read_pages(print_docx(docx, tmp_path, tmp_path / "home").read_bytes())[0]
    texts = [" ".join(ln.text.split()) for ln in printed.lines]
    for wanted in ("0. body zero", "1. body one", "3. note three", "4. note four"):
        assert wanted in texts, texts
