"""Load stage: BibTeX/biblatex libraries -> raw CSL items, via bibtexparser (v2).

Brace-protected case is unprotected, `{{Org}}` is a literal (organisation) name, `--` is an en
dash, month macros (`nov`) work, LaTeX accents become Unicode. Entry and field line numbers come
from the parser, so a bad field is reported on its own line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.middlewares import MonthIntMiddleware, SeparateCoAuthors
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.items import RawItem
from briefkit.parse.yamlsrc import PathKey

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "collection": "book",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "misc": "document",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "manual": "report",
    "booklet": "pamphlet",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "standard": "standard",
    "video": "motion_picture",
    "movie": "motion_picture",
    "audio": "song",
    "music": "song",
    "interview": "interview",
    "speech": "speech",
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
}
SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "titletranslated": "title-translated",
    "title-translated": "title-translated",
    "translatedtitle": "title-translated",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "maintitle": "container-title",
    "publisher": "publisher",
    "institution": "publisher",
    "school": "publisher",
    "organization": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "url": "URL",
    "doi": "DOI",
    "pages": "page",
    "volume": "volume",
    "number": "number",
    "issue": "issue",
    "edition": "edition",
    "series": "collection-title",
    "note": "note",
    "howpublished": "medium",
    "language": "language",
    "langid": "language",
    "type": "genre",
    "eventtitle": "event-title",
    "venue": "event-place",
    "isbn": "ISBN",
    "issn": "ISSN",
    "abstract": "abstract",
    "keywords": "keyword",
    "chapter": "chapter-number",
    "urldate": "accessed",
    "eventdate": "event-date",
    "version": "version",
}
NAMES = {"author": "author", "editor": "editor", "translator": "translator"}
_latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@dataclass(frozen=True)
class Unmapped:
    """What `read_bibtex` drops or maps to a default: an entry type with no CSL equivalent
    (`field` is None; the entry becomes a `document`), or a field with none (not read)."""

    entry: Any
    field: Any = None


def _decode(value: str) -> str:
    text = _latex.latex_to_text(value) if re.search(r"[\\{}$~]", value) else value
    text = text.replace("---", "\u2014").replace("--", "\u2013")
    return " ".join(text.split())


def _name(raw: str) -> dict[str, Any]:
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}") and _balanced(raw[1:-1]):
        return {"literal": _decode(raw[1:-1])}
    parts = parse_single_name_into_parts(raw)
    out: dict[str, Any] = {}
    if parts.last:
        out["family"] = _decode(" ".join(parts.last))
    if parts.first:
        out["given"] = _decode(" ".join(parts.first))
    if parts.von:
        out["non-dropping-particle"] = _decode(" ".join(parts.von))
    if parts.jr:
        out["suffix"] = _decode(" ".join(parts.jr))
    return out or {"literal": _decode(raw)}


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def read_bibtex(
    path: Path, text: str, diags: Diagnostics, unmapped: list[Unmapped] | None = None
) -> list[RawItem]:
    """Raw CSL items of a BibTeX file; what has no CSL equivalent is added to `unmapped`."""
    library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), MonthIntMiddleware(True)]
    )
    lines = text.split("\n")
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.error(
                "ref.duplicate-id",
                f"duplicate entry key '{block.key}'",
                SourceLocation(path, line, 1),
                "each entry needs its own key",
            )
        elif isinstance(block, ParsingFailedBlock):
            diags.error(
                "ref.syntax",
                "could not parse this BibTeX entry "
                "(unbalanced braces, a missing comma or an unclosed quote?)",
                SourceLocation(path, line, 1),
            )
    items: list[RawItem] = []
    for entry in library.entries:
        start = (entry.start_line or 0) + 1
        origin = SourceLocation(path, start, 1)
        data, where = _convert(entry, unmapped)

        def locate(
            keys: PathKey, key: bool, where: dict[str, int] = where, origin: SourceLocation = origin
        ) -> SourceLocation:
            line0 = where.get(str(keys[0])) if keys else None
            if line0 is None:
                return origin
            col = (
                max(lines[line0].find(lines[line0].strip()[:1]), 0) + 1 if line0 < len(lines) else 1
            )
            return SourceLocation(path, line0 + 1, col)

        items.append(RawItem(data, origin, locate))
    return items


def _convert(
    entry: Any, unmapped: list[Unmapped] | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    entry_type = entry.entry_type.lower()
    if unmapped is not None and entry_type not in TYPES:
        unmapped.append(Unmapped(entry))
    data: dict[str, Any] = {"id": entry.key, "type": TYPES.get(entry_type, "document")}
    where: dict[str, int] = {"id": (entry.start_line or 0), "type": (entry.start_line or 0)}
    date: dict[str, Any] = {}
    for field in entry.fields:
        key = field.key.lower()
        value = field.value
        line = field.start_line if field.start_line is not None else (entry.start_line or 0)
        if key in NAMES:
            names = value if isinstance(value, list) else [value]
            data[NAMES[key]] = [_name(str(n)) for n in names]
            where[NAMES[key]] = line
        elif key in ("year", "month", "day"):
            date[key] = value
            where["issued"] = line
        elif key == "date":
            data["issued"] = str(value)
            where["issued"] = line
        elif key == "entrysubtype" and str(value).lower() in SUBTYPES:
            data["type"] = SUBTYPES[str(value).lower()]
        elif key in FIELDS:
            csl = FIELDS[key]
            if csl in data and key in ("maintitle", "howpublished"):
                continue
            data[csl] = _decode(str(value)) if isinstance(value, str) else value
            where[csl] = line
        elif unmapped is not None:
            unmapped.append(Unmapped(entry, field))
    if data.get("type") == "article-journal" and "number" in data and "issue" not in data:
        data["issue"] = data.pop("number")
        where["issue"] = where.pop("number")
    if "issued" not in data and date:
        data["issued"] = _bib_date(date)
    if data.get("type") == "document" and data.get("URL") and not data.get("publisher"):
        data["type"] = "webpage"
    return data, where


def _bib_date(date: dict[str, Any]) -> Any:
    year = str(date.get("year", "")).strip()
    if not year.isdigit():
        return {"literal": year} if year else None
    parts: list[int] = [int(year)]
    month = date.get("month")
    if month is not None and str(month).strip().isdigit():
        parts.append(int(month))
        day = date.get("day")
        if day is not None and str(day).strip().isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}
