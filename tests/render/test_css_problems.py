"""A house style's CSS is user content: what WeasyPrint ignores in it is a located warning
(a print.css with an invalid @page size and a rule WeasyPrint cannot read built with 0
warnings, `--strict` included)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Project

REPO = Path(__file__).resolve().parents[2]


def test_what_weasyprint_ignores_in_a_style_is_a_located_warning(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    (style / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    css = style / "html" / "print.css"
    lines = css.read_text(encoding="utf-8").count("\n")
    with css.open("a", encoding="utf-8") as f:
        f.write("@page { size: A4 margin: 20mm }\n")
    project.write("content/b.md", "---\ntitle: T\nstyle: mine\n---\n\nText.\n")
    for jobs in ("1", "2"):  # in this process, and from the PDF worker
        result = cli("build", "-f", "pdf", "-j", jobs, "--force")
        assert result.exit_code == 0, result.stderr
        (found,) = [ln for ln in result.stderr.splitlines() if "style.css-ignored" in ln]
        where = f"templates/mine/html/print.css:{lines + 1}:9: warning[style.css-ignored]"
        assert where in found.replace("\\", "/"), found
        assert "size: A4 margin: 20mm" in found
    assert cli("build", "-f", "pdf", "--force", "--strict").exit_code == 1
