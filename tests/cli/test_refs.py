"""`briefkit refs`: the table of references, and the CSL-JSON export round trip."""

from __future__ import annotations

import json
import shutil

from tests.conftest import REPO, Project
from tests.parse.test_references import golden_notes, seed_with


def test_table_lists_uses_notes_and_problems(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "content/refs.yaml",
        """
        - id: used
          type: webpage
          title: Used
          URL: https://example.org
        - id: spare
          type: webpage
          title: Spare
          URL: https://example.org/s
        """,
    )
    project.write(
        "content/b.md", "---\ntitle: B\nbibliography: refs.yaml\n---\nA[@used] B[@used]\n"
    )
    result = cli("refs")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if "used" in line or "spare" in line]
    assert any("used" in line and " 2 " in line and "1, 2" in line for line in lines)
    assert any("spare" in line and "ref.unused" in line for line in lines)


def test_bibtex_exported_as_csl_json_builds_the_same_notes(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(REPO / "tests" / "fixtures" / "seed-references.bib", project.root / "lib.bib")
    result = cli("refs", "lib.bib", "--format", "csl-json", "-o", "content/converted.json")
    assert result.exit_code == 0, result.stderr
    items = json.loads((project.root / "content" / "converted.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items][:2] == ["kyodo2024", "admmplus2025"]
    assert seed_with(project, "converted.json") == golden_notes()


def test_unknown_export_format_is_a_usage_error(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("refs", "--format", "ris").exit_code == 2
