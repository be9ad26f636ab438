"""`briefkit watch --serve`, end to end: a real process, real file saves, real HTTP requests on
the loopback interface, and Ctrl-C (SIGINT) ending it cleanly with exit code 0.

The deadlines below bound how long a test may wait for something to happen; they are not
timing assertions (the rebuild latency is measured in bench/watch_latency.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from briefkit.preview.page import BANNER_ID, ENDPOINT
from tests.cli.test_cli import copy_seed
from tests.conftest import Project

DEADLINE = 20.0  # seconds: generous, for a loaded CI machine
STARTUP = 90.0  # the first build in a cold process also loads WeasyPrint and the fonts
T = TypeVar("T")


def briefkit_command() -> list[str]:
    script = Path(sys.executable).parent / "briefkit"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from briefkit.cli import main; main()"]


class Running:
    """A briefkit process whose output is collected line by line as it comes."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        env.pop("CI", None)
        self.proc = subprocess.Popen(
            [*briefkit_command(), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream, lines), daemon=True)
            for stream, lines in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr))
        ]
        for reader in self.readers:
            reader.start()

    def close(self) -> None:
        """Stop the process if it still runs, and close its pipes once they are read."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(DEADLINE)
        for reader in self.readers:
            reader.join(DEADLINE)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    @staticmethod
    def _read(stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)

    def text(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)


def until(
    what: Callable[[], T | None], deadline: float = DEADLINE, proc: Running | None = None
) -> T:
    """Poll `what` until it returns something, or fail at the deadline."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = what()
        if found:
            return found
        if proc is not None and proc.proc.poll() is not None:
            pytest.fail(f"briefkit exited early ({proc.proc.returncode}):\n{proc.text()}")
        time.sleep(0.05)
    pytest.fail(f"nothing after {deadline} s:\n{proc.text() if proc else ''}")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=DEADLINE) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def watching(project: Project) -> Iterator[tuple[Running, str]]:
    copy_seed(project)
    running = Running(["watch", "--serve", "0"], project.root)
    try:
        url = until(
            lambda: next(
                (m.group(0) for line in running.stdout if (m := re.search(r"http://\S+", line))),
                None,
            ),
            STARTUP,
            running,
        )
        yield running, url
    finally:
        running.close()


def version(url: str, since: int = 0) -> int:
    base = url.rsplit("/", 1)[0]
    return int(
        json.loads(fetch(f"{base}{ENDPOINT}?page=japan-asean-defense-cooperation&since={since}"))[
            "version"
        ]
    )


def test_watch_serves_rebuilds_reloads_and_stops_on_ctrl_c(
    project: Project, watching: tuple[Running, str]
) -> None:
    running, url = watching
    assert url.startswith("http://127.0.0.1:") and url.endswith(
        "/japan-asean-defense-cooperation.html"
    )
    first = fetch(url)
    assert ENDPOINT in first and "nonce-" in first
    v0 = version(url)
    assert v0 >= 1

    # a real save of the content file: the served page shows it, and its version moves on
    source = project.root / "content" / "japan-asean-defense-cooperation.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Autumn is the season", "Watch marker 7341: autumn is the season"),
        encoding="utf-8",
    )
    until(lambda: "Watch marker 7341" in fetch(url), proc=running)
    # the page file lands before the cycle ends (PDF and Word follow); the version moves at its end
    v1 = until(lambda: (v := version(url)) > v0 and v, proc=running)
    assert version(url, since=v0) == v1  # the long poll answers at once for an old version
    on_disk = (project.root / "output" / "japan-asean-defense-cooperation.html").read_text(
        encoding="utf-8"
    )
    assert "Watch marker 7341" in on_disk and ENDPOINT not in on_disk and "nonce-" not in on_disk
    until(lambda: "built content/japan-asean-defense-cooperation.md" in "".join(running.stdout[1:]))

    # a broken save: the terminal and a banner over the last good page say what is wrong
    source.write_text(
        text.replace("example of this.[@kyodo2024]", "example of this.[@kyodo2042]"),
        encoding="utf-8",
    )
    # write_text truncates, then writes: a batch can catch the empty file and show its error
    # first, so wait for the banner of the finished save (an editor's rename is one event)
    page = until(
        lambda: (p := fetch(url)) and BANNER_ID in p and "error[cite.unknown-key]" in p and p,
        proc=running,
    )
    assert "Watch marker 7341" in page  # the banner sits over the last good page
    until(lambda: "error[cite.unknown-key]" in "".join(running.stderr), proc=running)
    assert "failed: content/japan-asean-defense-cooperation.md" in "".join(running.stdout)

    # fixed again: the banner goes
    source.write_text(text, encoding="utf-8")
    until(lambda: BANNER_ID not in (p := fetch(url)) and "Watch marker" not in p, proc=running)

    running.proc.send_signal(signal.SIGINT)
    assert running.proc.wait(DEADLINE) == 0
    until(lambda: any("stopped" in line for line in running.stdout))
    assert "Traceback" not in running.text() and "interrupted" not in running.text()


def test_references_change_rebuilds_and_sigterm_stops(
    project: Project, watching: tuple[Running, str]
) -> None:
    running, url = watching
    refs = project.root / "content" / "japan-asean-defense-cooperation.references.yaml"
    refs.write_text(
        refs.read_text(encoding="utf-8").replace(
            "container-title: Kyodo News", "container-title: Kyodo Wire"
        ),
        encoding="utf-8",
    )
    until(lambda: "Kyodo Wire" in fetch(url), proc=running)
    running.proc.send_signal(signal.SIGTERM)
    assert running.proc.wait(DEADLINE) == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["-f", "rtf"], 2),
        (["--serve", "70000"], 2),
        (["-o", "content/out"], 2),
    ],
)
def test_watch_usage_errors(project: Project, cli, args: list[str], code: int) -> None:  # type: ignore[no-untyped-def]
    copy_seed(project)
    result = cli("watch", *args)
    assert result.exit_code == code
    assert "Traceback" not in result.stderr
