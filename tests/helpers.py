"""Helpers for tests: run the pipeline stages on text, read outputs back."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.load.styles import load_style
from briefkit.model.housestyle import HouseStyle
from briefkit.resolve.resolver import resolve
from tests.conftest import REPO, Project


def resolve_file(
    path: Path,
    root: Path | None = None,
    house: Callable[[HouseStyle], HouseStyle] | None = None,
) -> tuple[ir.ResolvedDocument | None, Diagnostics]:
    diags = Diagnostics()
    root = root or path.parent
    doc = load_document(path.resolve(), root.resolve(), diags)
    if doc is None:
        return None, diags
    style = load_style(doc.front.style or "commentary", root.resolve(), diags)
    assert style is not None, [d.format() for d in diags]
    if house is not None:  # the Chicago oracle's copy with the house's switches flipped
        style = house(style)
    return resolve(doc, style, diags), diags


def resolve_with_refs(
    project: Project, body: str, refs: str, front: str = ""
) -> ir.ResolvedDocument:
    """`body` as content/b.md of `project`, citing `refs` (CSL YAML, as content/refs.yaml),
    with more front matter `front` ("lang: ja\n"), resolved; fails on an error."""
    project.write("content/refs.yaml", refs)
    path = project.write(
        "content/b.md", f"---\ntitle: T\nbibliography: refs.yaml\n{front}---\n{body}\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return doc


def house_style(name: str = "commentary") -> HouseStyle:
    """A house style of the repository's templates/, which must load cleanly."""
    diags = Diagnostics()
    style = load_style(name, REPO, diags)
    assert style is not None, [d.format() for d in diags]
    return style


def codes(diags: Diagnostics) -> list[str]:
    return [d.code for d in diags]


def normalize(text: str) -> str:
    """Compare text across typographic choices: curly vs straight quotes, dashes, spaces."""
    text = unicodedata.normalize("NFC", text)
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", "'"),
        ("\u201d", "'"),
        ('"', "'"),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u00a0", " "),
        ("\ufe0e", ""),
        ("\u2060", ""),  # the word joiner that ties a note call to its word
        ("\u00ad", ""),  # soft hyphens: where a word may be hyphenated
    ):
        text = text.replace(a, b)
    return " ".join(text.split())


SUPERSCRIPTS = {"¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9}


def _sup_number(token: str) -> int | None:
    digits = {
        "⁰": "0",
        "¹": "1",
        "²": "2",
        "³": "3",
        "⁴": "4",
        "⁵": "5",
        "⁶": "6",
        "⁷": "7",
        "⁸": "8",
        "⁹": "9",
    }
    if token and all(c in digits for c in token):
        return int("".join(digits[c] for c in token))
    return None


def seed_notes(seed: str) -> dict[int, str]:
    """The 13 notes as the seed text prints them."""
    notes: dict[int, str] = {}
    for line in seed.splitlines():
        text = line.strip().removeprefix("- ").strip()
        head, _, rest = text.partition(" ")
        number = _sup_number(head)
        if number is not None and rest:
            notes[number] = rest.strip()
    return notes


def seed_body_paragraphs(seed: str) -> list[str]:
    """Body paragraphs of the seed (note calls removed), from the introduction to the notes."""
    lines = seed.splitlines()
    start = lines.index("Introduction")
    out: list[str] = []
    for line in lines[start:]:
        if line.startswith("¹ "):
            break
        if line.strip():
            out.append("".join(c for c in line if c not in "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return out


def verified_weasyprint(off: str) -> tuple[ModuleType, pytest.MarkDecorator]:
    """WeasyPrint (the calling test module is skipped without it) and the mark that skips its
    tests on a version briefkit's layout patches were not checked against (`render.pdf.
    verified`); `off` says what happens on such a version."""
    weasyprint = pytest.importorskip("weasyprint")
    from briefkit.render.pdf import verified

    version = weasyprint.__version__
    reason = f"{off} on WeasyPrint {version}"
    return weasyprint, pytest.mark.skipif(version not in verified.VERIFIED, reason=reason)
