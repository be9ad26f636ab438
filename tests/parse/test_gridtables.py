"""pandoc's grid tables (parse.gridtables): cells, alignments, widths, block content, spans,
and the located warning for each thing briefkit's one-header, span-free table cannot hold."""

from __future__ import annotations

import pytest

from briefkit import ir
from tests.parse.test_dashtables import cells, parse, tables


def warnings(text: str) -> list[tuple[int, int, str]]:
    _, diags = parse(text)
    return [
        (d.loc.line, d.loc.col, d.message)
        for d in diags
        if d.code == "syntax.unsupported" and d.loc is not None
    ]


def test_header_alignment_and_widths() -> None:
    text = "+------+:----:+\n| a    | b    |\n+======+======+\n| 1    | 2    |\n+------+------+\n"
    (t,) = tables(text)
    assert cells(t) == [["a", "b"], ["1", "2"]]
    assert list(t.aligns) == ["", ""]  # colons count on the header separator only
    text = "+------+------+\n| a    | b    |\n+=====:+:====:+\n| 1    | 2    |\n+------+------+\n"
    (t,) = tables(text)
    assert list(t.aligns) == ["right", "center"]
    assert t.widths == pytest.approx([7 / 72, 7 / 72])


def test_headerless_alignment_from_the_top_border() -> None:
    (t,) = tables("+:-----+-----:+\n| 1    | 2    |\n+------+------+\n")
    assert t.header == () and list(t.aligns) == ["left", "right"]


def test_wide_characters_take_two_columns() -> None:
    (t,) = tables("+--+----+\n|魚|fish|\n+--+----+\n")
    assert cells(t) == [["魚", "fish"]]


def test_a_cell_of_blocks_prints_as_lines_with_one_warning() -> None:
    text = (
        "+-------+-----------+\n"
        "| Fruit | Notes     |\n"
        "+=======+===========+\n"
        "| Plum  | - sweet   |\n"
        "|       | - dark    |\n"
        "+-------+-----------+\n"
        "| Fig   | - soft    |\n"
        "+-------+-----------+\n"
    )
    (t,) = tables(text)
    assert ir.plain_text(t.rows[0][1]) == "\u2022 sweet\n\u2022 dark"
    assert any(isinstance(i, ir.LineBreak) for i in t.rows[0][1])
    assert warnings(text) == [(4, 1, "grid table cells holding lists are printed as lines of text")]


def test_spans_are_kept_in_their_first_slot_and_warned_at_the_cell() -> None:
    text = (
        "Intro.\n\n"
        "+-----+-----+-----+\n"
        "| Both cols | c   |\n"
        "+=====+=====+=====+\n"
        "| a   | b   | c   |\n"
        "+     +-----+-----+\n"
        "|     | d   | e   |\n"
        "+-----+-----+-----+\n"
    )
    (t,) = tables(text)
    assert cells(t) == [["Both cols", "", "c"], ["a", "b", "c"], ["", "d", "e"]]
    assert [(ln, col) for ln, col, _ in warnings(text)] == [(3, 1), (5, 1)]
    assert "spanning 2 columns" in warnings(text)[0][2]
    assert "spanning 2 rows" in warnings(text)[1][2]


def test_a_foot_ends_the_body_with_a_warning() -> None:
    text = (
        "+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n"
        "+=====+=====+\n| sum | 3   |\n+=====+=====+\n"
    )
    (t,) = tables(text)
    assert cells(t) == [["a", "b"], ["1", "2"], ["sum", "3"]]
    assert [m for _, _, m in warnings(text)] == [
        "a grid table's foot is printed as its last body rows"
    ]


def test_text_across_a_border_is_not_a_table_and_is_reported() -> None:
    text = "Intro.\n\n+---+---+\n| ab  | c |\n+---+---+\n"
    assert tables(text) == []
    assert warnings(text) == [(3, 1, "pandoc Markdown construct not supported: grid table")]
