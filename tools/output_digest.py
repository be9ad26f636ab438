"""Digests of every output of a fixed corpus, to prove a refactoring changed no output byte.

    python tools/output_digest.py WORK_DIR > before.txt   # on the old commit
    python tools/output_digest.py WORK_DIR > after.txt    # on the new one
    diff before.txt after.txt                             # empty: byte-identical

The corpus is the repository's `content/` (both editions), the bench generator's long report
(160 notes) and a 20-briefing series, each built into WORK_DIR by the installed `briefkit`.
`--tree DIR` adds every .html, .pdf and .docx already under DIR (for example the user guide's
examples, left there by `pytest tests/docs --basetemp DIR`).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = (".html", ".pdf", ".docx")


def build(project: Path, out: Path) -> None:
    briefkit = Path(sys.executable).parent / "briefkit"
    subprocess.run(
        [str(briefkit), "build", str(project), "-o", str(out)],
        check=True,
        cwd=project,
        stdout=subprocess.DEVNULL,
    )


def digests(folder: Path) -> list[str]:
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in SUFFIXES and path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(folder)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--tree", type=Path, action="append", default=[])
    args = parser.parse_args()
    work: Path = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    projects = {"content": work / "content"}
    shutil.copytree(REPO / "content", projects["content"] / "content")
    (projects["content"] / "briefkit.toml").write_text("")
    generate = [sys.executable, str(REPO / "bench" / "generate.py")]
    for kind in ("long", "series"):
        projects[kind] = work / kind
        subprocess.run(
            [*generate, kind, str(projects[kind])], check=True, stdout=subprocess.DEVNULL
        )
    for name, project in projects.items():
        build(project, work / "out" / name)
    lines = digests(work / "out")
    for tree in args.tree:
        lines += [f"{line} ({tree.name})" for line in digests(tree)]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
