"""Helpers for the attack tests (issue 18, item 10: tests/build, tests/verify, tests/load,
tests/preview, the catalogues): a briefing built once, its manifest rewritten by an attacker, a
canary file outside the project that must be neither read nor written, the previous output set
that an attack must leave byte for byte, and a briefkit process run under a deadline.

The canary's read check needs a filesystem that records reads: its atime is set older than its
mtime, which relatime (the Linux default) updates on the next read, as strictatime does; on a
noatime mount a read goes unseen and only the content check bites (`reads_are_seen` tells)."""

from __future__ import annotations

import json
import os
import stat
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


def snapshot(out: Path) -> dict[str, bytes]:
    """The regular files under `out` by relative name, their bytes. Symlinks and special files
    are left out, never followed: an attack plants them, and reading one would be the read
    the canary is there to catch."""
    found: dict[str, bytes] = {}
    for folder, _, names in os.walk(out):  # does not descend into linked folders
        for name in names:
            path = Path(folder) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found[path.relative_to(out).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


@dataclass
class Previous:
    """A project's output set from a clean build, and a canary outside the project: the attack
    that follows must leave both as they were."""

    out: Path
    files: dict[str, bytes]
    canary: Canary

    def intact(self) -> None:
        assert self.files, "the clean build made nothing to compare"
        after = snapshot(self.out)
        assert {name: after.get(name) for name in self.files} == self.files
        assert self.canary.untouched(), "the canary outside the project was read or written"

    def unchanged(self) -> None:
        """`intact`, and no file was added either (a failed build makes nothing)."""
        self.intact()
        assert sorted(snapshot(self.out)) == sorted(self.files)


GOOD = "---\ntitle: The previous set\n---\nA clean build.[^n]\n\n[^n]: Its note.\n"


def previous_set(
    project: Project, cli: Any, stem: str = "b", text: str = GOOD, formats: str = "html"
) -> Previous:
    """content/<stem>.md built cleanly (to HTML unless told: the fastest format, and the set,
    not its looks, is what an attack must not disturb), with a canary planted beside the
    project first. A later build of the whole folder in other `formats` rebuilds it, rightly:
    build it in the formats the attack's build uses."""
    canary = canary_outside(project)
    project.write(f"content/{stem}.md", text)
    result = cli("build", "-f", formats, f"content/{stem}.md")
    assert result.exit_code == 0, result.stderr
    out = project.root / "output"
    return Previous(out, snapshot(out), canary)


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
