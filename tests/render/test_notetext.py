"""notetext: the markers a PDF note prints, as Word and browsers number the same lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import SourceLocation
from briefkit.render import notetext


@pytest.mark.parametrize(
    ("number", "style", "delim", "marker"),
    [
        (1, "decimal", "period", "1."),
        (12, "decimal", "paren", "12)"),
        (3, "decimal", "parens", "(3)"),
        (4, "lower-roman", "period", "iv."),
        (9, "lower-roman", "period", "ix."),
        (1994, "upper-roman", "period", "MCMXCIV."),
        (1, "lower-alpha", "paren", "a)"),
        (26, "upper-alpha", "parens", "(Z)"),
        (27, "lower-alpha", "period", "aa."),  # CSS lower-alpha; Word's lowerLetter says aa too
        (0, "lower-roman", "period", "0."),  # no roman zero: the number as browsers print it
    ],
)
def test_list_marker(number: int, style: ir.ListStyle, delim: ir.ListDelim, marker: str) -> None:
    assert notetext.list_marker(number, style, delim) == marker


def para(text: str) -> ir.Paragraph[ir.Inline]:
    return ir.Paragraph((ir.Text(text),))


def test_print_text_has_the_markers_and_nested_items_one_level_in() -> None:
    nested = ir.OrderedList(((para("inner"),),), start=2, style="lower-alpha", delim="paren")
    blocks = (
        para("Lead:"),
        ir.OrderedList(((para("one"), nested), (para("two"),)), start=3),
        ir.BulletList(((para("dot"),),)),
        ir.BlockQuote((para("quoted"),)),
        ir.CodeBlock("x  =  1"),
    )
    note = ir.Note(1, "footnote", blocks, SourceLocation(Path("x.md"), 3, 1))
    paras = notetext.note_paras(note.blocks)
    assert [(p.depth, p.marker) for p in paras] == [
        (0, ""),
        (0, "3."),
        (1, "b)"),
        (0, "4."),
        (0, "\u2022"),
        (1, ""),
        (0, ""),
    ]
    assert paras[-1].code == "x  =  1"
    assert notetext.print_text(note) == "Lead: 3. one b) inner 4. two \u2022 dot quoted x = 1"
