"""How long after a save does `briefkit watch --serve` show the change?

Copies the example briefing into a temporary project, starts `briefkit watch --serve 0` (all
formats, or those given with -f), then saves the briefing N times, each time with a new marker,
and measures from the end of the write to the HTTP response of the served page that contains
the marker, fetched as the page's reload script does: right after the version long poll answers.

    .venv/bin/python bench/watch_latency.py [-n 10] [-f html]

Prints each trial and the median and maximum, in seconds. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "japan-asean-defense-cooperation"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def version(base: str, since: int) -> int:
    """The page's version once past `since` (the preview's long poll)."""
    answer = fetch(f"{base}/__briefkit__/version?page={SEED}&since={since}")
    return int(json.loads(answer)["version"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="number of saves")
    parser.add_argument("-f", default=None, help="formats, as for briefkit watch -f")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "seed", str(project)], check=True
        )
        command = [str(Path(sys.executable).parent / "briefkit"), "watch", "--serve", "0"]
        if args.f:
            command += ["-f", args.f]
        proc = subprocess.Popen(
            command,
            cwd=project,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True).start()
        url = None
        while url is None:
            time.sleep(0.05)
            url = next((m.group(0) for ln in lines if (m := re.search(r"http://\S+", ln))), None)
        base = url.rsplit("/", 1)[0]
        seen = version(base, 0)
        source = project / "content" / f"{SEED}.md"
        original = source.read_text(encoding="utf-8")
        times: list[float] = []
        try:
            for i in range(args.n):
                marker = f"Latency marker {i}-{time.time_ns()}"
                source.write_text(original.replace("Autumn is", f"{marker}. Autumn is"))
                saved = time.perf_counter()
                while True:  # as the page's script does: wait for the next version, reload
                    seen = version(base, seen)
                    if marker in fetch(url):
                        break
                    if time.perf_counter() - saved > 30:
                        raise SystemExit(f"no change after 30 s; watch said:\n{''.join(lines)}")
                times.append(time.perf_counter() - saved)
                print(f"save {i + 1}: page shows the change after {times[-1]:.3f} s")
                time.sleep(0.3)  # let the watcher settle before the next save
        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(30)
        builds = [float(m.group(1)) for ln in lines if (m := re.search(r" in ([0-9.]+) s ", ln))]
        print(f"rebuild times reported by watch: {', '.join(f'{b:.2f}' for b in builds[1:])}")
        print(
            f"formats: {args.f or 'all'}; median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s over {len(times)} saves; watch exited with {code}"
        )


if __name__ == "__main__":
    main()
