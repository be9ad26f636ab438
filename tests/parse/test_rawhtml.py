"""Raw HTML in Markdown: dropped (default), escaped, or a safe subset, always with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.parse.markdown import parse_body
from tests.conftest import Project

P = Path("b.md")


def parse(text: str, mode: str = "drop") -> tuple[tuple, Diagnostics]:
    diags = Diagnostics()
    body = parse_body(text, P, diags, mode)  # type: ignore[arg-type]
    return body.blocks, diags


def test_default_drops_tags_and_script_content_with_located_warnings() -> None:
    blocks, diags = parse('Hello <script>alert(1)</script> <b onclick="x()">bold</b> end\n')
    assert ir.plain_text(blocks[0].inlines) == "Hello  bold end"
    found = [(d.code, d.loc.line, d.loc.col, d.message) for d in diags]  # type: ignore[union-attr]
    assert found == [
        ("html.raw", 1, 7, "raw HTML <script> is dropped"),
        ("html.raw", 1, 33, "raw HTML <b> is dropped"),
    ]
    assert "raw-html: safe" in (diags.items[0].hint or "")


def test_escape_prints_the_tags_as_text() -> None:
    blocks, diags = parse("a <i>b</i> c\n", "escape")
    assert ir.plain_text(blocks[0].inlines) == "a <i>b</i> c"
    assert [d.code for d in diags] == ["html.raw"]


def test_safe_subset_maps_onto_briefkit_nodes() -> None:
    text = (
        "H<sub>2</sub>O, x<sup>2</sup>, <em>e</em> <strong>s</strong> <s>d</s> "
        '<span class="smallcaps">Sc</span> <abbr title="x">AB</abbr>a<br>b '
        "<div>no</div> <img src=x onerror=alert(1)>\n"
    )
    blocks, diags = parse(text, "safe")
    kinds = [type(n).__name__ for n in blocks[0].inlines]
    assert "Subscript" in kinds and "Superscript" in kinds and "Emph" in kinds
    assert "Strong" in kinds and "Strikeout" in kinds and "SmallCaps" in kinds
    assert "LineBreak" in kinds
    assert ir.plain_text(blocks[0].inlines) == "H2O, x2, e s d Sc ABa\nb no "
    assert [(d.code, d.message) for d in diags] == [
        ("html.unsafe", "raw HTML <div> is not allowed here; dropped"),
        ("html.unsafe", "raw HTML <img> is not allowed here; dropped"),
    ]


def test_html_blocks_and_comments() -> None:
    blocks, diags = parse('<!-- an editor\'s note -->\n\n<div onclick="x">\nhi\n</div>\n\nText.\n')
    assert [ir.blocks_text([b]) for b in blocks] == ["Text."]
    assert [(d.code, d.loc.line) for d in diags] == [("html.raw", 3)]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4="]
)
def test_dangerous_link_targets_are_refused_with_a_warning(target: str, project: Project) -> None:
    text = f"See [this]({target}) now.\n"
    diags = Diagnostics()
    body = parse_body(text, P, diags)
    assert not any(isinstance(n, ir.Link) for n in body.blocks[0].inlines)
    # the parser records the target where it stands; the load stage reports it, once
    assert diags.items == [] and [(w.line, w.col) for _, w in body.links] == [(1, 12)]
    assert target.startswith(body.links[0][0])  # up to its first ')': where the text ends
    path = project.write("content/b.md", f"---\ntitle: T\n---\n{text}")
    diags = Diagnostics()
    assert load_document(path.resolve(), project.root.resolve(), diags) is not None
    (d,) = diags.items
    assert d.code == "link.unsafe" and d.loc is not None and (d.loc.line, d.loc.col) == (4, 12)
