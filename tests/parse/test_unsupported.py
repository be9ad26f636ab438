"""pandoc constructs briefkit does not render: each one is a located `syntax.unsupported`."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body

P = Path("brief.md")


def findings(text: str) -> list[tuple[int, int, str]]:
    diags = Diagnostics()
    parse_body(text, P, diags)
    return [
        (d.loc.line, d.loc.col, d.message.removeprefix("pandoc Markdown construct not supported: "))
        for d in diags
        if d.code == "syntax.unsupported" and d.loc is not None
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tables the parser cannot read: text across a column border, no rows, never closed
        ("Intro.\n\n+---+---+\n| a  | b |\n+---+---+\n", (3, 1, "grid table")),
        ("Intro.\n\n  Right  Left\n  -----  ----\n\nText.\n", (3, 3, "simple table")),
        (
            "Intro.\n\n-------------------\nFirst   Second\n------- ----------\nA       B\n",
            (3, 1, "multiline table"),
        ),
        ("Intro.\n\n  aaa  bbb\n  ---  ---\n\n: The caption.\n", (6, 1, "table caption")),
        # a delimiter row of one cell under two header cells: markdown-it reads no table
        ("Intro.\n\n| a | b |\n|---|\n| 1 | 2 | 3 |\n", (3, 1, "pipe table")),
    ],
)
def test_each_construct_is_named_at_its_position(text: str, expected: tuple[int, int, str]) -> None:
    assert expected in findings(text)


def test_code_and_supported_markdown_give_no_warning() -> None:
    text = (
        "# A heading\n\nA paragraph with `$x$` and **bold**, costing $5 or $10.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n\n1. one\n\n```\n::: not a div\n"
        "+---+\n```\n\n    $code$ {#x}\n\nNo | outer\n--|--\npipes | here\n\n"
        "A | heading\n---\n"
    )
    assert findings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Intro.\n\n+---+---+\n| a | b |\n+---+---+\n",
        "Intro.\n\n  Right  Left\n  -----  ----\n      1  2\n",
        "Intro.\n\n-------------------\nFirst   Second\n------- ----------\nA       B\n"
        "-------------------\n",
        "Intro.\n\n  aaa  bbb\n  ---  ---\n  1    2\n\n: The caption.\n",
    ],
)
def test_tables_the_parser_reads_are_not_reported(text: str) -> None:
    assert findings(text) == []


@pytest.mark.parametrize(
    ("caption", "warned"),
    [
        ("表: 年度別の予算。", True),  # before the table, Japanese, a half-width colon
        ("表：年度別の予算。", True),  # a full-width one
        ("Tabelle: Haushalt nach Jahr.", True),
        ("Table: Budget by year.", False),  # pandoc's: the table's caption
        ("表は年度別の予算を示す。", False),  # a sentence about the table
    ],
)
def test_a_caption_in_another_language_is_said_to_print_as_a_paragraph(
    caption: str, warned: bool
) -> None:
    diags = Diagnostics()
    body = parse_body(f"Intro.\n\n{caption}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", P, diags)
    found = [d for d in diags if d.code == "syntax.unsupported"]
    assert [(d.loc.line, d.loc.col) for d in found if d.loc] == ([(3, 1)] if warned else [])
    if warned:
        assert "not as the table's caption" in found[0].message
        assert found[0].hint is not None and "'Table: …'" in found[0].hint
    tables = [b for b in body.blocks if type(b).__name__ == "Table"]
    assert len(tables) == 1 and bool(tables[0].caption) is (caption.startswith("Table:"))
