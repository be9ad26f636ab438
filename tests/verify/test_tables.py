"""`briefkit verify` reads each output's tables back onto one grid (verify.tables): Word's cells
and spans must be the HTML's, and the PDF must print every cell's text in the HTML's order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tests.conftest import Project

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tables" / "comparison.md"


def _errors(stderr: str) -> list[str]:
    return sorted(
        line.split("error[verify.mismatch]: ")[1]
        for line in stderr.splitlines()
        if "error[verify.mismatch]" in line
    )


def _rewrite_docx(path: Path, edit: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    for pattern, replacement in edit.items():
        xml, n = re.subn(pattern, replacement, xml, count=1)
        assert n == 1, pattern
    parts["word/document.xml"] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_a_table_with_spans_and_blocks_verifies(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", FIXTURE.read_text(encoding="utf-8"))
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0, result.stderr


def test_a_lost_span_and_an_unprinted_cell_are_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", FIXTURE.read_text(encoding="utf-8"))
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    out = project.root / "output"
    # Word: the foot's cell spanning two columns spans one
    _rewrite_docx(out / "x.docx", {r'<w:gridSpan w:val="2"/>(?!.*gridSpan)': ""})
    assert _errors(cli("verify").stderr) == [
        "docx: table 1: the cell at row 7, column 2 'Complementary:combineallfour', the HTML's "
        "the cell at row 7, column 2 spanning 1x2 'Complementary:combineallfour'",
    ]
    # the HTML (the reference) says a cell the PDF does not print (nor Word)
    html = out / "x.html"
    page = html.read_text(encoding="utf-8")
    html.write_text(page.replace("A shared picture of the sea.", "A shared chart."), "utf-8")
    errors = _errors(cli("verify").stderr)
    assert "pdf: table 1: the cell at row 6, column 2 'Asharedchart.' is not printed" in errors
    assert (
        "docx: table 1: the cell at row 6, column 2 'Asharedpictureofthesea.', the HTML's "
        + ("the cell at row 6, column 2 'Asharedchart.'")
        in errors
    )


BLOCKS = """---
title: Blocks in cells
---

The table below holds a figure, a table, code and a formula in its cells.

+----------------+------------------------------------------+
| Kind           | Content                                  |
+================+==========================================+
| Figure         | ![The region](map.png)                   |
+----------------+------------------------------------------+
| Table          | | a | b |                                |
|                | |---|---|                                |
|                | | 1 | 2 |                                |
+----------------+------------------------------------------+
| Math           | $$E = mc^2$$ and $x^2$                   |
+----------------+------------------------------------------+
"""


def test_cells_of_figures_tables_and_formulas_verify(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    """A formula has no text to compare (MathML in HTML, an equation in Word, drawn in the
    PDF); a table in a cell is compared as its cell's text."""
    from PIL import Image

    project.write("content/x.md", BLOCKS)
    Image.new("RGB", (160, 90), (31, 78, 121)).save(project.root / "content" / "map.png")
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0, result.stderr
    assert "error[" not in result.stderr, result.stderr
