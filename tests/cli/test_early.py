"""The PDF worker is forked before typer parses the command line (cli/early.py), for the builds
that use it, and only for them; the build's outputs and exit codes are those of the parser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.cli import early
from tests.conftest import REPO, SEED

SCRIPT = """
import json, sys
from briefkit.render.pdf import worker
made = []
class Counted(worker.PdfWorker):
    def __init__(self, *args):
        made.append("typer" in sys.modules)  # was the command line parsed already?
        super().__init__(*args)
    def terminate(self):
        made.append("terminated")
        super().terminate()
worker.PdfWorker = Counted
from briefkit.cli import main
sys.argv = ["briefkit", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"made": made, "exit": code}))
"""


def run(*args: str, cwd: Path = REPO) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["build"], True),
        (["build", "content", "-o", "out", "--strict"], True),
        (["build", "-f", "pdf,html"], True),
        (["build", "-j", "2"], True),
        (["build", "-f", "html,docx"], False),
        (["build", "-j", "1"], False),
        (["build", "--help"], False),
        (["build", "--format=pdf"], False),  # rare spellings go to the parser
        (["check"], False),
        (["watch"], False),
        ([], False),
    ],
)
def test_which_command_lines_fork_early(args: list[str], wanted: bool) -> None:
    assert early.wants_worker(args) is (wanted and early.os.cpu_count() not in (None, 1))


def test_a_build_uses_the_worker_forked_before_typer(tmp_path: Path) -> None:
    result = run("build", str(SEED), "-o", str(tmp_path / "out"))
    assert result == {"made": [False], "exit": 0}  # one worker, forked before typer's import
    pdf = (tmp_path / "out" / SEED.with_suffix(".pdf").name).read_bytes()
    assert pdf.startswith(b"%PDF")


def test_a_usage_error_stops_the_early_worker(tmp_path: Path) -> None:
    result = run("build", str(SEED), "--no-such-option", "-o", str(tmp_path / "out"))
    assert result == {"made": [False, "terminated"], "exit": 2}
    assert not (tmp_path / "out").exists()


def test_several_briefings_stop_the_early_worker(tmp_path: Path) -> None:
    result = run("build", str(SEED), str(SEED.with_suffix(".ja.md")), "-o", str(tmp_path / "o"))
    # the batch builds both in worker processes of its own: the early one is not needed
    assert result["exit"] == 0 and result["made"] == [False, "terminated"]
