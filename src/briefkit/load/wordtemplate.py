"""Load stage: a house style's Word template (`template.docx`), checked before any renderer
opens it.

Consumes the file's bytes (read under the containment rule, `template` size cap); produces
nothing but diagnostics: a template that is not a zip archive, is truncated, has an entry whose
checksum is wrong, two entries of one name, an entry named outside the package (`../x`, `/x`),
more unpacked bytes than UNPACKED_CAP, no `word/document.xml`, or an XML part that declares a
DOCTYPE or is not well-formed, is a `style.invalid` error at the template. A Word file never
needs a DOCTYPE: one is where entity expansion attacks live, and python-docx would carry it
into the output, which Word then refuses to open.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.load.xmlcheck import xml_error
from briefkit.paths import ContainmentError, read_contained

UNPACKED_CAP = 64 * 1024 * 1024  # a house template unpacks to well under 1 MiB
REQUIRED = ("[Content_Types].xml", "word/document.xml")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def template_problem(data: bytes) -> str | None:
    """What is wrong with a Word template's bytes, or None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "is not a Word file (not a zip archive, or truncated)"
    with archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                return f"holds two entries named '{name[:80]}'"
            seen.add(name)
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
                return f"holds an entry named outside the package ('{name[:80]}')"
        missing = [n for n in REQUIRED if n not in seen]
        if missing:
            return f"is not a Word document (it has no {missing[0]})"
        if sum(i.file_size for i in infos) > UNPACKED_CAP:
            return f"unpacks to more than {UNPACKED_CAP // (1024 * 1024)} MiB"
        budget = UNPACKED_CAP
        for info in infos:
            try:
                with archive.open(info) as fh:  # reads to the end: the CRC is checked
                    part = fh.read(budget + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                ValueError,
                OSError,
                EOFError,
            ) as e:
                return f"has an entry that cannot be read ('{info.filename[:80]}': {e})"
            budget -= len(part)
            if budget < 0:
                return f"unpacks to more than {UNPACKED_CAP // (1024 * 1024)} MiB"
            if info.filename.endswith((".xml", ".rels")):
                problem = _xml_problem(part)
                if problem is not None:
                    return f"has an XML part that {problem} ('{info.filename[:80]}')"
    return None


def _xml_problem(part: bytes) -> str | None:
    if _DOCTYPE.search(part):
        return "declares a DOCTYPE or entities (a Word file never does)"
    if (error := xml_error(part)) is not None:
        return f"is not well-formed XML ({error})"
    return None


def check_word_template(path: Path, style_root: Path, diags: Diagnostics) -> bool:
    """Whether the style's `template.docx` (if it has one) may be used; `style.invalid` (or
    the containment rule's reason) at the file when not."""
    if not path.exists() and not path.is_symlink():
        return True  # optional: the built-in style's template is used by the renderer
    where = SourceLocation(path, 1, 1)
    try:
        data = read_contained(path, (style_root,), "template")
    except ContainmentError as exc:  # style.invalid, as for the style's CSS (a renderer's)
        diags.error("style.invalid", f"Word template {exc.message}", where)
        return False
    problem = template_problem(data)
    if problem is None:
        return True
    hint = "save it again from Word as a .docx, or copy the built-in style's template.docx"
    diags.error("style.invalid", f"Word template {problem}", where, hint)
    return False
