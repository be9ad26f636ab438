"""Reading a .docx back for tests: its parts as XML, relationships, paragraphs and notes.

Deliberately independent of briefkit.render.docx: tests read the package the way any other
consumer would, with zipfile and lxml.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Rel:
    type: str
    target: str
    external: bool


@dataclass
class Docx:
    files: dict[str, bytes]

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[name])

    def rels(self, part: str) -> dict[str, Rel]:
        """Relationships of `part` ("word/document.xml"), by id."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        if name not in self.files:
            return {}
        out = {}
        for rel in self.xml(name).iterfind("rel:Relationship", NS):
            out[rel.get("Id")] = Rel(
                rel.get("Type").rsplit("/", 1)[-1],
                rel.get("Target"),
                rel.get("TargetMode") == "External",
            )
        return out

    def related(self, part: str, kind: str) -> list[str]:
        """Part names related from `part` by relationship type `kind` ("footer")."""
        folder = posixpath.dirname(part)
        return [
            posixpath.normpath(posixpath.join(folder, r.target))
            for r in self.rels(part).values()
            if r.type == kind and not r.external
        ]


def read_docx(data: bytes) -> Docx:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return Docx({info.filename: zf.read(info) for info in zf.infolist()})


def text(node: etree._Element) -> str:
    """The visible text under `node`: `w:t` contents, tabs as tab characters; Word's
    no-width breaks (U+200C, U+200D: where a URL may or may not break) print nothing."""
    out = []
    for el in node.iter(w("t"), w("tab"), w("br")):
        if el.tag == w("t"):
            out.append((el.text or "").replace("\u200c", "").replace("\u200d", ""))
        elif el.tag == w("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def style_of(p: etree._Element) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return s.get(w("val")) if s is not None else None


def paragraphs(root: etree._Element) -> list[tuple[str | None, str]]:
    """(style id, text) of every paragraph under `root`, in document order."""
    return [(style_of(p), text(p)) for p in root.iter(w("p"))]


def style_ids(styles: etree._Element) -> dict[str, str]:
    """Lower-case style name -> style id."""
    return {
        s.find("w:name", NS).get(w("val")).lower(): s.get(w("styleId"))
        for s in styles.iterfind("w:style", NS)
    }


def squash(text: str) -> str:
    return " ".join(text.split())


def note_texts(footnotes: etree._Element) -> dict[int, str]:
    """Normal footnotes by id, their text whitespace-normalised (the mark's tab dropped)."""
    out = {}
    for note in footnotes.iterfind("w:footnote", NS):
        if note.get(w("type"), "normal") != "normal":
            continue
        paras = [squash(text(p)) for p in note.iter(w("p"))]
        out[int(note.get(w("id")))] = " ".join(p for p in paras if p)
    return out
