"""Word's equations (OMML) as LibreOffice prints them: each formula drawn, none missing.

Runs when LibreOffice and its Math module are installed (`make test-word`: Debian's
libreoffice-writer-nogui and libreoffice-math-nogui), skipped otherwise. Without the Math
module LibreOffice prints no formula at all, so that is what the skip condition checks.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from briefkit.render.docx import render_docx
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.oracles import libreoffice, print_docx

SOFFICE = libreoffice()
MATH_MODULE = any(Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsmlo.so",))
pytestmark = pytest.mark.skipif(
    SOFFICE is None or not MATH_MODULE,
    reason="LibreOffice with its Math module is not installed (libreoffice-math-nogui)",
)

BODY = (
    "Roots $\\sqrt{\\alpha}$ and $\\sqrt[3]{x}$, a fraction $\\frac{a}{b}$.\n\n"
    "Growth $B_t = B_0 (1+r)^t$ compounds.\n\n"
    "$$\n\\prod^{n} y_k = \\sum_{i=1}^{n} x_i\n$$\n"
)


def test_libreoffice_prints_every_equation(project: Project, tmp_path: Path) -> None:
    path = project.write("content/m.md", f"---\ntitle: Math\nlang: en\n---\n{BODY}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    source = tmp_path / "m.docx"
    source.write_bytes(render_docx(doc, house_style().docx_template).data)
    printed = print_docx(source, tmp_path, tmp_path, timeout=240)
    pdf = pypdfium2.PdfDocument(printed)
    text = "".join(pdf[0].get_textpage().get_text_range().split())
    # a root's degree is hidden, not an empty box with the radicand moved into it
    assert "√α" in text, text
    assert "3√x" in text or "√x" in text, text
    assert "∏" in text and "∑" in text and "i=1" in text, text
    assert "\\sqrt" not in text and "\\frac" not in text, "no TeX source printed"
    assert "(1+r)" in text and "¿" not in text, text  # a script on a bracketed group
