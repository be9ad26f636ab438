"""A briefing's `lang`: a tag that is not well-formed BCP 47 or names no ISO 639 language was
written to `<html lang>` without a word (`xx-YY-bad`, `zz`); a language the house style has no
words for printed English labels silently. Each is now a warning at the `lang:` line."""

from __future__ import annotations

import pytest

from briefkit.model.languages import tag_problem
from tests.conftest import Project
from tests.helpers import resolve_file


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "EN-us",
        "ja-JP",
        "zh-Hant-TW",
        "sr-Latn-RS",
        "es-419",
        "de-CH-1901",
        "yue",
        "fil",
        "en-US-u-ca-gregory",
        "ja-JP-x-kansai",
    ],
)
def test_well_formed_tags_of_known_languages_pass(tag: str) -> None:
    assert tag_problem(tag) is None


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("xx-YY-bad", "not a well-formed"),  # a 3-letter subtag after the region
        ("en-US-US", "not a well-formed"),  # two regions
        ("zz", "'zz' is not an ISO 639"),
        ("qq-GB", "'qq' is not an ISO 639"),
        ("jpn-JP", "two-letter code"),
    ],
)
def test_malformed_or_unknown_tags_are_named(tag: str, says: str) -> None:
    problem = tag_problem(tag)
    assert problem is not None and says in problem[0]


def test_jpn_gets_the_tag_to_write() -> None:
    assert tag_problem("jpn-JP") == (
        "'jpn' has a two-letter code, which BCP 47 requires",
        "write 'ja-JP'",
    )


def brief(project: Project, lang: str) -> list[tuple[str, bool, int, int]]:
    path = project.write(
        "content/a.md", f"---\ntitle: T\nlang: {lang}\n---\n\nText.[^a]\n\n[^a]: N.\n"
    )
    _, diags = resolve_file(path, project.root)
    return [(d.code, d.is_error, d.loc.line, d.loc.col) for d in diags if d.loc]


def test_a_bad_tag_is_one_warning_at_the_lang_line(project: Project) -> None:
    assert brief(project, "xx-YY-bad") == [("frontmatter.unknown-language", False, 3, 7)]
    assert brief(project, "zz") == [("frontmatter.unknown-language", False, 3, 7)]


def test_a_language_the_style_has_no_words_for_says_it_prints_english(project: Project) -> None:
    path = project.write("content/a.md", "---\ntitle: T\nlang: fr\n---\n\nTexte.[^a]\n\n[^a]: N.\n")
    doc, diags = resolve_file(path, project.root)
    [warning] = list(diags)
    assert warning.code == "style.language-fallback" and not warning.is_error
    assert warning.loc is not None and (warning.loc.line, warning.loc.col) == (3, 7)
    assert "'fr'" in warning.message and "English" in warning.message
    assert doc is not None and doc.meta.lang == "fr"


@pytest.mark.parametrize("lang", ["en", "en-GB", "ja", "ja-JP"])
def test_the_styles_languages_and_their_regions_are_quiet(project: Project, lang: str) -> None:
    assert brief(project, lang) == []


def test_a_value_that_is_no_tag_is_an_error_naming_the_tag_meant(project: Project) -> None:
    path = project.write("content/a.md", "---\ntitle: T\nlang: en_US\n---\n\nText.\n")
    _, diags = resolve_file(path, project.root)
    [error] = list(diags)
    assert error.code == "frontmatter.invalid" and "write 'en-US'" in error.message
