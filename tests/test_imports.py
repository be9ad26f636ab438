"""`briefkit check` never loads the renderers (WeasyPrint alone costs most of a second)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, SEED

HEAVY = (
    "weasyprint",
    "docx",
    "pydyf",
    "fontTools",
    "briefkit.render.docx",  # the Word renderer and its models
    "briefkit.render.pdf.engine",
    "briefkit.render.pdf.worker",  # no PDF worker forked for a check (cli.early)
)
SCRIPT = f"""
import sys
from briefkit.cli import main
sys.argv = ["briefkit", "check", sys.argv[1]]
try:
    main()  # the console script's own entry point
except SystemExit as exc:
    print("exit:", exc.code)
heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
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
    assert "exit: 0" in out.stdout, out.stdout + out.stderr
    assert out.stdout.strip().endswith("loaded:"), out.stdout
