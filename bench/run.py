"""The benchmark suite behind `make bench`: briefkit against pandoc and WeasyPrint's own floor.

Whole-process timings with hyperfine (Debian package), peak memory with /usr/bin/time -v;
per-stage timings are bench/test_stages.py (pytest-benchmark), which `make bench` runs first.
pandoc comes from `pypandoc-binary`, installed in a separate virtual environment
(bench/.pandoc-venv) so it never touches the project's. Prints a table of the
targets of docs/performance.md with the measured ratios; timings never fail a test.

    python bench/run.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from userenv import user_env

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV_BIN = Path(sys.executable).parent
BRIEFKIT = str(VENV_BIN / "briefkit")
PANDOC_VENV = HERE / ".pandoc-venv"
SEED = "japan-asean-defense-cooperation"


def sh(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload]


def pandoc() -> str | None:
    """A pandoc binary from pypandoc-binary in a side venv (installed on first use)."""
    binary = PANDOC_VENV / "lib"
    found = (
        list(binary.glob("python*/site-packages/pypandoc/files/pandoc")) if binary.exists() else []
    )
    if found:
        return str(found[0])
    try:
        sh([sys.executable, "-m", "venv", str(PANDOC_VENV)])
        sh([str(PANDOC_VENV / "bin" / "pip"), "install", "-q", "pypandoc-binary"])
    except subprocess.CalledProcessError as exc:
        print(f"  (pandoc unavailable: {exc.stderr.strip()[:200]})")
        return None
    found = list((PANDOC_VENV / "lib").glob("python*/site-packages/pypandoc/files/pandoc"))
    return str(found[0]) if found else None


def hyperfine(commands: dict[str, str], runs: int, cwd: Path, warmup: int = 1) -> dict[str, float]:
    """Median seconds of each command (hyperfine's JSON export)."""
    out = cwd / "hyperfine.json"
    args = [
        "hyperfine",
        "--warmup",
        str(warmup),
        "--runs",
        str(runs),
        "--export-json",
        str(out),
        "--style",
        "none",
        "--shell",
        "bash",
    ]
    for name, command in commands.items():
        args += ["--command-name", name, command]
    sh(args, cwd=cwd, env=user_env())
    data = json.loads(out.read_text())
    return {r["command"]: r["median"] for r in data["results"]}


def peak_mib(command: list[str], cwd: Path) -> float:
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=cwd, text=True, capture_output=True, check=True
    )
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))  # type: ignore[union-attr]
    return kb / 1024


def worker_peak_mib(folder: Path) -> float:
    """Peak memory of the larger process of a default build (main, or the PDF worker)."""
    code = """
import resource, sys
sys.argv = ["briefkit", "build", "content", "-o", "mem2", "--force", "-j", "2"]
from briefkit.cli import main
try:
    main()
except SystemExit:
    pass
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, kids) / 1024)
"""
    return float(sh([sys.executable, "-c", code], cwd=folder).stdout.strip().splitlines()[-1])


def project(tmp: Path, kind: str) -> Path:
    folder = tmp / kind
    sh([sys.executable, str(HERE / "generate.py"), kind, str(folder)])
    return folder


def pandoc_commands(binary: str, stem: str, refs: str) -> str:
    """pandoc + citeproc producing HTML, Word and PDF (through WeasyPrint), one after another."""
    common = f"{binary} {stem}.md --citeproc --bibliography {refs} -s"
    weasy = VENV_BIN / "weasyprint"
    return (
        f"cd content && {common} -o /tmp/pd.html && {common} -o /tmp/pd.docx && "
        f"{common} --pdf-engine={weasy} -o /tmp/pd.pdf"
    )


def warm_rebuild(folder: Path, rounds: int = 5) -> float:
    """Median seconds to rebuild the seed's three formats in a warm process after a one-word
    edit (what `watch` does), with the PDF laid out in a second process."""
    code = f"""
import sys, time, statistics
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from userenv import user_env  # noqa: E402  (bench/ is a folder of scripts)
sys.path.insert(0, {str(REPO / "src")!r})
from briefkit.build.pipeline import Pipeline, BuildOptions
from briefkit.render.pdf.worker import PdfWorker
from briefkit.render.pdf.worker import builtin_style_dirs as _style_dirs
src = Path('content/{SEED}.md'); text = src.read_text()
worker = PdfWorker(_style_dirs()); worker.warming.result()
p = Pipeline(pdf_worker=worker)
opts = BuildOptions(('html', 'pdf', 'docx'), Path('warm-out'), force=True)
p.build(src, opts)
times = []
for i in range({rounds}):
    src.write_text(text.replace('Autumn is', 'Autumn is' + (' truly' if i % 2 == 0 else '')))
    t = time.perf_counter(); p.build(src, opts); times.append(time.perf_counter() - t)
src.write_text(text)
worker.close()
print(statistics.median(times))
"""
    return float(sh([sys.executable, "-c", code], cwd=folder).stdout.strip().splitlines()[-1])


def layout_passes(tmp: Path) -> tuple[list[int], int]:
    """Layout passes per PDF over the layout corpus (tests/fixtures/layout-corpus/), read from
    `--summary-json`, and the example commentary's (English edition)."""
    folder = tmp / "layout-corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "layout-corpus", folder / "content")
    for path in (REPO / "content").iterdir():
        shutil.copy(path, folder / "content" / path.name)
    (folder / "briefkit.toml").write_text("", encoding="utf-8")
    summary = folder / "summary.json"
    sh([BRIEFKIT, "build", "content", "-f", "pdf", "--summary-json", str(summary)], cwd=folder)
    briefings = json.loads(summary.read_text(encoding="utf-8"))["briefings"]
    passes = {Path(b["source"]).stem: b["layout_passes"] for b in briefings}
    return [v for k, v in passes.items() if not k.startswith(SEED)], passes.get(SEED, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip pandoc and the series")
    args = parser.parse_args()
    if not shutil.which("hyperfine"):
        sys.exit("bench needs hyperfine (Debian: apt-get install hyperfine)")
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        seed, long = project(tmp, "seed"), project(tmp, "long")
        build = f"{BRIEFKIT} build content -o out --force"
        floor = hyperfine(
            {"import weasyprint": f"{VENV_BIN / 'python'} -c 'import weasyprint'"}, args.runs, seed
        )["import weasyprint"]
        check = hyperfine({"check": f"{BRIEFKIT} check content"}, args.runs, seed)["check"]
        rows.append(
            ("check, seed", f"{check:.3f} s", f"{check / floor:.2f} x import weasyprint", "<= 0.5")
        )
        ours = hyperfine({"seed": build}, args.runs, seed)["seed"]
        ours_long = hyperfine({"long": build}, args.runs, long)["long"]
        binary = None if args.quick else pandoc()
        if binary:
            theirs = hyperfine(
                {"pandoc": pandoc_commands(binary, SEED, f"{SEED}.references.yaml")},
                args.runs,
                seed,
            )["pandoc"]
            theirs_long = hyperfine(
                {"pandoc": pandoc_commands(binary, "long", "long.references.yaml")}, args.runs, long
            )["pandoc"]
            rows.append(
                (
                    "seed, html+pdf+docx",
                    f"{ours:.3f} s (pandoc {theirs:.3f} s)",
                    f"{ours / theirs:.2f} x pandoc",
                    "<= 0.5",
                )
            )
            rows.append(
                (
                    "long report, 3 formats",
                    f"{ours_long:.3f} s (pandoc {theirs_long:.3f} s)",
                    f"{ours_long / theirs_long:.2f} x pandoc",
                    "<= 0.5",
                )
            )
        else:
            rows.append(("seed, html+pdf+docx", f"{ours:.3f} s", "pandoc not measured", "<= 0.5"))
            rows.append(
                ("long report, 3 formats", f"{ours_long:.3f} s", "pandoc not measured", "<= 0.5")
            )
        corpus, seed_passes = layout_passes(tmp)
        rows.append(
            (
                "layout passes per PDF",
                f"median {sorted(corpus)[len(corpus) // 2]} over {len(corpus)} (max {max(corpus)})",
                f"example commentary {seed_passes}",
                "median 1",
            )
        )
        warm = warm_rebuild(seed)
        rows.append(("warm rebuild after an edit", f"{warm:.3f} s", "", "<= 0.4 s"))
        # one process (-j 1), and the default (the PDF in a worker: the larger of the two)
        single = peak_mib([BRIEFKIT, "build", "content", "-o", "mem", "--force", "-j", "1"], seed)
        split = worker_peak_mib(seed)
        rows.append(
            (
                "peak memory, seed 3 formats",
                f"{single:.0f} MiB in one process",
                f"{split:.0f} MiB largest of two",
                "<= 120 MiB",
            )
        )
        if not args.quick:
            series = project(tmp, "series")
            times = hyperfine(
                {"j1": f"{build} -j 1", "j2": f"{build} -j 2"},
                max(2, args.runs // 2),
                series,
                warmup=0,
            )
            rows.append(
                (
                    "20 briefings, --jobs 2 vs 1",
                    f"{times['j2']:.2f} s vs {times['j1']:.2f} s",
                    f"{times['j1'] / times['j2']:.2f} x faster",
                    ">= 1.6",
                )
            )
    print(
        f"\nbriefkit benchmarks — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    width = max(len(r[0]) for r in rows)
    for name, value, ratio, target in rows:
        print(f"  {name:<{width}}  {value:<34} {ratio:<28} target {target}")


if __name__ == "__main__":
    main()
