"""The incremental note-area layout (render/pdf/footnote_area.py) changes nothing in a PDF:
every document of the corpus is laid out with WeasyPrint's own functions and with the
shortcut, and the two PDFs must be equal byte for byte; where the shortcut is not exact
(max-height, columns, floats in a note, another WeasyPrint version) the stock path runs."""

from __future__ import annotations

import importlib.util
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf import footnote_area
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import REPO, SEED, Project
from tests.helpers import resolve_file, verified_weasyprint
from tests.render.test_pdf_stress import REFS

weasyprint, pytestmark = verified_weasyprint("the shortcut is off")


def _generator() -> ModuleType:
    """bench/generate.py, the long-report generator the benchmarks use."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    yield
    footnote_area.install()  # the process default again, for the tests that follow


def both(path: Path, root: Path) -> tuple[bytes, bytes, footnote_area.Counts]:
    """The PDF laid out by stock WeasyPrint (counting its note layouts) and with the shortcut,
    and what the two runs did."""
    doc, diags = resolve_file(path, root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", root, Diagnostics())
    assert style is not None
    options = RenderOptions(roots=(root,), modified="2025-11-01")
    runs = []
    for reuse in (False, True):
        assert footnote_area.install(reuse=reuse) is reuse
        footnote_area.COUNTS.reset()
        data = render_pdf_bytes(doc, style, options).data
        runs.append((data, footnote_area.Counts(**vars(footnote_area.COUNTS))))
    (stock, counted), (fast, done) = runs
    # the same layout asks for the same note layouts: the shortcut serves some of them
    assert counted.reused == 0 and counted.updates == done.updates
    assert done.note_layouts + done.reused == counted.note_layouts
    return stock, fast, done


def long_report(project: Project, notes: int, words: int = 18) -> Path:
    text, refs = _generator().long_report(40, notes, 60, words=words)
    project.write("content/long.references.yaml", refs)
    return project.write("content/long.md", text)


def stress(project: Project, body: str) -> Path:
    project.write("content/refs.yaml", REFS)
    front = "---\ntitle: Stress\nseries: Test Series\nbibliography: refs.yaml\n"
    return project.write("content/s.md", front + "---\n" + body)


def dense(project: Project) -> Path:
    """Twenty and more short notes a page, several calls in a line."""
    text = " ".join(f"Claim {i}.^[Note {i}.]" for i in range(120))
    return stress(project, f"# Dense\n\n{text}\n")


def long_notes(project: Project) -> Path:
    """Notes of a third of a page: the area fills, notes move to the next page (reported)."""
    note = " ".join(f"Word{i} of a long note." for i in range(120))
    paragraphs = [f"Paragraph {i} states a claim.^[{i}: {note}]" for i in range(8)]
    return stress(project, "# Long notes\n\n" + "\n\n".join(paragraphs) + "\n")


def huge_note(project: Project) -> Path:
    """A note longer than the page (WeasyPrint clips it), between two short ones."""
    huge = " ".join(f"Word{i} of a note that never ends." for i in range(700))
    return stress(project, f"# Only\n\nText.[@jp]^[{huge}] More text.[@deep] End.[@long]\n")


def japanese(project: Project) -> Path:
    """A Japanese briefing with many notes citing Japanese and long-URL sources."""
    cites = ["[@jp, p. {i}]", "[@long]", "[@deep]", "^[注{i}：日本語の注。]"]
    sentences = [
        f"防衛協力に関する文{i}は、出典を必要とする主張である。" + cites[i % 4].format(i=i + 1)
        for i in range(48)
    ]
    body = "\n\n".join("".join(sentences[i : i + 6]) for i in range(0, 48, 6))
    project.write("content/refs.yaml", REFS)
    front = "---\ntitle: 日本語の試験\nseries: 試験シリーズ\nlang: ja\nbibliography: refs.yaml\n"
    return project.write("content/ja.md", front + "---\n# 一\n\n" + body + "\n")


CORPUS = {
    "dense": dense,
    "long-notes": long_notes,
    "huge-note": huge_note,
    "japanese": japanese,
    "long-40": lambda p: long_report(p, 40, words=60),
    "long-160": lambda p: long_report(p, 160),
    "long-240-dense": lambda p: long_report(p, 240, words=8),
}


def test_the_seed_and_its_japanese_edition_are_byte_identical() -> None:
    for path in (SEED, SEED.with_suffix(".ja.md")):
        stock, fast, done = both(path, REPO)
        assert stock == fast, path.name
    assert done.fast_updates == done.updates


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_is_byte_identical(project: Project, name: str) -> None:
    stock, fast, done = both(CORPUS[name](project), project.root)
    assert stock.startswith(b"%PDF") and stock == fast
    assert done.fast_updates == done.updates  # every update of these took the shortcut
    assert done.finals >= 1  # and the pages' final areas (drawn) reused the updates' boxes
    if name != "huge-note":
        assert done.reused > done.note_layouts  # and most note layouts were saved
    if name == "dense":  # each note laid out about once, not once per later note of its page
        assert done.note_layouts <= done.updates
        assert done.reused > 5 * done.note_layouts
        assert done.finals == len(PdfReader(io.BytesIO(fast)).pages)  # every page's area


PAGE = """<html><head><style>
@page {{ size: A6; margin: 1cm; @footnote {{ {area} }} }}
.note {{ float: footnote; font-size: 8pt }}
body {{ font-size: 10pt; {body} }}
</style></head><body>{text}</body></html>"""


def pdf(text: str, area: str = "", body: str = "") -> bytes:
    html = weasyprint.HTML(string=PAGE.format(area=area, body=body, text=text))
    data: bytes = html.write_pdf()
    return data


def stock_and_fast(text: str, **css: str) -> tuple[bytes, bytes, footnote_area.Counts]:
    footnote_area.uninstall()
    stock = pdf(text, **css)
    footnote_area.install()
    footnote_area.COUNTS.reset()
    fast = pdf(text, **css)
    return stock, fast, footnote_area.Counts(**vars(footnote_area.COUNTS))


def notes(count: int) -> str:
    return "".join(
        f"<p>Claim {i} of a paragraph.<span class=note>Note {i} of some length.</span></p>"
        for i in range(count)
    )


NOTES = notes(30)


def test_an_area_with_a_max_height_takes_the_stock_path() -> None:
    stock, fast, done = stock_and_fast(NOTES, area="max-height: 2cm")
    assert stock == fast
    assert done.updates > 0 and done.fast_updates == 0 and done.reused == 0


def test_a_page_in_columns_takes_the_stock_path() -> None:
    stock, fast, done = stock_and_fast(notes(10), body="columns: 2")
    assert stock == fast
    # the updates made while the columns are laid out run stock (most of them: WeasyPrint
    # balances columns by laying them out again); those after the columns end need not
    assert done.fast_updates < done.updates / 10


def test_a_note_holding_a_float_takes_the_stock_path() -> None:
    text = NOTES.replace("Note 3 ", "Note 3 <span style='float: right'>float</span> ")
    stock, fast, done = stock_and_fast(text)
    assert stock == fast
    assert 0 < done.fast_updates < done.updates  # the float's page only


def test_plain_notes_take_the_shortcut_outside_briefkit_too() -> None:
    stock, fast, done = stock_and_fast(NOTES)
    assert stock == fast
    assert done.fast_updates == done.updates and done.reused > 0


def test_another_weasyprint_version_runs_stock_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from weasyprint.layout import LayoutContext

    footnote_area.uninstall()
    stock = LayoutContext._update_footnote_area
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with caplog.at_level(logging.INFO, logger=footnote_area.__name__):
        assert footnote_area.install() is False
    assert LayoutContext._update_footnote_area is stock
    assert "71.0" in caplog.text and "stock footnote area" in caplog.text


def test_the_environment_can_turn_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.layout import LayoutContext

    footnote_area.uninstall()
    stock = LayoutContext._update_footnote_area
    assert footnote_area.install() is True
    assert LayoutContext._update_footnote_area is not stock
    monkeypatch.setenv(footnote_area.ENV, "stock")
    assert footnote_area.install() is False  # also takes an installed patch out
    assert LayoutContext._update_footnote_area is stock
