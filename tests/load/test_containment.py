"""The containment rule at the load stage, as a hostile contributor would test it: links out of
the project, special files and oversized inputs are located errors, nothing outside the project
is read or written (a canary file outside, checked by content and access time), and the output
set of a clean build made before the attack is left byte for byte (the `previous` fixture)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.build.manifests import OLD, Canary, Previous, previous_set
from tests.conftest import REPO, CliResult, Project

GOOD = "---\ntitle: Fine\n---\n\nText.\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)

Cli = Callable[..., CliResult]


@pytest.fixture
def previous(project: Project, cli: Cli) -> Iterator[Previous]:
    """content/a.md built cleanly first, and a canary outside the project: every attack below
    must leave the set byte for byte and the canary unread and unwritten (checked after it)."""
    before = previous_set(project, cli, "a", GOOD)
    yield before
    before.intact()


def outside(previous: Previous, name: str, text: str) -> Canary:
    """Another canary beside the first, holding `text` (a briefing to link to)."""
    return Canary(previous.canary.path.with_name(name), text).plant()


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
    project: Project, cli: Cli, previous: Previous
) -> None:
    canary = outside(previous, "x.md", GOOD)
    (project.root / "content" / "x.md").symlink_to(canary.path)
    result = cli("check", "content/x.md")
    assert result.exit_code == 1
    assert errors(result) == [
        "content/x.md:1:1: error[file.outside-project]: briefing lies outside the project"
        " (a symlink?)"
    ]
    assert canary.untouched()


def test_a_bibliography_linked_out_of_the_project_is_not_read(
    project: Project, cli: Cli, previous: Previous
) -> None:
    (project.root / "content" / "refs.yaml").symlink_to(previous.canary.path)
    project.write("content/a.md", "---\ntitle: A\nbibliography: refs.yaml\n---\n\nText.\n")
    result = cli("build", "content/a.md")
    assert result.exit_code == 1
    assert errors(result)[0].startswith("content/a.md:3:15: error[asset.outside-project]: ")
    previous.unchanged()


def test_an_image_linked_out_of_the_project_or_special_is_refused(
    project: Project, cli: Cli, previous: Previous
) -> None:
    png = previous.canary.path.with_name("secret.png")
    png.write_bytes(PNG)
    os.utime(png, (OLD, OLD + 1))  # atime before mtime: a read moves it, relatime too
    (project.root / "content" / "out.png").symlink_to(png)
    os.mkfifo(project.root / "content" / "pipe.png")
    project.write("content/a.md", GOOD + "\n![One](out.png)\n\n![Two](pipe.png)\n")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 1
    assert [e.split(": error")[1].split("]")[0] + "]" for e in errors(result)] == [
        "[asset.outside-project]",
        "[path.not-a-file]",
    ]
    assert os.stat(png).st_atime == OLD and png.read_bytes() == PNG


def test_fifos_and_devices_beside_a_briefing_neither_hang_nor_feed_the_build(
    project: Project, cli: Cli, previous: Previous
) -> None:
    project.write("content/a.md", GOOD)
    os.mkfifo(project.root / "content" / "x.md")  # the translation scan reads every sibling
    (project.root / "content" / "zero.md").symlink_to("/dev/zero")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 0, result.stderr


def test_an_edition_outside_the_project_is_refused_and_not_linked(
    project: Project, cli: Cli, previous: Previous
) -> None:
    original = outside(previous, "original.md", GOOD)
    relative = os.path.relpath(original.path, project.root / "content")
    project.write(
        "content/t.md", f"---\ntitle: T\nlang: ja\ntranslation-of: {relative}\n---\n\n本文。\n"
    )
    result = cli("build", "-f", "html", "content/t.md")
    assert result.exit_code == 1
    [problem] = errors(result)
    assert problem.startswith("content/t.md:4:17: error[path.outside-project]: edition ")
    assert original.untouched()
    previous.unchanged()  # no t.html, and a.html as it was


def copy_style(project: Project) -> Path:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    (style / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    project.write("content/a.md", "---\ntitle: A\nstyle: mine\n---\n\nText.\n")
    return style


def test_a_style_file_linked_out_of_its_style_is_refused(
    project: Project, cli: Cli, previous: Previous
) -> None:
    style = copy_style(project)
    (style / "citations.yaml").unlink()
    (style / "citations.yaml").symlink_to(previous.canary.path)
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert "templates/mine/citations.yaml:1:1: error[path.outside-project]: " in result.stderr


def test_a_style_folder_linked_out_of_the_project_is_refused(
    project: Project, cli: Cli, previous: Previous
) -> None:
    elsewhere = previous.canary.path.parent / "mine"
    shutil.copytree(REPO / "templates" / "commentary", elsewhere)
    (elsewhere / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    css = elsewhere / "html" / "style.css"
    planted = Canary(css, css.read_text(encoding="utf-8")).plant()  # never read: refused first
    (project.root / "templates").mkdir()
    (project.root / "templates" / "mine").symlink_to(elsewhere)
    project.write("content/a.md", "---\ntitle: A\nstyle: mine\n---\n\nText.\n")
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert errors(result) == [
        "content/a.md:3:8: error[path.outside-project]: house style 'mine' lies outside the"
        " project (symlinks are followed)"
    ]
    assert planted.untouched()


def test_a_special_file_in_a_style_is_refused_without_hanging(
    project: Project, cli: Cli, previous: Previous
) -> None:
    style = copy_style(project)
    (style / "strings" / "en.yaml").unlink(missing_ok=True)
    os.mkfifo(style / "strings" / "en.yaml")
    result = within(20, lambda: cli("check", "content/a.md"))
    assert result.exit_code == 1
    assert "templates/mine/strings/en.yaml:1:1: error[path.not-a-file]: " in result.stderr


def test_an_oversized_references_file_is_refused_before_it_is_parsed(
    project: Project, cli: Cli, monkeypatch: pytest.MonkeyPatch, previous: Previous
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
