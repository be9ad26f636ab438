"""The oracle of issue #17: pandoc's own test files, read by pandoc and by briefkit, compared.

Each fixture (tests/fixtures/pandoc/, SOURCES.md says where they come from) is converted with
`pandoc -f markdown -t json` and parsed by briefkit. Two things are compared:

- node kinds: every kind pandoc makes more of than briefkit must be one briefkit reports:
  `REPORTED` maps it to the `syntax.unsupported` constructs (or `html.raw`) that stand for it,
  and at least one of those warnings must have been given for that file;
- text: every word pandoc's document shows must be in briefkit's, except words inside a
  construct of `REPORTED` that was warned about (it is printed as text or, for raw HTML, dropped
  by the raw-html policy). A word lost anywhere else is a bug and fails the test.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc
from tests.parse.pandoc_ast import briefkit_summary, pandoc_ast, pandoc_summary, words_under

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pandoc"
FILES = ("testsuite.txt", "tables.markdown", "markdown-reader-more.txt", "MANUAL.txt")

# pandoc kinds briefkit does not make (or makes fewer of), and the warnings that report them.
# Simple, multiline and grid tables are read (their cells, spans, head and foot rows compared
# one by one in test_pandoc_tables.py), a grid cell's blocks rendered as blocks; what stays
# reported: a heading in a grid cell is printed as a bold paragraph ("a heading in a table
# cell"), and a table whose columns do not line up is printed as text. Markdown inside an HTML
# block (`<td>*emphasized*</td>`) is dropped with the block (html.raw).
_CELL_HEADING = "a heading in a table cell"
_TABLES = frozenset({"simple table", "multiline table", "grid table"})
_IN_CELLS = _TABLES | {"html.raw"}
REPORTED: dict[str, frozenset[str]] = {
    "Table": _TABLES,
    "Div": frozenset({"html.raw"}),  # <div> in raw HTML (fenced divs are read)
    "Span": frozenset({"html.raw"}),  # <span> in raw HTML (bracketed spans are read)
    # raw output: {=html} under the raw-html policy, other formats omitted (raw.omitted)
    "RawBlock": frozenset({"raw.omitted", "raw TeX", "html.raw"}),
    "RawInline": frozenset({"raw.omitted", "raw TeX", "html.raw"}),
    "OrderedList": _IN_CELLS,  # fancy and example lists are read (test_pandoc_lists.py)
    "BulletList": _IN_CELLS,
    "Link": frozenset({"implicit heading reference"}) | _IN_CELLS,
    "Header": frozenset({"html.raw", _CELL_HEADING}),
    "Image": frozenset({"html.raw"}),
    "Code": _IN_CELLS,
    "CodeBlock": _IN_CELLS,
    "Emph": _IN_CELLS,
    "Strong": _IN_CELLS,
}
# kinds briefkit makes fewer of, with no warning: known bugs (none today; MANUAL.txt's 18
# heading references in the full form, ``[text][Extension: `x`]``, lost their links until
# parse.headingrefs read them across the inlines the brackets hold)
KNOWN_SHORT: dict[str, Counter[str]] = {}
# counted differently, not lost: pandoc's words and spaces (briefkit merges text runs), tight
# list items (Plain), column specs, and quotes (briefkit prints curly quotes as characters)
NOT_COMPARED = frozenset({"Str", "Space", "SoftBreak", "Plain", "Quoted", "AlignDefault"})
NOT_COMPARED |= {"AlignLeft", "AlignRight", "AlignCenter", "Para", "Cite", "LineBreak"}
NOT_COMPARED |= {"LineBlock"}  # read as a paragraph of hard-broken lines (its words compared)
# words pandoc shows that briefkit loses today, outside any reported construct: known bugs
# (none today: `<http://g&ouml;&ouml;gle.com>` printed its entities until parse.mdparser
# decoded an autolink's text and target as pandoc does)
KNOWN_LOST: dict[str, Counter[str]] = {}


@dataclass(frozen=True)
class Compared:
    pandoc_kinds: Counter[str]
    briefkit_kinds: Counter[str]
    warned: frozenset[str]
    lost: Counter[str]  # words pandoc shows and briefkit does not
    excused: Counter[str]  # the lost words that stand inside a reported construct


def blank_title_block(text: str) -> str:
    """Front matter (`---` YAML or pandoc's `%` lines) blanked, as the load stage does."""
    lines = text.split("\n")
    if lines[0] == "---":
        end = lines.index("---", 1)
        lines[: end + 1] = [""] * (end + 1)
    elif lines[0].startswith("%"):
        i = 0
        while i < len(lines) and lines[i].strip() and lines[i][0] in "% ":
            lines[i] = ""
            i += 1
    return "\n".join(lines)


def _construct(message: str) -> str:
    """The construct a `syntax.unsupported` warning names."""
    if message.startswith("a heading in a table cell"):
        return _CELL_HEADING
    return message.removeprefix("pandoc Markdown construct not supported: ")


@cache
def compare(name: str) -> Compared:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary)")
    text = (FIXTURES / name).read_text(encoding="utf-8")
    ast = pandoc_ast(exe, text)
    p_kinds, p_words = pandoc_summary(ast)
    diags = Diagnostics()
    body = parse_body(blank_title_block(text), FIXTURES / name, diags)
    blocks: list[ir.SourceBlock] = [*body.blocks]
    for definition in body.definitions.values():
        blocks.extend(definition.blocks)
    b_kinds, b_words = briefkit_summary(blocks)
    warned = frozenset(
        _construct(d.message) if d.code == "syntax.unsupported" else d.code
        for d in diags
        if d.code in ("syntax.unsupported", "html.raw", "raw.omitted")
    )
    buckets: dict[str, Counter[str]] = {}
    words_under(ast["blocks"], frozenset(REPORTED), buckets)
    excusable: Counter[str] = Counter()
    for kind, words in buckets.items():
        if REPORTED[kind] & warned:
            excusable += words
    lost = Counter(p_words) - Counter(b_words)
    return Compared(p_kinds, b_kinds, warned, lost, lost & excusable)


@pytest.mark.parametrize("name", FILES)
def test_every_kind_briefkit_lacks_is_reported(name: str) -> None:
    c = compare(name)
    short = {
        kind: (c.pandoc_kinds[kind], c.briefkit_kinds[kind])
        for kind in c.pandoc_kinds
        if kind not in NOT_COMPARED and c.briefkit_kinds[kind] < c.pandoc_kinds[kind]
    }
    unreported = {k: v for k, v in short.items() if not (REPORTED.get(k, frozenset()) & c.warned)}
    known = KNOWN_SHORT.get(name, Counter())
    assert {k: v[0] - v[1] for k, v in unreported.items() if k in known} == dict(known)
    unreported = {k: v for k, v in unreported.items() if k not in known}
    assert unreported == {}, f"pandoc makes more of these, and no warning says so: {unreported}"


@pytest.mark.parametrize("name", FILES)
def test_no_word_is_lost_outside_a_reported_construct(name: str) -> None:
    c = compare(name)
    known = KNOWN_LOST.get(name, Counter())
    unexplained = c.lost - c.excused - known
    assert +unexplained == Counter(), f"lost without a warning: {unexplained.most_common(20)}"
    assert known <= c.lost, "a known loss is fixed: remove it from KNOWN_LOST"


def test_the_oracle_sees_a_lost_word() -> None:
    """The comparison itself can fail: a word briefkit drops is counted as lost."""
    ast_words = Counter(["alpha", "beta"])
    assert ast_words - Counter(["alpha"]) == Counter(["beta"])
