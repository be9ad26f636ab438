"""Build stage: what a build records of itself: the manifest of a briefing's output set
(inputs and their hashes, outputs, what every output must say, the diagnostics) and the
sources an archival PDF carries.

Consumes the loaded and resolved briefing and its rendered bytes; produces the manifest's bytes
(written by `outputs.write_set` with the outputs, as one set) and PDF attachments.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from briefkit import ir
from briefkit.build.manifest import (
    SCHEMA,
    Expected,
    Manifest,
    Output,
    Recorded,
    code_version,
    input_hashes,
    record_name,
    sha256,
    style_files,
)
from briefkit.build.sources import BuildOptions
from briefkit.errors import Diagnostic
from briefkit.model.document import Partner, SourceDocument
from briefkit.model.housestyle import HouseStyle
from briefkit.render import notetext


def manifest_bytes(
    path: Path,
    opts: BuildOptions,
    doc: SourceDocument,
    style: HouseStyle,
    built: tuple[ir.ResolvedDocument, Sequence[Partner], Sequence[Diagnostic]],
    rendered: dict[str, bytes],
    root: Path,
    known: dict[Path, str] | None = None,
) -> bytes:
    """Inputs, outputs and what the outputs must say, for incremental builds and verify
    (paths relative to the project `root`). `built`: the resolved briefing, its other
    editions and the build's diagnostics. `known`: the SHA-256 of inputs as the build read
    them (the briefing hashed before it was loaded; the references files and images from
    the bytes the load read), so that a save made during the build leaves a manifest that is
    out of date, never one that claims the new text for outputs made from the old."""
    document, editions, diagnostics = built
    partners = [p.path.resolve() for p in editions]
    inputs = [
        *partners,
        Path(os.path.abspath(path)),
        *doc.reference_files,
        *(asset.path for asset in doc.assets.values()),
        *style_files(style.path),
    ]
    manifest = Manifest(
        schema=SCHEMA,
        source=str(path),
        stem=path.stem,
        version=code_version(),
        options=opts.key(),
        inputs={**input_hashes(inputs, root), **read_hashes(known or {}, doc, root)},
        outputs={
            fmt: Output(path=f"{path.stem}.{fmt}", sha256=sha256(rendered[fmt]))
            for fmt in opts.formats
        },
        expected=expected_of(document, doc.text),
        # not the warning about the manifest this one replaces: it is no longer true
        diagnostics=[Recorded.of(d, root) for d in diagnostics if d.code != "manifest.invalid"],
        partners=sorted(record_name(p, root) for p in partners),
    )
    return manifest.to_json().encode("utf-8")


def read_hashes(known: dict[Path, str], doc: SourceDocument, root: Path) -> dict[str, str]:
    """The manifest names and digests of the inputs whose read bytes are known."""
    found = {record_name(path, root): digest for path, digest in known.items()}
    for path, digest in doc.read_digests.items():
        found[record_name(path, root)] = digest
    for asset in doc.assets.values():
        found[record_name(asset.path, root)] = sha256(asset.data)
    return found


def expected_of(doc: ir.ResolvedDocument, text: str = "") -> Expected:
    """What every output of `doc` must carry. Links are those of its body and notes, wherever
    they stand (paragraphs, lists, quotes, table cells, captions); not the metadata's (the
    publisher's website, other editions), which are the house style's to print. The source
    `text`'s lines are kept for the PDF preflight to point its findings at."""
    meta = doc.meta
    return Expected(
        notes=[(n.number, notetext.shown_text(n)) for n in doc.notes],
        print_notes=[(n.number, notetext.print_text(n)) for n in doc.notes],
        links=sorted({node.url for node in ir.walk(doc) if isinstance(node, ir.Link)}),
        title=meta.title_text,
        subtitle=meta.subtitle_text,
        authors=[a.name for a in meta.authors],
        date=meta.date_iso,
        lang=meta.lang,
        keywords=list(meta.keywords),
        source_lines=[(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()],
    )


def attachments(doc: SourceDocument) -> tuple[tuple[str, bytes, str], ...]:
    """The sources an archival PDF carries: the Markdown file and its references as CSL-JSON."""
    from briefkit.model.export import export_csl_json

    return (
        (doc.path.name, doc.text.encode("utf-8"), "briefing source (Markdown)"),
        (
            f"{doc.path.stem}.references.json",
            export_csl_json(doc.library).encode("utf-8"),
            "references (CSL-JSON)",
        ),
    )
