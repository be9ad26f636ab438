"""pandoc's fancy list markers, example lists, spans and attributes as the parser reads them."""

from __future__ import annotations

from pathlib import Path

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body

P = Path("brief.md")


def parse(text: str) -> tuple[tuple[ir.SourceBlock, ...], Diagnostics]:
    diags = Diagnostics()
    return parse_body(text, P, diags).blocks, diags


def lists(text: str) -> list[tuple[str, str, int, int]]:
    blocks, _ = parse(text)
    return [
        (b.style, b.delim, b.start, len(b.items)) for b in blocks if isinstance(b, ir.OrderedList)
    ]


def test_styles_delimiters_and_starts() -> None:
    text = "Intro.\n\niv. four\nv. five\n\n(A)  alpha\n(B)  beta\n\nc) gamma\n\n1) one\n"
    assert lists(text) == [
        ("lower-roman", "period", 4, 2),
        ("upper-alpha", "parens", 1, 2),
        ("lower-alpha", "paren", 3, 1),
        ("decimal", "paren", 1, 1),
    ]


def test_a_change_of_style_starts_a_new_list() -> None:
    assert lists("i. one\nii. two\na. alpha\n") == [
        ("lower-roman", "period", 1, 2),
        ("lower-alpha", "period", 1, 1),
    ]


def test_initials_and_paragraph_text_are_not_lists() -> None:
    assert lists("B. Russell wrote it.\n") == []
    assert lists("A line\ni. not a list after text\n") == []
    assert lists("```\ni. code\n```\n") == []


def test_hash_numbers_on_and_items_keep_their_columns() -> None:
    _, diags = parse("#. one\n#. two with [x]{.glow}\n")
    assert lists("#. one\n#. two\n") == [("decimal", "period", 1, 2)]
    assert [(d.code, d.loc.line, d.loc.col) for d in diags if d.loc] == [("span.plain", 2, 13)]


def test_example_lists_number_through_the_document_and_references_print_numbers() -> None:
    text = "(@) one\n(@good) two\n\nAs (@good) shows, @doe says.\n\n(@) three\n"
    blocks, _ = parse(text)
    assert lists(text) == [("decimal", "parens", 1, 2), ("decimal", "parens", 3, 1)]
    para = blocks[1]
    assert isinstance(para, ir.Paragraph)
    assert ir.plain_text(para.inlines).startswith("As (2) shows")
    cites = [n for n in para.inlines if isinstance(n, ir.Cite)]
    assert [c.items[0].key for c in cites] == ["doe"], "other keys still cite"


def test_without_a_labelled_example_parens_at_key_is_a_citation() -> None:
    blocks, _ = parse("See (@doe) here.\n")
    para = blocks[0]
    assert isinstance(para, ir.Paragraph)
    assert [n.items[0].key for n in para.inlines if isinstance(n, ir.Cite)] == ["doe"]


def test_span_attributes_are_read_not_printed() -> None:
    blocks, diags = parse("[a]{#x lang=fr .underline width=3} and [b](u){#y} `c`{=tex}\n")
    para = blocks[0]
    assert isinstance(para, ir.Paragraph)
    assert "{" not in ir.plain_text(para.inlines)
    spans = [n for n in para.inlines if isinstance(n, ir.Span)]
    assert [(s.id, s.classes, s.lang) for s in spans] == [
        ("x", ("underline",), "fr"),
        ("y", (), ""),
    ]
    assert isinstance(spans[1].children[0], ir.Link)
    found = sorted((d.code, d.loc.line, d.loc.col) for d in diags if d.loc)
    assert found == [("attr.dropped", 1, 1), ("raw.omitted", 1, 51)]


def test_markers_in_an_indented_code_block_are_code() -> None:
    """MANUAL.txt's "startnum" example: a CommonMark item marker at the start of an indented
    code block did not make it a list, so the roman markers under it stay as written."""
    code = "     9)  Ninth\n    10)  Tenth\n           i. subone\n          ii. subtwo\n"
    blocks, _ = parse(f"Roman numerals:\n\n{code}\nAfter.\n")
    assert blocks[1] == ir.CodeBlock(" 9)  Ninth\n10)  Tenth\n       i. subone\n      ii. subtwo")
