"""A placed note stays on its page; the paragraph that wants its room moves instead, as
WeasyPrint lays the page out (`render.pdf.placed_notes`). Where the old relayout broke before
that paragraph, the PDF is the same, byte for byte, in one layout fewer; where a heading came
before it, the layout is WeasyPrint's natural break, and every note is still on its call's
page; on another WeasyPrint version, or with the A/B variable, WeasyPrint's rule stays."""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.build.pipeline import Pipeline, render
from briefkit.render import Rendered, RenderOptions
from briefkit.render.pdf import placed_notes
from tests.conftest import REPO, SEED, Project
from tests.helpers import verified_weasyprint
from tests.render.test_footnote_area import _generator  # bench/generate.py, as it benchmarks

weasyprint, pytestmark = verified_weasyprint("the rule is WeasyPrint's own")

LAYOUT = REPO / "tests" / "fixtures" / "layout-corpus"


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    yield
    placed_notes.install()  # the process default again, for the tests that follow


def both(path: Path) -> tuple[Rendered, Rendered]:
    """The PDF with WeasyPrint's own rule (and briefkit's relayouts) and with placed notes
    kept, each with its layout count and diagnostics, built as `briefkit build` builds it."""
    pipeline = Pipeline()
    result, _, style = pipeline.check(path)
    assert result.document is not None and style is not None, result.diagnostics
    runs = []
    for keep in (False, True):
        assert placed_notes.install() if keep else (placed_notes.uninstall() or True)
        runs.append(render("pdf", result.document, style, RenderOptions(), pipeline.resources))
    return runs[0], runs[1]


@pytest.mark.parametrize(
    "path", [SEED, SEED.with_suffix(".ja.md"), LAYOUT / "04-figures.md"], ids=lambda p: p.stem
)
def test_the_same_pdf_in_one_layout(path: Path) -> None:
    """The seed's note 6 and the figures' briefing were moved off their call's page and fixed
    by a second layout; now the first layout is already the fixed one."""
    stock, kept = both(path)
    assert kept.data == stock.data
    assert kept.diagnostics == stock.diagnostics
    assert kept.layout_passes == 1
    if path == SEED:
        assert stock.layout_passes == 2  # WeasyPrint's rule made a second layout necessary


def test_a_long_report_needs_no_relayout(project: Project) -> None:
    text, refs = _generator().long_report(10, 60, 30, seed=1, words=18)
    project.write("content/long.references.yaml", refs)
    path = project.write("content/long.md", text)
    stock, kept = both(path)
    assert stock.layout_passes == 2 and kept.layout_passes == 1
    assert kept.data == stock.data


@pytest.mark.parametrize(
    ("sections", "notes", "seed", "words"), [(30, 90, 5, 12), (30, 90, 7, 12)], ids=str
)
def test_after_a_heading_the_break_is_weasyprint_s_own(
    project: Project, sections: int, notes: int, seed: int, words: int
) -> None:
    """Reports of short sections, where the paragraph to move follows a heading: the old fix
    broke before the heading (a forced break keeps its top margin, 6 mm, at the page's top)
    and the later pages moved with it; WeasyPrint's natural break carries the heading with its
    paragraph and truncates that margin, as at every other page top. The same text, every
    note on its call's page, one layout, no more pages."""
    text, refs = _generator().long_report(sections, notes, 30, seed=seed, words=words)
    project.write("content/long.references.yaml", refs)
    path = project.write("content/long.md", text)
    stock, kept = both(path)
    assert stock.layout_passes == 2 and kept.layout_passes == 1
    assert [d.code for d in kept.diagnostics] == [d.code for d in stock.diagnostics] == []
    assert kept.data != stock.data  # the kind of document where the pages differ
    pages = [len(PdfReader(io.BytesIO(r.data)).pages) for r in (stock, kept)]
    assert pages[1] <= pages[0]
    assert _letters(kept.data) == _letters(stock.data)  # the same text, notes included


def _letters(data: bytes) -> Counter[str]:
    """Every letter printed but the running head and page number at each page's foot (pypdf
    reads them last), which are on every page."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    lines = [line for page in pages for line in page.split("\n")[:-2]]  # head and folio
    # WeasyPrint's hyphen (U+2010) is added at a line's end, so it comes and goes
    return Counter(c for c in "".join(lines) if not c.isspace() and c != "\u2010")


def test_another_weasyprint_version_keeps_its_rule(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from weasyprint.layout import LayoutContext

    placed_notes.uninstall()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with caplog.at_level(logging.INFO, logger=placed_notes.__name__):
        assert placed_notes.install() is False
    assert "in_column" not in LayoutContext.__dict__
    assert "71.0" in caplog.text


def test_the_environment_can_turn_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.layout import LayoutContext

    placed_notes.uninstall()
    assert placed_notes.install() is True
    assert isinstance(LayoutContext.__dict__["in_column"], property)
    monkeypatch.setenv(placed_notes.ENV, "stock")
    assert placed_notes.install() is False  # also takes an installed patch out
    assert "in_column" not in LayoutContext.__dict__


def test_columns_and_the_footnote_area_read_the_true_value() -> None:
    """Only the report decision is answered True: the context's own value is kept for every
    other reader (columns, the note area's bottom)."""
    from weasyprint.layout import LayoutContext

    assert placed_notes.install()
    context = LayoutContext.__new__(LayoutContext)
    context.in_column = False
    assert context.in_column is False
    context.in_column = True
    assert context.in_column is True
