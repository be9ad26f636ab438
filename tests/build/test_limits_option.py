"""`--limit NAME=N`: a cap raised for one run from the command line (issue #18, item 5), beside
the front matter's `limits:`, which wins where it sets a value."""

from __future__ import annotations

from typing import Any

import pytest

from briefkit.build.sources import LIMIT_NAMES, parse_limits
from briefkit.errors import BriefkitError, ExitCode
from briefkit.model.frontmatter import Limits
from tests.conftest import Project


def notes(n: int, limits: str = "") -> str:
    body = "\n\n".join(f"Paragraph {i}.[^{i}]" for i in range(n))
    defs = "\n".join(f"[^{i}]: Note {i}." for i in range(n))
    return f"---\ntitle: T\n{limits}---\n{body}\n\n{defs}\n"


def test_the_names_are_the_front_matter_names() -> None:
    aliases = {f.alias or name for name, f in Limits.model_fields.items()}
    assert set(LIMIT_NAMES) == aliases


def test_values_are_checked() -> None:
    assert parse_limits(["notes=6_000", "image_pixels=1,000", "notes=7000"]) == (
        ("image-pixels", 1000),
        ("notes", 7000),
    )
    for bad in ("notes", "notes=0", "notes=-3", "notes=ten", "pages=3", "notes=٣"):
        with pytest.raises(BriefkitError) as caught:
            parse_limits([bad])
        assert caught.value.exit_code == ExitCode.USAGE


def test_check_and_build_take_a_raised_cap(project: Project, cli: Any) -> None:
    project.write("content/a.md", notes(5_001))
    refused = cli("check", "content/a.md")
    assert refused.exit_code == 1
    assert "--limit notes=10000" in refused.stderr  # the hint names both ways
    assert cli("check", "content/a.md", "--limit", "notes=6000").exit_code == 0
    built = cli("build", "content/a.md", "-f", "html", "--limit", "notes=6000")
    assert built.exit_code == 0, built.stderr
    html = (project.root / "output" / "a.html").read_text(encoding="utf-8")
    assert "Note 5000." in html


def test_the_front_matter_wins_where_it_sets_a_cap(project: Project, cli: Any) -> None:
    project.write("content/a.md", notes(30, "limits: {notes: 20}\n"))
    result = cli("check", "content/a.md", "--limit", "notes=6000")
    assert result.exit_code == 1
    assert "error[input.too-many-notes]: more than 20 notes" in result.stderr


def test_a_bad_limit_is_a_usage_error(project: Project, cli: Any) -> None:
    project.write("content/a.md", notes(3))
    result = cli("build", "content/a.md", "--limit", "pages=3")
    assert result.exit_code == 2
    assert "expected NAME=N" in result.stderr
    assert not (project.root / "output" / "a.html").exists()
