"""`briefkit new`'s library half: safe names, YAML that reads back as written, never replacing
a file, and a marker that makes an empty folder a project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefkit.authoring.new import check_slug, plan, title_from_slug, write_new, yaml_text
from briefkit.errors import BriefkitError, ExitCode


@pytest.mark.parametrize(
    ("slug", "expected"),
    [("japan-asean-2025", "japan-asean-2025"), ("Brief_1", "Brief_1"), ("note.md", "note")],
)
def test_good_slugs(slug: str, expected: str) -> None:
    assert check_slug(slug) == expected


@pytest.mark.parametrize(
    "slug",
    ["", "../x", "a/b", "_draft", ".hidden", "-x", "with space", "é", "a" * 101, "README", "nul"],
)
def test_unsafe_or_reserved_slugs_are_usage_errors(slug: str) -> None:
    with pytest.raises(BriefkitError) as info:
        check_slug(slug)
    assert info.value.exit_code == ExitCode.USAGE


def test_a_path_for_a_name_is_told_the_name() -> None:
    """`briefkit new content/x.md`, as a user types a path: the error says `new x`."""
    with pytest.raises(BriefkitError) as info:
        check_slug("content/gaza-ceasefire.md")
    assert "`briefkit new gaza-ceasefire` writes content/gaza-ceasefire.md" in str(info.value)
    with pytest.raises(BriefkitError) as plain:
        check_slug("with space")
    assert "the name only" not in str(plain.value)


@pytest.mark.parametrize(
    "title",
    [
        "Plain",
        "Colon: subtitle",
        "# not a comment",
        "true",
        "1984",
        'Say "hi"',
        "日本とASEAN",
        "- x",
    ],
)
def test_titles_read_back_unchanged(title: str) -> None:
    assert yaml.safe_load(f"title: {yaml_text(title)}") == {"title": title}


def test_title_from_slug() -> None:
    assert title_from_slug("japan-asean_defence") == "Japan asean defence"


def test_plan_marks_a_folder_that_is_no_project(tmp_path: Path) -> None:
    files = plan("x", tmp_path / "content", today=dt.date(2025, 11, 5), cwd=tmp_path)
    assert [f.path.name for f in files] == ["x.md", "x.references.yaml", "briefkit.toml"]
    assert "date: 2025-11-05\n" in files[0].text
    (tmp_path / ".git").mkdir()
    assert len(plan("x", tmp_path / "content", cwd=tmp_path)) == 2


def test_unknown_style_is_a_usage_error_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(BriefkitError) as info:
        plan("x", tmp_path, style="comentary", cwd=tmp_path)
    assert info.value.exit_code == ExitCode.USAGE
    assert "did you mean 'commentary'" in str(info.value)


def test_write_new_never_replaces_and_writes_nothing_when_refusing(tmp_path: Path) -> None:
    files = plan("x", tmp_path / "content", cwd=tmp_path)
    (tmp_path / "content").mkdir()
    existing = tmp_path / "content" / "x.references.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    with pytest.raises(BriefkitError) as info:
        write_new(files)
    assert info.value.exit_code == ExitCode.CONTENT
    assert "x.references.yaml" in str(info.value)
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "content" / "x.md").exists()
    assert not (tmp_path / "briefkit.toml").exists()
