"""The containment rule (`paths.read_contained`): every file briefkit opens is inside the
allowed roots, a regular file, and under its kind's size cap."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefkit import paths
from briefkit.paths import ContainmentError, read_contained


def refusal(path: Path, roots: list[Path], kind: str = "briefing") -> str:
    with pytest.raises(ContainmentError) as caught:
        read_contained(path, roots, kind)
    return caught.value.code


def test_a_regular_file_inside_the_project_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("text", encoding="utf-8")
    assert read_contained(tmp_path / "a.md", [tmp_path], "briefing") == b"text"


def test_a_symlink_out_of_the_project_is_refused_and_its_target_not_read(
    tmp_path: Path,
) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    canary = outside / "canary.txt"
    canary.write_text("secret", encoding="utf-8")
    os.utime(canary, (1_000_000, 1_000_000))
    (project / "link.md").symlink_to(canary)
    assert refusal(project / "link.md", [project]) == "path.outside-project"
    assert refusal(project / ".." / "outside" / "canary.txt", [project]) == "path.outside-project"
    assert canary.stat().st_atime == 1_000_000  # never opened


def test_a_symlink_inside_the_project_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("x", encoding="utf-8")
    (tmp_path / "alias.md").symlink_to(tmp_path / "real.md")
    assert read_contained(tmp_path / "alias.md", [tmp_path], "briefing") == b"x"


def test_a_file_under_a_second_root_is_allowed(tmp_path: Path) -> None:
    project, styles = tmp_path / "project", tmp_path / "styles"
    project.mkdir()
    styles.mkdir()
    (styles / "style.yaml").write_text("name: x\n", encoding="utf-8")
    assert read_contained(styles / "style.yaml", [project, styles], "style") == b"name: x\n"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(refusal(fifo, [tmp_path])))
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert result == ["path.not-a-file"]


def test_a_device_reached_through_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    # outside the project first; allowed as a root, it is still not a regular file
    assert refusal(tmp_path / "zero.md", [tmp_path]) == "path.outside-project"
    assert refusal(tmp_path / "zero.md", [tmp_path, Path("/dev")]) == "path.not-a-file"


def test_directories_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    assert refusal(tmp_path / "folder.md", [tmp_path]) == "path.not-a-file"
    assert refusal(tmp_path / "none.md", [tmp_path]) == "file.missing"


def test_the_size_cap_of_the_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(paths.SIZE_CAPS, "style", 10)
    (tmp_path / "small.css").write_bytes(b"0123456789")
    (tmp_path / "big.css").write_bytes(b"0123456789!")
    assert read_contained(tmp_path / "small.css", [tmp_path], "style") == b"0123456789"
    assert refusal(tmp_path / "big.css", [tmp_path], "style") == "input.too-large"


def test_every_cap_is_in_the_limits_page() -> None:
    from tests.conftest import REPO

    limits = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    for kind, cap in paths.SIZE_CAPS.items():
        assert f"| {kind} | {cap // paths.MiB} MiB |" in limits, kind
