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
