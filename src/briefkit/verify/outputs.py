"""Verify stage: read built outputs back and check them against their build manifest.

Consumes an output folder: its build manifests (`<dir>/.briefkit/`, validated by
`build.manifest`) and the outputs they name; produces diagnostics. Each output (HTML DOM, PDF
text and annotations, DOCX footnotes and relationships) must carry the same notes, in the same
order, with the same text as the resolved source; every link target; and metadata matching the
front matter. Problems are diagnostics naming the output file, the format and the note.

Manifests are untrusted: one that is not valid is a problem of its own, never followed, and an
output is read only by its name inside the output folder, under the containment rule
(`paths.read_contained`: symlinks followed, regular files only, capped).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

from briefkit.build.manifest import (
    MANIFEST_DIR,
    Expected,
    Manifest,
    folder_problem,
    load_manifest,
    sha256,
)
from briefkit.codes import Code
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.lang import WORD_JOINER
from briefkit.paths import ContainmentError, read_contained
from briefkit.render.docx.context import bookmark_name
from briefkit.verify.captions import compare_captions, pdf_text
from briefkit.verify.tables import compare_tables

_SPACE = re.compile(r"\s+")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squeeze(text: str) -> str:
    """Text without whitespace or zero-width spaces: line breaks in a PDF do not count."""
    return _SPACE.sub("", text.replace("\u200b", "").replace("\u00ad", ""))


def _problem(path: Path, fmt: str, message: str, code: Code = "verify.mismatch") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, f"{fmt}: {message}", SourceLocation(path, 1, 1))


def _short(text: str, width: int = 70, at: int = 0) -> str:
    """`text` cut to `width` around offset `at` (where two texts first differ: cut at the
    start, both read alike)."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    start = max(0, min(at - width // 3, len(flat) - width))
    piece = flat[start : start + width - 2 * (start > 0)]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(flat) else "")


def _first_difference(a: str, b: str) -> int:
    a, b = " ".join(a.split()), " ".join(b.split())
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _collapse(text: str) -> str:
    return " ".join(text.replace(WORD_JOINER, "").split())  # the joiners of 3月, note calls


def compare_notes(
    path: Path, fmt: str, expected: Expected, found: list[tuple[int, str]]
) -> list[Diagnostic]:
    """Same numbers, same order, same text (runs of whitespace count as one space)."""
    out: list[Diagnostic] = []
    got = {n: t for n, t in found}
    numbers = [n for n, _ in found]
    want = [n for n, _ in expected.notes]
    if numbers != want:
        missing = sorted(set(want) - set(numbers))
        extra = sorted(set(numbers) - set(want))
        detail = []
        if missing:
            detail.append(f"missing {', '.join(map(str, missing))}")
        if extra:
            detail.append(f"unexpected {', '.join(map(str, extra))}")
        if not missing and not extra:
            detail.append("out of order")
        out.append(_problem(path, fmt, f"notes differ from the source ({'; '.join(detail)})"))
    for number, text in expected.notes:
        if number in got and _collapse(got[number]) != _collapse(text):
            out.append(
                _problem(
                    path,
                    fmt,
                    f"note {number} differs: expected "
                    f"'{_short(text, at=(at := _first_difference(text, got[number])))}', "
                    f"found '{_short(got[number], at=at)}'",
                )
            )
    return out


# ---------------------------------------------------------------- HTML
def verify_html(path: Path, data: bytes, expected: Expected) -> list[Diagnostic]:
    from lxml import html as lxml_html

    page = lxml_html.fromstring(data)
    found: list[tuple[int, str]] = []
    for li in page.xpath('//*[@role="doc-endnotes"]/ol/li'):  # not a list inside a note
        for back in li.xpath('.//*[@role="doc-backlink"]'):
            back.drop_tree()
        number = (li.get("id") or "").removeprefix("note-")
        for cell in li.iter("td", "th", "p", "li", "dt", "dd", "caption", "figcaption", "br"):
            cell.tail = " " + (cell.tail or "")  # a table's cells are words apart, as printed
        for formula in li.xpath(".//*[local-name()='math']"):
            formula.drop_tree()  # drawn, not text: the expected note text has none either
        found.append((int(number) if number.isdigit() else -1, li.text_content()))
    out = compare_notes(path, "html", expected, found)
    hrefs = set(page.xpath("//a/@href"))
    ids = {"#" + i for i in page.xpath("//@id")}
    out += [
        _problem(path, "html", f"link to {url} is missing")
        for url in expected.links
        if url not in hrefs
    ]
    out += _dangling(path, "html", expected, ids)
    title = page.findtext(".//title") or ""
    if title != expected.title:
        out.append(
            _problem(path, "html", f"title is '{title}', the source says '{expected.title}'")
        )
    if page.get("lang") != expected.lang:
        out.append(_problem(path, "html", f"lang is '{page.get('lang')}', not '{expected.lang}'"))
    authors = page.xpath('//meta[@name="author"]/@content')
    if authors != expected.authors:
        out.append(_problem(path, "html", f"authors {authors} differ from {expected.authors}"))
    return out


def _dangling(path: Path, fmt: str, expected: Expected, targets: set[str]) -> list[Diagnostic]:
    """A link inside the document (a cross-reference, `[x](#id)`) must lead somewhere."""
    return [
        _problem(path, fmt, f"link to {url} leads to nothing in the {fmt}")
        for url in expected.links
        if url.startswith("#") and url not in targets
    ]


# ---------------------------------------------------------------- PDF
def _continued(text: str, target: str, position: int, ends: list[int]) -> tuple[int, int]:
    """Where `target` is printed in two parts, the second after a page end that follows the
    first (a note continued on the next page): its start and end, or (-1, -1)."""
    low, high = 0, len(target)  # the longest prefix printed after `position`: binary search
    while low < high:
        mid = (low + high + 1) // 2
        if text.find(target[:mid], position) >= 0:
            low = mid
        else:
            high = mid - 1
    if low < 8 or low == len(target):
        return -1, -1
    at = text.find(target[:low], position)
    page_end = next((e for e in ends if e >= at + low), None)
    rest = text.find(target[low:], page_end) if page_end is not None else -1
    if rest < 0:
        return -1, -1
    return at, rest + len(target) - low


def verify_pdf(path: Path, data: bytes, expected: Expected) -> list[Diagnostic]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [squeeze(page.extract_text() or "") for page in reader.pages]
    text = "".join(pages)
    out: list[Diagnostic] = []
    position = 0
    ends = list(itertools.accumulate(len(page) for page in pages))
    for number, note in expected.pdf_notes:
        target = squeeze(note)
        at = text.find(target, position)
        end = at + len(target)
        if at < 0:  # a note continued on the next page: its two parts in order, a page apart
            at, end = _continued(text, target, position, ends)
        if at < 0:
            out.append(
                _problem(
                    path, "pdf", f"note {number} is not printed as in the source: '{_short(note)}'"
                )
            )
        else:
            position = end
    uris: set[str] = set()
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            obj = annot.get_object()
            action = obj.get("/A", {})
            if "/URI" in action:
                uris.add(str(action["/URI"]))
            elif "/Dest" in obj and isinstance(obj["/Dest"], str):  # a link inside the file
                uris.add("#" + str(obj["/Dest"]))
            elif action.get("/S") == "/GoTo" and isinstance(action.get("/D"), str):
                uris.add("#" + str(action["/D"]))
    out += _dangling(path, "pdf", expected, {"#" + n for n in reader.named_destinations})
    out += [
        _problem(path, "pdf", f"link to {url} is missing")
        for url in expected.links
        if url not in uris
    ]
    meta: Any = reader.metadata or {}
    if str(meta.get("/Title", "")) != expected.title:
        out.append(
            _problem(
                path, "pdf", f"title is '{meta.get('/Title')}', the source says '{expected.title}'"
            )
        )
    author = str(meta.get("/Author", ""))
    if expected.authors and author != ", ".join(expected.authors):
        out.append(
            _problem(
                path,
                "pdf",
                f"author is '{author}', the source says '{', '.join(expected.authors)}'",
            )
        )
    if expected.date and not str(meta.get("/CreationDate", "")).startswith(
        "D:" + expected.date.replace("-", "")
    ):
        out.append(
            _problem(
                path,
                "pdf",
                f"creation date {meta.get('/CreationDate')} is not "
                f"the briefing's date {expected.date}",
            )
        )
    return out


# ---------------------------------------------------------------- DOCX
def _w_text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter():
        if node.tag == W + "t" and node.text:
            # Word's no-width breaks (U+200C, U+200D: a URL's break points) print nothing
            parts.append(node.text.replace("\u200c", "").replace("\u200d", ""))
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag == W + "br":
            parts.append("\n")
        elif node.tag == W + "p" and parts:
            parts.append(" ")
    return "".join(parts)


def verify_docx(path: Path, data: bytes, expected: Expected) -> list[Diagnostic]:
    from lxml import etree

    out: list[Diagnostic] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        document = etree.fromstring(zf.read("word/document.xml"))
        notes_xml = (
            etree.fromstring(zf.read("word/footnotes.xml"))
            if ("word/footnotes.xml" in names)
            else None
        )
        targets: set[str] = set()
        for rel_name in ("word/_rels/document.xml.rels", "word/_rels/footnotes.xml.rels"):
            if rel_name in names:
                for rel in etree.fromstring(zf.read(rel_name)):
                    if rel.get("TargetMode") == "External":
                        targets.add(rel.get("Target", ""))
        # a link inside the document (`#fig:map`, a cross-reference) is a w:anchor naming a
        # bookmark; its bookmark name is the id made Word-safe
        anchors = {link.get(W + "anchor") for link in document.iter(W + "hyperlink")}
        marks = {b.get(W + "name") for b in document.iter(W + "bookmarkStart")}
        for url in expected.links:
            if url.startswith("#") and bookmark_name(url[1:]) in anchors:
                targets.add(url)
            if url.startswith("#") and bookmark_name(url[1:]) not in marks:
                out.append(_problem(path, "docx", f"link to {url} leads to no bookmark"))
        core = (
            etree.fromstring(zf.read("docProps/core.xml")) if "docProps/core.xml" in names else None
        )
    bodies: dict[str, Any] = {}
    if notes_xml is not None:
        for note in notes_xml.findall(W + "footnote"):
            if note.get(W + "type") in (None, "normal"):
                bodies[note.get(W + "id", "")] = note
    refs = [r.get(W + "id") for r in document.iter(W + "footnoteReference")]
    found: list[tuple[int, str]] = []
    for index, ref in enumerate(refs, 1):
        body = bodies.get(ref or "")
        found.append((index, _w_text(body).strip() if body is not None else ""))
    out += compare_notes(path, "docx", expected, found)
    out += [
        _problem(path, "docx", f"link to {url} is missing")
        for url in expected.links
        if url not in targets
    ]
    if core is not None:
        title = next((e.text or "" for e in core.iter() if e.tag.endswith("}title")), "")
        if title != expected.title:
            out.append(
                _problem(path, "docx", f"title is '{title}', the source says '{expected.title}'")
            )
    return out


READERS = {"html": verify_html, "pdf": verify_pdf, "docx": verify_docx}


def verify_manifest(out_dir: Path, manifest: Manifest) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    read: dict[str, tuple[Path, bytes]] = {}  # for the captions, compared across outputs
    for fmt, entry in sorted(manifest.outputs.items()):
        path = out_dir / entry.path  # a relative name without '..' (the manifest's schema)
        try:
            data = read_contained(path, [out_dir], "output")
        except ContainmentError as exc:
            if exc.code == "file.missing":
                out.append(_problem(path, fmt, "output is missing", "verify.missing"))
            else:
                out.append(_problem(path, fmt, _refused(exc), "verify.unreadable"))
            continue
        try:
            out += READERS[fmt](path, data, manifest.expected)
            if fmt == "pdf":
                out += _preflight(path, data, manifest)
        except Exception as exc:  # an unreadable output is a finding, not a crash
            out.append(
                _problem(
                    path,
                    fmt,
                    f"cannot be read back ({type(exc).__name__}: {exc})",
                    "verify.unreadable",
                )
            )
            continue
        read[fmt] = (path, data)
        if sha256(data) != entry.sha256:
            out.append(
                Diagnostic(
                    Severity.WARNING,
                    "verify.changed",
                    f"{fmt}: the file changed after it was built",
                    SourceLocation(path, 1, 1),
                )
            )
    try:
        pdf = pdf_text(read["pdf"][1]) if "pdf" in read else ""
        out += compare_captions(read, pdf)
        out += compare_tables(read, pdf)
    except Exception as exc:
        message = f"cannot be compared ({exc})"
        out.append(_problem(out_dir, "captions and tables", message, "verify.unreadable"))
    return out


def _preflight(path: Path, data: bytes, manifest: Manifest) -> list[Diagnostic]:
    """The PDF's page faults (verify.preflight), located at the briefing's source lines."""
    from briefkit.verify.located import diagnostics
    from briefkit.verify.preflight import preflight

    findings = preflight(data, manifest.expected)
    return diagnostics(findings, manifest.expected, Path(manifest.source), path)


def _refused(exc: ContainmentError) -> str:
    """Why an output was not read (its target, if it leads elsewhere, is not named)."""
    if exc.code == "path.outside-project":
        return "cannot be read back: it lies outside the output folder (symlinks are followed)"
    return f"cannot be read back: it {exc.message}"


def manifests(out_dir: Path) -> tuple[list[Manifest], list[Diagnostic]]:
    """The manifests of an output folder to verify against, and the problems of those that
    are not to be trusted (errors here: a folder that cannot be verified is not verified)."""
    unsafe = folder_problem(out_dir)
    if unsafe is not None:
        return [], [unsafe]
    found: list[Manifest] = []
    problems: list[Diagnostic] = []
    for path in sorted((out_dir / MANIFEST_DIR).glob("*.json")):
        manifest, problem = load_manifest(out_dir, path.name.removesuffix(".json"))
        if manifest is not None:
            found.append(manifest)
        elif problem is not None:
            hint = "its outputs are not checked; build again to rewrite it"
            problems.append(dataclasses.replace(problem, severity=Severity.ERROR, hint=hint))
    return found, problems
