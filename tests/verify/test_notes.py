"""`briefkit verify` reads the notes back from each output: a list inside a note is part of
that note, not a note of its own (found on a new briefing whose note held a numbered list:
"html: notes differ from the source (unexpected -1)")."""

from __future__ import annotations

from tests.conftest import Project

BRIEFING = """---
title: A note with a list
---
The saving is about a third.[^calc] Then more.[^two]

[^calc]: Computed from the table. Two caveats:

    1. distances are great-circle approximations;
    2. ice conditions vary.

[^two]: A plain note.
"""


def test_a_note_holding_a_list_verifies_in_all_three_outputs(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 problems" in result.stdout + result.stderr


def test_a_changed_note_beside_a_list_is_still_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    assert cli("build", "-f", "html").exit_code == 0
    html = project.root / "output" / "x.html"
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("ice conditions vary", "ice varies"), "utf-8")
    result = cli("verify")
    assert result.exit_code != 0
    assert "note 1 differs" in result.stdout + result.stderr


def test_a_difference_is_shown_where_it_is_and_warnings_are_counted(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    """The message cut both texts before their difference ('expected …kai…, found …kai…'
    read alike); the summary said '0 problems' under a printed warning; a damaged PDF made
    pypdf print 'EOF marker not found' unlocated; a folder that does not exist was 'no
    build manifest', exit 1."""
    long = "A long note " + "with many words " * 8 + "ending in Kyodo News and a date."
    project.write("content/x.md", f"---\ntitle: T\n---\nText.[^a]\n\n[^a]: {long}\n")
    assert cli("build", "-f", "html,pdf").exit_code == 0
    html = project.root / "output" / "x.html"
    html.write_text(html.read_text("utf-8").replace("Kyodo News", "Fake News"), "utf-8")
    pdf = project.root / "output" / "x.pdf"
    pdf.write_bytes(pdf.read_bytes()[:4000])
    result = cli("verify")
    out = result.stdout + result.stderr
    assert result.exit_code == 1
    (line,) = [ln for ln in out.splitlines() if "note 1 differs" in ln]
    assert "Kyodo News" in line and "Fake News" in line
    assert "2 problems, 1 warning" in out  # the HTML changed after the build: a warning
    assert "EOF marker" not in out
    missing = cli("verify", "no-such-dir")
    assert missing.exit_code == 2 and "no such folder" in missing.stderr
