"""Time and memory of the attack catalogue's heavy inputs, each run in its own briefkit process
until it is built or refused (issue 18: none may take more than 60 s or 1 GiB).

    python bench/catalogue.py [--keep DIR]

Prints one line per case: exit code, wall seconds, peak memory (max RSS of the process), and
the first diagnostic code. Timings are for reading; no test asserts them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_bounded_catalogue import png  # noqa: E402  (the catalogue's own inputs)

NESTED = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}\n"


def notes(n: int) -> str:
    body = "\n\n".join(f"Paragraph {i}.[^{i}]" for i in range(n))
    return f"---\ntitle: T\n---\n{body}\n\n" + "\n".join(f"[^{i}]: N {i}." for i in range(n))


def paragraphs(n: int) -> str:
    return "---\ntitle: T\n---\n" + "\n\n".join(f"Paragraph {i}." for i in range(n)) + "\n"


def image(width: int, height: int) -> Callable[[Path], str]:
    def make(root: Path) -> str:
        (root / "content" / "fig.png").write_bytes(png(width, height))
        return "---\ntitle: T\n---\n![figure](fig.png)\n"

    return make


def nested_template(root: Path) -> str:
    style = root / "templates" / "house"
    shutil.copytree(REPO / "templates" / "commentary", style)
    page = style / "html" / "page.html.j2"
    page.write_text(NESTED + page.read_text(encoding="utf-8"), encoding="utf-8")
    return "---\ntitle: T\nstyle: house\n---\nText.\n"


CASES: dict[str, Callable[[Path], str]] = {
    "100,000 notes": lambda root: notes(100_000),
    "200,000 paragraphs": lambda root: paragraphs(200_000),
    "PNG bomb 20,000 x 20,000": image(20_000, 20_000),
    "PNG 7,000 x 7,000 (under the limit)": image(7_000, 7_000),
    "nested loop in page.html.j2": nested_template,
}


def run(name: str, make: Callable[[Path], str], keep: Path | None) -> str:
    root = Path(tempfile.mkdtemp(prefix="bk-cat-", dir=keep))
    (root / "content").mkdir()
    (root / "briefkit.toml").write_text("", encoding="utf-8")
    (root / "content" / "a.md").write_text(make(root), encoding="utf-8")
    script = Path(sys.executable).parent / "briefkit"
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [str(script), "build", "-j", "1", "content/a.md"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak memory
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    seconds = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024
    code = re.search(r"error\[([\w.-]+)\]", stderr)
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    what = code.group(1) if code else "built"
    return f"{name:40} exit {proc.returncode}  {seconds:6.1f} s  {peak:7.0f} MiB  {what}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="leave the projects in this folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    for name, make in CASES.items():
        print(run(name, make, args.keep), flush=True)


if __name__ == "__main__":
    main()
