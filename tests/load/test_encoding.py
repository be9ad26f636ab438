"""BibTeX files that are not UTF-8 (load/encoding.py): real Latin-1, Latin-9 and Latin-2 files
(tests/fixtures/encodings/, SOURCES.md) are read in the encoding they declare; one with no
declaration is read as Windows-1252 with a located warning naming it; nothing is garbled
silently, and every other kind of file is still refused when it is not UTF-8."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefkit.errors import Diagnostics
from briefkit.load.document import read_text_file
from briefkit.load.encoding import declared_encoding
from briefkit.model.library import build_library
from briefkit.parse.references import read_reference_file
from tests.conftest import Project
from tests.helpers import resolve_file
from tests.oracles import pandoc

FIXTURES = Path(__file__).parent.parent / "fixtures" / "encodings"


def read(path: Path) -> tuple[str | None, Diagnostics]:
    diags = Diagnostics()
    text = read_text_file(path, diags, "references file", kind="references")
    return text, diags


def titles(path: Path) -> dict[str, str]:
    text, diags = read(path)
    assert text is not None
    library = build_library(read_reference_file(path, text, diags), diags)
    return {key: str(located.ref.title) for key, located in library.items()}


@pytest.mark.parametrize(
    ("name", "key", "title"),
    [
        ("biber-latin1.bib", "test1", "Söme title"),
        ("biber-latin9.bib", "testŠ", "Šome title"),
        ("biber-latin2.bib", "test1", "Żome title"),
    ],
)
def test_a_declared_encoding_is_honoured_without_a_word(name: str, key: str, title: str) -> None:
    path = FIXTURES / name
    assert not path.read_bytes().isascii()
    _, diags = read(path)
    assert list(diags) == []
    assert titles(path) == {key: title}


def test_the_fixtures_read_whole() -> None:
    for path in sorted(FIXTURES.glob("*.bib")):
        text, diags = read(path)
        assert text is not None
        library = build_library(read_reference_file(path, text, diags), diags)
        assert library and not diags.has_errors, [d.format() for d in diags]


def test_an_undeclared_latin1_file_is_read_with_a_located_warning() -> None:
    path = FIXTURES / "archaeologie-latin1.bib"
    text, diags = read(path)
    assert text is not None and "Würzburg" in text and "Hölscher" in text
    [warning] = list(diags)
    assert warning.code == "ref.encoding" and not warning.is_error
    assert "declares no encoding" in warning.message
    assert "Windows-1252" in warning.message and "'ö'" in warning.message
    raw = path.read_bytes()
    first = raw.index(b"\xf6")  # the first non-ASCII byte: the ö of Böhm, line 2
    assert warning.loc is not None
    assert (warning.loc.line, warning.loc.col) == (2, raw[:first].split(b"\n")[-1].__len__() + 1)
    assert titles(path)["Hoelscher2001"] == "Schatzhäuser – Banketthäuser?"


def test_windows_punctuation_and_bytes_windows_1252_lacks(tmp_path: Path) -> None:
    quoted = tmp_path / "quoted.bib"
    quoted.write_bytes(b"@book{a,\n  title = {\x93Gr\xfc\xdfe\x94 \x96 ein Titel},\n}\n")
    assert titles(quoted) == {"a": "“Grüße” – ein Titel"}
    odd = tmp_path / "odd.bib"  # 0x81 is undefined in Windows-1252: ISO-8859-1 then
    odd.write_bytes(b"@book{a,\n  title = {Caf\xe9\x81},\n}\n")
    text, diags = read(odd)
    assert text is not None and "Café" in text
    assert [d.code for d in diags] == ["ref.encoding", "text.control-char"]
    assert "ISO-8859-1" in next(iter(diags)).message


def test_declarations_unknown_wrong_or_stale(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.bib"
    unknown.write_bytes(b"% -*- coding: klingon -*-\n@book{a,\n  title = {\xe9t\xe9},\n}\n")
    text, diags = read(unknown)
    assert text is not None and "été" in text
    [w] = list(diags)
    assert "'klingon'" in w.message and "does not know" in w.message
    assert w.loc is not None and w.loc.line == 3

    wrong = tmp_path / "wrong.bib"  # declares UTF-8, is Latin-1
    wrong.write_bytes(b"% Encoding: UTF-8\n@book{a,\n  title = {\xe9t\xe9},\n}\n")
    text, diags = read(wrong)
    assert text is not None and "été" in text
    [w] = list(diags)
    assert "declares the encoding 'UTF-8'" in w.message and "byte 0xe9" in w.message

    stale = tmp_path / "stale.bib"  # re-saved as UTF-8 with its old JabRef header
    stale.write_text("% Encoding: ISO8859_1\n@book{a,\n  title = {été},\n}\n", encoding="utf-8")
    text, diags = read(stale)
    assert text is not None and "été" in text
    [w] = list(diags)
    assert "valid UTF-8: read as UTF-8" in w.message and w.loc is not None and w.loc.line == 1


def test_declaration_forms() -> None:
    def codec(first: bytes) -> str | None:
        found = declared_encoding(first + b"\n@book{a, title={x}}\n")
        return found.codec if found else None

    assert codec(b"% -*- coding: latin-1-unix -*-") == "iso8859-1"
    assert codec(b"% -*- mode: bibtex; coding: latin-9 -*-") == "iso8859-15"
    assert codec(b"% Encoding: ISO8859_1") == "iso8859-1"
    assert codec(b"% Encoding: windows-1252") == "cp1252"
    assert codec(b"% vim: set fileencoding=latin1:") == "iso8859-1"
    assert codec(b"@comment{coding: latin-1}") is None  # only `%` comments declare
    assert codec(b"% The title is about coding: latin") is None  # no -*- ... -*-


def test_other_files_that_are_not_utf8_are_still_refused(tmp_path: Path) -> None:
    for name in ("refs.yaml", "refs.json"):
        path = tmp_path / name
        path.write_bytes(b"- id: a\n  title: Caf\xe9\n")
        text, diags = read(path)
        assert text is None and [d.code for d in diags] == ["file.encoding"]


def test_a_briefing_cites_a_latin1_library(project: Project) -> None:
    shutil.copy(FIXTURES / "archaeologie-latin1.bib", project.root / "content" / "lib.bib")
    path = project.write(
        "content/brief.md", "---\ntitle: T\nbibliography: lib.bib\n---\n\nSee [@Hoelscher2001].\n"
    )
    doc, diags = resolve_file(path, project.root)
    codes = [d.code for d in diags]
    assert "ref.encoding" in codes and not diags.has_errors, [d.format() for d in diags]
    assert doc is not None and "Hölscher" in repr(doc)


@pytest.mark.parametrize("name", ["biber-latin1.bib", "archaeologie-latin1.bib"])
def test_pandoc_reads_the_latin1_files_alike(name: str) -> None:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available")
    path = FIXTURES / name
    done = subprocess.run(
        [exe, "-f", "biblatex", "-t", "csljson", str(path)], capture_output=True, check=True
    )
    assert b"falling back to latin1" in done.stderr
    theirs = {i["id"]: i["title"] for i in json.loads(done.stdout)}
    ours = titles(path)
    assert {k: v.casefold() for k, v in ours.items()} == {
        k: v.casefold() for k, v in theirs.items()
    }


def test_a_latin1_shared_library_says_so_in_every_build(project: Project) -> None:
    project.write("briefkit.toml", '[references]\nlibrary = ["references/old.bib"]\n')
    (project.root / "references").mkdir()
    shutil.copy(FIXTURES / "archaeologie-latin1.bib", project.root / "references" / "old.bib")
    path = project.write("content/brief.md", "---\ntitle: T\n---\n\nSee [@Hoelscher2001].\n")
    for _ in range(2):  # the second build reuses the parse: the warning is given again
        doc, diags = resolve_file(path, project.root)
        assert [d.code for d in diags] == ["ref.encoding"], [d.format() for d in diags]
        assert doc is not None and "Hölscher" in repr(doc)


def test_unicode_line_and_paragraph_separators_become_spaces(project: Project) -> None:
    """A pasted paragraph mark (U+2029) stopped the PDF layout with an internal assertion;
    it is a space now, with a located warning, and the words beside it stay apart."""
    from briefkit import ir
    from briefkit.render import RenderOptions
    from briefkit.render.pdf.page import render_pdf_bytes
    from tests.helpers import house_style

    path = project.write("content/a.md", "---\ntitle: T\n---\n\nBefore\u2029after,\u2028here.\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("text.control-char", 5, 7)]
    assert ir.plain_text(doc.body[0].inlines) == "Before after, here."
    assert render_pdf_bytes(doc, house_style(), RenderOptions()).data.startswith(b"%PDF")
