"""`briefkit check` never loads the renderers (WeasyPrint alone costs most of a second)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, SEED

SCRIPT = """
import sys
from briefkit.cli import app
try:
    app(["check", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in ("weasyprint", "docx", "pydyf", "fontTools") if m in sys.modules)
print("loaded:", ",".join(heavy))
"""


def test_check_imports_no_renderer() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SEED)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip().endswith("loaded:"), out.stdout
