"""A series survives one bad briefing (build stage, `build.batch`): a bug or a dead worker
fails only the briefings it hit, the others are built, the summary is written, exit 3."""

from __future__ import annotations

import json
import os
import signal
import zipfile
from pathlib import Path
from typing import Any

import pytest

from briefkit.build import pipeline
from tests.conftest import Project

NAMES = ("alpha", "bravo", "charlie")
BAD = "bravo"


def series(project: Project, version: str) -> None:
    for name in NAMES:
        project.write(
            f"content/{name}.md",
            f"---\ntitle: {name.title()}\n---\n# S\n\nText {name} {version}.^[Note {name}.]\n",
        )


def outputs(root: Path, name: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "output").glob(f"{name}.*"))}


def fail_on(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    """Resolving the bad briefing runs `action` (raise, or end the process); the pool forks
    its workers, so they inherit the patch."""
    real = pipeline.resolve

    def resolve(doc: Any, *args: Any, **kwargs: Any) -> Any:
        if doc.path.stem == BAD:
            action()
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve)


def boom() -> None:
    raise RuntimeError("injected failure")


def exits() -> None:
    os._exit(1)  # the worker process ends at once (a crash in a C library)


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer, say


def build_with_a_bad_briefing(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, action: Any, jobs: str
) -> tuple[Any, dict[str, Any], dict[str, bytes]]:
    series(project, "one")
    assert cli("build", "-f", "html,docx", "--jobs", "1").exit_code == 0
    before = outputs(project.root, BAD)
    assert sorted(before) == [f"{BAD}.docx", f"{BAD}.html"]
    series(project, "two")
    fail_on(monkeypatch, action)
    result = cli("build", "-f", "html,docx", "--jobs", jobs, "--summary-json", "s.json")
    summary = json.loads((project.root / "s.json").read_text(encoding="utf-8"))
    return result, summary, before


def assert_contained(
    project: Project, result: Any, summary: dict[str, Any], before: dict[str, bytes], says: str
) -> None:
    assert result.exit_code == 3
    located = [line for line in result.stderr.splitlines() if "error[internal.error]" in line]
    assert located == [f"content/{BAD}.md: error[internal.error]: internal error: {says}"]
    assert "BRIEFKIT_DEBUG=1" in result.stderr
    assert "3 briefings: 2 built, 0 up to date, 1 failed" in result.stdout
    assert (summary["built"], summary["failed"], summary["internal_errors"]) == (2, 1, 1)
    entries = {Path(b["source"]).stem: b for b in summary["briefings"]}
    assert entries[BAD]["status"] == "failed" and says in entries[BAD]["internal_error"]
    assert all("internal_error" not in entries[n] for n in NAMES if n != BAD)
    assert outputs(project.root, BAD) == before  # byte for byte: nothing of it was written
    for name in NAMES:
        if name == BAD:
            continue
        assert entries[name]["status"] == "built"
        html = (project.root / "output" / f"{name}.html").read_text(encoding="utf-8")
        assert f"Text {name} two." in html and html.rstrip().endswith("</html>")
        with zipfile.ZipFile(project.root / "output" / f"{name}.docx") as docx:
            assert docx.testzip() is None
            assert f"Text {name} two." in docx.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_in_one_briefing_fails_only_it(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.delenv("BRIEFKIT_DEBUG", raising=False)
    result, summary, before = build_with_a_bad_briefing(project, cli, monkeypatch, boom, jobs)
    assert_contained(project, result, summary, before, "RuntimeError: injected failure")


@pytest.mark.parametrize("death", [exits, killed])
def test_a_worker_that_dies_fails_only_the_briefing_it_held(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, death: Any
) -> None:
    monkeypatch.delenv("BRIEFKIT_DEBUG", raising=False)
    result, summary, before = build_with_a_bad_briefing(project, cli, monkeypatch, death, "2")
    says = "the worker process building this briefing died (killed or crashed)"
    assert_contained(project, result, summary, before, says)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_briefkit_debug_lets_the_exception_through(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    series(project, "one")
    fail_on(monkeypatch, boom)
    monkeypatch.setenv("BRIEFKIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="injected failure"):
        cli("build", "-f", "html", "--jobs", jobs)


def cannot_write() -> None:
    from briefkit.errors import BriefkitError

    raise BriefkitError("cannot write to output: Read-only file system")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_briefkit_error_in_one_briefing_fails_only_it_and_the_summary_is_written(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    result, summary, before = build_with_a_bad_briefing(
        project, cli, monkeypatch, cannot_write, jobs
    )
    assert result.exit_code == 3
    located = [line for line in result.stderr.splitlines() if f"content/{BAD}.md" in line]
    assert located == [
        f"content/{BAD}.md: error[render.failed]: cannot write to output: Read-only file system"
    ]
    assert "3 briefings: 2 built, 0 up to date, 1 failed" in result.stdout
    assert (summary["built"], summary["failed"]) == (2, 1)
    assert outputs(project.root, BAD) == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_output_that_cannot_be_written_fails_only_its_briefing(
    project: Project, cli: Any, jobs: str
) -> None:
    series(project, "one")
    assert cli("build", "-f", "html,docx", "--jobs", "1").exit_code == 0
    before = outputs(project.root, BAD)
    (project.root / "output" / f"{BAD}.docx").unlink()
    (project.root / "output" / f"{BAD}.docx").mkdir()  # a folder where the file goes
    series(project, "two")
    result = cli("build", "-f", "html,docx", "--jobs", jobs, "--summary-json", "s.json")
    assert result.exit_code == 3
    assert f"output/{BAD}.docx: error[output.write-failed]: cannot write: " in result.stderr
    summary = json.loads((project.root / "s.json").read_text(encoding="utf-8"))
    assert (summary["built"], summary["failed"]) == (2, 1)
    html = (project.root / "output" / f"{BAD}.html").read_bytes()
    assert html == before[f"{BAD}.html"]  # the half that could be written was not
