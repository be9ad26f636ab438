"""The relayout that starts near the page it fixes (render/pdf/resume.py) changes nothing in a
PDF: each document is laid out page by page with the breaks set as it goes, and the old way
(every relayout a whole document from page 1, with the breaks as CSS), and the two PDFs must be
equal byte for byte. Where the shortcut is not exact (the house style sets the break property
itself, content reading counters or targets, fixed boxes) it gives up and the old way runs.

These documents need relayouts because WeasyPrint moves placed notes away for a paragraph's
second line; `render.pdf.placed_notes` stops that as the page is made, so it is off here, for
the relayout to be tested on the breaks it is still there for."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf import placed_notes, resume
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import REPO, SEED, Project
from tests.helpers import resolve_file, verified_weasyprint
from tests.render.test_footnote_area import CORPUS

weasyprint, pytestmark = verified_weasyprint("the shortcut is off")


@pytest.fixture(autouse=True)
def notes_reported() -> Iterator[None]:
    placed_notes.uninstall()  # WeasyPrint's own rule: the misplaced notes these tests fix
    yield
    placed_notes.install()  # the process default again, for the tests that follow


def both(path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, resume.Counts]:
    """The PDF made the old way and page by page, and what the second run did."""
    doc, diags = resolve_file(path, root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", root, Diagnostics())
    assert style is not None
    options = RenderOptions(roots=(root,), modified="2025-11-01")
    monkeypatch.setenv(resume.ENV, "full")
    resume.COUNTS.reset()
    full = render_pdf_bytes(doc, style, options)
    assert resume.COUNTS.pages == 0  # the old way: WeasyPrint's own pagination only
    monkeypatch.delenv(resume.ENV)
    resume.COUNTS.reset()
    paged = render_pdf_bytes(doc, style, options)
    return full, paged, resume.Counts(**vars(resume.COUNTS))


def test_the_seed_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (SEED, SEED.with_suffix(".ja.md")):
        full, paged, done = both(path, REPO, monkeypatch)
        assert full.data == paged.data and full.layout_passes == paged.layout_passes
        assert done.pages > 0


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_is_byte_identical(
    project: Project, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    full, paged, done = both(CORPUS[name](project), project.root, monkeypatch)
    assert full.data.startswith(b"%PDF") and full.data == paged.data
    assert full.layout_passes == paged.layout_passes  # the same breaks, in the same order
    assert full.diagnostics == paged.diagnostics
    if name == "long-40":  # a note misplaced on page 3 of 12: one restart, from page 1
        # (its hyphen ladder is avoided as the lines are made: render.pdf.hyphen_limit)
        assert full.layout_passes == 2 and done.restarts == 1
        pages = len(PdfReader(io.BytesIO(paged.data)).pages)
        assert done.pages < 2 * pages  # the old way made every page twice


# --- the module on its own, on WeasyPrint documents without briefkit -------------------------

PAGE = """<html><head><style>
@page {{ size: A6; margin: 1cm }}
body {{ font-size: 10pt }} {css}
</style></head><body>{body}</body></html>"""
BODY = "".join(
    f"<p id=p{i}>Paragraph {i} of a text long enough to take two lines of the page.</p>"
    for i in range(60)
)


class Asks:
    """A watcher that asks, once, for `break-before: page` on paragraph `target` when page
    `at` (0-based) is made."""

    def __init__(self, at: int, target: str) -> None:
        self.at, self.target, self.asked, self.seen = at, target, False, [0]

    def page(self, index: int, page: Any, root: Any) -> dict[Any, dict[str, str]] | None:
        self.seen.append(index)
        if index != self.at or self.asked:
            return None
        self.asked = True
        element = next(e for e in root.iter() if e.get("id") == self.target)
        return {element: {"break_before": "page"}}

    def rewind(self, index: int) -> None:
        self.seen.append(-index)


def paged(css: str = "", body: str = BODY, at: int = 4, target: str = "p40") -> Any:
    html = weasyprint.HTML(string=PAGE.format(css=css, body=body))
    return resume.render(lambda: html.render(), Asks(at, target))


def fresh(css: str = "", body: str = BODY) -> bytes:
    data: bytes = weasyprint.HTML(string=PAGE.format(css=css, body=body)).write_pdf()
    return data


@pytest.fixture()
def counts() -> Iterator[resume.Counts]:
    resume.COUNTS.reset()
    yield resume.COUNTS


def test_a_break_asked_on_a_page_restarts_two_pages_before_it(counts: resume.Counts) -> None:
    document = paged()
    assert document is not None
    assert document.write_pdf() == fresh("#p40 { break-before: page }")
    assert document.write_pdf() != fresh()  # the break did something
    total = len(document.pages)
    # paragraph 40 is first seen on page 5 or 6 (index 4 or 5); the restart goes two back
    assert counts.restarts == 1 and total < counts.pages < 2 * total


def test_a_break_the_cascade_also_sets_gives_up(counts: resume.Counts) -> None:
    assert paged("p { break-before: auto }") is None  # which rule wins is the cascade's call
    assert paged("#p40 { break-before: avoid }") is None


def test_content_reading_targets_gives_up() -> None:
    body = '<p><a href="#p50">see</a></p>' + BODY
    assert paged("a::after { content: target-counter(attr(href), page) }", body) is None


def test_fixed_boxes_are_weasyprint_s_own_layout(counts: resume.Counts) -> None:
    # they are added to every page from all pages once pagination ends: a page read before
    # that is not the page printed, so no page is read and nothing is restyled
    css = "body::before { content: 'head'; position: fixed; top: 0 }"
    document = paged(css)
    assert document is not None and counts.pages == 0
    assert document.write_pdf() == fresh(css)


def test_a_render_that_is_not_ours_is_weasyprint_s_own(counts: resume.Counts) -> None:
    paged()  # installs the hook
    counts.reset()
    assert fresh() == weasyprint.HTML(string=PAGE.format(css="", body=BODY)).write_pdf()
    assert counts.pages == 0
