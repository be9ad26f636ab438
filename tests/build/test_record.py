"""What a build records of its inputs (build/record.py): each input is hashed from the bytes
the build actually read, so that a file saved while the build runs leaves a manifest that is
out of date, and the next build rebuilds instead of calling the stale outputs up to date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefkit.build import pipeline
from tests.conftest import Project

BRIEFING = """---
title: Mid-build saves
bibliography: refs.yaml
---
A claim.[@one]
"""
REFS = "- id: one\n  type: book\n  title: The First Title\n  author:\n    - family: Doe\n"


def build_saving_midway(cli: Any, change: Callable[[], None]) -> tuple[Any, int]:
    """A build that runs `change` after the load and render, just before the manifest is made;
    the result and how many times the hook ran."""
    calls: list[int] = []
    original = pipeline.manifest_bytes

    def late_save(*args: Any, **kwargs: Any) -> bytes:
        change()
        calls.append(1)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "manifest_bytes", late_save)
        return cli("build", "-f", "html"), len(calls)


def test_a_references_file_saved_mid_build_makes_the_next_build_rebuild(
    project: Project, cli: Any
) -> None:
    project.write("content/b.md", BRIEFING)
    refs = project.write("content/refs.yaml", REFS)
    first, calls = build_saving_midway(
        cli, lambda: refs.write_text(REFS.replace("First", "Second"), encoding="utf-8")
    )
    assert first.exit_code == 0 and calls == 1, first.stderr
    page = (project.root / "output" / "b.html").read_text(encoding="utf-8")
    assert "The First Title" in page and "The Second Title" not in page  # built from the old
    manifest = json.loads((project.root / "output/.briefkit/b.json").read_text("utf-8"))
    assert "content/refs.yaml" in manifest["inputs"]  # recorded, as the old bytes
    again = cli("build", "-f", "html")
    assert again.exit_code == 0 and "1 built, 0 up to date" in again.stdout, again.stdout
    page = (project.root / "output" / "b.html").read_text(encoding="utf-8")
    assert "The Second Title" in page
    assert "0 built, 1 up to date" in cli("build", "-f", "html").stdout  # and now it is


def test_an_unchanged_references_file_keeps_the_build_up_to_date(
    project: Project, cli: Any
) -> None:
    """The hash of the read bytes is the same hash the up-to-date check takes of the file."""
    project.write("content/b.md", BRIEFING)
    project.write("content/refs.yaml", "\ufeff" + REFS.replace("\n", "\r\n"))  # BOM, CRLF
    assert cli("build", "-f", "html").exit_code == 0
    assert "0 built, 1 up to date" in cli("build", "-f", "html").stdout


def test_the_briefing_saved_mid_build_makes_the_next_build_rebuild(
    project: Project, cli: Any
) -> None:
    source: Path = project.write("content/b.md", BRIEFING)
    project.write("content/refs.yaml", REFS)
    first, calls = build_saving_midway(
        cli, lambda: source.write_text(BRIEFING.replace("A claim.", "A new claim."), "utf-8")
    )
    assert first.exit_code == 0 and calls == 1, first.stderr
    again = cli("build", "-f", "html")
    assert "1 built, 0 up to date" in again.stdout, again.stdout
    assert "A new claim." in (project.root / "output" / "b.html").read_text(encoding="utf-8")


LIBRARY = '[references]\nlibrary = ["references/series.yaml"]\n'
CITING = "---\ntitle: From the series\n---\nA claim.[@one]\n"


def test_the_series_library_is_an_input_edited_before_or_during_a_build(
    project: Project, cli: Any
) -> None:
    """The shared library (`briefkit.toml`) was read but never recorded: an edit of it left
    every briefing citing it 'up to date' with the old entry."""
    project.write("briefkit.toml", LIBRARY)
    series = project.write("references/series.yaml", REFS)
    project.write("content/b.md", CITING)
    assert cli("build", "-f", "html").exit_code == 0
    inputs = json.loads((project.root / "output/.briefkit/b.json").read_text("utf-8"))["inputs"]
    assert {"briefkit.toml", "references/series.yaml"} <= set(inputs)
    series.write_text(REFS.replace("First", "Second"), encoding="utf-8")
    again = cli("build", "-f", "html")
    assert "1 built, 0 up to date" in again.stdout, again.stdout
    assert "The Second Title" in (project.root / "output/b.html").read_text(encoding="utf-8")
    series.write_text(REFS.replace("First", "Fourth"), encoding="utf-8")
    first, calls = build_saving_midway(
        cli, lambda: series.write_text(REFS.replace("First", "Fifth"), encoding="utf-8")
    )
    assert first.exit_code == 0 and calls == 1, first.stderr
    assert "The Fourth Title" in (project.root / "output/b.html").read_text(encoding="utf-8")
    last = cli("build", "-f", "html")
    assert "1 built, 0 up to date" in last.stdout, last.stdout  # the Fifth, saved midway
    assert "The Fifth Title" in (project.root / "output/b.html").read_text(encoding="utf-8")


def test_a_project_without_a_library_does_not_record_its_briefkit_toml(
    project: Project, cli: Any
) -> None:
    project.write("content/b.md", BRIEFING)
    project.write("content/refs.yaml", REFS)
    assert cli("build", "-f", "html").exit_code == 0
    inputs = json.loads((project.root / "output/.briefkit/b.json").read_text("utf-8"))["inputs"]
    assert "briefkit.toml" not in inputs and "content/refs.yaml" in inputs
