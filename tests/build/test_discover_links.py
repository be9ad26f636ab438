"""Folders given to build/check are searched through symbolic links to folders of the project
(Path.rglob followed none: `content/sub -> ../real` skipped real/'s briefings without a word);
a link to a folder outside the project is not followed, and says so (`path.link-skipped`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefkit.build.sources import discover
from briefkit.errors import Diagnostics
from tests.conftest import Project

BRIEF = "---\ntitle: T\n---\n\nText.\n"


def names(paths: list[Path]) -> list[str]:
    return [p.as_posix() for p in paths]


def test_a_link_to_a_project_folder_is_searched(project: Project) -> None:
    project.write("content/a.md", BRIEF)
    project.write("real/i.md", BRIEF)
    (project.root / "content" / "sub").symlink_to("../real")
    diags = Diagnostics()
    assert names(discover([Path("content")], diags)) == ["content/a.md", "content/sub/i.md"]
    assert list(diags) == []


def test_a_link_loop_ends_and_finds_each_briefing_once(project: Project) -> None:
    project.write("content/a.md", BRIEF)
    project.write("content/deep/b.md", BRIEF)
    (project.root / "content" / "deep" / "up").symlink_to("..")  # content/deep/up -> content
    (project.root / "content" / "self").symlink_to(".")
    diags = Diagnostics()
    assert names(discover([Path("content")], diags)) == ["content/a.md", "content/deep/b.md"]
    assert list(diags) == []


def test_a_link_out_of_the_project_is_a_warning_at_the_link(
    project: Project, tmp_path_factory: Any
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.md").write_text(BRIEF, encoding="utf-8")
    project.write("content/a.md", BRIEF)
    (project.root / "content" / "shared").symlink_to(outside)
    diags = Diagnostics()
    assert names(discover([Path("content")], diags)) == ["content/a.md"]
    [warning] = list(diags)
    assert warning.code == "path.link-skipped" and not warning.is_error
    assert warning.loc is not None and warning.loc.path == Path("content/shared")


def test_check_and_build_report_it_and_strict_fails(
    project: Project, cli: Any, tmp_path_factory: Any
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    project.write("content/a.md", BRIEF)
    (project.root / "content" / "shared").symlink_to(outside)
    checked = cli("check", "content")
    assert checked.exit_code == 0 and "warning[path.link-skipped]" in checked.stderr
    assert "1 briefing: 0 errors, 1 warning" in checked.stdout
    assert cli("check", "--strict", "content").exit_code == 1
    built = cli("build", "--strict", "-f", "html", "content")
    assert built.exit_code == 1 and "error[path.link-skipped]" in built.stderr
    assert "1 error, 0 warnings" in built.stdout
    assert (project.root / "output" / "a.html").is_file()  # the briefing itself was fine


def test_hidden_and_skipped_names_stay_skipped(project: Project) -> None:
    project.write("content/_drafts/d.md", BRIEF)
    project.write("content/.git/x.md", BRIEF)
    project.write("content/README.md", BRIEF)
    project.write("content/q.qmd", BRIEF)
    project.write("content/notes.txt", "not a briefing")
    assert names(discover([Path("content")])) == ["content/q.qmd"]
