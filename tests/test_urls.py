"""The one URL rule (`briefkit.urls`): where an address may break (CMOS 14.18), bare
addresses found in text, and the link policy's helpers."""

from __future__ import annotations

import pytest

from briefkit.urls import looks_like_url, split_urls, url_break_points, url_segments


@pytest.mark.parametrize(
    ("url", "pieces"),
    [
        # after the double slash, before a period or a slash; never inside the scheme
        (
            "https://www.cas.go.jp/jp/senkaku.html",
            ["https://", "www", ".cas", ".go", ".jp", "/jp", "/senkaku", ".html"],
        ),
        # before a hyphen (never after it: that would read as a hyphenated word), before
        # and after = and &, before ? and #
        (
            "https://x.org/DND-welcomes?a=1&b=2#top",
            [
                "https://",
                "x",
                ".org",
                "/DND",
                "-welcomes",
                "?a",
                "=",
                "1",
                "&",
                "b",
                "=",
                "2",
                "#top",
            ],
        ),
        # before ~ _ % and a comma; after a colon (a port), not between a colon and //
        (
            "http://h.org:8080/~a_b/%20c,d",
            ["http://", "h", ".org:", "8080", "/", "~a", "_b", "/", "%20c", ",d"],
        ),
        ("mailto:press.office@example.org", ["mailto:", "press", ".office@example", ".org"]),
    ],
)
def test_a_url_breaks_only_where_chicago_allows(url: str, pieces: list[str]) -> None:
    assert url_segments(url) == pieces
    assert "".join(pieces) == url  # nothing added, nothing lost


def test_no_break_inside_the_scheme_or_a_double_slash() -> None:
    url = "https://a.org//b"
    points = url_break_points(url)
    assert all(p >= len("https://") for p in points)
    assert url.index("//b") + 1 not in points  # not between the two slashes


def test_bare_addresses_in_text_without_their_sentence_punctuation() -> None:
    text = "See https://example.org/a.html?q=1&o=2. Or www.nids.mod.go.jp, (https://x.org/b)."
    pieces = split_urls(text)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, is_url in pieces if is_url] == [
        "https://example.org/a.html?q=1&o=2",
        "www.nids.mod.go.jp",
        "https://x.org/b",
    ]
    assert split_urls("no address here") == [("no address here", False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://x.org", True),
        ("www.nids.mod.go.jp", True),
        ("mailto:a@b.org", True),
        ("example.org/path", True),
        ("the ministry's site", False),
        ("Report", False),
        ("", False),
    ],
)
def test_link_text_that_prints_an_address(text: str, expected: bool) -> None:
    assert looks_like_url(text) is expected


def test_no_character_alone_after_the_last_break() -> None:
    """A URL's trailing slash was a break point: a note printed "/." on a line of its own."""
    assert url_segments("https://amti.csis.org/february-2023/")[-1] == "-2023/"
    assert url_segments("https://x.org/a/b")[-1] == "/b"  # two characters may go over
