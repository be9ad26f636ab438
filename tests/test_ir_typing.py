"""The IR's type guarantee, checked by mypy itself: a source node (`Cite`, `FootnoteRef`,
`InlineNote`, or a container of source inlines) cannot reach a `ResolvedDocument` or a
renderer without `resolve`.

mypy runs with the project's configuration (`pyproject.toml`, `--strict`) on two fixtures in
tests/fixtures/typing: `unresolved.py`, whose lines marked `# error: <code>` must each be
reported with that code (and no other line), and `resolved.py`, its control, which must pass.
One run for both, with a cache in pytest's temporary folder (about 3 s cold).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "typing"
MARK = re.compile(r"#\s*error:\s*([\w-]+)\s*$")
REPORT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")


def marked_errors(path: Path) -> set[tuple[int, str]]:
    """(line, code) of every line the fixture says mypy must reject."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {(n, m.group(1)) for n, text in enumerate(lines, 1) if (m := MARK.search(text))}


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[int, str]]]:
    """mypy's errors per fixture file name: {name: {(line, code)}}."""
    cache = tmp_path_factory.mktemp("mypy-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("MYPYPATH", str(REPO / "src"))  # briefkit from the source tree, as `make lint`
    try:
        stdout, stderr, _ = api.run(
            [
                "--config-file",
                str(REPO / "pyproject.toml"),
                "--cache-dir",
                str(cache),
                "--no-pretty",
                "--show-error-codes",
                str(FIXTURES / "unresolved.py"),
                str(FIXTURES / "resolved.py"),
            ]
        )
    finally:
        mp.undo()
    assert not stderr, stderr
    found: dict[str, set[tuple[int, str]]] = {"unresolved.py": set(), "resolved.py": set()}
    for line in stdout.splitlines():
        m = REPORT.match(line)
        if m:
            found.setdefault(Path(m["file"]).name, set()).add((int(m["line"]), m["code"]))
        else:
            assert line.startswith("Found ") or ": note: " in line, line
    return found


def test_the_fixture_marks_each_way_round_resolve() -> None:
    assert len(marked_errors(FIXTURES / "unresolved.py")) == 6


def test_mypy_rejects_source_nodes_where_resolved_ones_go(
    reported: dict[str, set[tuple[int, str]]],
) -> None:
    assert reported["unresolved.py"] == marked_errors(FIXTURES / "unresolved.py")


def test_mypy_accepts_the_resolved_control(reported: dict[str, set[tuple[int, str]]]) -> None:
    assert reported["resolved.py"] == set()
