"""The oracle of issue #17 for fancy lists, example lists and spans: pandoc's own reading of its
test files (tests/fixtures/pandoc/) against briefkit's, list by list and span by span.

Every ordered list pandoc makes outside a table, with its numbering style, delimiter, start and
number of items, must be one briefkit makes; every span kind pandoc makes from a bracketed span
(`Span`, `SmallCaps`, `Underline`) must be there as many times.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc
from tests.parse.pandoc_ast import briefkit_summary, pandoc_ast, pandoc_summary
from tests.parse.test_pandoc_oracle import FILES, FIXTURES, blank_title_block

_STYLES = {
    "DefaultStyle": "decimal",
    "Example": "decimal",
    "Decimal": "decimal",
    "LowerRoman": "lower-roman",
    "UpperRoman": "upper-roman",
    "LowerAlpha": "lower-alpha",
    "UpperAlpha": "upper-alpha",
}
_DELIMS = {"DefaultDelim": "period", "Period": "period", "OneParen": "paren", "TwoParens": "parens"}
ListKey = tuple[str, str, int, int]
# lists briefkit makes and pandoc does not: `> 1.` right after a paragraph line is a quote
# holding an empty list in CommonMark, text in pandoc (a known difference of the readers)
EXTRA: dict[str, Counter[ListKey]] = {"testsuite.txt": Counter({("decimal", "period", 1, 1): 1})}


def pandoc_lists(node: Any, out: list[ListKey]) -> None:
    if isinstance(node, list):
        for x in node:
            pandoc_lists(x, out)
    elif isinstance(node, dict):
        if node.get("t") == "Table":
            return  # lists in grid-table cells: read with the tables, not here
        if node.get("t") == "OrderedList":
            (start, style, delim), items = node["c"]
            out.append((_STYLES[style["t"]], _DELIMS[delim["t"]], start, len(items)))
        for value in node.values():
            pandoc_lists(value, out)


def read(name: str | Path) -> tuple[dict[str, Any], ParsedLists]:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary)")
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    body = parse_body(blank_title_block(text), path, Diagnostics())
    blocks = [*body.blocks, *(b for d in body.definitions.values() for b in d.blocks)]
    return pandoc_ast(exe, text), ParsedLists(blocks)


class ParsedLists:
    def __init__(self, blocks: list[ir.SourceBlock]) -> None:
        self.blocks = blocks
        self.lists: list[ListKey] = [
            (n.style, n.delim, n.start, len(n.items))
            for n in ir.walk(blocks)
            if isinstance(n, ir.OrderedList)
        ]


@pytest.mark.parametrize("name", FILES)
def test_every_ordered_list_has_pandocs_style_delimiter_and_start(name: str) -> None:
    ast, parsed = read(name)
    theirs: list[ListKey] = []
    pandoc_lists(ast["blocks"], theirs)
    missing = Counter(theirs) - Counter(parsed.lists)
    extra = Counter(parsed.lists) - Counter(theirs)
    assert +missing == Counter(), f"lists pandoc makes and briefkit does not: {missing}"
    assert extra == EXTRA.get(name, Counter()), f"lists only briefkit makes: {extra}"


@pytest.mark.parametrize("name", FILES)
def test_spans_are_read_as_pandoc_reads_them(name: str) -> None:
    ast, parsed = read(name)
    theirs, _ = pandoc_summary(ast)
    ours, _ = briefkit_summary(parsed.blocks)
    for kind in ("Span", "SmallCaps", "Underline"):
        assert ours[kind] >= theirs[kind], (kind, ours[kind], theirs[kind])


def test_fancy_lists_are_in_the_fixtures() -> None:
    """The comparison is not empty: testsuite.txt holds roman, alphabetic and (1) lists."""
    ast, _ = read("testsuite.txt")
    theirs: list[ListKey] = []
    pandoc_lists(ast["blocks"], theirs)
    styles = {(s, d) for s, d, _, _ in theirs}
    assert {("lower-roman", "period"), ("upper-alpha", "parens"), ("decimal", "parens")} <= styles


NOTES_WITH_LISTS = (
    Path(__file__).parent.parent / "fixtures" / "layout-corpus" / "14-structured-notes.md"
)


def test_fancy_lists_inside_notes_are_read_as_pandoc_reads_them() -> None:
    """A note's blocks are indented four columns: `i.` and `(1)` there start lists (they were
    read as an indented paragraph's text), and `a)` under `(1)` nests."""
    ast, parsed = read(NOTES_WITH_LISTS)
    theirs: list[ListKey] = []
    pandoc_lists(ast["blocks"], theirs)
    assert {("lower-roman", "period", 1, 4), ("decimal", "parens", 1, 2)} <= set(theirs)
    assert Counter(parsed.lists) == Counter(theirs)


@pytest.mark.parametrize(
    "source",
    ["0. zero\n1. one\n", "7) seven\n8) eight\n", "003. three\n004. four\n"],
)
def test_a_lists_start_is_pandocs(source: str, tmp_path: Path) -> None:
    """A list that starts at 0 was renumbered from 1 (a start of 0 read as "no start")."""
    path = tmp_path / "s.md"
    path.write_text("Text.\n\n" + source, encoding="utf-8")
    ast, parsed = read(path)
    theirs: list[ListKey] = []
    pandoc_lists(ast["blocks"], theirs)
    assert parsed.lists == theirs
