"""`briefkit verify` checks cross-references like the other links: each output links `@fig:x`
to its target, and the target is there (an HTML id, a PDF destination, a Word bookmark)."""

from __future__ import annotations

import io
import re
import zipfile

from tests.conftest import Project


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
BRIEFING = """
---
title: Cross-references
---
# Intro {#sec:intro}

As @fig:map shows (see @sec:intro).

![The map](map.png){#fig:map}
"""


def test_cross_references_verify_in_all_three_outputs(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0, result.stderr


def test_a_cross_reference_leading_nowhere_is_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,docx").exit_code == 0
    out = project.root / "output"
    html = out / "x.html"
    html.write_text(html.read_text(encoding="utf-8").replace('id="fig:map"', ""), "utf-8")
    docx = out / "x.docx"
    with zipfile.ZipFile(docx) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    parts["word/document.xml"] = re.sub(r'<w:bookmarkStart[^>]*_fig_map"/>', "", xml).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    docx.write_bytes(buf.getvalue())
    result = cli("verify")
    errors = sorted(
        line.split("error[verify.mismatch]: ")[1]
        for line in result.stderr.splitlines()
        if "error[" in line
    )
    assert errors == [
        "docx: link to #fig:map leads to no bookmark",
        "html: link to #fig:map leads to nothing in the html",
    ], result.stderr


def test_captions_numbered_differently_are_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/x.md", BRIEFING)
    (project.root / "content" / "map.png").write_bytes(PNG)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    html = project.root / "output" / "x.html"
    page = html.read_text(encoding="utf-8")
    assert "Figure 1." in page
    html.write_text(page.replace("Figure 1.", "Figure 7."), "utf-8")
    result = cli("verify")
    errors = sorted(
        line.split("error[verify.mismatch]: ")[1]
        for line in result.stderr.splitlines()
        if "error[verify.mismatch]" in line
    )
    assert errors == [
        "docx: caption 1 is 'Figure 1. The map', the HTML's 'Figure 7. The map'",
        "pdf: caption 1 'Figure 7. The map' is not printed",
    ], result.stderr
