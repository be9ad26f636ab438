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
