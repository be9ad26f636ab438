"""pandoc forms read as pandoc reads them: lazy note text, heading ids, figure attributes,
table captions, the `%` title block, dates in words, numbers as text, `.qmd` files."""

from __future__ import annotations

from pathlib import Path

from briefkit import ir
from briefkit.build.sources import discover
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from briefkit.parse.titleblock import title_block
from tests.conftest import Project
from tests.helpers import resolve_file

P = Path("brief.md")


def test_note_text_on_the_next_unindented_line_belongs_to_the_note() -> None:
    diags = Diagnostics()
    text = "Text.[^1]\n\n[^1]:\nThe note's *text*,\nsecond line.\n\nBody again.\n"
    body = parse_body(text, P, diags)
    assert ir.blocks_text(body.definitions["1"].blocks) == "The note\u2019s text, second line."
    assert ir.blocks_text(body.blocks) == "Text. Body again."
    assert list(diags) == []


def test_heading_figure_and_table_attributes() -> None:
    diags = Diagnostics()
    text = (
        "# Intro {#sec:intro .unnumbered}\n\n"
        '![A *map*](map.png){#fig:map alt="The map" width=50%}\n\n'
        "| a |\n|---|\n| 1 |\n\nTable: The caption. {#tbl:t}\n"
    )
    heading, figure, table = parse_body(text, P, diags).blocks
    assert isinstance(heading, ir.Heading) and heading.id == "sec:intro"
    assert ir.plain_text(heading.inlines) == "Intro"
    assert isinstance(figure, ir.Figure) and (figure.id, figure.image.alt) == ("fig:map", "The map")
    assert ir.plain_text(figure.caption) == "A map"
    assert isinstance(table, ir.Table) and table.id == "tbl:t"
    assert ir.plain_text(table.caption) == "The caption."
    warned = [(d.code, d.loc.line if d.loc else 0, d.message) for d in diags]
    assert warned == [
        ("syntax.unsupported", 3, "attributes on a figure (width=50%): only the id is used")
    ]


def test_implicit_heading_references_link_to_the_heading(project: Project) -> None:
    path = project.write(
        "content/h.md",
        "---\ntitle: H\n---\nSee [Intro] and [the intro][], not `[Intro]`.\n\n# Intro\n\n"
        "# Intro\n\n[the intro]: https://example.org\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and list(diags) == [], [d.format() for d in diags]
    links = [(ir.plain_text(n.children), n.url) for n in ir.walk(doc) if isinstance(n, ir.Link)]
    assert links == [("Intro", "#intro"), ("the intro", "https://example.org")]
    assert [b.id for b in doc.body if isinstance(b, ir.Heading)] == ["intro", "intro-2"]


def test_line_blocks_keep_their_lines() -> None:
    diags = Diagnostics()
    text = (
        "Intro.\n\n| The first line\n|   and *second*\n  continued\n| - third\n\n"
        "| a | b |\n|---|---|\n"
    )
    _, block, table = parse_body(text, P, diags).blocks
    assert isinstance(block, ir.Paragraph) and isinstance(table, ir.Table)
    lines = ir.plain_text(block.inlines).split("\n")
    # the spaces after `| ` are kept as no-break spaces, as pandoc keeps them (they were
    # dropped: an indented line of verse printed flush)
    assert lines == ["The first line", "\u00a0\u00a0and second continued", "- third"]
    assert list(diags) == []


def test_task_lists_print_ballot_boxes() -> None:
    diags = Diagnostics()
    (blist,) = parse_body("- [ ] to do\n- [x] done\n- [link](https://e.org)\n", P, diags).blocks
    assert isinstance(blist, ir.BulletList)
    texts = [ir.blocks_text(item) for item in blist.items]
    assert texts == ["\u2610 to do", "\u2612 done", "link"]
    assert list(diags) == []


def test_title_block_lines() -> None:
    lines = ["% Title", "  spanning lines", "% Ana Lim; Ken Sato", "% 29 January 2021", "", "Text"]
    yaml, end = title_block(lines) or ("", 0)
    assert end == 4
    assert yaml.splitlines() == [
        'title: "Title spanning lines"',
        'author: [{"name": "Ana Lim"}, {"name": "Ken Sato"}]',
        'date: "29 January 2021"',
    ]
    assert title_block(["---", "title: x"]) is None


def test_title_block_date_in_words_and_numbers_as_text(project: Project) -> None:
    path = project.write(
        "content/t.md", "% A title\n% Ana Lim\n% 29 January 2021\n\nText on line five.\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    assert (doc.meta.title_text, doc.meta.date_display, doc.meta.date_iso) == (
        "A title",
        "29 January 2021",
        None,
    )
    assert [a.name for a in doc.meta.authors] == ["Ana Lim"]
    assert [(d.code, d.loc.line if d.loc else 0) for d in diags] == [("frontmatter.date-text", 3)]
    path = project.write(
        "content/n.md",
        "---\ntitle: 2025\nnumber: 12\nauthor:\n  - name: Ana Lim\n    affiliation: 1\n"
        "---\nText.\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    assert (doc.meta.title_text, doc.meta.number) == ("2025", "12")


def test_folder_builds_find_qmd_files(project: Project) -> None:
    project.write("content/a.md", "---\ntitle: A\n---\nA.\n")
    project.write("content/b.qmd", "---\ntitle: B\n---\nB.\n")
    found = [p.name for p in discover([project.root / "content"])]
    assert "a.md" in found and "b.qmd" in found
