"""Stage timings with pytest-benchmark: load, resolve, and each renderer, in a warm process.

Run by `make bench` (never by `make test`: `testpaths` is `tests/`). The whole-process numbers
and the comparison with pandoc come from bench/run.py; these say which stage a change moved.

    .venv/bin/python -m pytest bench/test_stages.py --benchmark-only

Inputs are the seed commentary and a generated long report (40 sections, 160 notes,
60 sources), each copied into a temporary project so nothing in content/ is touched.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefkit.build.pipeline import Pipeline, render
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.model.document import SourceDocument
from briefkit.render import RenderOptions
from briefkit.resolve.resolver import resolve

HERE = Path(__file__).resolve().parent
SEED = "japan-asean-defense-cooperation"

Benchmark = Callable[..., Any]  # pytest-benchmark's fixture: benchmark(fn, *args)


@pytest.fixture(scope="module", params=["seed", "long"])
def briefing(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(request.param)
    kind = [request.param, "--editions"] if request.param == "seed" else [request.param]
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), kind[0], str(folder), *kind[1:]], check=True
    )
    return folder / "content" / (f"{SEED}.md" if request.param == "seed" else "long.md")


@pytest.fixture(scope="module")
def checked(briefing: Path) -> tuple[Pipeline, Any, SourceDocument, Any]:
    """The briefing loaded and resolved once, the state every later stage starts from."""
    pipeline = Pipeline()
    result, doc, style = pipeline.check(briefing)
    assert doc is not None and style is not None and result.document is not None
    assert not result.failed(strict=False), result.diagnostics
    return pipeline, result, doc, style


def test_load(benchmark: Benchmark, briefing: Path, checked: tuple[Any, ...]) -> None:
    """Files -> located raw data -> validated models (front matter, body, references)."""
    pipeline = checked[0]
    root = pipeline.root_for(briefing)
    doc = benchmark(lambda: load_document(briefing, root, Diagnostics()))
    assert doc is not None


def test_resolve(benchmark: Benchmark, checked: tuple[Any, ...]) -> None:
    """Citations formatted, notes numbered: the render-ready document."""
    _, result, doc, style = checked
    resolved = benchmark(lambda: resolve(doc, style, Diagnostics(), result.partners))
    assert len(resolved.notes) == len(result.document.notes)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_render(benchmark: Benchmark, checked: tuple[Any, ...], fmt: str) -> None:
    """One renderer over the resolved document (the PDF: WeasyPrint warm, fonts loaded)."""
    pipeline, result, _, style = checked
    rounds = 3 if fmt == "pdf" else 10
    output = benchmark.pedantic(
        render,  # with the pipeline's render resources: templates, CSS and fonts made once
        args=(fmt, result.document, style, RenderOptions(), pipeline.resources),
        rounds=rounds,
        warmup_rounds=1,
    )
    assert output.data
