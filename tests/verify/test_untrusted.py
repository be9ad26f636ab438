"""`briefkit verify` treats build manifests as untrusted: one that is not valid is a reported
problem, never followed; an output is read only by its name inside the output folder, under
the containment rule; nothing outside the project is read or named, and verify leaves the
output folder (the previous set and the attacker's manifest) byte for byte as it found it."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from tests.build.manifests import (
    QUICK,
    Canary,
    Finished,
    Previous,
    build_once,
    canary_outside,
    poison,
    run_briefkit,
    snapshot,
)
from tests.conftest import Project


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error[" in line]


def verify(project: Project, cli: Any, canary: Canary | None = None) -> Any:
    """`briefkit verify` in this process, checked to leave the output folder as it was and a
    canary outside the project (`canary`, else a fresh one) unread and unwritten."""
    out = project.root / "output"
    sealed = Previous(out, snapshot(out), canary or canary_outside(project, "elsewhere.txt"))
    result = cli("verify")
    sealed.unchanged()
    return result


def verify_apart(project: Project) -> Finished:
    """`verify` as its own process under a deadline, with the same checks as `verify`."""
    out = project.root / "output"
    sealed = Previous(out, snapshot(out), canary_outside(project, "elsewhere.txt"))
    result = run_briefkit("verify", cwd=project.root)
    sealed.unchanged()
    return result


def test_an_output_path_outside_the_folder_is_a_problem_and_is_not_followed(
    project: Project, cli: Any
) -> None:
    manifest = build_once(project, cli)
    canary = canary_outside(project, "passwd")
    poison(manifest, lambda d: d["outputs"]["html"].update(path=str(canary.path)))
    result = verify(project, cli, canary)
    assert result.exit_code == 1
    assert problems(result.stderr) == [
        "output/.briefkit/b.json:1:1: error[manifest.invalid]: build manifest not trusted: "
        "outputs.html.path: is absolute: only names inside the output folder are honoured"
    ], result.stderr
    assert str(canary.path) not in result.stderr + result.stdout
    assert canary.untouched()
    # the same through '..'
    poison(manifest, lambda d: d["outputs"]["html"].update(path="../../" + canary.path.name))
    result = verify(project, cli, canary)
    assert result.exit_code == 1 and "outputs.html.path: holds a '..' step" in result.stderr
    assert canary.untouched()


def test_an_output_that_is_a_link_out_of_the_folder_is_unreadable_not_read(
    project: Project, cli: Any
) -> None:
    build_once(project, cli)
    canary = canary_outside(project, "passwd")
    html = project.root / "output" / "b.html"
    html.unlink()
    html.symlink_to(canary.path)
    result = verify(project, cli, canary)
    assert result.exit_code == 1
    assert problems(result.stderr) == [
        "output/b.html:1:1: error[verify.unreadable]: html: cannot be read back: it lies "
        "outside the output folder (symlinks are followed)"
    ], result.stderr
    assert str(canary.path) not in result.stderr + result.stdout
    assert canary.untouched()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_output_is_reported_at_once(
    project: Project, cli: Any, special: str
) -> None:
    manifest = build_once(project, cli)
    if special == "fifo":
        html = project.root / "output" / "b.html"
        html.unlink()
        os.mkfifo(html)
        expected = "output/b.html:1:1: error[verify.unreadable]: html: cannot be read back: it is "
    else:
        poison(manifest, lambda d: d["outputs"]["html"].update(path="/dev/zero"))
        expected = "output/.briefkit/b.json:1:1: error[manifest.invalid]: "
    result = verify_apart(project)
    assert result.exit_code == 1 and result.seconds < QUICK, result.stderr
    assert [p[: len(expected)] for p in problems(result.stderr)] == [expected], result.stderr
    assert "0 problems" not in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "{\n  oops",
            "2:3: error[manifest.invalid]: build manifest not trusted: it is not JSON",
            id="not-json",
        ),
        pytest.param(
            '{"schema": 3}',
            "1:1: error[manifest.invalid]: build manifest not trusted: source: field required (and",
            id="incomplete",
        ),
    ],
)
def test_a_manifest_that_is_not_valid_is_a_problem(
    project: Project, cli: Any, text: str, message: str
) -> None:
    manifest = build_once(project, cli)
    manifest.write_text(text, encoding="utf-8")
    result = verify(project, cli)
    assert result.exit_code == 1
    assert problems(result.stderr)[0].startswith(f"output/.briefkit/b.json:{message}")
    assert "hint: its outputs are not checked; build again to rewrite it" in result.stderr
    assert "verified 0 outputs: 1 problem" in result.stdout


def test_manifests_of_another_schema_say_so(project: Project, cli: Any) -> None:
    """An output folder an older briefkit built: not "no build manifest", but rebuild it."""
    manifest = build_once(project, cli)
    poison(manifest, lambda d: d.update(schema=2))
    result = verify(project, cli)
    assert result.exit_code == 1
    assert "are another briefkit version's; build into this folder again" in result.stderr


def test_the_other_manifests_are_still_verified(project: Project, cli: Any) -> None:
    build_once(project, cli, "a")
    manifest = build_once(project, cli, "b")
    poison(manifest, lambda d: d.update(extra=True))
    result = verify(project, cli)
    assert result.exit_code == 1
    assert len(problems(result.stderr)) == 1 and "…: extra inputs" in result.stderr
    assert "verified 1 output: 1 problem" in result.stdout  # a.html was checked


def test_a_symlinked_briefkit_folder_is_a_problem_and_not_followed(
    project: Project, cli: Any
) -> None:
    manifest = build_once(project, cli)
    canary = canary_outside(project, "b.json")
    canary.path.write_bytes(manifest.read_bytes())  # a manifest that would verify
    os.utime(canary.path, (1_000_000, 1_000_001))
    briefkit = project.root / "output" / ".briefkit"
    manifest.unlink()
    briefkit.rmdir()
    briefkit.symlink_to(canary.path.parent)
    result = verify(project, cli)
    assert result.exit_code == 1
    assert re.fullmatch(
        r"output/\.briefkit:1:1: error\[output\.unsafe\]: is a symbolic link; .*",
        problems(result.stderr)[0],
    ), result.stderr
    assert os.stat(canary.path).st_atime == 1_000_000  # not read through the link
