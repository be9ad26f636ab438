"""Build manifests are untrusted input (build/manifest.py): a manifest that is not valid, or
names a file briefkit may not read, makes the briefing out of date with a located
`manifest.invalid` warning, and nothing it names outside the project is read; a valid one
still makes a second build skip."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefkit.build.manifest import SCHEMA, read_manifest
from briefkit.build.pipeline import BuildOptions
from briefkit.build.watch import Watcher
from tests.build.manifests import (
    QUICK,
    Canary,
    build_once,
    canary_outside,
    poison,
    reads_are_seen,
    run_briefkit,
)
from tests.conftest import REPO, Project

WARNING = re.compile(
    r"^output/\.briefkit/b\.json:(\d+):(\d+): warning\[manifest\.invalid\]: "
    r"build manifest not trusted: (.*)$",
    re.MULTILINE,
)


def warned(stderr: str) -> tuple[int, int, str]:
    found = WARNING.findall(stderr)
    assert len(found) == 1, stderr
    line, col, message = found[0]
    return int(line), int(col), message


def test_the_canary_sees_reads(tmp_path: Path) -> None:
    """The atime half of `Canary.untouched` means something here (not mounted noatime)."""
    if not reads_are_seen(tmp_path):
        pytest.skip("this filesystem does not record reads (noatime)")
    canary = Canary(tmp_path / "c.txt").plant()
    canary.path.read_bytes()
    assert not canary.untouched()


def test_a_valid_manifest_makes_the_second_build_skip_even_after_a_move(
    project: Project,
    cli: Any,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest = build_once(project, cli)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA == 3
    assert "content/b.md" in data["inputs"]  # relative to the project root
    assert not [name for name in data["inputs"] if name.startswith(str(project.root))]
    assert data["outputs"]["html"]["path"] == "b.html"
    again = cli("build", "-f", "html")
    assert again.exit_code == 0 and "0 built, 1 up to date" in again.stdout, again.stdout
    assert "warning" not in again.stderr
    # the same project in another folder: the manifest's names still hold
    moved = tmp_path_factory.mktemp("moved") / "project"
    shutil.copytree(project.root, moved, symlinks=True)
    monkeypatch.chdir(moved)
    assert "0 built, 1 up to date" in cli("build", "-f", "html").stdout


def test_an_old_schema_manifest_is_rebuilt_without_a_word(project: Project, cli: Any) -> None:
    manifest = build_once(project, cli)
    poison(manifest, lambda d: d.update(schema=1, inputs={"/dev/zero": ""}))
    result = cli("build", "-f", "html")
    assert result.exit_code == 0
    assert "1 built, 0 up to date" in result.stdout and result.stderr == ""
    assert read_manifest(project.root / "output", "b") is not None  # rewritten


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param('{"schema": 3,\n "stem": "b",\n oops}', (3, 2), "it is not JSON", id="syntax"),
        pytest.param(b"\xff", (1, 1), "it is not UTF-8", id="encoding"),
        pytest.param("[" * 100_000, (1, 1), "it is not JSON briefkit can read", id="too-deep"),
        pytest.param('["a list"]', (1, 1), "it is not a JSON object", id="a-list"),
    ],
)
def test_a_manifest_that_is_not_json_is_rebuilt_with_a_located_warning(
    project: Project, cli: Any, text: str | bytes, where: tuple[int, int], message: str
) -> None:
    manifest = build_once(project, cli)
    if isinstance(text, bytes):
        manifest.write_bytes(text)
    else:
        manifest.write_text(text, encoding="utf-8")
    result = cli("build", "-f", "html")
    assert result.exit_code == 0 and "1 built" in result.stdout
    line, col, found = warned(result.stderr)
    assert (line, col) == where and found.startswith(message), result.stderr
    assert read_manifest(project.root / "output", "b") is not None  # valid again
    assert "0 built, 1 up to date" in cli("build", "-f", "html").stdout  # and quiet
    assert cli("build", "-f", "html").stderr == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda d: d.update(extra=1), "…: extra inputs are not permitted", id="extra"),
        pytest.param(
            lambda d: d["outputs"]["html"].update(sha256=7),
            "outputs.html.sha256: input should be",
            id="number-for-text",
        ),
        pytest.param(
            lambda d: d["diagnostics"].append({"code": "no.such"}),
            "diagnostics.0.severity",
            id="bad-diagnostic",
        ),
        pytest.param(
            lambda d: d["expected"].update(notes=[["1", "x"]]),
            "expected.notes.0.0: input should",
            id="text-for-number",
        ),
        pytest.param(lambda d: d.update(schema="2"), "schema: input should be 3", id="schema"),
        pytest.param(lambda d: d.pop("schema"), "schema: field required", id="no-schema"),
        pytest.param(
            lambda d: d.update(stem="other"), "it is the manifest of another briefing", id="stem"
        ),
        pytest.param(
            lambda d: d["outputs"].update(ps={"path": "b.ps"}), "outputs.…: ", id="format"
        ),
    ],
)
def test_a_manifest_of_the_wrong_form_is_rebuilt_with_a_warning(
    project: Project, cli: Any, change: Any, message: str
) -> None:
    manifest = build_once(project, cli)
    poison(manifest, change)
    result = cli("build", "-f", "html")
    assert result.exit_code == 0 and "1 built, 0 up to date" in result.stdout
    assert warned(result.stderr)[2].startswith(message), result.stderr
    assert "0 built, 1 up to date" in cli("build", "-f", "html").stdout


def _set_input(name: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["inputs"][name] = "0" * 64

    return change


def _set_output(name: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["outputs"]["html"]["path"] = name

    return change


def test_inputs_and_outputs_outside_are_refused_and_never_read(project: Project, cli: Any) -> None:
    manifest = build_once(project, cli)
    canary = canary_outside(project)
    (project.root / "content" / "link.yaml").symlink_to(canary.path)
    (project.root / "output" / "link.html").symlink_to(canary.path)
    cases = {
        _set_input(str(canary.path)): "inputs: a name outside the project and its house styles",
        _set_input("content/../../x"): "inputs.…: holds a '..' step",
        _set_input("content/link.yaml"): "an input it names lies outside the project and its house",
        _set_output(str(canary.path)): "outputs.html.path: is absolute",
        _set_output(f"../{canary.path.parent.name}/x"): "outputs.html.path: holds",
        _set_output("link.html"): "an output it names lies outside the output folder",
    }
    good = manifest.read_text(encoding="utf-8")
    for change, message in cases.items():
        manifest.write_text(good, encoding="utf-8")
        poison(manifest, change)
        result = cli("build", "-f", "html")
        assert result.exit_code == 0 and "1 built" in result.stdout, result.stderr
        assert warned(result.stderr)[2].startswith(message), result.stderr
        assert str(canary.path) not in result.stderr  # never named either
        assert canary.untouched()


@pytest.mark.parametrize("where", ["input", "output"])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "link to /dev/zero"])
def test_a_device_or_fifo_named_by_a_manifest_is_neither_read_nor_waited_for(
    project: Project, cli: Any, where: str, special: str
) -> None:
    manifest = build_once(project, cli)
    folder = project.root / ("content" if where == "input" else "output")
    name = "/dev/zero"
    if special == "fifo":
        os.mkfifo(folder / "pipe")
        name = "pipe"
    elif special.startswith("link"):
        (folder / "zero").symlink_to("/dev/zero")
        name = "zero"
    if where == "input":
        poison(manifest, _set_input(name if name.startswith("/") else f"content/{name}"))
    else:
        poison(manifest, _set_output(name))
    result = run_briefkit("build", "-f", "html", cwd=project.root)
    assert result.exit_code == 0, result.stderr
    assert result.seconds < QUICK
    assert "1 built, 0 up to date" in result.stdout
    line, col, message = warned(result.stderr)
    assert (line, col) == (1, 1)
    expected = {
        ("input", "/dev/zero"): "inputs: a name outside the project",
        ("input", "fifo"): "an input it names is not a regular file",
        ("input", "link to /dev/zero"): "an input it names lies outside the project",
        ("output", "/dev/zero"): "outputs.html.path: is absolute",
        ("output", "fifo"): "an output it names is not a regular file",
        ("output", "link to /dev/zero"): "an output it names lies outside the output folder",
    }[(where, special)]
    assert message.startswith(expected), result.stderr


def test_a_fifo_in_place_of_an_output_is_replaced_by_the_rebuild(
    project: Project, cli: Any
) -> None:
    """The manifest is valid; the file it names has become a FIFO: out of date, not a hang."""
    build_once(project, cli)
    html = project.root / "output" / "b.html"
    html.unlink()
    os.mkfifo(html)
    result = run_briefkit("build", "-f", "html", cwd=project.root)
    assert result.exit_code == 0 and result.seconds < QUICK, result.stderr
    assert "an output it names is not a regular file" in warned(result.stderr)[2]
    assert html.is_file() and not html.is_symlink()


def test_under_strict_the_warning_fails_once_and_force_rewrites(project: Project, cli: Any) -> None:
    manifest = build_once(project, cli)
    poison(manifest, lambda d: d.update(extra=1))
    before = (project.root / "output" / "b.html").stat().st_mtime_ns
    strict = cli("build", "-f", "html", "--strict")
    assert strict.exit_code == 1
    assert "output/.briefkit/b.json:1:1: error[manifest.invalid]" in strict.stderr
    assert (project.root / "output" / "b.html").stat().st_mtime_ns == before  # nothing written
    forced = cli("build", "-f", "html", "--strict", "--force")  # --force reads no manifest
    assert forced.exit_code == 0 and forced.stderr == ""
    assert "0 built, 1 up to date" in cli("build", "-f", "html", "--strict").stdout


def test_a_symlinked_briefkit_folder_is_refused_and_nothing_is_written_through_it(
    project: Project, cli: Any
) -> None:
    project.write("content/b.md", "---\ntitle: B\n---\n\nText.\n")
    canary = canary_outside(project, "b.json")  # what a manifest written through it would hit
    (project.root / "output").mkdir()
    (project.root / "output" / ".briefkit").symlink_to(canary.path.parent)
    result = cli("build", "-f", "html")
    assert result.exit_code == 3, result.stderr
    assert re.search(
        r"^output/\.briefkit:1:1: error\[output\.unsafe\]: is a symbolic link", result.stderr, re.M
    ), result.stderr
    assert canary.untouched()
    assert sorted(p.name for p in canary.path.parent.iterdir()) == ["b.json"]
    assert not (project.root / "output" / "b.html").exists()  # nothing built
    assert cli("build", "-f", "html", "--force").exit_code == 3  # --force does not pass it
    (project.root / "output" / ".briefkit").unlink()
    (project.root / "output" / ".briefkit").write_text("a file", encoding="utf-8")
    result = cli("build", "-f", "html")
    assert result.exit_code == 3 and "error[output.unsafe]: is not a folder" in result.stderr


def test_a_symlink_at_the_manifests_name_is_replaced_not_followed(
    project: Project, cli: Any
) -> None:
    manifest = build_once(project, cli)
    canary = canary_outside(project)
    manifest.unlink()
    manifest.symlink_to(canary.path)
    result = cli("build", "-f", "html")
    assert result.exit_code == 0 and "1 built" in result.stdout
    assert warned(result.stderr) == (1, 1, "it is a symbolic link")
    assert canary.untouched()  # neither read as a manifest nor written through
    assert manifest.is_file() and not manifest.is_symlink()
    assert read_manifest(project.root / "output", "b") is not None


def test_watch_takes_no_input_from_a_manifest_not_to_be_trusted(project: Project, cli: Any) -> None:
    manifest = build_once(project, cli)
    briefing = project.root / "content" / "b.md"
    opts = BuildOptions(("html",), Path("output"))
    assert briefing in Watcher([Path("content")], opts).inputs(briefing)
    poison(manifest, lambda d: d["inputs"].update({"/": ""}))  # watch the whole disk?
    watcher = Watcher([Path("content")], opts)
    assert watcher.inputs(briefing) == set()
    assert watcher.watch_roots() == [project.root / "content"]


def test_a_templates_folder_linked_from_outside_the_project_is_refused(
    project: Project, cli: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A project's `templates/` linked to a folder outside: its styles lie outside the project,
    which a build never reads (the containment rule), so no manifest can name them either."""
    shared = tmp_path_factory.mktemp("shared") / "templates"
    shutil.copytree(REPO / "templates" / "commentary", shared / "house")
    (shared / "house" / "style.yaml").write_text("name: house\n", encoding="utf-8")
    (project.root / "templates").symlink_to(shared)
    project.write("content/b.md", "---\ntitle: B\nstyle: house\n---\n\nText.\n")
    first = cli("build", "-f", "html")
    assert first.exit_code == 1
    assert "content/b.md:3:8: error[path.outside-project]: house style 'house' lies outside" in (
        first.stderr
    )
    assert read_manifest(project.root / "output", "b") is None


def test_an_edit_to_any_stage_makes_every_output_out_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code fingerprint covers the whole package, not only the build stage's modules."""
    from briefkit.build import manifest

    copy = tmp_path / "briefkit"
    shutil.copytree(REPO / "src" / "briefkit", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "__file__", str(copy / "build" / "manifest.py"))
    manifest.code_version.cache_clear()
    before = manifest.code_version()
    (copy / "cite" / "parts.py").write_text(
        (copy / "cite" / "parts.py").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    manifest.code_version.cache_clear()
    try:
        assert manifest.code_version() != before
    finally:
        manifest.code_version.cache_clear()
