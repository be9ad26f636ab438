"""`--summary-json` records how many full layouts each briefing's PDF took, and only for a PDF
laid out in that run (not for HTML-only builds, nor for a briefing that was up to date)."""

from __future__ import annotations

import json

from tests.conftest import Project

BRIEFING = """
---
title: One page
---
A paragraph with a note.[^n]

[^n]: The note.
"""


def entry(project: Project, cli, *args: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    summary = project.root / "summary.json"
    assert cli("build", *args, "--summary-json", str(summary)).exit_code == 0
    briefings = json.loads(summary.read_text(encoding="utf-8"))["briefings"]
    assert len(briefings) == 1
    found: dict[str, object] = briefings[0]
    return found


def test_layout_passes_are_recorded_for_a_pdf_laid_out(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/b.md", BRIEFING)
    assert "layout_passes" not in entry(project, cli, "-f", "html")
    assert entry(project, cli, "-f", "html,pdf")["layout_passes"] == 1
    up_to_date = entry(project, cli, "-f", "html,pdf")
    assert up_to_date["status"] == "skipped" and "layout_passes" not in up_to_date
