"""Implicit heading references against pandoc (issue #17): every internal link pandoc makes in
its test files (`[Heading]`, `[Heading][]`, `[text][Heading]`, with code in the heading) is one
briefkit makes, to the same id, by pandoc's `auto_identifiers` rules."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.headingrefs import slug_base, unique
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc
from tests.parse.pandoc_ast import pandoc_ast
from tests.parse.test_pandoc_oracle import FILES, FIXTURES, blank_title_block


def internal_links(node: Any, out: Counter[str]) -> None:
    if isinstance(node, list):
        for x in node:
            internal_links(x, out)
    elif isinstance(node, dict):
        if node.get("t") == "Link" and node["c"][2][0].startswith("#"):
            out[node["c"][2][0]] += 1
        for value in node.values():
            internal_links(value, out)


@pytest.mark.parametrize("name", FILES)
def test_every_internal_link_pandoc_makes_briefkit_makes_to_the_same_id(name: str) -> None:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary)")
    text = (FIXTURES / name).read_text(encoding="utf-8")
    theirs: Counter[str] = Counter()
    internal_links(pandoc_ast(exe, text)["blocks"], theirs)
    body = parse_body(blank_title_block(text), FIXTURES / name, Diagnostics())
    blocks = [*body.blocks, *(b for d in body.definitions.values() for b in d.blocks)]
    ours = Counter(n.url for n in ir.walk(blocks) if isinstance(n, ir.Link) and n.url[:1] == "#")
    assert theirs - ours == Counter(), "pandoc links these, briefkit does not"
    assert ours - theirs == Counter(), "briefkit links these, pandoc does not"
    if name == "MANUAL.txt":  # the comparison is not empty: the full form with code is there
        assert theirs["#extension-yaml_metadata_block"] >= 4 and sum(theirs.values()) > 100


@pytest.mark.parametrize(
    ("heading", "ident"),
    [
        ("Extension: `yaml_metadata_block`", "extension-yaml_metadata_block"),
        ("Background in reveal.js, beamer, and pptx", "background-in-reveal.js-beamer-and-pptx"),
        ("1. Introduction", "introduction"),
        ("Café au lait", "café-au-lait"),
        ("日本の安全保障", "日本の安全保障"),
        ("!!!", "section"),
    ],
)
def test_heading_ids_follow_pandocs_auto_identifiers(heading: str, ident: str) -> None:
    assert slug_base(heading.replace("`", "")) == ident
    exe = pandoc()
    if exe is not None:  # and pandoc agrees
        (header,) = pandoc_ast(exe, f"# {heading}\n")["blocks"]
        assert header["c"][1][0] == ident


def test_repeated_headings_are_numbered_as_pandoc_numbers_them() -> None:
    assert [unique("notes", n) for n in (1, 2, 3)] == ["notes", "notes-1", "notes-2"]
    exe = pandoc()
    if exe is not None:
        blocks = pandoc_ast(exe, "# Notes\n\n# Notes\n\n# Notes\n")["blocks"]
        assert [b["c"][1][0] for b in blocks] == ["notes", "notes-1", "notes-2"]
