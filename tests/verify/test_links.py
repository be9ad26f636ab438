"""`briefkit verify` checks every link of the body and notes, wherever it stands: in a
paragraph, a table cell, a figure caption or a note (the manifest's links come from
`ir.walk`, which reaches them all)."""

from __future__ import annotations

import re
import shutil

from briefkit.build.manifest import read_manifest
from tests.conftest import Project

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
TABLE_LINK = "[the register](https://example.org/in-table)"
BRIEFING = f"""
---
title: Links everywhere
---
A paragraph with [a link](https://example.org/in-text) and a note.[^n]

| Source | Where |
|---|---|
| Arms transfers | {TABLE_LINK} |

![Exports by year, from [the dataset](https://example.org/in-caption)](chart.png)

[^n]: The note cites [the report](https://example.org/in-note).
"""
LINKS = ["https://example.org/in-" + w for w in ("caption", "note", "table", "text")]


def test_verify_reports_a_table_cells_link_missing_from_the_pdf(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    md = project.write("content/b.md", BRIEFING)
    (project.root / "content" / "chart.png").write_bytes(PNG)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    out = project.root / "output"
    manifest = read_manifest(out, "b")
    assert manifest is not None
    assert manifest.expected.links == LINKS
    assert cli("verify").exit_code == 0, cli("verify").stderr  # every output has all four

    # the PDF of the same briefing with the table's link made plain text: same text, same
    # notes, one link annotation fewer
    md.write_text(md.read_text(encoding="utf-8").replace(TABLE_LINK, "the register"), "utf-8")
    assert cli("build", "-f", "pdf", "-o", "other").exit_code == 0
    shutil.copy(project.root / "other" / "b.pdf", out / "b.pdf")
    result = cli("verify")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert len(errors) == 1, result.stderr
    assert re.fullmatch(
        r".*output/b\.pdf:1:1: error\[verify\.mismatch\]: "
        r"pdf: link to https://example\.org/in-table is missing",
        errors[0],
    ), result.stderr


def test_verify_reports_a_table_cells_link_missing_from_the_html(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/b.md", BRIEFING)
    (project.root / "content" / "chart.png").write_bytes(PNG)
    assert cli("build", "-f", "html").exit_code == 0
    html = project.root / "output" / "b.html"
    page = html.read_text(encoding="utf-8")
    assert page.count('href="https://example.org/in-table"') == 1
    html.write_text(page.replace('href="https://example.org/in-table"', 'href="#"'), "utf-8")
    result = cli("verify")
    assert result.exit_code == 1
    assert "html: link to https://example.org/in-table is missing" in result.stderr
    assert "in-caption" not in result.stderr and "in-note" not in result.stderr
