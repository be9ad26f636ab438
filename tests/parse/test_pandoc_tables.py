"""The table oracle of issue #17: every table of pandoc's test files, cell by cell.

`tables.markdown` (7 tables: simple, multiline, headerless), `MANUAL.txt` (simple, multiline
and grid tables) and `markdown-reader-more.txt` (grid tables with spans and a header of
several rows) are read by pandoc (`-t json`) and by briefkit; each table pandoc makes must be
one briefkit makes, in the same order, with the same head, body and foot cells (text,
whitespace collapsed; spans; block kinds), the same column alignments, the same relative
widths (pandoc's `ColWidth`; `ColWidthDefault` is no width) and the same caption. No table
may be reported as `syntax.unsupported`.

Grid tables are compared as pandoc 3 reads them: head, body and foot rows apart, each row the
cells that start in it with their row and column spans, and each cell's blocks by kind (a
cell of one paragraph is pandoc's `Plain`, briefkit's simple cell). pandoc's `Quoted` nodes
are compared as the curly quotes briefkit prints.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc
from tests.parse.pandoc_ast import pandoc_ast
from tests.parse.test_pandoc_oracle import FIXTURES, blank_title_block

_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}
_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}

Cell = tuple[str, int, int, tuple[str, ...]]  # text, row span, column span, block kinds
Rows = list[list[Cell]]
Table = tuple[Rows, Rows, Rows, list[str], list[float], str]  # head, body, foot, ...


def _text(node: Any) -> str:
    """The text a reader sees in pandoc's blocks or inlines."""
    if isinstance(node, list):
        return " ".join(t for t in (_text(x) for x in node) if t)
    if not isinstance(node, dict):
        return ""
    kind, c = node["t"], node.get("c")
    if kind in ("Str", "Code", "CodeBlock", "Math", "RawInline"):
        return str(c if isinstance(c, str) else c[-1])
    if kind in ("Space", "SoftBreak", "LineBreak", "Note"):
        return ""  # a note's text is the note's, not the cell's (briefkit's side agrees)
    if kind == "Quoted":
        left, right = _QUOTES[c[0]["t"]]
        return left + _text(c[1]) + right
    if kind in ("Link", "Image", "Span", "Div"):
        return _text(c[1])
    if kind in ("Emph", "Strong", "Plain", "Para", "Strikeout", "SmallCaps"):
        return _join_inlines(c)
    if kind in ("BulletList", "OrderedList"):
        items = c if kind == "BulletList" else c[1]
        return " ".join(_text(item) for item in items)
    return _text(c)


def _join_inlines(inlines: list[Any]) -> str:
    out = []
    for x in inlines:
        out.append(" " if x["t"] in ("Space", "SoftBreak", "LineBreak") else _text(x))
    return "".join(out)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pandoc_tables(node: Any, out: list[Table]) -> list[Table]:
    if isinstance(node, list):
        for x in node:
            _pandoc_tables(x, out)
    elif isinstance(node, dict) and node.get("t") == "Table":
        _, caption, specs, head, bodies, foot = node["c"]
        rows = [row for b in bodies for row in b[3]]
        parts = tuple(
            [[_pandoc_cell(c) for c in row[1]] for row in p] for p in (head[1], rows, foot[1])
        )
        aligns = [_ALIGN.get(a["t"], "") for a, _ in specs]
        widths = [float(w.get("c", 0.0)) for _, w in specs]
        out.append((*parts, aligns, widths, _norm(_text(caption[1]))))
    elif isinstance(node, dict):
        _pandoc_tables(node.get("c"), out)
    return out


def _pandoc_cell(cell: Any) -> Cell:
    """A cell's text, spans, and its blocks' kinds (`Plain` is briefkit's simple cell; a
    heading in a cell is briefkit's bold paragraph, with a warning: see the test below)."""
    _, _, rowspan, colspan, blocks = cell
    kinds = tuple("Para" if b["t"] in ("Plain", "Header") else b["t"] for b in blocks)
    return _norm(_text(blocks)), rowspan, colspan, kinds


_KINDS = {"Paragraph": "Para", "Heading": "Header", "CodeBlock": "CodeBlock"}


def _cell(cell: ir.Cell[ir.SourceInline]) -> Cell:
    kinds = tuple(_KINDS.get(type(b).__name__, type(b).__name__) for b in cell.blocks)
    text = " ".join(_block_text(b) for b in cell.blocks)
    return _norm(text), cell.rowspan, cell.colspan, kinds


def _block_text(block: ir.SourceBlock) -> str:
    match block:
        case ir.Paragraph(inlines=ins):
            return ir.plain_text(ins)
        case ir.Figure(image=image, caption=caption):  # pandoc's holds its image, alt and all
            return f"{ir.plain_text(caption)} {image.alt}"
        case ir.BulletList(items=items) | ir.OrderedList(items=items):
            return " ".join(_block_text(b) for item in items for b in item)
    return ir.blocks_text([block])


@cache
def _both(name: str) -> tuple[list[Table], list[Table], Diagnostics]:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary)")
    text = blank_title_block((FIXTURES / name).read_text(encoding="utf-8"))
    theirs = _pandoc_tables(pandoc_ast(exe, text)["blocks"], [])
    diags = Diagnostics()
    body = parse_body(text, FIXTURES / name, diags)
    ours: list[Table] = []
    for node in ir.walk(body.blocks):
        if isinstance(node, ir.Table):
            widths = list(node.widths) or [0.0] * len(node.aligns)
            parts = tuple(
                [[_cell(c) for c in r] for r in p] for p in (node.head, node.rows, node.foot)
            )
            ours.append((*parts, list(node.aligns), widths, _norm(ir.plain_text(node.caption))))
    return theirs, ours, diags


@pytest.mark.parametrize("name", ["tables.markdown", "MANUAL.txt", "markdown-reader-more.txt"])
def test_every_table_is_read_as_pandoc_reads_it(name: str) -> None:
    theirs, ours, _ = _both(name)
    assert len(ours) == len(theirs)
    for n, (p, b) in enumerate(zip(theirs, ours, strict=True)):
        assert b[0] == p[0], f"table {n + 1}: head rows"
        assert b[1] == p[1], f"table {n + 1}: body cells"
        assert b[2] == p[2], f"table {n + 1}: foot rows"
        assert b[3] == p[3], f"table {n + 1}: alignments"
        assert b[4] == pytest.approx(p[4]), f"table {n + 1}: widths"
        assert b[5] == p[5], f"table {n + 1}: caption"


def test_tables_markdown_has_its_seven_tables() -> None:
    theirs, ours, diags = _both("tables.markdown")
    assert len(theirs) == len(ours) == 7
    assert [d for d in diags if d.code == "syntax.unsupported"] == []


def test_manual_tables_are_not_reported_unsupported() -> None:
    _, ours, diags = _both("MANUAL.txt")
    assert len(ours) >= 12
    table_warnings = [d.message for d in diags if "table" in d.message]
    # the one remaining: a `: caption` line in a code example that CommonMark reads as a
    # definition list's definition (MANUAL.txt, "Extension: grid_tables"), not a table's
    assert table_warnings == ["pandoc Markdown construct not supported: table caption"]


def test_a_heading_in_a_cell_is_the_one_rewrite_and_is_located() -> None:
    _, ours, diags = _both("markdown-reader-more.txt")
    found = [(d.loc.line, d.message) for d in diags if "in a table cell" in d.message and d.loc]
    message = "a heading in a table cell is printed as a bold paragraph"
    assert found == [(255, message)] * 3  # "# col 1", "# col 2", "# col 3" of one table
    # the file's spanning cells are compared by the test above (pandoc's RowSpan, ColSpan)
    spans = [c[1:3] for t in ours for part in t[:3] for row in part for c in row]
    assert sorted(s for s in spans if s != (1, 1)) == [(1, 2), (1, 3), (2, 1), (3, 1)]
