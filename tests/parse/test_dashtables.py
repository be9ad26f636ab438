"""pandoc's simple and multiline tables (parse.dashtables through parse.tabletokens): what
becomes a table, with which cells, alignments and widths, and what stays something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body

P = Path("brief.md")


def parse(text: str) -> tuple[list[ir.SourceBlock], Diagnostics]:
    diags = Diagnostics()
    return list(parse_body(text, P, diags).blocks), diags


def tables(text: str) -> list[ir.Table[ir.SourceInline]]:
    return [b for b in parse(text)[0] if isinstance(b, ir.Table)]


def cells(table: ir.Table[ir.SourceInline]) -> list[list[str]]:
    return [[" ".join(ir.blocks_text(c.blocks).split()) for c in row] for row in table.all_rows]


def test_simple_table_alignment_from_the_header_against_its_dashes() -> None:
    header = "   Right" + "  " + "Left" + "    " + "Centre" + "  " + "Default"
    dashes = "  ------" + "  " + "------" + " " + "--------" + " " + "-------"
    (t,) = tables(f"{header}\n{dashes}\n      1   2        3      4\n")
    assert list(t.aligns) == ["right", "left", "center", ""]
    assert cells(t) == [["Right", "Left", "Centre", "Default"], ["1", "2", "3", "4"]]
    assert t.widths == ()  # pandoc gives simple tables no widths


def test_headerless_simple_table_aligns_by_its_first_row() -> None:
    (t,) = tables("-----  -----\n   12  ab\n  123  abc\n-----  -----\n")
    assert t.head == ()
    assert list(t.aligns) == ["right", "left"]
    assert cells(t) == [["12", "ab"], ["123", "abc"]]


def test_a_simple_table_may_end_with_a_row_of_dashes() -> None:
    blocks, _ = parse("a    b\n---  ---\n1    2\n---  ---\n\nAfter.\n")
    assert isinstance(blocks[0], ir.Table) and cells(blocks[0]) == [["a", "b"], ["1", "2"]]
    assert isinstance(blocks[1], ir.Paragraph)


def test_multiline_table_joins_lines_and_takes_widths_from_dashes() -> None:
    text = (
        "----------------------\n"
        " Name      Notes\n"
        "---------- -----------\n"
        " First     one line\n"
        "           and two\n"
        "\n"
        " Second    three\n"
        "----------------------\n"
    )
    (t,) = tables(text)
    assert cells(t) == [["Name", "Notes"], ["First", "one line and two"], ["Second", "three"]]
    assert t.widths == pytest.approx([11 / 72, 12 / 72])


def test_text_left_of_the_first_column_is_kept() -> None:
    (t,) = tables("   a  b\n   -  -\nxx 1  2\n")
    assert cells(t)[1] == ["xx 1", "2"]  # pandoc drops "xx"; briefkit keeps every word


@pytest.mark.parametrize(
    "text",
    [
        "Title\n-----\n\nText.\n",  # one column over text: a setext heading
        "-----\nText under a rule.\n\nMore.\n",  # one run of dashes: a rule
        "    a  b\n    -  -\n    1  2\n",  # all indented: code
        "---  ---\nnever closed\n\nText.\n",  # a headerless table must close
    ],
)
def test_what_is_not_a_table(text: str) -> None:
    assert tables(text) == []


def test_a_failed_candidate_does_not_hide_a_later_table() -> None:
    # the first rows of dashes open nothing (no closing row before the blank line, nor a
    # closing row anywhere for a multiline table); the table after them is still read
    text = "---  ---\nx\n\n---  ---\nz\n\nText.\n\na    b\n---  ---\n1    2\n"
    found = tables(text)
    assert [cells(t) for t in found] == [[["a", "b"], ["1", "2"]]]


def test_cells_hold_inline_markdown_and_notes_are_located() -> None:
    blocks, diags = parse("a      b\n-----  -----\n*em*   x[^n]\n\n[^n]: The note.\n")
    (t,) = [b for b in blocks if isinstance(b, ir.Table)]
    assert isinstance((t.rows[0][0].inlines or ())[0], ir.Emph)
    ref = (t.rows[0][1].inlines or ())[-1]
    assert isinstance(ref, ir.FootnoteRef) and (ref.loc.line, ref.loc.col) == (3, 9)
    assert [d for d in diags if d.code == "syntax.unsupported"] == []


@pytest.mark.parametrize("caption", ["Table: Fleet.", "table: Fleet.", ": Fleet."])
def test_each_caption_spelling_before_or_after(caption: str) -> None:
    table = "a    b\n---  ---\n1    2\n"
    for text in (f"{table}\n{caption}\n", f"{caption}\n\n{table}"):
        (t,) = tables(text)
        assert ir.plain_text(t.caption) == "Fleet."
