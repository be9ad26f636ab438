"""@preamble macros (parse/bibpreamble.py) read and expanded in fields, as the file defines them;
what cannot be read is one located `ref.preamble` warning; and the LaTeX fixes they needed."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from briefkit.model.library import build_library
from briefkit.parse.bibpreamble import expand_macros, read_preamble
from briefkit.parse.latex import latex_to_text
from briefkit.parse.references import read_reference_file

LIBRARIES = Path(__file__).parent.parent / "fixtures" / "libraries"


def convert(text: str) -> tuple[dict[str, dict[str, str]], Diagnostics]:
    diags = Diagnostics()
    library = build_library(read_reference_file(Path("x.bib"), text, diags), diags)
    return {k: {"title": str(v.ref.title)} for k, v in library.items()}, diags


def test_definition_forms() -> None:
    found = read_preamble(
        r"\newcommand{\MF}{Metafont} \newcommand*\SC{Small} \renewcommand{\X}{Ex}"
        r"\providecommand{\emph}{never} \providecommand{\Pr}{Provided}"
        r"\def\foo{Foo} \def \bar {{\sc Bar}} \let\ssf=\sf \font\manfnt=logo10 "
        r"\ifx \undefined \Dash \def \Dash {\penalty0---\penalty0} \fi"
        r"\ifx \k \undefined \let \k = \c \immediate\write16{no ogonek}\fi"
        r"\hyphenation{Gon-czar-ow-ski} \makeatletter"
    )
    assert found.macros == {
        "MF": "Metafont",
        "SC": "Small",
        "X": "Ex",
        "Pr": "Provided",  # \emph: LaTeX has it, \providecommand does not redefine it
        "foo": "Foo",
        "bar": r"{\sc Bar}",
        "ssf": r"\sf",
        "manfnt": "",
        "Dash": r"\penalty0---\penalty0",
    }  # \k: LaTeX has it, so the \ifx branch is not taken
    assert found.unread == []


def test_macros_with_arguments_and_what_cannot_be_read() -> None:
    found = read_preamble(
        r"\input bibnames.sty \def\acro#1{{\sc #1}} \newcommand{\two}[2]{#2 and #1}"
        r"\newcommand{\none}[0]{None} \def \toenglish #1\endtoenglish{[{\em English:} #1]}"
        r"\newcommand{\opt}[2][x]{#1}"
    )
    assert found.macros == {"none": "None"}
    assert found.params == {"acro": (1, r"{\sc #1}"), "two": (2, "#2 and #1")}
    assert found.unread == [
        r"\input bibnames.sty",
        r"\def\toenglish#1\endtoenglish{...}",  # a delimited parameter
        r"\newcommand{\opt}[2][...]{...}",  # an optional argument
    ]
    macros, params = found.macros, found.params
    assert expand_macros(r"The \acro{TUG} and \two{A} {B}, \two x\none", macros, params) == (
        r"The {\sc TUG} and B and A, None{} and x",
        False,
    )
    assert expand_macros(r"\acro", macros, params) == (r"\acro", False)  # no argument: as written


def test_expansion_follows_tex() -> None:
    macros = {"MF": "Metafont", "pdfTeX": r"pdf\TeX", "PiCTeX": r"{\PiC\TeX}", "PiC": "{\\sc pic}"}
    assert expand_macros(r"The \MF book", macros) == ("The Metafontbook", False)
    assert expand_macros(r"\pdfTeX book", macros) == (r"pdf\TeX{}book", False)
    assert expand_macros(r"\PiCTeX, \MFX", macros) == (r"{{\sc pic}\TeX}, \MFX", False)
    looped, stopped = expand_macros(r"\a", {"a": r"x\a"})
    assert stopped and looped.startswith("xxxx")


def test_a_file_reads_its_own_definitions() -> None:
    items, diags = convert(
        '@preamble{"\\newcommand{\\MF}{Meta\\-font} " # '
        '"\\ifx \\undefined \\Xy \\def \\Xy {{\\sc Xy}} \\fi \\input bibnames.sty"}\n'
        "@book{a,\n  title = {The \\MF book and \\Xy-pic},\n  url = {http://x.org/\\MF},\n}\n"
        "@book{b,\n  title = {\\acro{TUG}},\n}\n"
    )
    assert items["a"]["title"] == "The Meta\u00adfontbook and <sc>Xy</sc>-pic"
    warnings = [(d.code, d.loc.line if d.loc else 0, d.message) for d in diags]
    assert ("ref.preamble", 1, r"@preamble: \input bibnames.sty: not read, so fields that use "
            "it print without it") in warnings  # fmt: skip
    assert [w for w in warnings if w[0] == "ref.latex"] == [
        ("ref.latex", 7, "entry 'b', field 'title': LaTeX command \\acro cannot be converted: "
         "dropped (arguments kept as text)")
    ]  # fmt: skip


def test_an_endless_definition_is_reported_at_the_field() -> None:
    _, diags = convert('@preamble{"\\def\\a{x\\a}"}\n@book{a,\n  title = {\\a},\n}\n')
    [w] = [d for d in diags if d.code == "ref.preamble"]
    assert "expands into itself" in w.message and w.loc is not None and w.loc.line == 3


def test_beebes_preambles_define_what_their_fields_use() -> None:
    text = (LIBRARIES / "texgraph.bib").read_text("utf-8")
    diags = Diagnostics()
    library = build_library(read_reference_file(Path("texgraph.bib"), text, diags), diags)
    [w] = [d for d in diags if d.code == "ref.preamble"]
    assert r"@preamble: \input bibnames.sty; \input path.sty: not read" in w.message
    titles = " ".join(str(v.ref.title) for v in library.values())
    assert "<sc>pic</sc>TeX" in titles  # \def\PiCTeX{{\PiC\TeX}}, \def\PiC{{\sc pic}}
    assert "<sc>DVIPDF</sc> and Graphics" in titles  # \def\acro#1{{\sc #1}}, \acro{DVIPDF}


def test_latex_keeps_math_as_written_and_control_spaces() -> None:
    assert latex_to_text("{$ \\{ $Meta$ \\} $Font}") == "$ \\{ $Meta$ \\} $Font"
    assert latex_to_text("manual $\\ldots$") == "manual …"
    assert latex_to_text("US\\$24.95 and $x$") == "US$24.95 and $x$"
    assert latex_to_text("98\\psq\\ Nr. 2176") == "98 Nr. 2176"  # \psq unknown, space kept
    assert latex_to_text("A\\penalty0---\\penalty0 B") == "A\u2014B"
    # a thin space is a space once the field's whitespace is squashed, as `\\,` is
    assert latex_to_text("a\\nobreak\\thinspace---\\thinspace b") == "a \u2014 b"
    assert latex_to_text("{\\char92}bs, \\char\"41, {\\char'7}") == "\\bs, A,"
