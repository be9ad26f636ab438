"""Three briefings written as new users write them (tests/fixtures/new-briefings/, see its
README): an English brief citing a BibTeX library, a Japanese briefing citing CSL YAML, and a
two-page commentary with long, discursive notes. Each is built once, with the CLI, in all three
formats; the tests read the notes back from the HTML, the Word file and the PDF and hold them
to what a copy editor passed, one defect found on them at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cite.test_corpus import docx_notes, html_notes, pdf_text
from tests.conftest import REPO

BRIEFINGS = REPO / "tests" / "fixtures" / "new-briefings"
NAMES = ("cbam-lng", "semiconductors.ja", "undersea-cables")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from briefkit.cli import app

    out = tmp_path_factory.mktemp("new-briefings")
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(BRIEFINGS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 built" in result.output, result.output
    return out


def notes(built: Path, name: str) -> dict[str, list[str]]:
    """The notes of each format, as text (*...* marks italics; the PDF's text unspaced)."""
    html = html_notes((built / f"{name}.html").read_bytes())[0]
    docx = [n.replace("**", "") for n in docx_notes((built / f"{name}.docx").read_bytes())[0]]
    return {"html": html, "docx": docx}


def in_pdf(built: Path, name: str, text: str) -> bool:
    return re.sub(r"\s+", "", text.replace("*", "")) in pdf_text((built / f"{name}.pdf").read_bytes())


def test_the_three_formats_number_the_same_notes(built: Path) -> None:
    for name in NAMES:
        got = notes(built, name)
        assert got["html"] == got["docx"], name
        assert len(got["html"]) >= {"cbam-lng": 30}.get(name, 10), name


def test_verify_strict_finds_nothing(built: Path) -> None:
    # before 3a89a8e, three URL breaks CMOS 14.18 allows were reported as forbidden
    from typer.testing import CliRunner

    from briefkit.cli import app

    result = CliRunner().invoke(app, ["verify", "--strict", str(built)])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output and "warning" not in result.output, result.output


def test_ibid_opening_a_sentence_of_a_note_is_capitalised(built: Path) -> None:
    got = notes(built, "undersea-cables")
    wanted = [
        (5, "several of them are due for renegotiation. Ibid., p. 30."),
        (7, "through culpable negligence. Ibid. The article does not give"),
    ]
    for fmt, texts in got.items():
        for number, text in wanted:
            assert text in texts[number - 1], (fmt, number, texts[number - 1])
    for _, text in wanted:
        assert in_pdf(built, "undersea-cables", text), text
