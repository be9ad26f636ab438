"""`briefkit new`: in an empty folder, the scaffold passes `check --strict`, builds in every
format, and its outputs carry the example's notes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.cli.test_cli import diagnostics


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder (no project marker, no content/) as the working directory."""
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def note_texts(html: str) -> list[str]:
    section = html.split('class="notes"', 1)[1]
    items = re.findall(r"<li id=\"note-\d+\"[^>]*>(.*?)</li>", section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", i).replace("↩︎", "").split()) for i in items]


def test_new_check_build_in_an_empty_folder(empty: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "my-briefing")
    assert result.exit_code == 0, result.stderr
    md = empty / "content" / "my-briefing.md"
    refs = empty / "content" / "my-briefing.references.yaml"
    assert md.is_file() and refs.is_file() and (empty / "briefkit.toml").is_file()
    assert f"date: {dt.date.today().isoformat()}\n" in md.read_text(encoding="utf-8")
    assert "wrote content/my-briefing.md" in result.stdout

    checked = cli("check", "--strict")
    assert checked.exit_code == 0, checked.stderr
    assert diagnostics(checked.stderr) == []

    built = cli("build", "--strict")
    assert built.exit_code == 0, built.stderr
    for ext in ("html", "pdf", "docx"):
        assert (empty / "output" / f"my-briefing.{ext}").stat().st_size > 0
    notes = note_texts((empty / "output" / "my-briefing.html").read_text(encoding="utf-8"))
    assert notes[0].startswith("Kate L. Turabian, A Manual for Writers of Research Papers")
    assert notes[1] == "Ibid., chap. 3."
    assert notes[2].startswith("Notes from citations and your own notes share one numbering")
    assert cli("verify").exit_code == 0  # the three formats carry the same notes


def test_title_style_and_dir_options(empty: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "new", "b2", "--title", "Japan: A #1 Partner?", "--style", "commentary", "--dir", "briefs"
    )
    assert result.exit_code == 0, result.stderr
    assert cli("check", "--strict", "briefs").exit_code == 0
    assert cli("build", "briefs", "-f", "html").exit_code == 0
    html = (empty / "output" / "b2.html").read_text(encoding="utf-8")
    assert "<title>Japan: A #1 Partner?</title>" in html


def test_existing_files_are_never_replaced(empty: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("new", "x").exit_code == 0
    md = empty / "content" / "x.md"
    md.write_text("---\ntitle: Mine\n---\n", encoding="utf-8")
    again = cli("new", "x")
    assert again.exit_code == 1
    assert "already exist" in again.stderr and "Traceback" not in again.stderr
    assert md.read_text(encoding="utf-8") == "---\ntitle: Mine\n---\n"


@pytest.mark.parametrize(
    "args", [("../escape",), ("x", "--style", "nosuch"), ("x", "--title", " ")]
)
def test_bad_names_and_options_are_usage_errors(empty: Path, cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", *args)
    assert result.exit_code == 2
    assert not (empty / "content").exists()
