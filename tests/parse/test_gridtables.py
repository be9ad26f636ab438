"""pandoc's grid tables (parse.gridtables): cells, alignments, widths, block content, row and
column spans, header rows and foot, as pandoc 3 reads them (the oracle, test_pandoc_tables.py,
compares them with pandoc's own AST)."""

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
    assert t.head == () and list(t.aligns) == ["left", "right"]


def test_wide_characters_take_two_columns() -> None:
    (t,) = tables("+--+----+\n|魚|fish|\n+--+----+\n")
    assert cells(t) == [["魚", "fish"]]


def spans(table: ir.Table[ir.SourceInline]) -> list[list[tuple[str, int, int]]]:
    """Each row's cells (those that start in it): text, row span, column span."""
    return [
        [(" ".join(ir.blocks_text(c.blocks).split()), c.rowspan, c.colspan) for c in row]
        for row in table.all_rows
    ]


def test_a_cell_holds_blocks_and_a_one_paragraph_cell_stays_simple() -> None:
    text = (
        "+-------+-----------+\n"
        "| Fruit | Notes     |\n"
        "+=======+===========+\n"
        "| Plum  | - sweet   |\n"
        "|       | - dark    |\n"
        "+-------+-----------+\n"
        "| Fig   | Soft.     |\n"
        "|       |           |\n"
        "|       | ```       |\n"
        "|       | ripe = 1  |\n"
        "|       | ```       |\n"
        "+-------+-----------+\n"
    )
    (t,) = tables(text)
    plum, fig = t.rows
    assert plum[0].inlines == (ir.Text("Plum"),)
    assert plum[1].inlines is None
    (listed,) = plum[1].blocks
    assert isinstance(listed, ir.BulletList) and ir.blocks_text([listed]) == "sweet dark"
    assert [type(b) for b in fig[1].blocks] == [ir.Paragraph, ir.CodeBlock]
    assert fig[1].blocks[1] == ir.CodeBlock("ripe = 1")
    assert warnings(text) == []  # rendered as blocks: nothing to say


def test_a_heading_in_a_cell_is_a_bold_paragraph_with_a_warning() -> None:
    text = "+-------+\n| # Big |\n|       |\n| text  |\n+-------+\n"
    (t,) = tables(text)
    ((cell,),) = t.rows
    assert cell.blocks[0] == ir.Paragraph((ir.Strong((ir.Text("Big"),)),))
    assert warnings(text) == [(2, 1, "a heading in a table cell is printed as a bold paragraph")]


def test_row_and_column_spans_as_pandoc_reads_them() -> None:
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
    assert spans(t) == [
        [("Both cols", 1, 2), ("c", 1, 1)],
        [("a", 2, 1), ("b", 1, 1), ("c", 1, 1)],
        [("d", 1, 1), ("e", 1, 1)],  # the slot under "a" is its span's
    ]
    assert len(t.head) == 1 and t.foot == ()
    assert warnings(text) == []


def test_a_header_of_several_rows_with_spans() -> None:
    text = (
        "+-----+-----+-----+\n"
        "| Where     | T   |\n"
        "+           +-----+\n"
        "|           | min |\n"
        "+=====+=====+=====+\n"
        "| x   | 1   | 2   |\n"
        "+-----+-----+-----+\n"
    )
    (t,) = tables(text)
    assert [len(t.head), len(t.rows)] == [2, 1]
    assert spans(t)[:2] == [[("Where", 2, 2), ("T", 1, 1)], [("min", 1, 1)]]


def test_a_foot_is_kept_apart_as_pandoc_keeps_it() -> None:
    text = (
        "+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n"
        "+=====+=====+\n| sum | 3   |\n+=====+=====+\n"
    )
    (t,) = tables(text)
    assert spans(t) == [
        [("a", 1, 1), ("b", 1, 1)],
        [("1", 1, 1), ("2", 1, 1)],
        [("sum", 1, 1), ("3", 1, 1)],
    ]
    assert (len(t.head), len(t.rows), len(t.foot)) == (1, 1, 1)
    assert warnings(text) == []
    # pandoc: with a `=` bottom, the rows after the head's own `=` line are the foot
    (t,) = tables("+---+\n| a |\n+===+\n| 1 |\n+---+\n| 2 |\n+===+\n")
    assert (len(t.head), len(t.rows), len(t.foot)) == (1, 0, 2)
    # and a table whose only `=` line is its bottom is all head
    (t,) = tables("+---+\n| a |\n+---+\n| 1 |\n+===+\n")
    assert (len(t.head), len(t.rows), len(t.foot)) == (2, 0, 0)


def test_text_across_a_border_is_not_a_table_and_is_reported() -> None:
    text = "Intro.\n\n+---+---+\n| ab  | c |\n+---+---+\n"
    assert tables(text) == []
    assert warnings(text) == [(3, 1, "pandoc Markdown construct not supported: grid table")]
