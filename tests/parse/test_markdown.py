"""Markdown body -> source IR: structure, typography and the positions diagnostics rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.parse.markdown import parse_body
from tests.conftest import Project

P = Path("brief.md")


def parse(text: str) -> tuple[tuple, dict, Diagnostics]:
    diags = Diagnostics()
    body = parse_body(text, P, diags)
    return body.blocks, body.definitions, diags


def first_para(text: str) -> tuple:
    blocks, _, _ = parse(text)
    assert isinstance(blocks[0], ir.Paragraph)
    return blocks[0].inlines


def test_citation_positions_point_at_the_key() -> None:
    inlines = first_para("Some text [see @doe2020, p. 4] and more.\n")
    cite = inlines[1]
    assert isinstance(cite, ir.Cite)
    assert (cite.loc.line, cite.loc.col) == (1, 11)
    item = cite.items[0]
    assert (item.key, item.locator, item.label) == ("doe2020", "4", "page")
    assert (item.loc.line, item.loc.col) == (1, 17)
    assert ir.plain_text(item.prefix) == "see"


def test_positions_on_later_lines_and_inside_notes() -> None:
    text = "Line one\ncontinues ^[an inline note [@x]] here.\n\n[^a]: Note text\n    with [@y].\n"
    blocks, defs, _ = parse(text)
    note = blocks[0].inlines[1]
    assert isinstance(note, ir.InlineNote)
    assert (note.loc.line, note.loc.col) == (2, 11)
    cite = note.blocks[0].inlines[1]
    assert isinstance(cite, ir.Cite) and cite.items[0].key == "x"
    assert (cite.items[0].loc.line, cite.items[0].loc.col) == (2, 30)
    definition = defs["a"]
    assert (definition.loc.line, definition.loc.col) == (4, 1)
    inner = definition.blocks[0].inlines[1]
    assert isinstance(inner, ir.Cite)
    assert (inner.items[0].loc.line, inner.items[0].loc.col) == (5, 12)


def test_positions_inside_block_quotes_and_lists() -> None:
    blocks, _, _ = parse("> quoted [@q]\n\n- item [@l]\n")
    quote_cite = blocks[0].blocks[0].inlines[1]
    assert (quote_cite.items[0].loc.line, quote_cite.items[0].loc.col) == (1, 12)
    list_cite = blocks[1].items[0][0].inlines[1]
    assert (list_cite.items[0].loc.line, list_cite.items[0].loc.col) == (3, 10)


def test_footnote_references_keep_their_labels_even_when_undefined() -> None:
    inlines = first_para("Text.[^missing]\n")
    ref = inlines[1]
    assert isinstance(ref, ir.FootnoteRef) and ref.label == "missing"
    assert (ref.loc.line, ref.loc.col) == (1, 6)


def test_duplicate_footnote_definition_is_an_error_at_the_second() -> None:
    _, defs, diags = parse("x[^a]\n\n[^a]: one\n\n[^a]: two\n")
    assert [d.code for d in diags] == ["note.duplicate-definition"]
    assert diags.items[0].loc is not None and diags.items[0].loc.line == 5
    assert ir.blocks_text(defs["a"].blocks) == "one"


def test_multi_paragraph_footnote() -> None:
    _, defs, _ = parse("x[^n]\n\n[^n]: First.\n\n    Second.\n")
    assert [ir.blocks_text([b]) for b in defs["n"].blocks] == ["First.", "Second."]


def test_smart_punctuation_as_pandoc_does_it() -> None:
    text = ir.plain_text(first_para("\"Quoted\" -- and --- dash... (c) 'single' don't\n"))
    assert (
        text == "\u201cQuoted\u201d \u2013 and \u2014 dash\u2026 (c) \u2018single\u2019 don\u2019t"
    )


def test_smart_punctuation_in_inline_notes_and_figure_captions() -> None:
    """Both are parsed into token lists markdown-it's core rules never visited: an unseen
    briefing printed straight quotes in its `^[...]` notes and figure captions only."""
    blocks, _, _ = parse(
        'Text.^[An "inline" note -- the author\'s view.]\n\n'
        '![The author\'s "figure", 1990--2000.](x.png)\n'
    )
    (note,) = [i for i in blocks[0].inlines if isinstance(i, ir.InlineNote)]
    assert (
        ir.blocks_text(note.blocks) == "An \u201cinline\u201d note \u2013 the author\u2019s view."
    )
    assert isinstance(blocks[1], ir.Figure)
    caption = ir.plain_text(blocks[1].caption)
    assert caption == "The author\u2019s \u201cfigure\u201d, 1990\u20132000."


def test_email_addresses_and_links_are_not_citations() -> None:
    inlines = first_para("Write to a@b.org or see [@handle](https://example.org).\n")
    assert not any(isinstance(i, ir.Cite) for i in inlines)
    assert any(isinstance(i, ir.Link) and i.url == "https://example.org" for i in inlines)


def test_in_text_citation_with_locator() -> None:
    inlines = first_para("As @doe2020 [p. 33] argues.\n")
    cite = inlines[1]
    assert isinstance(cite, ir.Cite) and cite.in_text
    assert (cite.items[0].key, cite.items[0].locator) == ("doe2020", "33")
    assert inlines[2] == ir.Text(" argues.")


def test_structure_lists_quotes_tables_code_and_figures(tmp_path: Path) -> None:
    text = (
        "# Head\n\n1. one\n2. two\n\n* a\n\n* b\n\n> quote\n\n```py\ncode\n```\n\n---\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n![Alt *text*](pic.png)\n"
    )
    blocks, _, _ = parse(text)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Heading",
        "OrderedList",
        "BulletList",
        "BlockQuote",
        "CodeBlock",
        "ThematicBreak",
        "Table",
        "Figure",
    ]
    assert blocks[1].tight and not blocks[2].tight
    assert blocks[4] == ir.CodeBlock("code", "py")
    assert blocks[6].aligns == ("left", "right")
    figure = blocks[7]
    assert figure.image.asset == "pic.png" and figure.image.alt == "Alt text"


@pytest.mark.parametrize(
    "link",
    [
        "[x](data:image/png;base64,AAAA)",
        "[x](javascript:alert(1))",
        # a reference definition markdown-it refuses stays paragraph text: reported there
        "[f][js].\n\n[js]: javascript:alert(2)",
        "[f][img].\n\n[img]: data:image/png;base64,AAAA",
    ],
)
def test_an_unsafe_link_is_reported_once(project: Project, link: str) -> None:
    """markdown-it accepts data:image links (the load stage refuses them) and refuses
    javascript: ones (the parser reports them): either way, one warning."""
    path = project.write("content/b.md", f"---\ntitle: T\n---\nSee {link}.\n")
    diags = Diagnostics()
    doc = load_document(path.resolve(), project.root.resolve(), diags)
    assert doc is not None
    assert [d.code for d in diags].count("link.unsafe") == 1, [d.format() for d in diags]


def test_unsafe_links_in_front_matter_text_are_reported_once_each_at_their_key(
    project: Project,
) -> None:
    """Markdown values (the abstract...) are checked like the body, with the same hint."""
    path = project.write(
        "content/b.md",
        "---\ntitle: T\nabstract: '[a](javascript:x), [b](data:image/png;base64,AA), [c](/ok)'\n"
        "---\nSee [d](vbscript:y).\n",
    )
    diags = Diagnostics()
    assert load_document(path.resolve(), project.root.resolve(), diags) is not None
    found = [(d.message, d.loc.line if d.loc else 0, d.hint) for d in diags]
    hint = "links may point to http(s) or mailto addresses, or be relative"
    assert sorted(found) == [
        ("link target 'data:image/png;base64,AA' is refused; printed as text", 3, hint),
        ("link target 'javascript:x' is refused; printed as text", 3, hint),
        ("link target 'vbscript:y' is refused; printed as text", 5, hint),
    ]


def test_deep_nesting_is_read_and_too_deep_is_an_error() -> None:
    """markdown-it skipped what was nested deeper than 20 open blocks without a word: a list
    ten levels deep lost its last item and the paragraph after it."""
    text = "".join("  " * i + f"- item{i}\n" for i in range(10)) + "\nAfter the list.\n"
    blocks, _, diags = parse(text)
    assert "item9" in ir.blocks_text(blocks) and "After the list." in ir.blocks_text(blocks)
    assert not diags.has_errors
    _, _, diags = parse("> " * 70 + "Deep.\n\nAfter.\n")
    assert [(d.code, d.loc.line) for d in diags] == [("input.too-deep", 1)]
