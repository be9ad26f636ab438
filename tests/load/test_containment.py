"""The containment rule at the load stage, as a hostile contributor would test it: links out of
the project, special files and oversized inputs are located errors, and nothing outside the
project is read (a canary file outside, checked by content and access time)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, Project

OLD = 1_000_000  # a canary's access time, set before the build: a read would move it
GOOD = "---\ntitle: Fine\n---\n\nText.\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)

Cli = Callable[..., CliResult]


@pytest.fixture
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project, with a known content and an old access time."""
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text("SECRET-CANARY\n", encoding="utf-8")
    os.utime(path, (OLD, OLD))
    return path


def untouched(canary: Path, *outputs: Path) -> None:
    assert canary.read_text(encoding="utf-8") == "SECRET-CANARY\n"
    os.utime(canary, (OLD, canary.stat().st_mtime))  # reading it above moved it: reset
    for folder in outputs:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                assert b"SECRET-CANARY" not in path.read_bytes(), path


def read_since(canary: Path) -> bool:
    return canary.stat().st_atime != OLD


def within(seconds: float, run: Callable[[], CliResult]) -> CliResult:
    """`run()` in a thread: a build that hangs fails the test instead of hanging it."""
    box: list[CliResult] = []
    worker = threading.Thread(target=lambda: box.append(run()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return box[0]


def errors(result: CliResult) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error[" in line]


def test_a_briefing_linked_from_outside_is_refused(
    project: Project, cli: Cli, canary: Path
) -> None:
    canary.write_text(GOOD, encoding="utf-8")
    os.utime(canary, (OLD, OLD))
    (project.root / "content" / "x.md").symlink_to(canary)
    result = cli("check", "content/x.md")
    assert result.exit_code == 1
    assert errors(result) == [
        "content/x.md:1:1: error[file.outside-project]: briefing lies outside the project"
        " (a symlink?)"
    ]
    assert not read_since(canary)


def test_a_bibliography_linked_out_of_the_project_is_not_read(
    project: Project, cli: Cli, canary: Path
) -> None:
    (project.root / "content" / "refs.yaml").symlink_to(canary)
    project.write("content/a.md", "---\ntitle: A\nbibliography: refs.yaml\n---\n\nText.\n")
    result = cli("build", "content/a.md")
    assert result.exit_code == 1
    assert errors(result)[0].startswith("content/a.md:3:15: error[asset.outside-project]: ")
    assert not read_since(canary)
    untouched(canary, project.root / "output")


def test_an_image_linked_out_of_the_project_or_special_is_refused(
    project: Project, cli: Cli, canary: Path
) -> None:
    png = canary.with_suffix(".png")
    png.write_bytes(PNG)
    os.utime(png, (OLD, OLD))
    (project.root / "content" / "out.png").symlink_to(png)
    os.mkfifo(project.root / "content" / "pipe.png")
    project.write("content/a.md", GOOD + "\n![One](out.png)\n\n![Two](pipe.png)\n")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 1
    assert [e.split(": error")[1].split("]")[0] + "]" for e in errors(result)] == [
        "[asset.outside-project]",
        "[path.not-a-file]",
    ]
    assert png.stat().st_atime == OLD


def test_fifos_and_devices_beside_a_briefing_neither_hang_nor_feed_the_build(
    project: Project, cli: Cli
) -> None:
    project.write("content/a.md", GOOD)
    os.mkfifo(project.root / "content" / "x.md")  # the translation scan reads every sibling
    (project.root / "content" / "zero.md").symlink_to("/dev/zero")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 0, result.stderr


def test_an_edition_outside_the_project_is_refused_and_not_linked(
    project: Project, cli: Cli, canary: Path
) -> None:
    original = canary.parent / "original.md"
    original.write_text(GOOD, encoding="utf-8")
    os.utime(original, (OLD, OLD))
    relative = os.path.relpath(original, project.root / "content")
    project.write(
        "content/t.md", f"---\ntitle: T\nlang: ja\ntranslation-of: {relative}\n---\n\n本文。\n"
    )
    result = cli("build", "-f", "html", "content/t.md")
    assert result.exit_code == 1
    [problem] = errors(result)
    assert problem.startswith("content/t.md:4:17: error[path.outside-project]: edition ")
    assert original.stat().st_atime == OLD
    assert not (project.root / "output" / "t.html").exists()


def copy_style(project: Project) -> Path:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    (style / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    project.write("content/a.md", "---\ntitle: A\nstyle: mine\n---\n\nText.\n")
    return style


def test_a_style_file_linked_out_of_its_style_is_refused(
    project: Project, cli: Cli, canary: Path
) -> None:
    style = copy_style(project)
    (style / "citations.yaml").unlink()
    (style / "citations.yaml").symlink_to(canary)
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert "templates/mine/citations.yaml:1:1: error[path.outside-project]: " in result.stderr
    assert not read_since(canary)


def test_a_style_folder_linked_out_of_the_project_is_refused(
    project: Project, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "mine"
    shutil.copytree(REPO / "templates" / "commentary", elsewhere)
    (elsewhere / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    (project.root / "templates").mkdir()
    (project.root / "templates" / "mine").symlink_to(elsewhere)
    project.write("content/a.md", "---\ntitle: A\nstyle: mine\n---\n\nText.\n")
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert errors(result) == [
        "content/a.md:3:8: error[path.outside-project]: house style 'mine' lies outside the"
        " project (symlinks are followed)"
    ]


def test_a_special_file_in_a_style_is_refused_without_hanging(project: Project, cli: Cli) -> None:
    style = copy_style(project)
    (style / "strings" / "en.yaml").unlink(missing_ok=True)
    os.mkfifo(style / "strings" / "en.yaml")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 1
    assert "templates/mine/strings/en.yaml:1:1: error[path.not-a-file]: " in result.stderr


def test_an_oversized_references_file_is_refused_before_it_is_parsed(
    project: Project, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefkit import paths

    monkeypatch.setitem(paths.SIZE_CAPS, "references", 1024)
    project.write("content/refs.yaml", "- id: a\n  type: book\n  title: '" + "x" * 2000 + "'\n")
    project.write("content/a.md", "---\ntitle: A\nbibliography: refs.yaml\n---\n\nText.[@a]\n")
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert any(
        e.startswith("content/refs.yaml:1:1: error[input.too-large]: ") for e in errors(result)
    )
