"""Import bench (issue #15): `briefkit refs import` on real libraries of 1,500+ entries.

Target: under 3 s and 150 MiB for 1,500 entries (docs/limits.md). Runs the CLI as a user
does, one process per library, and reports wall time and peak memory (the child's maximum
resident set); timings never fail a test.

    python bench/import_refs.py [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIBRARIES = HERE.parent / "tests" / "fixtures" / "libraries"
BRIEFKIT = str(Path(sys.executable).parent / "briefkit")
TARGET_S, TARGET_MIB = 3.0, 150.0


def one(path: Path) -> tuple[float, float, float, str]:
    """Wall time, CPU time (user + system: what a loaded machine does not inflate) and peak
    memory of one `refs import`, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([BRIEFKIT, "refs", "import", str(path)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mib = after.ru_maxrss / 1024
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return wall, cpu, peak_mib, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # font.bib + texbook3.bib: 1,845 entries of real BibTeX, @strings and crossrefs
        merged = Path(tmp) / "library.bib"
        merged.write_text(
            "\n".join(
                (LIBRARIES / name).read_text(encoding="utf-8")
                for name in ("font.bib", "texbook3.bib")
            ),
            encoding="utf-8",
        )
        # and one file each: BibTeX with a quote inside braces inside quotes (texbook2.bib, read
        # through parse/bibscan.py), and a real Zotero CSL-JSON export of 1,018 entries
        cases = [
            merged,
            LIBRARIES / "texbook1.bib",
            LIBRARIES / "texbook2.bib",
            LIBRARIES / "zotero-bbt-law-library.json",
        ]
        print(f"{'library':<28} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9}  summary")
        for case in cases:
            runs = [one(case) for _ in range(args.runs)]
            wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            peak, summary = max(r[2] for r in runs), runs[-1][3]
            print(f"{case.name:<28} {wall:7.2f} {cpu:6.2f} {peak:9.1f}  {summary}")
    print(f"target: {TARGET_S:.0f} s and {TARGET_MIB:.0f} MiB for 1,500 entries")


if __name__ == "__main__":
    main()
