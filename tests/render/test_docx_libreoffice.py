"""The seed's Word file as LibreOffice prints it: notes 1-13 in order, each at the foot of the
page that calls it and with the text of the HTML note, on A4, with the running furniture.

Runs when LibreOffice's `soffice` is on PATH, and is skipped otherwise (Debian:
`apt-get install libreoffice-writer-nogui`, or `tools/sysdeps.sh libreoffice-writer-nogui`).
LibreOffice runs with a throwaway profile and HOME, where the house style's bundled fonts are
put so it sets the page in them, as WeasyPrint does for the PDF, without installing anything.
"""

from __future__ import annotations

import re
import shutil

import pytest
from pdfminer.layout import LTChar

from briefkit import ir
from briefkit.render.docx import render_docx
from tests.conftest import REPO, SEED
from tests.helpers import house_style, resolve_file
from tests.oracles import libreoffice, print_docx
from tests.pdfread import Page, read_pages, squeeze

SOFFICE = libreoffice()
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)

PT_PER_MM = 72 / 25.4
MARGIN_X, MARGIN_Y = 22 * PT_PER_MM, 24 * PT_PER_MM  # the template's page margins
HANGING = 5 * PT_PER_MM  # "footnote text": the note's text starts 5 mm in, its number before
BODY, NOTE = 10.0, 8.0  # body and note sizes (template styles "Body Text", "footnote text")
NOTE_START = re.compile(r"^(\d+)\s+(.*)$", re.S)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[ir.ResolvedDocument, bytes]:
    doc, _ = resolve_file(SEED, REPO)
    assert doc is not None
    style = house_style()
    work = tmp_path_factory.mktemp("lo")
    source = work / f"{doc.stem}.docx"
    source.write_bytes(render_docx(doc, style.docx_template).data)
    home = work / "home"
    fonts = home / ".fonts"
    fonts.mkdir(parents=True)
    for font in (style.path / "fonts").glob("*.ttf"):
        shutil.copy(font, fonts)
    return doc, print_docx(source, work, home).read_bytes()


def digit_groups(chars: list[LTChar]) -> list[tuple[int, LTChar]]:
    """Numbers made of adjacent digit characters: (number, its first character)."""
    out: list[tuple[int, LTChar]] = []
    group: list[LTChar] = []
    for c in [*sorted(chars, key=lambda c: (-round(c.y0), c.x0)), None]:  # type: ignore[list-item]
        if group and (c is None or abs(c.y0 - group[-1].y0) > 0.5 or c.x0 - group[-1].x1 > 1):
            out.append((int("".join(g.get_text() for g in group)), group[0]))
            group = []
        if c is not None:
            group.append(c)
    return out


def calls_and_marks(page: Page) -> tuple[list[int], list[tuple[int, float]]]:
    """Raised note calls in the body, and the notes' own numbers at the left margin (with
    their height on the page), in reading order."""
    digits = [c for c in page.chars if c.get_text().isdigit()]
    calls = [n for n, _ in digit_groups([c for c in digits if 0.5 * BODY < c.size < 0.7 * BODY])]
    marks = [
        (n, c.y0)
        for n, c in digit_groups([c for c in digits if 0.4 * NOTE < c.size < 0.7 * NOTE])
        if abs(c.x0 - MARGIN_X) < 1.5
    ]
    return calls, marks


def test_a4_pages_with_page_numbers(printed: tuple) -> None:
    _, data = printed
    pages = read_pages(data)
    assert 3 <= len(pages) <= 7
    for page in pages:
        assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == (210, 297)
        assert f"{page.number} / {len(pages)}" in [ln.text.strip() for ln in page.lines]
        head = [ln.text for ln in page.lines if ln.top > page.height - MARGIN_Y]
        assert ("NIDS COMMENTARY" in " ".join(head)) == (page.number > 1)


def test_notes_one_to_thirteen_at_the_foot_of_the_pages_that_call_them(printed: tuple) -> None:
    _, data = printed
    call_page: dict[int, int] = {}
    mark_page: dict[int, int] = {}
    order: list[int] = []
    for page in read_pages(data):
        calls, marks = calls_and_marks(page)
        for n in calls:
            call_page.setdefault(n, page.number)
        body = [ln for ln in page.lines if abs(ln.size - BODY) < 0.3]
        for n, y in marks:
            assert n not in mark_page, f"note {n} printed twice"
            mark_page[n] = page.number
            order.append(n)
            assert all(y < ln.y0 for ln in body), f"note {n} is not below the text"
    assert order == list(range(1, 14))
    assert sorted(call_page) == list(range(1, 14))
    assert mark_page == call_page


def test_printed_notes_read_as_the_html_notes(printed: tuple) -> None:
    doc, data = printed
    texts: dict[int, str] = {}
    for page in read_pages(data):
        current: int | None = None  # a note split over two pages would fail the comparison
        for line in page.lines:
            alone = line.text.strip().isdigit()  # a number set apart from its note's text
            if not MARGIN_Y < line.top < page.height - MARGIN_Y:
                continue
            if abs(line.size - NOTE) > 0.3 and not alone:
                continue
            m = NOTE_START.match(line.text.strip() + (" " if alone else ""))
            if abs(line.x0 - MARGIN_X) < 1.5 and m:
                current = int(m.group(1))
                texts[current] = m.group(2)
            elif abs(line.x0 - MARGIN_X - HANGING) < 1.0 and current is not None:
                texts[current] += line.text  # the note's next line
            else:
                current = None
    assert sorted(texts) == list(range(1, 14))
    for note in doc.notes:
        assert squeeze(texts[note.number]) == squeeze(ir.note_text(note)), note.number


def test_the_pdf_is_set_in_the_house_fonts(printed: tuple) -> None:
    _, data = printed
    fonts = {c.fontname.split("+")[-1] for page in read_pages(data) for c in page.chars}
    assert {"NotoSerif-Regular", "NotoSans-Bold", "NotoSerif-Italic"} <= fonts
