"""The LaTeX of BibTeX fields to text (`parse.latex`): what it converts, and that a command it
cannot convert is said, never dropped in silence."""

from __future__ import annotations

import pytest

from briefkit.parse.latex import latex_to_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\emph{Seapower} and \'etude", "Seapower and étude"),
        (r"``It's Going Much Too Fast''", "“It’s Going Much Too Fast”"),
        (r"pp.~12--14", "pp.\u00a012–14"),
        (r"\TeX\ book", "TeX book"),
        (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
        # a URL's tilde, written either way, is a tilde (not TeX's no-break space, not nothing)
        (r"\url{http://host/~user}", "http://host/~user"),
        (r"http://host/\~{}user", "http://host/~user"),
        # an accent on nothing is the accent itself, as TeX prints it
        (r"Ry{\'{}cko} x\^{}y", "Ry\u00b4cko x^y"),
        # math that is only a symbol is the symbol; other math stays TeX
        ("Practice $ \\ldots\n $", "Practice \u2026"),
        (r"$x^2$ and $\alpha$", r"$x^2$ and $\alpha$"),
        (r"{\tt gl} for ${\rm gl}(2)$", r"gl for ${\rm gl}(2)$"),
        # Beebe's @preamble \Dash is an em dash
        (r"{\tt a2ac}\Dash {Font}", "a2ac\u2014Font"),
        (r"Rahden/Westf\adddot", "Rahden/Westf."),  # biblatex's punctuation commands
    ],
)
def test_known_latex_is_converted_without_a_problem(latex: str, text: str) -> None:
    problems: list[str] = []
    assert latex_to_text(latex, problems.append) == text
    assert problems == []


@pytest.mark.parametrize(
    ("latex", "text", "named"),
    [
        (r"A \toenglish{Wort} b", "A Wort b", [r"\toenglish"]),
        (r"\SI{5}{\kilo\metre}", "5", [r"\SI", r"\kilo", r"\metre"]),
        (r"see \cite{doe}", None, [r"\cite"]),
    ],
)
def test_an_unknown_command_is_reported(latex: str, text: str | None, named: list[str]) -> None:
    problems: list[str] = []
    out = latex_to_text(latex, problems.append)
    if text is not None:
        assert out == text
    assert len(problems) == 1
    for name in named:
        assert name in problems[0]


def test_escaped_specials_survive_a_field_that_pylatexenc_reads() -> None:
    """`\\%`, `\\&`, `\\$`, `\\{` beside a command only pylatexenc reads: before, pylatexenc
    took the `%` for a comment (the rest of the field was lost), the `&` for a table cell (a
    space), the `$` for math (a stray `}` kept) and the braces for a group."""
    assert latex_to_text(r"50\% of \foo users", markup=True) == "50% of users"
    assert latex_to_text(r"AT\&T \TeX\ and \textsc{x}", markup=True) == "AT&T TeX and <sc>x</sc>"
    assert latex_to_text(r"{Review: \booktitle{Futura}. US\$24.95, ISBN 9}") == (
        "Review: Futura. US$24.95, ISBN 9"
    )
    assert latex_to_text(r"\{x\} \foo{y} a\_b \# c") == "{x} y a_b # c"
