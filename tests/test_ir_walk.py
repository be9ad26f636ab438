"""`ir.walk`: the one walker of the IR, over source blocks (as parse makes them) and over a
resolved document (body, then notes), reaching every container a node can sit in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.load.editions import cited_keys
from briefkit.parse.markdown import parse_body
from tests.conftest import Project
from tests.helpers import resolve_file

# a link in every place a link can stand, and citations in a cell, an inline note, a footnote
BODY = """\
Intro [link *a*](https://e.org/p) text.[^n]

> Quote with [q](https://e.org/q)

- item [l](https://e.org/li)

| H [h](https://e.org/th) | B |
|---|---|
| c [t](https://e.org/td) [@cell] | x^[inline [n](https://e.org/in) @innote] |

![cap [f](https://e.org/fig)](img.png)

Cite [*see* [a](https://e.org/pre) @doe, p. 1, [s](https://e.org/suf)].

[^n]: Footnote with [d](https://e.org/def) [@roe]
"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
KEYS = ("cell", "innote", "doe", "roe")


def urls(nodes: Iterable[ir.Node]) -> list[str]:
    """The targets of the links among `nodes`, in order, without the common prefix."""
    return [n.url.removeprefix("https://e.org/") for n in nodes if isinstance(n, ir.Link)]


def briefing(project: Project) -> Path:
    refs = "".join(
        f"- id: {key}\n  type: webpage\n  title: {key.title()}\n  URL: https://e.org/{key}\n"
        for key in KEYS
    )
    project.write("content/refs.yaml", refs)
    (project.root / "content" / "img.png").write_bytes(PNG)
    path = project.root / "content" / "b.md"
    path.write_text("---\ntitle: T\nbibliography: refs.yaml\n---\n" + BODY, encoding="utf-8")
    return path


def test_walk_reaches_quotes_lists_tables_figures_inline_notes_and_citation_affixes() -> None:
    diags = Diagnostics()
    body = parse_body(BODY, Path("b.md"), diags)
    assert not list(diags)
    assert urls(ir.walk(body.blocks)) == ["p", "q", "li", "th", "td", "in", "fig", "pre", "suf"]
    assert urls(ir.walk(body.definitions["n"].blocks)) == ["def"]


def test_walk_is_pre_order_each_node_before_what_it_holds() -> None:
    inner = ir.Emph((ir.Text("a"),))
    link: ir.Link[ir.Inline] = ir.Link((ir.Text("x"), inner), "https://e.org")
    para = ir.Paragraph((link, ir.Text("after")))
    image = ir.Image("img.png", "alt")
    figure = ir.Figure(image, (ir.Text("cap"),))
    head = (ir.Cell((ir.Paragraph((ir.Text("h"),)),)),)
    foot = (ir.Cell((ir.Paragraph((ir.Text("f"),)),)),)
    cell = ir.Cell((ir.Paragraph((ir.Text("c"),)), ir.BulletList(((ir.CodeBlock("k"),),))), 2)
    table = ir.Table((head,), ((cell,),), ("",), foot=(foot,))
    quote = ir.BlockQuote((ir.Paragraph((ir.Text("q"),)),))
    listed = ir.BulletList(((quote,),))
    assert list(ir.walk((para, figure, table, listed))) == [
        para,
        link,
        ir.Text("x"),
        inner,
        ir.Text("a"),
        ir.Text("after"),
        figure,
        image,
        ir.Text("cap"),
        table,
        head[0].blocks[0],
        ir.Text("h"),
        cell.blocks[0],
        ir.Text("c"),
        cell.blocks[1],
        ir.CodeBlock("k"),
        foot[0].blocks[0],
        ir.Text("f"),
        listed,
        quote,
        quote.blocks[0],
        ir.Text("q"),
    ]


def test_walk_of_a_resolved_document_is_its_body_then_its_notes(project: Project) -> None:
    doc, diags = resolve_file(briefing(project), project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    nodes = list(ir.walk(doc))
    # the body's links, then each note's in number order: 1 the footnote (its link, then the
    # URL of the source it cites), 2 the citation in the table cell, 3 the inline note in the
    # other cell, 4 the body citation, whose prefix and suffix links stay in its note
    assert urls(nodes) == [
        *("p", "q", "li", "th", "td", "fig"),
        *("def", "roe"),
        "cell",
        *("in", "innote"),
        *("pre", "doe", "suf"),
    ]
    # resolve left no source node anywhere, table cells and captions included
    assert not [n for n in nodes if isinstance(n, ir.Cite | ir.FootnoteRef | ir.InlineNote)]
    calls = [n.number for n in nodes if isinstance(n, ir.NoteRef)]
    assert calls == [n.number for n in doc.notes] == [1, 2, 3, 4]


def test_an_editions_cited_keys_include_table_cells_inline_notes_and_footnotes(
    project: Project,
) -> None:
    doc = load_document(briefing(project).resolve(), project.root.resolve(), Diagnostics())
    assert doc is not None
    assert cited_keys(doc) == set(KEYS)
