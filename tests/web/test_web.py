"""The web pages in a real browser (`make test-web`): Debian's Chromium, driven by
puppeteer-core (tools/web/check.mjs), with axe-core. Skipped when Chromium or the npm
packages are absent, as plain `make test` runs without them (`make test-web` installs both).

Over the example commentary (both languages) and the typography briefings: axe-core finds no
violation at a desktop and a phone width; running text is at least 16 px; nothing is wider
than a 375 px screen, and long URLs wrap there, only between their CMOS 14.18 pieces; each
printed URL's text is its address; CJK runs in an English page carry `lang`; and printed
from the browser, the page keeps its `@page` margins."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfread import read_pages

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "web"
LAYOUT = ROOT / "tests" / "fixtures" / "layout-corpus"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
NODE = shutil.which("node")
MM = 72 / 25.4

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and NODE and (TOOL / "node_modules" / "puppeteer-core").is_dir()),
    reason="Chromium, node or tools/web/node_modules missing (make test-web installs them)",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:  # type: ignore[type-arg]
    work = tmp_path_factory.mktemp("web")
    content = work / "content"
    content.mkdir()
    for src in (ROOT / "content").iterdir():
        shutil.copy(src, content / src.name)
    for src in (ROOT / "tests" / "fixtures" / "typography").glob("*.md"):
        if src.name != "README.md":
            shutil.copy(src, content / src.name)
    # and the layout corpus (notes with lists, figures, tables, Japanese: issue #16 asks for
    # 0 violations on every corpus briefing), with its images
    for src in LAYOUT.iterdir():
        if src.suffix in (".md", ".png"):
            shutil.copy(src, content / src.name)
    out = work / "output"
    built = subprocess.run(
        [str(Path(sys.executable).with_name("briefkit")), "build", "content", "-f", "html"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    pages = sorted(str(p) for p in out.glob("*.html"))
    assert len(pages) == len(list(content.glob("*.md")))  # every briefing copied in
    shots = work / "shots"
    shots.mkdir()
    run = subprocess.run(
        [NODE or "node", str(TOOL / "check.mjs"), str(shots), *pages],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CHROMIUM": CHROMIUM},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    data: list[dict] = json.loads(run.stdout)  # type: ignore[type-arg]
    return data


def views(report: list[dict]) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(Path(e["page"]).name, v) for e in report for v in e["views"]]


def test_axe_core_finds_no_violation(report: list[dict]) -> None:  # type: ignore[type-arg]
    found = {
        f"{name}@{v['width']}": [(x["id"], x["impact"], x["nodes"]) for x in v["violations"]]
        for name, v in views(report)
        if v["violations"]
    }
    assert found == {}


def test_running_text_is_at_least_16_px(report: list[dict]) -> None:  # type: ignore[type-arg]
    for name, v in views(report):
        assert v["minText"] >= 16, (name, v["width"], v["minText"])


def test_nothing_is_wider_than_a_phone_and_urls_wrap_between_pieces(
    report: list[dict],  # type: ignore[type-arg]
) -> None:
    wrapped = 0
    for name, v in views(report):
        assert v["scrollWidth"] <= v["width"], (name, v["width"], v["wide"])
        assert v["wide"] == [], name
        for url in v["urls"]:
            assert url["text"] == url["href"], name  # the printed address is the link's
            assert url["brokenPieces"] == [], (name, url["href"])
            if v["width"] == 375 and url["lines"] > 1:
                wrapped += 1
    assert wrapped >= 5  # long addresses do wrap on the phone


def test_no_author_name_is_broken_across_lines(report: list[dict]) -> None:  # type: ignore[type-arg]
    for name, v in views(report):
        assert v["brokenNames"] == [], (name, v["width"])


def test_fancy_lists_are_numbered_as_written(report: list[dict]) -> None:  # type: ignore[type-arg]
    kinds = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
    seen = set()
    for name, v in views(report):
        for ol in v["lists"]:
            seen.add(ol["type"])
            assert kinds[ol["type"]] in ol["style"], (name, ol)  # bk-parens-lower-alpha too
    assert {"a", "i"} <= seen  # the corpus has them (14-structured-notes)


def test_cjk_runs_in_english_pages_carry_lang(report: list[dict]) -> None:  # type: ignore[type-arg]
    for name, v in views(report):
        assert v["unlabelledCjk"] == [], name


def test_printed_from_the_browser_the_page_keeps_its_margins(
    report: list[dict],  # type: ignore[type-arg]
) -> None:
    for entry in report:
        pages = read_pages(Path(entry["printPdf"]).read_bytes())
        assert pages
        for page in pages:
            for c in page.chars:
                assert 15 * MM <= c.x0 and c.x1 <= page.width - 15 * MM, (entry["page"], c)
                assert 15 * MM <= c.y0 and c.y1 <= page.height - 15 * MM, (entry["page"], c)
