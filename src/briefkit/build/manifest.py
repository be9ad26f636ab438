"""Build manifests: what each briefing was built from, and what its outputs must say.

One JSON file per briefing in `<output>/.briefkit/<stem>.json`, written after its outputs:
- `inputs`: every file the build read (briefing, references, images, house-style files) with
  its SHA-256, plus the briefkit version and the options — the key of incremental builds;
- `outputs`: each written file with its SHA-256 — a build that finds them unchanged and its
  inputs unchanged has nothing to do;
- `expected`: the notes (number, text), the link targets and the metadata of the resolved
  document — what `briefkit verify` checks every output against.
Per-briefing files keep parallel and sharded builds from contending for one manifest.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefkit import __version__, ir

MANIFEST_DIR = ".briefkit"
SCHEMA = 1


# A pure memo, so module-level: it reads briefkit's own code, which no house style or content
# file changes (an edit to briefkit is seen by the next process).
@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """briefkit's version and a fingerprint of its code: an upgrade, or an edit in a source
    checkout, makes every output out of date."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


@dataclass
class Expected:
    notes: list[tuple[int, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    lang: str = "en"
    keywords: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    source: str  # the briefing, as named on the command line
    stem: str
    version: str
    options: dict[str, Any]
    inputs: dict[str, str]  # path -> sha256
    outputs: dict[str, dict[str, str]]  # format -> {"path", "sha256"}
    expected: Expected
    diagnostics: list[dict[str, Any]] = field(default_factory=list)  # replayed when skipped
    partners: list[str] = field(default_factory=list)  # other language editions (paths)
    schema: int = SCHEMA

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("schema") != SCHEMA:
            raise ValueError(f"manifest schema {data.get('schema')} is not {SCHEMA}")
        expected = Expected(
            **{**data["expected"], "notes": [tuple(n) for n in data["expected"]["notes"]]}
        )
        return cls(
            data["source"],
            data["stem"],
            data["version"],
            data["options"],
            data["inputs"],
            data["outputs"],
            expected,
            data.get("diagnostics", []),
            data.get("partners", []),
            data["schema"],
        )


def expected_of(doc: ir.ResolvedDocument) -> Expected:
    """What every output of `doc` must carry. Links are those of its body and notes, wherever
    they stand (paragraphs, lists, quotes, table cells, captions); not the metadata's (the
    publisher's website, other editions), which are the house style's to print."""
    meta = doc.meta
    return Expected(
        notes=[(n.number, ir.note_text(n)) for n in doc.notes],
        links=sorted({node.url for node in ir.walk(doc) if isinstance(node, ir.Link)}),
        title=meta.title_text,
        subtitle=meta.subtitle_text,
        authors=[a.name for a in meta.authors],
        date=meta.date_iso,
        lang=meta.lang,
        keywords=list(meta.keywords),
    )


def manifest_path(out_dir: Path, stem: str) -> Path:
    return out_dir / MANIFEST_DIR / f"{stem}.json"


def read_manifest(out_dir: Path, stem: str) -> Manifest | None:
    try:
        return Manifest.from_json(manifest_path(out_dir, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def input_hashes(files: list[Path]) -> dict[str, str]:
    """SHA-256 of every input file (a missing file hashes to '', so it counts as a change)."""
    return {str(p): file_hash(p) or "" for p in sorted(set(files))}


def style_files(style_dir: Path) -> list[Path]:
    return [p for p in sorted(style_dir.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]


def up_to_date(manifest: Manifest | None, out_dir: Path, options: dict[str, Any]) -> bool:
    """Nothing to do: same briefkit, options and inputs, and outputs as they were written."""
    if manifest is None or manifest.version != code_version() or manifest.options != options:
        return False
    for path, digest in manifest.inputs.items():
        if file_hash(Path(path)) != digest:
            return False
    for fmt in options.get("formats", []):
        entry = manifest.outputs.get(fmt)
        if entry is None or file_hash(out_dir / entry["path"]) != entry["sha256"]:
            return False
    return True
