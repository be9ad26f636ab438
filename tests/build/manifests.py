"""Helpers for the tests of untrusted build manifests (tests/build, tests/verify): a briefing
built once, its manifest rewritten by an attacker, a canary file outside the project that must
be neither read nor written, and a briefkit process run under a deadline."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cli.test_watch import briefkit_command
from tests.conftest import Project

BRIEFING = """
---
title: Untrusted manifests
---
A paragraph with [a link](https://example.org/a) and a note.[^n]

[^n]: The note.
"""
OLD = 1_000_000  # the canary's atime (1970-01-12): any read since moves it (relatime too)
DEADLINE = 60.0  # seconds for one briefkit process: generous, so a slow machine does not fail
QUICK = 30.0  # what "finishes quickly" means: a build of one small briefing takes ~2 s


@dataclass
class Canary:
    """A file outside the project: reading it moves its atime, writing it changes its text."""

    path: Path
    text: str = "canary: never read, never written\n"

    def plant(self) -> Canary:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.text, encoding="utf-8")
        os.utime(self.path, (OLD, OLD + 1))  # atime older than mtime: relatime updates it
        return self

    def untouched(self) -> bool:
        info = os.lstat(self.path)
        unread = info.st_atime == OLD
        same = self.path.read_bytes() == self.text.encode()
        os.utime(self.path, (OLD, info.st_mtime))  # this check's own read does not count
        return unread and same


def canary_outside(project: Project, name: str = "canary.txt") -> Canary:
    """A canary beside the project folder, never inside it."""
    return Canary(project.root.parent / f"{project.root.name}-outside" / name).plant()


def reads_are_seen(folder: Path) -> bool:
    """Whether this filesystem records reads in atime (not mounted noatime)."""
    probe = Canary(folder / "probe.txt").plant()
    probe.path.read_bytes()
    seen = os.stat(probe.path).st_atime != OLD
    probe.path.unlink()
    return seen


def build_once(project: Project, cli: Any, stem: str = "b") -> Path:
    """Build content/<stem>.md to HTML; the path of its manifest."""
    project.write(f"content/{stem}.md", BRIEFING)
    result = cli("build", "-f", "html")
    assert result.exit_code == 0, result.stderr
    manifest = project.root / "output" / ".briefkit" / f"{stem}.json"
    assert manifest.is_file()
    return manifest


def poison(manifest: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    change(data)
    manifest.write_text(json.dumps(data), encoding="utf-8")


@dataclass
class Finished:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float


def run_briefkit(*args: str, cwd: Path) -> Finished:
    """briefkit in its own process, killed at the deadline: a build that blocks on a FIFO or
    reads /dev/zero without end fails the test instead of hanging it."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CI", None)
    started = time.monotonic()
    done = subprocess.run(
        [*briefkit_command(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=DEADLINE,
    )
    seconds = time.monotonic() - started
    return Finished(done.returncode, done.stdout, done.stderr, seconds)
