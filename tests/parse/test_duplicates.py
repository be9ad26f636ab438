"""Names written twice (an `{#id}`, a link label): a located warning at the second."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body

P = Path("brief.md")


def warned(text: str, code: str) -> list[tuple[int, int, str]]:
    diags = Diagnostics()
    parse_body(text, P, diags)
    return [(d.loc.line, d.loc.col, d.message) for d in diags if d.code == code and d.loc]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("# Intro {#sec:a}\n\n# Again {#sec:a}\n", (3, 1)),
        ("# Intro {#x}\n\n::: {#x}\nText.\n:::\n", (3, 1)),
        ("# Intro {#x}\n\n```{.py #x}\ncode\n```\n", (3, 1)),
        ("![A](a.png){#fig:a}\n\n![B](b.png){#fig:a}\n", (3, 1)),
        ("A [span]{#x} and [another]{#x}.\n", (1, 18)),
        ("# T {#tbl:a}\n\n| a |\n|---|\n| 1 |\n\n: Caption {#tbl:a}\n", (7, 1)),
    ],
)
def test_an_id_written_twice_is_reported_at_the_second(text: str, where: tuple[int, int]) -> None:
    found = warned(text, "xref.duplicate-id")
    assert [f[:2] for f in found] == [where], found
    assert "already given at line 1" in found[0][2]


def test_the_warning_names_the_id_the_second_gets_in_the_outputs() -> None:
    found = warned("# A {#s}\n\n# B {#s}\n\n# C {#s}\n", "xref.duplicate-id")
    assert ["'s-2'" in found[0][2], "'s-3'" in found[1][2]] == [True, True]


def test_distinct_and_automatic_ids_are_not_reported() -> None:
    # two headings of one text get `intro` and `intro-1` as pandoc does: nothing written twice
    assert warned("# Intro\n\n# Intro\n\n# Other {#sec:b}\n", "xref.duplicate-id") == []


def test_a_link_label_defined_twice_is_reported_at_the_unused_definition() -> None:
    text = (
        "[one][site] [two][Site]\n\n[site]: https://example.org/1\n[Site]: https://example.org/2\n"
    )
    diags = Diagnostics()
    body = parse_body(text, P, diags)
    found = [(d.loc.line, d.loc.col, d.message) for d in diags if d.loc]
    assert found == [
        (
            4,
            1,
            "link label [Site] is already defined at line 3: this definition is not used "
            "(links to it go to https://example.org/1; pandoc would use this one)",
        )
    ]
    para = body.blocks[0]
    assert isinstance(para, ir.Paragraph)
    urls = [n.url for n in para.inlines if isinstance(n, ir.Link)]
    assert urls == ["https://example.org/1", "https://example.org/1"]
