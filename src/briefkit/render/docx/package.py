"""Render stage, last step: a saved .docx (zip) -> the same package, byte-reproducible.

Consumes the bytes python-docx saved; produces bytes that depend only on the parts' contents.
python-docx stamps every zip entry with the current time (its issue #1042) and leaves entry
attributes to the platform; we rewrite each entry with a fixed date, fixed attributes and a
stable order, so two builds of one briefing give identical files. The template generator
(`tools/make_docx_template.py`) writes the house template through the same function.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

# The earliest date a zip entry can carry; any fixed date would do, this one says "no date".
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# OPC readers find the content types and package relationships first; the rest is sorted.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name), "") if name in _FIRST else (len(_FIRST), name)


def write_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of `entries` with fixed dates and attributes, in the stable part order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in sorted(entries, key=lambda e: _order(e[0])):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # MS-DOS, as Word writes; not the building machine's OS
            info.external_attr = 0
            zf.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalize_package(data: bytes) -> bytes:
    """Rewrite a .docx so that its bytes depend only on its parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):  # a zip may hold a name twice; a package must not
        raise ValueError("duplicate part in the Word package")
    return write_zip(entries)
