"""An unclosed code fence or fenced div ran to the end of the file without a word (the rest of
the briefing printed as code, or inside the box): `syntax.unclosed` at its opening line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body


def unclosed(text: str) -> list[tuple[int, str]]:
    diags = Diagnostics()
    parse_body(text, Path("a.md"), diags)
    return [
        (d.loc.line, d.message.split(" is never")[0])
        for d in diags
        if d.code == "syntax.unclosed" and d.loc
    ]


@pytest.mark.parametrize(
    "text",
    [
        "```\ncode\n```\n",
        "~~~~ python\nx\n~~~~~\n",
        "````\nx\n```\n````\n",  # a shorter fence inside is content
        "::: {.box}\ntext\n:::\n",
        ":::: {.box}\n::: {.note}\nx\n:::\n::::\n",
        "> ```\n> x\n> ```\n\nafter\n",
        "```\n```\n",  # empty
    ],
)
def test_closed_blocks_are_quiet(text: str) -> None:
    assert unclosed(text) == []


def test_an_unclosed_fence_is_located_and_swallows_the_rest() -> None:
    text = "Intro.\n\n```\ncode\n\nThis paragraph is code too.\n\n"
    diags = Diagnostics()
    body = parse_body(text, Path("a.md"), diags)
    [warning] = [d for d in diags if d.code == "syntax.unclosed"]
    assert not warning.is_error and warning.loc is not None and warning.loc.line == 3
    assert warning.hint == "end it with a line of ```"
    assert isinstance(body.blocks[-1], ir.CodeBlock)  # what the warning is about
    assert "paragraph is code" in body.blocks[-1].text


def test_unclosed_fences_in_a_quotation_a_list_and_a_note() -> None:
    assert unclosed("> ```\n> x\n\nafter\n") == [(1, "code fence '```'")]
    assert unclosed("- ~~~\n  x\n- y\n") == [(1, "code fence '~~~'")]
    assert unclosed("T.[^a]\n\n[^a]: Note\n\n    ```\n    x\n") == [(5, "code fence '```'")]


def test_an_unclosed_div_and_the_inner_of_two_nested_ones() -> None:
    assert unclosed("Intro.\n\n::: {.box}\ntext\n") == [(3, "fenced div '::: {.box}'")]
    diags = Diagnostics()
    parse_body("::: {.box}\n::: {.note}\nx\n:::\n", Path("a.md"), diags)
    [warning] = [d for d in diags if d.code == "syntax.unclosed"]
    assert warning.loc is not None and warning.loc.line == 2  # markdown-it closed the outer
    assert warning.hint is not None and "(::::)" in warning.hint


def _notes(text: str) -> list[tuple[int, int]]:
    diags = Diagnostics()
    body = parse_body(text, Path("a.md"), diags)
    found = [(d.loc.line, d.loc.col) for d in diags if d.code == "syntax.unclosed" and d.loc]
    assert body is not None
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Closed.^[A note.] After.\n",
        "Written as text: \\^[not a note].\n",
        "In code: `^[x` stays code.\n",
        "Two: ^[one] and \\^[two] and ^[three].\n",
    ],
)
def test_closed_or_escaped_inline_notes_are_quiet(text: str) -> None:
    assert _notes(text) == []


def test_an_inline_note_left_open_by_a_blank_line_is_found_where_it_opens() -> None:
    """The blank line ends the paragraph: pandoc and markdown-it print `^[` as text and make
    no note; the warning points at the `^[` (line 2, column 11)."""
    text = "First paragraph.\nSome text.^[A note with\n\ntwo paragraphs.] Next.\n"
    assert _notes(text) == [(2, 11)]


def test_an_escaped_one_beside_an_open_one_still_finds_the_open_one() -> None:
    assert _notes("A \\^[literal] and ^[open\n\nlater.\n") == [(1, 19)]
