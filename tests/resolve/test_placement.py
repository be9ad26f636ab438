"""Resolve: where a citation's note call lands (pandoc's `notes-after-punctuation`), and how a
citation reads inside a note. The body's calls are compared with pandoc's citeproc output
(`--citeproc --csl=chicago-notes-bibliography -t plain`) on the same paragraphs.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from briefkit import ir
from tests.conftest import Project
from tests.helpers import codes, resolve_file
from tests.oracles import csl_style, pandoc

PANDOC = pandoc()
CSL = csl_style("chicago-notes-bibliography")

FRONT = """---
title: T
references:
  - {id: a, type: book, author: [{family: Smith, given: John}], title: The Book,
     publisher: Pub, issued: {date-parts: [[2000]]}}
  - {id: b, type: book, author: [{family: Roe, given: Jane}], title: Other Book,
     publisher: Pub, issued: {date-parts: [[2001]]}}
  - {id: c, type: book, author: [{family: Doe, given: Jim}], title: Third Book,
     publisher: Pub, issued: {date-parts: [[2002]]}}
"""

PARAGRAPHS = [
    "Word controls [@a]. And more [@b], here; then [@c]; and [@a]: so.",
    "Exclaim [@a]! Ask [@b]? Close (paren [@c]). Open [@a]) here.",
    "A dash [@a]—not moved, an ellipsis [@b]… moved, and [@c] in the middle.",
    '"Quoted [@a]." Then "quoted" [@b]. And "inside [@c]", kept.',
    "Glued word[@a]. Then a stop after a paren [@b].) done.",
    "In text @a says, and @b [p. 4]. And -@c. Grouped @a [-@b p. 30; see also @c].",
    "A line break before\n[@a]. And [@b] at the end",
]


def _source(notes_after: bool | None) -> str:
    flag = "" if notes_after is None else f"notes-after-punctuation: {str(notes_after).lower()}\n"
    return FRONT + flag + "suppress-bibliography: true\n---\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def _calls(inlines: tuple[ir.Inline, ...]) -> str:
    out = []
    for node in inlines:
        out.append(f"[{node.number}]" if isinstance(node, ir.NoteRef) else ir.plain_text([node]))
    return "".join(out)


def _briefkit_body(project: Project, notes_after: bool | None) -> list[str]:
    path = project.write("content/b.md", _source(notes_after))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and codes(diags) == [], [d.format() for d in diags]
    return [_calls(b.inlines) for b in doc.body if isinstance(b, ir.Paragraph)]


def _pandoc_body(notes_after: bool | None) -> list[str]:
    assert PANDOC and CSL
    run = subprocess.run(
        [PANDOC, "-f", "markdown", "--citeproc", f"--csl={CSL}", "-t", "plain", "--wrap=none"],
        input=_source(notes_after),
        capture_output=True,
        text=True,
        check=True,
    )
    paragraphs = [p for p in run.stdout.split("\n\n") if p.strip()]
    return [p.strip() for p in paragraphs if not re.match(r"\[\d+\] ", p)]


@pytest.mark.skipif(not (PANDOC and CSL), reason="pandoc or the Chicago CSL style is missing")
@pytest.mark.parametrize("notes_after", [None, True, False])
def test_note_calls_land_where_pandoc_puts_them(project: Project, notes_after: bool | None) -> None:
    assert _briefkit_body(project, notes_after) == _pandoc_body(notes_after)


def test_call_moves_after_the_full_stop(project: Project) -> None:
    path = project.write("content/b.md", FRONT + "---\n\nIt controls [@a].\n")
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    assert _calls(doc.body[0].inlines) == "It controls.[1]"  # type: ignore[union-attr]


def _notes(project: Project, body: str) -> list[str]:
    path = project.write("content/b.md", FRONT + "---\n\n" + body)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return [ir.note_text(n) for n in doc.notes]


def test_in_text_citation_in_a_note_keeps_the_authors_name(project: Project) -> None:
    notes = _notes(
        project,
        "First.[^1] Second.[^2]\n\n"
        "[^1]: As @a [pp. 190-92] traces this view.\n\n"
        "[^2]: See [@a, p. 4]. Then @a [p. 9] says, and @a again.\n",
    )
    assert notes[0].startswith("As John Smith, The Book (Pub, 2000), pp. 190")
    assert notes[0].endswith(" traces this view.")
    # an ordinary citation may be "Ibid."; an in-text one names the source in the short form
    assert (
        notes[1] == "See ibid., p. 4. Then Smith, The Book, p. 9 says, and Smith, The Book again."
    )


def test_citation_after_a_full_stop_in_a_note_is_spaced(project: Project) -> None:
    notes = _notes(project, "Text.[^1]\n\n[^1]: The ministry provides.[@b] More.\n")
    assert notes[0].startswith("The ministry provides. Jane Roe, Other Book")


def test_a_stop_after_a_quoted_citation_in_a_note_goes_inside_the_quote(
    project: Project,
) -> None:
    text = (
        "---\ntitle: T\nreferences:\n  - {id: w, type: webpage, author: [{literal: MOD}],"
        " title: The Page, URL: 'https://example.org/p'}\n"
        "  - {id: x, type: webpage, author: [{literal: MFA}], title: Other}\n---\n\n"
        "One.[^1] Two.[^2] Three.[^3] Four.[^4]\n\n[^1]: See [@w].\n\n[^2]: See [@x].\n\n"
        "[^3]: Compare [@w].\n\n[^4]: See [@x], then [@w], then more.\n"
    )
    path = project.write("content/q.md", text)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    notes = [ir.note_text(n) for n in doc.notes]
    assert notes[0] == "See MOD, “The Page,” https://example.org/p."  # the URL ends it
    assert notes[2] == "Compare MOD, “The Page.”"  # American usage: the stop inside
    assert notes[3] == "See MFA, “Other,” then MOD, “The Page,” then more."


JA = """---
title: 試験
lang: ja
references:
  - {id: k, type: book, author: [{family: 北岡, given: 伸一}], title: 世界地図を読み直す,
     publisher: 新潮社, issued: {date-parts: [[2019]]}, language: ja}
  - {id: g, type: book, author: [{family: Green, given: Michael J.}], title: Line of Advantage,
     publisher: Columbia University Press, issued: {date-parts: [[2022]]}}
---

"""


def test_an_in_text_citation_between_japanese_words_is_closed_up(project: Project) -> None:
    """Its key needs the spaces around it; Japanese sets none between words. Next to Latin
    text (a Latin name, a Latin word) the spaces stay, as Latin words keep theirs."""
    body = (
        "詳しくは @k [45] を参照。同じく @g [201] は述べる。\n\n"
        "本文。[^1]\n\n[^1]: 詳しくは @k [45] を参照。また @g [9] も参照。\n"
    )
    path = project.write("content/ja.md", JA + body)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    body_text = _calls(doc.body[0].inlines)  # type: ignore[union-attr]
    assert body_text == "詳しくは北岡[1]を参照。同じく Green[2] は述べる。"
    # the note's citations are short forms (cited in the body first); one that ends in CJK
    # ("9頁") is closed up with the CJK after it even when it begins with a Latin name
    assert ir.note_text(doc.notes[2]) == (
        "詳しくは北岡『世界地図を読み直す』45頁を参照。また Green『Line of Advantage』9頁も参照。"
    )


@pytest.mark.parametrize(
    ("body", "printed"),
    [
        ("Limits.[@a, 4]^[A note.] Then.", "Limits.[1],[2] Then."),
        ("Three [@a][@b][@c] here.", "Three[1],[2],[3] here."),
        ("Apart [@a], then [@b].", "Apart,[1] then.[2]"),
        # the full stop goes before both calls, not between them (pandoc: "Both[1] .[2]")
        ("Both [@a] [@b]. Next.", "Both.[1],[2] Next."),
        ("Quoted “word” [@a] [@b], then.", "Quoted “word,”[1],[2] then."),
        # two notes a space apart read as two loose numbers ("⁴ ⁵")
        ("Also^[A.] ^[B.] here.", "Also[1],[2] here."),
    ],
)
def test_calls_side_by_side_are_separated_by_a_raised_comma(
    project: Project, body: str, printed: str
) -> None:
    path = project.write("content/b.md", FRONT + "---\n\n" + body + "\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    inlines = doc.body[0].inlines  # type: ignore[union-attr]
    commas = [n for n in inlines if isinstance(n, ir.Superscript)]
    assert all(ir.plain_text([c]) == "," for c in commas)
    assert _calls(inlines) == printed
    warned = [d for d in diags if d.code == "note.adjacent-calls"]
    assert len(warned) == printed.count("],[")
    line = (FRONT + "---\n\n").count("\n") + 1
    assert all(d.loc is not None and d.loc.line == line for d in warned)
