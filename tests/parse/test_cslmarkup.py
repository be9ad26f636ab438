"""CSL rich-text markup in a reference's text field, and BibTeX's font commands written as it."""

from __future__ import annotations

import pytest
import yaml

from briefkit.parse.cslmarkup import Marked, close_open, parse_markup, plain
from briefkit.parse.latex import latex_to_text
from tests.conftest import Project


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        ("Plain", ("Plain",)),
        ("a < b and c > d", ("a < b and c > d",)),  # no tag: text
        ("The <i>Lusitania</i>", ("The ", Marked("i", ("Lusitania",)))),
        ("<I>Upper</I>", (Marked("i", ("Upper",)),)),
        ("<b>x</b><sup>2</sup><sub>n</sub>", (
            Marked("b", ("x",)), Marked("sup", ("2",)), Marked("sub", ("n",)),
        )),
        ("<sc>NATO</sc>", (Marked("sc", ("NATO",)),)),
        ('<span style="font-variant:small-caps;">NATO</span>', (Marked("sc", ("NATO",)),)),
        ("<span style='font-variant: small-caps'>NATO</span>", (Marked("sc", ("NATO",)),)),
        ('<span class="nocase">iPhone</span>', (Marked("nocase", ("iPhone",)),)),
        ("<i>a <b>b</b> <i>c</i></i>", (
            Marked("i", ("a ", Marked("b", ("b",)), " ", Marked("i", ("c",)))),
        )),
        ("<i></i>x", ("x",)),  # an empty span is nothing
    ],
)  # fmt: skip
def test_csl_markup_is_read(text: str, nodes: tuple[object, ...]) -> None:
    assert parse_markup(text) == (nodes, ())


@pytest.mark.parametrize(
    ("text", "nodes", "problem"),
    [
        ("<u>x</u>", ("<u>x</u>",), "'<u>' is not CSL rich-text markup"),
        ('<span style="color:red">x</span>', ('<span style="color:red">x</span>',), "is not"),
        ("<i>open", ("<i>open",), "'<i>' is never closed"),
        ("a</i>b", ("a</i>b",), "'</i>' closes no open tag"),
        ("<i>a</b>b</i>", (Marked("i", ("a</b>b",)),), "'</b>' closes no open tag"),
    ],
)
def test_other_tags_are_text_and_said(text: str, nodes: tuple[object, ...], problem: str) -> None:
    got, problems = parse_markup(text)
    assert got == nodes
    assert problems and problem in problems[0]


def test_plain_text_and_closing_what_is_left_open() -> None:
    assert plain("The <i>Lusitania</i> and <sc>NATO</sc>") == "The Lusitania and NATO"
    assert close_open("<i>A Very Long") == "<i>A Very Long</i>"
    assert close_open("<b>A <i>B") == "<b>A <i>B</i></b>"
    assert close_open("<i>Done</i>") == "<i>Done</i>"


@pytest.mark.parametrize(
    ("latex", "csl"),
    [
        (r"The \emph{Lusitania}", "The <i>Lusitania</i>"),
        (r"\textit{a} \mkbibemph{b} \mkbibitalic{c}", "<i>a</i> <i>b</i> <i>c</i>"),
        (r"\textbf{a} \mkbibbold{b}", "<b>a</b> <b>b</b>"),
        (r"\textsc{nato}", "<sc>nato</sc>"),
        (r"H\textsubscript{2}O, mc\textsuperscript{2}", "H<sub>2</sub>O, mc<sup>2</sup>"),
        (r"{\em The Economist\/} polishes", "<i>The Economist</i> polishes"),
        (r"{Generating an {\sl APL\/} font}", "Generating an <i>APL</i> font"),
        (r"{\bf Bold} and {\itshape shape}", "<b>Bold</b> and <i>shape</i>"),
        (r"\emph{R\'esum\'e \textbf{x}}", "<i>Résumé <b>x</b></i>"),
        (r"\emph{}Empty", "Empty"),
    ],
)
def test_bibtex_font_commands_become_csl_markup(latex: str, csl: str) -> None:
    assert latex_to_text(latex, markup=True) == csl
    assert latex_to_text(latex) == plain(csl)  # names, URLs: text only, as before


def test_refs_import_writes_the_markup(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "lib.bib",
        "@book{b, author = {Doe, Jane}, title = {On \\emph{Lusitania} and \\textsc{nato}},\n"
        "  publisher = {Press}, year = {2020}}\n",
    )
    result = cli("refs", "import", "lib.bib")
    assert result.exit_code == 0, result.stderr
    [item] = yaml.safe_load(result.stdout)["references"]
    assert item["title"] == "On <i>Lusitania</i> and <sc>nato</sc>"
    assert "ref.invalid-markup" not in result.stderr
