"""The console script (`briefkit.cli.console`) ends the process without Python's teardown:
its exit codes are `main`'s, everything it printed reaches a file or a pipe, a build's outputs
are complete and its PDF worker gone, and a closed pipe costs no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO, SEED

CONSOLE = "from briefkit.cli import console; console()"
MAIN = """
import sys
from briefkit.cli import main
try:
    main()
except SystemExit as exc:
    sys.exit(exc.code)
"""


def run(script: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(SEED)],
        ["check", "content/no-such-briefing.md"],  # a content error: 1
        ["build", "--no-such-option"],  # a usage error: 2
        ["--version"],
        ["refs", "content"],
    ],
    ids=lambda a: " ".join(a),
)
def test_the_same_status_and_output_as_main(args: list[str]) -> None:
    fast, slow = run(CONSOLE, *args), run(MAIN, *args)
    assert fast.returncode == slow.returncode
    assert fast.stdout == slow.stdout and fast.stderr == slow.stderr
    assert (fast.stdout + fast.stderr).strip()  # something was said, and all of it arrived


def test_output_sent_to_a_file_is_all_there(tmp_path: Path) -> None:
    listing = tmp_path / "refs.txt"
    with listing.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, "refs", "content"], cwd=REPO, stdout=out, check=False
        )
    assert done.returncode == 0
    assert listing.read_text(encoding="utf-8") == run(MAIN, "refs", "content").stdout


def test_a_build_s_outputs_are_complete_and_its_worker_gone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run(CONSOLE, "build", str(SEED), "-o", str(out))
    assert done.returncode == 0, done.stderr
    pdf = out / SEED.with_suffix(".pdf").name
    assert len(PdfReader(pdf).pages) >= 4
    assert (out / SEED.with_suffix(".docx").name).stat().st_size > 0
    assert (out / SEED.with_suffix(".html").name).read_text(encoding="utf-8").endswith("</html>")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    time.sleep(0.2)  # the worker dies with its parent (PR_SET_PDEATHSIG) if it had not yet
    assert not _children_of(done)


def _children_of(done: subprocess.CompletedProcess[str]) -> list[int]:
    """Processes still running whose command line is the console script's."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if CONSOLE.encode() in cmdline:
                found.append(int(entry.name))
    return found


def test_a_closed_pipe_is_no_traceback() -> None:
    """`briefkit refs | head -1`: the reader goes away; the command ends quietly."""
    shell = f"{sys.executable} -c '{CONSOLE}' refs content | head -1"
    done = subprocess.run(
        ["bash", "-c", shell], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
