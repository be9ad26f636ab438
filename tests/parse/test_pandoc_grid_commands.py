"""The grid tables of pandoc's own command tests (jgm/pandoc `test/command/*.md`), read by
pandoc and by briefkit and compared cell by cell, spans, head and foot rows included.

tests/fixtures/pandoc/grid-commands.json holds the Markdown input of every command test whose
input has a grid table (SOURCES.md says at which commit, and how they were picked). All the
cases go to pandoc in one call (`-t json`), each after a paragraph `GRIDCASE<n>` that marks
where its blocks start, and to briefkit as the same text; the tables found between two marks
must be the same on both sides (`test_pandoc_tables.Table`: cells with their text, spans and
block kinds, alignments, widths, caption).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc
from tests.parse.pandoc_ast import pandoc_ast
from tests.parse.test_pandoc_tables import Table, _cell, _norm, _pandoc_tables

FIXTURE = Path(__file__).parent.parent / "fixtures" / "pandoc" / "grid-commands.json"
CASES: list[dict[str, str]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
MARK = "GRIDCASE"
# the cases read otherwise, by design: (path, its number among that file's cases) -> why
OTHERWISE = {
    # pandoc reads a cell whose text runs past its column's border (and a row with fewer
    # columns, its slot filled with an empty cell); briefkit prints the table as text with a
    # located `syntax.unsupported` warning: "Lining up matters" (content-format.md)
    ("test/command/8216.md", 0): "text across a border",
    ("test/command/8216.md", 1): "text across a border",
    # the pandoc of the test venv (3.9) predates indented grid tables, which the test's own
    # expected output (pandoc at the fixture's commit) shows as tables, as briefkit reads them
    ("test/command/grid-table-indented.md", 0): "indented",
    ("test/command/grid-table-indented.md", 1): "indented",
}


def _key(n: int) -> tuple[str, int]:
    path = CASES[n]["path"]
    return path, sum(1 for c in CASES[:n] if c["path"] == path)


def _text() -> str:
    return "".join(f"{MARK}{n}\n\n{case['input']}\n" for n, case in enumerate(CASES))


def _split(blocks: list[Any], mark_of: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    current = -1
    for block in blocks:
        n = mark_of(block)
        if n is not None:
            current = n
            out[n] = []
        elif current >= 0:
            out[current].append(block)
    return out


def _pandoc_mark(block: Any) -> int | None:
    if block.get("t") == "Para" and len(block["c"]) == 1 and block["c"][0]["t"] == "Str":
        text = block["c"][0]["c"]
        return int(text[len(MARK) :]) if text.startswith(MARK) else None
    return None


def _briefkit_mark(block: ir.SourceBlock) -> int | None:
    if isinstance(block, ir.Paragraph):
        text = ir.plain_text(block.inlines)
        return (
            int(text[len(MARK) :])
            if text.startswith(MARK) and text[len(MARK) :].isdigit()
            else None
        )
    return None


def _ours(blocks: list[ir.SourceBlock]) -> list[Table]:
    out: list[Table] = []
    for node in ir.walk(blocks):
        if isinstance(node, ir.Table):
            widths = list(node.widths) or [0.0] * len(node.aligns)
            parts = tuple(
                [[_cell(c) for c in r] for r in p] for p in (node.head, node.rows, node.foot)
            )
            out.append((*parts, list(node.aligns), widths, _norm(ir.plain_text(node.caption))))
    return out


@cache
def _both() -> tuple[dict[int, list[Table]], dict[int, list[Table]], Diagnostics]:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary)")
    text = _text()
    theirs = {
        n: _pandoc_tables(b, [])
        for n, b in _split(pandoc_ast(exe, text)["blocks"], _pandoc_mark).items()
    }
    diags = Diagnostics()
    body = parse_body(text, Path("grid-commands.md"), diags)
    ours = {n: _ours(b) for n, b in _split(list(body.blocks), _briefkit_mark).items()}
    return theirs, ours, diags


@pytest.mark.parametrize(
    "n", range(len(CASES)), ids=[f"{c['path']}#{i}" for i, c in enumerate(CASES)]
)
def test_each_grid_table_is_read_as_pandoc_reads_it(n: int) -> None:
    theirs, ours, diags = _both()
    p, b = theirs.get(n, []), ours.get(n, [])
    why = OTHERWISE.get(_key(n))
    if why == "text across a border":
        assert (len(p), len(b)) == (1, 0)
        grid = [d for d in diags if d.message.endswith("construct not supported: grid table")]
        lines = _text().split("\n")
        first, end = (1 + lines.index(f"{MARK}{k}") for k in (n, n + 1))
        assert any(d.loc is not None and first < d.loc.line < end for d in grid)
        return
    if why == "indented":
        assert (len(p), len(b)) == (0, 1)
        return
    assert len(b) == len(p)
    for k, (pt, bt) in enumerate(zip(p, b, strict=True)):
        for i, what in enumerate(("head rows", "body rows", "foot rows", "alignments")):
            assert bt[i] == pt[i], f"table {k + 1}: {what}"
        assert bt[4] == pytest.approx(pt[4]), f"table {k + 1}: widths"
        assert bt[5] == pt[5], f"table {k + 1}: caption"
