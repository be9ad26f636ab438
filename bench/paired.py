"""Two commands timed in alternating hyperfine rounds: the median of the per-round ratios
(B / A), which a loaded, shared machine moves much less than either command's own time.

    python bench/paired.py [--rounds 7] [--runs 3] [--cwd DIR] 'command A' 'command B'

Each round runs hyperfine once over both commands (`--runs` each, one warm-up) and takes their
medians; the rounds alternate which command goes first. Never a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from userenv import user_env


def round_medians(a: str, b: str, runs: int, cwd: Path, first_b: bool) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        order = [("B", b), ("A", a)] if first_b else [("A", a), ("B", b)]
        args = ["hyperfine", "--warmup", "1", "--runs", str(runs), "--style", "none"]
        args += ["--shell", "bash", "--export-json", str(out)]
        for name, command in order:
            args += ["--command-name", name, command]
        subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, env=user_env())
        results = {r["command"]: r["median"] for r in json.loads(out.read_text())["results"]}
    return results["A"], results["B"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    args = parser.parse_args()
    pairs = [
        round_medians(args.a, args.b, args.runs, args.cwd, first_b=i % 2 == 1)
        for i in range(args.rounds)
    ]
    ratios = [b / a for a, b in pairs]
    print(
        f"A median {statistics.median(a for a, _ in pairs):.3f} s, "
        f"B median {statistics.median(b for _, b in pairs):.3f} s, "
        f"B/A paired median {statistics.median(ratios):.3f} "
        f"(rounds {min(ratios):.3f}-{max(ratios):.3f}, {args.rounds} rounds x {args.runs} runs)"
    )


if __name__ == "__main__":
    main()
