"""The atomic writer (`build.sources.write_atomic`): a symlink at the target's name is
replaced, never written through; briefkit's own folder is refused when it is a symlink or not
a folder; no temporary file is left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from briefkit.build.sources import UnsafeFolder, own_folder_problem, write_atomic
from tests.build.manifests import Canary


@pytest.fixture
def canary(tmp_path: Path) -> Canary:
    return Canary(tmp_path / "outside" / "canary.txt").plant()


def test_os_replace_swaps_a_symlink_for_the_file_and_leaves_its_target_alone(
    tmp_path: Path, canary: Canary
) -> None:
    """What every write relies on: renaming over a symlink replaces the link itself."""
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "b.json"
    target.symlink_to(canary.path)
    write_atomic(target, b"{}\n", own_folder=True)
    assert not target.is_symlink() and target.read_bytes() == b"{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert canary.untouched()
    assert os.listdir(target.parent) == ["b.json"]  # no temporary file left


def test_an_output_written_over_a_planted_symlink_replaces_it(
    tmp_path: Path, canary: Canary
) -> None:
    target = tmp_path / "b.html"
    target.symlink_to(canary.path)
    write_atomic(target, b"<html></html>")
    assert not target.is_symlink() and target.read_bytes() == b"<html></html>"
    assert canary.untouched()


def test_an_output_folder_that_is_a_symlink_is_the_users_choice(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "output").symlink_to(tmp_path / "real")
    write_atomic(tmp_path / "output" / "b.html", b"x")
    assert (tmp_path / "real" / "b.html").read_bytes() == b"x"


def test_the_own_folder_is_made_and_a_symlink_or_file_there_is_refused(
    tmp_path: Path, canary: Canary
) -> None:
    write_atomic(tmp_path / "output" / ".briefkit" / "a.json", b"{}", own_folder=True)
    assert (tmp_path / "output" / ".briefkit").is_dir()
    link = tmp_path / "other" / ".briefkit"
    link.parent.mkdir()
    link.symlink_to(canary.path.parent)
    assert own_folder_problem(link) is not None
    with pytest.raises(UnsafeFolder):
        write_atomic(link / "canary.txt", b"overwritten", own_folder=True)
    assert canary.untouched()
    assert os.listdir(canary.path.parent) == ["canary.txt"]
    link.unlink()
    link.symlink_to(tmp_path / "nowhere")  # a dangling link is a link all the same
    with pytest.raises(UnsafeFolder):
        write_atomic(link / "b.json", b"{}", own_folder=True)
    assert not (tmp_path / "nowhere").exists()
    link.unlink()
    link.write_text("a file", encoding="utf-8")
    with pytest.raises(UnsafeFolder):
        write_atomic(link / "b.json", b"{}", own_folder=True)
    assert link.read_text(encoding="utf-8") == "a file"


def test_a_failed_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "b.json"
    target.mkdir()  # a folder at the name: the rename fails
    (target / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(target, b"{}", own_folder=False)
    assert os.listdir(tmp_path) == ["b.json"]


def test_two_briefings_of_one_name_are_not_built_over_each_other(project, cli) -> None:  # type: ignore[no-untyped-def]
    """`content/a.md` and `content/sub/a.md` both wrote output/a.*: the second overwrote the
    first, and the next build called both up to date."""
    project.write("content/a.md", "---\ntitle: Top A\n---\nText.\n")
    project.write("content/sub/a.md", "---\ntitle: Sub A\n---\nText.\n")
    result = cli("build", "-f", "html")
    assert result.exit_code == 1
    assert "content/sub/a.md:1:1: error[output.same-name]" in result.stderr.replace("\\", "/")
    assert "Top A" in (project.root / "output" / "a.html").read_text(encoding="utf-8")


def test_another_file_of_the_same_name_is_not_up_to_date(project, cli) -> None:  # type: ignore[no-untyped-def]
    """After `build content/a.md`, `build content/a.markdown`... was 'up to date' (the manifest
    of a.md), and its outputs still held a.md's title."""
    project.write("content/a.md", "---\ntitle: From md\n---\nText.\n")
    project.write("content/a.qmd", "---\ntitle: From qmd\n---\nText.\n")
    assert cli("build", "content/a.md", "-f", "html").exit_code == 0
    result = cli("build", "content/a.qmd", "-f", "html")
    assert result.exit_code == 0 and "up to date:" not in result.stdout + result.stderr
    assert "From qmd" in (project.root / "output" / "a.html").read_text(encoding="utf-8")


def test_a_symlink_loop_is_that_briefing_s_error_not_the_builds(project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/a.md", "---\ntitle: A\n---\nText.\n")
    (project.root / "content" / "b.md").symlink_to("c.md")
    (project.root / "content" / "c.md").symlink_to("b.md")
    result = cli("build", "-f", "html")
    assert result.exit_code == 1
    assert "error[file.unreadable]" in result.stderr and "internal" not in result.stderr
    assert (project.root / "output" / "a.html").is_file()
