"""Benchmark inputs: the seed commentary, long reports and series of briefings, as projects.

    python bench/generate.py seed OUT_DIR [--editions]
    python bench/generate.py long OUT_DIR [--sections 40 --notes 160 --sources 60]
    python bench/generate.py series OUT_DIR [--count 20]

`seed` copies the repository's example briefing and its references (`--editions`: and its
Japanese edition) so that nothing in content/ is touched.

A long report mixes citations of every common type (first, short, ibid forms), author notes
and inline notes, in sections of several paragraphs, like a real policy report.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = "japan-asean-defense-cooperation"

WORDS = (
    "defense cooperation ASEAN maritime security region policy minister framework dialogue "
    "capacity industry equipment transfer alliance deterrence strategy partners initiative "
    "exercise coast guard capability assistance multilateral bilateral consensus "
    "infrastructure resilience"
).split()
TYPES = ("webpage", "article-journal", "book", "report", "article-newspaper", "chapter")


def sentence(rng: random.Random, n: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def references(count: int, rng: random.Random) -> str:
    out = []
    for i in range(count):
        kind = TYPES[i % len(TYPES)]
        item = [
            f"- id: src{i}",
            f"  type: {kind}",
            f"  author: [{{family: Author{i}, given: {rng.choice(['Ann', 'Ken', 'Li'])}}}]",
            f"  title: {sentence(rng, 6)[:-1]}",
            f"  issued: {2000 + i % 25}-{1 + i % 12:02d}",
        ]
        if kind in ("webpage", "report"):
            item.append(f"  URL: https://example.org/{kind}/{i}/document.pdf")
        if kind in ("book", "report", "chapter"):
            item += ["  publisher: Example Press", "  publisher-place: Tokyo"]
        if kind in ("article-journal", "article-newspaper", "chapter"):
            item.append(f"  container-title: Journal of {rng.choice(WORDS).capitalize()} Studies")
        if kind == "article-journal":
            item += [f"  volume: {i}", "  issue: 2", "  page: 10-30"]
        out.append("\n".join(item))
    return "\n".join(out) + "\n"


def long_report(
    sections: int, notes: int, sources: int, seed: int = 1, words: int = 18
) -> tuple[str, str]:
    rng = random.Random(seed)
    per_section = max(1, notes // sections)
    body, n = [], 0
    for s in range(sections):
        body.append(f"## Section {s + 1}: {sentence(rng, 4)[:-1]}\n")
        paragraph: list[str] = []
        for _ in range(per_section):
            text = sentence(rng, words)
            if n % 9 == 8:
                text += f"^[{sentence(rng, 12)}]"
            elif n % 5 == 4:
                text += f"[@src{(n - 1) % sources}, p. {n}]"
            else:
                text += f"[@src{(n * 7) % sources}]"
            paragraph.append(text)
            n += 1
            if len(paragraph) == 3:
                body.append(" ".join(paragraph) + "\n")
                paragraph = []
        if paragraph:
            body.append(" ".join(paragraph) + "\n")
    front = (
        "---\ntitle: A Long Report on Regional Defense Cooperation\nseries: Bench Series\n"
        "author: [{name: Bench Author, position: Fellow}]\ndate: 2025-11\n"
        "bibliography: long.references.yaml\n---\n"
    )
    return front + "\n".join(body), references(sources, rng)


def seed_files(editions: bool = False) -> list[Path]:
    suffixes = (".md", ".references.yaml", *((".ja.md",) if editions else ()))
    return [REPO / "content" / f"{SEED}{suffix}" for suffix in suffixes]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["seed", "long", "series"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--notes", type=int, default=160)
    parser.add_argument("--sources", type=int, default=60)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--editions", action="store_true", help="seed: with its translation")
    args = parser.parse_args()
    content = args.out / "content"
    content.mkdir(parents=True, exist_ok=True)
    (args.out / "briefkit.toml").write_text("", encoding="utf-8")
    if args.kind == "seed":
        for source in seed_files(args.editions):
            shutil.copy(source, content / source.name)
    elif args.kind == "long":
        text, refs = long_report(args.sections, args.notes, args.sources)
        (content / "long.md").write_text(text, encoding="utf-8")
        (content / "long.references.yaml").write_text(refs, encoding="utf-8")
    else:
        for i in range(args.count):
            # about the seed's size: 4 sections, 16 notes, ~2,000 words, 4-5 pages
            text, refs = long_report(4, 16, 12, seed=i, words=120)
            text = text.replace("long.references.yaml", f"b{i:02d}.references.yaml")
            (content / f"b{i:02d}.md").write_text(text, encoding="utf-8")
            (content / f"b{i:02d}.references.yaml").write_text(refs, encoding="utf-8")


if __name__ == "__main__":
    main()
