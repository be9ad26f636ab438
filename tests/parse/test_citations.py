"""Pandoc citation syntax: items, keys, locators, prefixes and suffixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.rules_inline import StateInline

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.citations import citation_rule, parse_bracketed, parse_locator
from briefkit.parse.markdown import parse_body
from briefkit.parse.mdparser import markdown_parser


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
        # a bare roman numeral that is all the suffix is a page, as a bare number is
        (", xii--xv", ("page", "xii--xv", "")),
        (", iv", ("page", "iv", "")),
        (", XII–XV", ("page", "XII–XV", "")),
        (", iv, vi-xi ", ("page", "iv, vi-xi", "")),
        (", i.e. not", (None, None, ", i.e. not")),
        (", mix", (None, None, ", mix")),
        (", Xii", (None, None, ", Xii")),
        (", p. xi, roman", ("page", "xi", ", roman")),
        (", {pp. iv, vi-xi}, braced", ("page", "iv, vi-xi", ", braced")),
        (", book review", (None, None, ", book review")),
        (", and nothing else", (None, None, ", and nothing else")),
        ("", (None, None, "")),
        # numbered parts keep their dots, as pandoc keeps them ("sec. 2. 1" was printed)
        (", sec. 2.1", ("section", "2.1", "")),
        (", para. 3.2.1", ("paragraph", "3.2.1", "")),
        (", 2.1", ("page", "2.1", "")),
        (", chap. 4.2, for details", ("chapter", "4.2", ", for details")),
        (", sec. 2.1--2.4", ("section", "2.1--2.4", "")),
        (", pp. 3-5, 7.2", ("page", "3-5, 7.2", "")),
        (", p. 45.", ("page", "45", ".")),  # a dot that ends it is the sentence's
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


def test_in_text_citation_followed_by_a_list_of_sources() -> None:
    """pandoc's `@a [-@b p. 30; see also @c]`: the bracket after an in-text key is a list."""
    src = "@a [-@b p. 30; see also @c] and"
    state = StateInline(src, markdown_parser(), {}, [])
    assert citation_rule(state, False)
    assert state.pos == src.index(" and")
    items = state.tokens[0].meta["items"]
    assert [(i.key, i.prefix, i.suppress_author) for i in items] == [
        ("a", "", False),
        ("b", "", True),
        ("c", "see also", False),
    ]
    assert (items[1].label, items[1].locator) == ("page", "30")
    assert [i.key_pos for i in items] == [src.index("a"), src.index("b"), src.index("c")]
    assert state.tokens[0].meta["in_text"] is True


def test_in_text_locator_then_more_sources() -> None:
    src = "-@a [p. 4, for details; see @b]"
    state = StateInline(src, markdown_parser(), {}, [])
    assert citation_rule(state, False)
    first, second = state.tokens[0].meta["items"]
    assert (first.key, first.suppress_author, first.locator, first.suffix) == (
        "a",
        True,
        "4",
        ", for details",
    )
    assert src[first.suffix_pos :].startswith(", for details")
    assert (second.key, second.prefix) == ("b", "see")
    assert state.tokens[0].meta["in_text"] is False  # -@a names no author in the sentence


@pytest.mark.parametrize(
    ("text", "col", "why", "suffix", "locator"),
    [
        # pandoc keeps these slips as suffix text and prints "A (2020),." or "Ibid., p."
        ("B [@key, ].", 8, "nothing follows the `,`: it is dropped", (), None),
        ("B [@key, p. 4, ].", 14, "nothing follows the `,`: it is dropped", (), "4"),
        ("B [@key, p. ].", 8, "the locator `p.` has no value: it is dropped", (), None),
        ("B @key [p. ].", 9, "the locator `p.` has no value: it is dropped", (), None),
        # pandoc reads `[@key;]` as "[", an in-text citation, ";]": read as `[@key]` instead
        ("B [@key;].", 8, "an empty citation beside a `;`: the `;` is dropped", (), None),
        (
            "B @key{}.",
            7,
            "`{}` right after the key: dropped (a key in braces is `@{key}`)",
            (),
            None,
        ),
    ],
)
def test_a_citation_slip_is_dropped_with_a_located_warning(
    text: str, col: int, why: str, suffix: tuple[object, ...], locator: str | None
) -> None:
    diags = Diagnostics()
    para = parse_body(text, Path("a.md"), diags).blocks[0]
    assert isinstance(para, ir.Paragraph)
    cites = [n for n in para.inlines if isinstance(n, ir.Cite)]
    assert len(cites) == 1 and len(cites[0].items) == 1
    item = cites[0].items[0]
    assert (item.key, item.suffix, item.locator) == ("key", suffix, locator)
    text_after = ir.plain_text([n for n in para.inlines if not isinstance(n, ir.Cite)])
    assert text_after == "B ."  # no bracket, brace or separator left as text
    found = [(d.code, d.loc.col if d.loc else 0, d.message) for d in diags]
    assert found == [("cite.syntax", col, f"malformed citation: {why}")]


def test_a_suffix_word_that_is_also_a_locator_term_is_text() -> None:
    """Only an abbreviated term with no value is a slip: "book" alone is the suffix."""
    items = parse_bracketed("@key, book", 0, flaws := [])
    assert items is not None and items[0].suffix == ", book" and flaws == []
