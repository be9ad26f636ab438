"""The PDF worker parses the briefing's hyphenation dictionary as soon as the briefing is
loaded (render/pdf/worker.py `expect`, called by the pipeline), before the print page
arrives; a language without a dictionary, or one Pyphen does not know, loads nothing and
leaves the worker working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from briefkit.build.pipeline import Pipeline
from briefkit.render.pdf.worker import PdfWorker
from tests.conftest import Project

pytest.importorskip("weasyprint")


@pytest.fixture()
def worker() -> Iterator[PdfWorker]:
    started = PdfWorker()  # no warm-up style: the test asks only for dictionaries
    try:
        yield started
    finally:
        started.close()


def _parsed_here() -> set[str]:
    return {Path(path).name for path in pyphen.hdcache}


def test_expect_parses_the_dictionary_in_the_worker(worker: PdfWorker) -> None:
    assert "hyph_de_CH.dic" not in _parsed_here()  # not in this process (nothing to inherit)
    worker.expect("de-CH")
    assert "hyph_de_CH.dic" in worker.hyphenation_loaded()
    assert "hyph_de_CH.dic" not in _parsed_here()  # parsed there, not here


def test_languages_without_a_dictionary_load_nothing(worker: PdfWorker) -> None:
    before = worker.hyphenation_loaded()
    worker.expect("ja")
    worker.expect("x-not-a-language")
    assert worker.hyphenation_loaded() == before  # and the worker still answers


def test_the_pipeline_tells_the_worker_the_briefing_s_language(
    project: Project, worker: PdfWorker
) -> None:
    path = project.write(
        "content/b.md",
        """
        ---
        title: Leveringszekerheid
        lang: nl
        ---
        Een alinea met woordafbreking.
        """,
    )
    assert "hyph_nl_NL.dic" not in worker.hyphenation_loaded()
    result, doc, _ = Pipeline(pdf_worker=worker).check(path)
    assert doc is not None and not result.failed(strict=False), result.diagnostics
    assert "hyph_nl_NL.dic" in worker.hyphenation_loaded()


class _Told:
    """A stand-in worker that only records what the pipeline tells it."""

    def __init__(self) -> None:
        self.langs: list[str] = []

    def expect(self, lang: str) -> None:
        self.langs.append(lang)


def test_english_is_expected_in_the_house_s_region(project: Project) -> None:
    """`lang: en` is hyphenated with the house's region's patterns (American by default), so
    that is the dictionary the worker is told to prepare; a Japanese briefing too is told
    (Pyphen has nothing for it, and the worker then loads nothing)."""
    front = "---\ntitle: T\nlang: {lang}\n---\nA paragraph.\n"
    told = _Told()
    for name, lang in (("en", "en"), ("ja", "ja"), ("gb", "en-GB")):
        path = project.write(f"content/{name}.md", front.format(lang=lang))
        result, doc, _ = Pipeline(pdf_worker=told).check(path)
        assert doc is not None and not result.failed(strict=False), result.diagnostics
    assert told.langs == ["en-US", "ja", "en-GB"]
