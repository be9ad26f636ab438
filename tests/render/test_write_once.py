"""The PDF file serialised once (render/pdf/write_once.py) is the file pydyf writes itself:
briefings with figures (PNG, SVG), tables, Japanese text, many notes, and both PDF variants
(tagged PDF/UA, archival PDF/A-3u with attachments) are laid out once and written with
pydyf's own code and with the patch, and the two files must be equal byte for byte; on
another pydyf version, or with the A/B variable, pydyf's own code runs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pydyf
import pytest

from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf import engine, write_once
from briefkit.render.pdf.page import prepare
from tests.conftest import REPO, SEED
from tests.helpers import resolve_file

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(
    pydyf.__version__ not in write_once.PYDYF_VERIFIED,
    reason=f"the patch is off on pydyf {pydyf.__version__}",
)

LAYOUT = REPO / "tests" / "fixtures" / "layout-corpus"
NEW = REPO / "tests" / "fixtures" / "new-briefings"
CORPUS = {
    "seed": SEED,
    "seed-ja": SEED.with_suffix(".ja.md"),
    "figures": LAYOUT / "04-figures.md",
    "tables": LAYOUT / "05-tables.md",
    "japanese": LAYOUT / "07-japanese.md",
    "many-notes": LAYOUT / "01-many-notes.md",
    "svg-and-bibtex": NEW / "cbam-lng.md",
}


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    yield
    write_once.install()  # the process default again, for the tests that follow


def _both(path: Path, variant: str = "pdf/ua-1", identifier: bool = True) -> tuple[bytes, bytes]:
    """The briefing's PDF written by pydyf's own code and with the patch (laid out the same
    way twice: the layout is WeasyPrint's, deterministic, and not what is compared)."""
    root = REPO if path.is_relative_to(REPO / "content") else path.parent
    doc, diags = resolve_file(path, root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", root, Diagnostics())
    assert style is not None
    attachments = ((f"{path.stem}.md", path.read_bytes(), "the source"),)
    options = RenderOptions(
        roots=(root,), modified="2025-11-01", pdf_variant=variant, attachments=attachments
    )
    page, html_dir, roots, pdf = prepare(doc, style, options)
    if not identifier:
        pdf = {**pdf, "pdf_identifier": False}
    write_once.uninstall()
    stock, _ = engine.make_pdf(page, html_dir, roots, pdf)
    assert write_once.install()
    write_once.COUNTS.reset()
    once, _ = engine.make_pdf(page, html_dir, roots, pdf)
    return stock, once


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_file_is_byte_identical(name: str) -> None:
    stock, once = _both(CORPUS[name])
    assert stock.startswith(b"%PDF-") and b"/ID [" in stock
    assert once == stock
    assert write_once.COUNTS.reused > 0  # the identifier's serialisation was the first's


# WeasyPrint 70 leaves its sRGB profile open when it writes PDF/A (weasyprint/pdf/__init__.py,
# `ColorProfile(open(...))`): its file, not ours, closed by the collector
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_an_archival_file_with_attachments_is_byte_identical() -> None:
    stock, once = _both(SEED, "pdf/a-3u")
    assert b"/EmbeddedFile" in stock and once == stock and write_once.COUNTS.reused > 0


def test_a_file_without_identifier_is_pydyf_s_own() -> None:
    """No /ID: pydyf serialises each object once by itself, and nothing is kept."""
    stock, once = _both(CORPUS["tables"], identifier=False)
    assert once == stock and b"/ID [" not in once and write_once.COUNTS.reused == 0


def test_page_references_follow_the_page_list() -> None:
    """The kept references are formatted again as soon as a page is added."""
    assert write_once.install()
    pdf = pydyf.PDF()
    for _ in range(3):
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(page)
    first = pdf.page_references
    assert pdf.page_references is first  # kept while the pages are the same
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    now = pdf.page_references
    assert len(now) == 4 and now[:3] == first
    write_once.uninstall()
    assert pdf.page_references == now  # pydyf's own answer


def test_objects_changed_between_writes_are_written_as_they_are_now() -> None:
    """Nothing is kept from one write to the next: a stream changed after a first write is
    written changed, as pydyf writes it."""
    runs = []
    for patched in (False, True):
        assert write_once.install() if patched else (write_once.uninstall() or True)
        pdf = pydyf.PDF()
        stream = pydyf.Stream([b"BT /F1 12 Tf (one) Tj ET"], compress=True)
        pdf.add_object(stream)
        pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Contents": stream.reference}))
        first = _written(pdf)
        stream.stream.append(b"BT (two) Tj ET")
        runs.append((first, _written(pdf)))
    assert runs[0] == runs[1] and runs[1][0] != runs[1][1]


def _written(pdf: pydyf.PDF) -> bytes:
    import io

    out = io.BytesIO()
    pdf.write(out, identifier=b"fixed", compress=True)
    return out.getvalue()


def test_another_pydyf_version_runs_stock_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    write_once.uninstall()
    stock = pydyf.PDF.write
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    with caplog.at_level(logging.INFO, logger=write_once.__name__):
        assert write_once.install() is False
    assert pydyf.PDF.write is stock
    assert "pydyf 0.14.0" in caplog.text


def test_the_environment_can_turn_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    write_once.uninstall()
    stock = pydyf.PDF.write
    assert write_once.install() is True and pydyf.PDF.write is not stock
    monkeypatch.setenv(write_once.ENV, "stock")
    assert write_once.install() is False  # also takes an installed patch out
    assert pydyf.PDF.write is stock
