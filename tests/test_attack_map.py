"""docs/limits.md maps each attack of issue 18 to the tests that guard it: every test named
there exists (a renamed or deleted test would leave a case unguarded), and every row names one."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO

SECTION = "## The attack catalogue as tests"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def rows() -> list[str]:
    text = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "`tests/" in line]


def defined(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_case_names_at_least_one_test() -> None:
    found = rows()
    assert len(found) >= 30  # the cases, one row each
    assert all(NAMED.search(row) for row in found)


def test_every_named_test_exists() -> None:
    missing = [
        f"{path}::{name}"
        for row in rows()
        for path, name in NAMED.findall(row)
        if not (REPO / path).is_file() or name not in defined(path)
    ]
    assert missing == []
