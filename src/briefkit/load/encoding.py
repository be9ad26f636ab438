"""Load stage: the bytes of a BibTeX file that is not UTF-8 -> its text, and what was assumed.

Consumes the bytes of a `.bib` file that failed to decode as UTF-8 (load.document.read_text_file
tries UTF-8 first, for every file); produces its text, decoded in the encoding the file
declares or, when it declares none, in Windows-1252 (Latin-1), with a located `ref.encoding`
warning that names the encoding assumed and the first character it decided.

Why BibTeX only: BibTeX itself reads bytes (the document's `inputenc` decides what they mean),
biber decodes a file as biblatex's `bibencoding` option says (UTF-8 by default), and pandoc
falls back to Latin-1 with a warning when a file is not UTF-8. So old `.bib` files in Latin-1
are common and readable by every tool, where CSL-JSON and YAML are UTF-8 by their specs. A
declaration on one of the first lines is honoured, as editors write them: Emacs' `% -*- coding:
latin-1 -*-` (biber's own test files carry one), JabRef's `% Encoding: ISO8859_1`, Vim's
`% vim: set fileencoding=latin1:`. Without one, Windows-1252 is assumed rather than pandoc's
ISO-8859-1: the two agree on every letter, and where ISO-8859-1 has invisible C1 controls
(0x80-0x9F) Windows-1252 has the quotes and dashes that Windows editors wrote there. A file
that fits neither (the five bytes Windows-1252 leaves undefined) is read as ISO-8859-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.references import BIBTEX_SUFFIXES

DECLARATION_LINES = 5  # Emacs wants its cookie on line 1 or 2; JabRef writes line 1
_DECLARED = re.compile(
    r"^\s*%.*?(?:-\*-.*?\bcoding:\s*([\w.:-]+)"  # Emacs: -*- coding: latin-1-unix -*-
    r"|\bencoding:\s*([\w.:-]+)"  # JabRef: % Encoding: ISO8859_1
    r"|\b(?:fileencoding|fenc)=([\w.:-]+))",  # Vim: vim: set fileencoding=latin1:
    re.I,
)
_EMACS_EOL = re.compile(r"-(?:unix|dos|mac)$", re.I)
_NAMES = {"latin-9": "iso8859-15", "latin9": "iso8859-15", "iso-latin-1": "iso8859-1"}


def decode_text(data: bytes, path: Path, diags: Diagnostics, what: str, kind: str) -> str | None:
    """The text of a file's bytes: UTF-8 (a BOM dropped), or for a BibTeX references file that
    is not, `decode_bibtex`'s reading; otherwise a located `file.encoding` error and None."""
    bibtex = kind == "references" and path.suffix.lower() in BIBTEX_SUFFIXES
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if bibtex:  # old .bib files are often Latin-1, and BibTeX, biber and pandoc read them
            return decode_bibtex(data, path, diags, what)
        line, col = _position(data, exc.start)
        diags.error(
            "file.encoding",
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            SourceLocation(path, line, col),
            "save the file as UTF-8",
        )
        return None
    if bibtex:
        check_declared_utf8(data, path, diags, what)
    return text


@dataclass(frozen=True)
class Declared:
    name: str  # as written
    codec: str | None  # Python's codec name, None when unknown
    line: int  # 1-based


def declared_encoding(data: bytes) -> Declared | None:
    """The encoding a `%` comment on one of the first lines declares, if any."""
    for number, raw in enumerate(data.split(b"\n", DECLARATION_LINES)[:DECLARATION_LINES], 1):
        m = _DECLARED.match(raw.decode("ascii", "replace"))
        if m:
            name = next(g for g in m.groups() if g).rstrip(":;")
            return Declared(name, _codec(name), number)
    return None


def _codec(name: str) -> str | None:
    plain = _EMACS_EOL.sub("", name).lower()
    plain = _NAMES.get(plain, plain)
    # Emacs and Vim write latin-2, latin-1...; Python knows latin2, latin_1
    for candidate in (plain, plain.replace("-", ""), plain.replace("-", "_")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def decode_bibtex(data: bytes, path: Path, diags: Diagnostics, what: str) -> str:
    """The text of a BibTeX file that is not UTF-8 (see the module docstring): in the encoding
    it declares, silently; else in a fallback, with one located `ref.encoding` warning."""
    declared = declared_encoding(data)
    bad = _first_non_utf8(data)
    if declared is not None and declared.codec is not None:
        try:
            return data.decode(declared.codec)
        except UnicodeDecodeError as exc:
            bad = exc.start
            why = (
                f"{what} declares the encoding '{declared.name}' (line {declared.line}), "
                f"but byte 0x{data[bad]:02x} is not {declared.codec}"
            )
    elif declared is not None:
        why = f"{what} declares the encoding '{declared.name}' (line {declared.line}), "
        why += "which briefkit does not know"
    else:
        why = f"{what} is not UTF-8 and declares no encoding"
    try:
        text, codec, assumed = data.decode("cp1252"), "cp1252", "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        text, codec, assumed = data.decode("iso8859-1"), "iso8859-1", "ISO-8859-1 (Latin-1)"
    line, col = _position(data, bad)
    char = data[bad : bad + 1].decode(codec)
    diags.warning(
        "ref.encoding",
        f"{why}: read as {assumed}, where byte 0x{data[bad]:02x} here is '{char}'",
        SourceLocation(path, line, col),
        "check the accented letters; save the file as UTF-8, or declare its encoding on its "
        "first line (% -*- coding: latin-1 -*-)",
    )
    return text


def _first_non_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _position(data: bytes, at: int) -> tuple[int, int]:
    before = data[:at]
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[start:].decode("utf-8", "replace")) + 1


def check_declared_utf8(data: bytes, path: Path, diags: Diagnostics, what: str) -> None:
    """A BibTeX file that decodes as UTF-8 is read as UTF-8; if it also declares another
    encoding and holds non-ASCII text, which reading was chosen is said (a file re-saved as
    UTF-8 with its old Latin-1 header: the header is what is wrong, most often)."""
    if data.isascii():
        return
    declared = declared_encoding(data)
    if declared is None or declared.codec in (None, "utf-8", "ascii"):
        return
    diags.warning(
        "ref.encoding",
        f"{what} declares the encoding '{declared.name}' but is valid UTF-8: read as UTF-8",
        SourceLocation(path, declared.line, 1),
        "correct the declaration (or delete it) if the accented letters print right",
    )
