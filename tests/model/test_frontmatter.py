"""Front matter: pandoc's keys as pandoc means them, briefing keys, located problems."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from briefkit.model.dates import PartialDate
from briefkit.model.frontmatter import FrontMatter
from tests.conftest import Project
from tests.helpers import codes, resolve_file


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Jane Doe", ["Jane Doe"]),
        (["Jane Doe", "John Roe"], ["Jane Doe", "John Roe"]),
        ({"name": "Jane Doe", "position": "Fellow"}, ["Jane Doe"]),
        ([{"name": "Jane Doe"}, "John Roe"], ["Jane Doe", "John Roe"]),
        ([{"family": "Oguma", "given": "Shinya"}], [None]),
    ],
)
def test_author_forms_pandoc_accepts(author: object, names: list) -> None:
    fm = FrontMatter.model_validate({"title": "T", "author": author})
    assert [a.name for a in fm.author] == names


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-11-01", "2025-11-01"),
        ("2025-11", "2025-11"),
        ("2025", "2025"),
        (2025, "2025"),
        (dt.date(2025, 11, 1), "2025-11-01"),
    ],
)
def test_dates_to_the_day_month_or_year(value: object, iso: str) -> None:
    fm = FrontMatter.model_validate({"title": "T", "date": value})
    assert isinstance(fm.date, PartialDate) and fm.date.iso() == iso


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "Nov 2025", "2025/11/01"])
def test_bad_dates_are_rejected(value: str) -> None:
    with pytest.raises(ValidationError):
        FrontMatter.model_validate({"title": "T", "date": value})


def test_bibliography_string_or_list_and_keywords_string() -> None:
    fm = FrontMatter.model_validate({"title": "T", "bibliography": "a.yaml", "keywords": "x, y"})
    assert fm.bibliography == ["a.yaml"] and fm.keywords == ["x", "y"]


def test_unknown_key_is_a_located_warning_with_a_hint(project: Project) -> None:
    path = project.write(
        "content/b.md",
        """
        ---
        title: T
        subtitel: oops
        ---
        Text.
        """,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    (d,) = diags.items
    assert (d.code, d.severity.value, d.loc.line, d.loc.col) == (  # type: ignore[union-attr]
        "frontmatter.unknown-key",
        "warning",
        3,
        1,
    )
    assert d.hint == "did you mean 'subtitle'?"


def test_pandoc_only_keys_are_accepted_silently(project: Project) -> None:
    path = project.write(
        "content/b.md",
        """
        ---
        title: T
        csl: chicago-fullnote-bibliography.csl
        link-citations: true
        ---
        Text.
        """,
    )
    _, diags = resolve_file(path, project.root)
    assert codes(diags) == []


def test_missing_title_and_invalid_date_are_located_errors(project: Project) -> None:
    path = project.write(
        "content/b.md",
        """
        ---
        subtitle: S
        date: 2025-14-01
        ---
        Text.
        """,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is None
    found = {(d.code, d.loc.line, d.loc.col) for d in diags}  # type: ignore[union-attr]
    assert ("frontmatter.invalid", 2, 1) in found  # title: reported at the front matter start
    assert ("frontmatter.invalid", 3, 7) in found  # the date value
    assert any("missing required field 'title'" in d.message for d in diags)


def test_yaml_syntax_error_is_reported_on_its_line(project: Project) -> None:
    path = project.write(
        "content/b.md",
        """
        ---
        title: T
        subtitle: a: b
        ---
        Text.
        """,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is None
    (d,) = diags.items
    assert d.code == "frontmatter.syntax" and d.loc is not None and d.loc.line == 3


@pytest.mark.parametrize("name", ["../../elsewhere", "/etc", "a/b", "..", "x/../y", ".hidden"])
def test_a_style_is_named_not_given_as_a_path(project: Project, name: str) -> None:
    path = project.write("content/x.md", f"---\ntitle: X\nstyle: '{name}'\n---\n\nText.\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is None
    [problem] = [d for d in diags if d.code == "frontmatter.invalid"]
    assert problem.loc is not None and (problem.loc.line, problem.loc.col) == (3, 8)
    assert "not by a path" in problem.message


@pytest.mark.parametrize("name", ["commentary", "my-style", "house_2025", "nids.v2"])
def test_plain_style_names_validate(name: str) -> None:
    assert FrontMatter.model_validate({"title": "T", "style": name}).style == name
