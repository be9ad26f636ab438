"""Pandoc citation syntax: items, keys, locators, prefixes and suffixes."""

from __future__ import annotations

import pytest

from briefkit.parse.citations import parse_bracketed, parse_locator


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        (", p. 5", ("page", "5", "")),
        (", pp. 33-35, for details", ("page", "33-35", ", for details")),
        (" 2", ("page", "2", "")),
        (" p. 2", ("page", "2", "")),
        (", chap. 3", ("chapter", "3", "")),
        (", § 12", ("section", "12", "")),
        (", para. 4", ("paragraph", "4", "")),
        (", 33-35, 38-39", ("page", "33-35, 38-39", "")),
        (", xi, will be entirely suffix", (None, None, ", xi, will be entirely suffix")),
        (", p. xi, roman", ("page", "xi", ", roman")),
        (", {pp. iv, vi-xi}, braced", ("page", "iv, vi-xi", ", braced")),
        (", book review", (None, None, ", book review")),
        (", and nothing else", (None, None, ", and nothing else")),
        ("", (None, None, "")),
    ],
)
def test_locators(suffix: str, expected: tuple) -> None:
    assert parse_locator(suffix) == expected


def test_several_items_with_prefix_suffix_and_suppressed_author() -> None:
    items = parse_bracketed("see @doe99, pp. 33-35, for details; -@smith04", 10)
    assert items is not None and len(items) == 2
    first, second = items
    assert (first.key, first.prefix, first.locator, first.suffix) == (
        "doe99",
        "see",
        "33-35",
        ", for details",
    )
    assert first.key_pos == 10 + len("see @")
    assert (second.key, second.suppress_author) == ("smith04", True)


def test_keys_drop_trailing_punctuation_and_braces_keep_it() -> None:
    assert parse_bracketed("@Foo_bar.baz.", 0)[0].key == "Foo_bar.baz"  # type: ignore[index]
    assert parse_bracketed("@{Foo_bar.baz.}", 0)[0].key == "Foo_bar.baz."  # type: ignore[index]


def test_brackets_without_a_key_in_every_part_are_not_citations() -> None:
    assert parse_bracketed("just text", 0) is None
    assert parse_bracketed("@a; no key here", 0) is None
    assert parse_bracketed("mail me@example.org", 0) is None
