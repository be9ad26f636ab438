"""WeasyPrint's note area with and without briefkit's incremental layout
(src/briefkit/render/pdf/footnote_area.py), on long reports of 40 to 2,000 notes.

Each run is a fresh process that lays the seed out (fonts and sheets loaded, as in the warm
PDF worker), then resolves the report and lays its PDF out once, stock or with the shortcut,
the two modes alternating. It prints seconds (layout and write), the ratio of the wall-clock
and of the CPU seconds (the process's own; on a loaded machine the steadier of the two), peak
memory and what the note area did (area updates, notes laid out). Ratios are medians of the
per-pair ratios. Both modes
must write the same bytes. Never a test.

    python bench/footnote_area.py [--notes 40 160 640 2000] [--pairs 3] [--words 18]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is a folder of scripts, not a package)

RUN = """
import hashlib, io, json, resource, sys, time
from pathlib import Path
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf import footnote_area
from briefkit.render.pdf.page import render_pdf_bytes
from briefkit.resolve.resolver import resolve
import weasyprint
from pypdf import PdfReader

mode, path = sys.argv[1], Path(sys.argv[2]).resolve()
if mode == "stock":
    footnote_area.uninstall()
else:
    footnote_area.install()
diags = Diagnostics()
doc = load_document(path, path.parent.parent, diags)
style = load_style("commentary", path.parent.parent, diags)
resolved = resolve(doc, style, diags)
options = RenderOptions(roots=(path.parent.parent,))
seed = Path(sys.argv[3])  # warm-up: fonts and style sheets loaded, as in the PDF worker
warm = resolve(load_document(seed, seed.parent.parent, diags), style, diags)
render_pdf_bytes(warm, style, RenderOptions(roots=(seed.parent.parent,)))
footnote_area.COUNTS.reset()
start, cpu = time.perf_counter(), time.process_time()
out = render_pdf_bytes(resolved, style, options)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
counts = vars(footnote_area.COUNTS)
print(json.dumps({
    "seconds": seconds, "cpu": cpu,
    "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "sha": hashlib.sha256(out.data).hexdigest(),
    "pages": len(PdfReader(io.BytesIO(out.data)).pages),
    "counts": counts, "weasyprint": weasyprint.__version__,
}))
"""


def run(mode: str, path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", RUN, mode, str(path), str(generate.seed_files()[0])],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def report(folder: Path, notes: int, words: int) -> Path:
    sections = max(40, notes // 20)
    text, refs = generate.long_report(sections, notes, 60, words=words)
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "briefkit.toml").write_text("", encoding="utf-8")
    (content / "long.references.yaml").write_text(refs, encoding="utf-8")
    path = content / "long.md"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, nargs="+", default=[40, 160, 640, 2000])
    parser.add_argument("--pairs", type=int, default=3, help="stock/shortcut pairs per size")
    parser.add_argument("--words", type=int, default=18, help="words per sentence (notes/page)")
    args = parser.parse_args()
    print(
        f"footnote area — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {args.pairs} pairs per size"
    )
    print(
        "notes pages  stock s  fast s  ratio  cpu ratio  stock MiB  fast MiB  updates"
        "  layouts stock/fast"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for notes in args.notes:
            path = report(Path(tmp) / str(notes), notes, args.words)
            pairs = []
            # the 2,000-note report's stock layout takes minutes: one pair
            for _ in range(1 if notes >= 2000 else args.pairs):
                pairs.append((run("stock", path), run("fast", path)))
            stock = [s for s, _ in pairs]
            fast = [f for _, f in pairs]
            assert all(s["sha"] == f["sha"] for s, f in pairs), "the PDFs differ"
            ratio = statistics.median(
                float(f["seconds"]) / float(s["seconds"])  # type: ignore[arg-type]
                for s, f in pairs
            )
            cpu = statistics.median(
                float(f["cpu"]) / float(s["cpu"])  # type: ignore[arg-type]
                for s, f in pairs
            )
            counts: dict[str, int] = fast[0]["counts"]  # type: ignore[assignment]
            # the stock layout asks for the same note layouts; the shortcut serves some
            stock_layouts = counts["note_layouts"] + counts["reused"]
            print(
                f"{notes:>5} {fast[0]['pages']:>5}"
                f"  {statistics.median(float(s['seconds']) for s in stock):>7.2f}"  # type: ignore[arg-type]
                f"  {statistics.median(float(f['seconds']) for f in fast):>6.2f}"  # type: ignore[arg-type]
                f"  {ratio:>5.2f}  {cpu:>9.2f}"
                f"  {max(float(s['mib']) for s in stock):>9.0f}"  # type: ignore[arg-type]
                f"  {max(float(f['mib']) for f in fast):>8.0f}"  # type: ignore[arg-type]
                f"  {counts['updates']:>7}  {stock_layouts:>7}/{counts['note_layouts']}",
                flush=True,
            )
    version = fast[0]["weasyprint"]
    print(f"WeasyPrint {version}; seconds: layout (with briefkit's relayouts) + write")


if __name__ == "__main__":
    main()
