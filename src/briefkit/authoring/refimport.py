"""Load + model stages, for `briefkit refs import`: a BibTeX/biblatex, CSL-JSON or CSL YAML
export (Zotero, JabRef, a colleague's file) -> the project's CSL YAML, saying what was lost.

Consumes the export's path; produces `Imported`: the CSL YAML text (pandoc's `references:`
form, keys in a reading order, dates as ISO/EDTF strings) and located diagnostics. The export is
read by the same loaders a build uses, so an imported file means exactly what the export meant;
on top of their diagnostics, BibTeX fields with no CSL equivalent and unknown entry types are
reported here (the build's BibTeX reader drops or maps them without a word, as pandoc does).
Pure apart from reading the export: the CLI writes what this returns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.references import read_reference_file

if TYPE_CHECKING:
    from briefkit.parse.bibtex import Unmapped

# The order keys are written in: who, what, where in what, published by whom and when, where to
# find it. Keys not listed follow in the order the reference holds them.
KEY_ORDER = (
    "id type author editor translator container-author collection-editor interviewer recipient "
    "title title-short title-translated original-title container-title container-title-short "
    "collection-title collection-number event-title event-place genre medium edition volume "
    "issue number chapter-number page section publisher publisher-place authority issued "
    "event-date original-date accessed URL DOI ISBN ISSN language status archive note abstract "
    "keyword"
).split()


@dataclass
class Imported:
    text: str = ""
    count: int = 0  # references converted
    failed: int = 0  # entries that could not be converted (errors)
    dropped: int = 0  # fields and types that had no CSL equivalent (warnings)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def import_references(path: Path) -> Imported:
    """Read an export and convert every reference it holds."""
    from briefkit.load.references import read_named_file

    result = Imported()
    diags = result.diagnostics
    text = read_named_file(path, diags)
    if text is None:
        return result
    unmapped: list[Unmapped] = []  # filled by the BibTeX reader only
    raw = read_reference_file(path.resolve(), text, diags, unmapped)
    result.dropped += _warn_unmapped(path, text, unmapped, diags)
    library = build_library(raw, diags)
    # entries that did not survive validation (or were duplicates), and BibTeX entries that
    # could not even be parsed
    result.failed = (
        len(raw)
        - len(library)
        + sum(1 for d in diags if d.code == "ref.syntax" and d.is_error and raw)
    )
    items = [_ordered(_yaml_dates(to_csl(located.ref))) for located in library.values()]
    result.count = len(items)
    result.text = dump(items, path.name)
    return result


def _warn_unmapped(path: Path, text: str, unmapped: list[Unmapped], diags: Diagnostics) -> int:
    """Warn, at its line, about each BibTeX field and entry type with no CSL equivalent."""
    lines = text.split("\n")
    dropped: dict[tuple[str, int], list[Unmapped]] = {}
    for item in unmapped:
        if item.field is None:
            diags.warning(
                "import.unknown-type",
                f"entry type '@{item.entry_type}' of '{item.key}' has no CSL equivalent; "
                "imported as 'document'",
                _at(path, lines, item.line0, "@"),
                "set the right CSL type in the imported file (report, book, webpage...)",
            )
            continue
        dropped.setdefault((item.key, item.line0), []).append(item)
    # one warning per entry, at its first dropped field, naming them all (an export of 1,800
    # entries with five bookkeeping fields each is 1,800 lines, not 9,000)
    for (key, line0), items in dropped.items():
        first = items[0]
        names = ", ".join(f"'{i.field}'" for i in items)
        many = len(items) > 1
        diags.warning(
            "import.dropped-field",
            f"field{'s' * many} {names} of '{key}' ha{'ve' if many else 's'} no CSL equivalent;"
            " not imported",
            _at(
                path,
                lines,
                first.field_line0 if first.field_line0 is not None else line0,
                first.field or "",
            ),
            "if it matters, add it by hand as a CSL field (or as `key: value` in note)",
        )
    return len(unmapped)


def _at(path: Path, lines: list[str], line0: int, word: str) -> SourceLocation:
    """Where `word` starts on a 0-based line (its first non-blank character otherwise)."""
    text = lines[line0] if 0 <= line0 < len(lines) else ""
    m = re.search(re.escape(word), text, re.I)
    col = m.start() if m else len(text) - len(text.lstrip())
    return SourceLocation(path, line0 + 1, col + 1)


def _edtf(date: dict[str, Any]) -> Any:
    """A CSL-JSON date as the ISO/EDTF string the loader reads back (2024-11-21, 2024/2025)."""
    parts = date.get("date-parts")
    if not parts or set(date) - {"date-parts", "circa"}:
        return date  # a literal date stays a map

    def one(p: list[int]) -> str:
        return "-".join(f"{n:04d}" if i == 0 else f"{n:02d}" for i, n in enumerate(p))

    text = "/".join(one(p) for p in parts)
    return text + ("~" if date.get("circa") else "")


def _yaml_dates(item: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _edtf(v) if isinstance(v, dict) and "date-parts" in v else v for k, v in item.items()
    }


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    first = {k: item[k] for k in KEY_ORDER if k in item}
    return {**first, **{k: v for k, v in item.items() if k not in first}}


# a string written without quotes only when no YAML reader could take it for anything else
# (a number, a date, yes/no, a key, a comment, an anchor...); everything else is JSON-quoted,
# which is valid YAML. Writing it here is ~20x faster than PyYAML's pure-Python emitter, which
# took most of the time of importing a 1,500-entry library.
_PLAIN = re.compile(r"^[^\W\d_][\w .,;’'()&/–—+-]*(?<![ :])$")
_WORDS = frozenset("y n yes no on off true false null".split())


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _WORDS and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """`value` (a mapping) as block YAML lines at `indent`; lists indented under their key."""
    pad = " " * indent
    for key, item in value.items():
        name = _scalar(key)
        if isinstance(item, dict) and item:
            out.append(f"{pad}{name}:")
            _emit(item, indent + 2, out)
        elif isinstance(item, list) and item:
            out.append(f"{pad}{name}:")
            for element in item:
                if isinstance(element, dict) and element:
                    inner: list[str] = []
                    _emit(element, indent + 4, inner)
                    out.append(f"{pad}  - {inner[0].lstrip()}")
                    out.extend(inner[1:])
                else:
                    out.append(f"{pad}  - {_scalar(element)}")
        elif isinstance(item, (dict, list)):
            out.append(f"{pad}{name}: {'{}' if isinstance(item, dict) else '[]'}")
        else:
            out.append(f"{pad}{name}: {_scalar(item)}")


def dump(items: list[dict[str, Any]], source: str) -> str:
    """CSL YAML as pandoc reads it: a `references:` list. Strings that YAML would read as
    something else (2024-11-21, yes, 1.0) are quoted, so every YAML reader agrees."""
    lines = [
        f"# References converted from {source} by `briefkit refs import` (CSL YAML).",
        "references:",
    ]
    for item in items:
        inner: list[str] = []
        _emit(item, 4, inner)
        if inner:
            lines.append(f"  - {inner[0].lstrip()}")
            lines.extend(inner[1:])
    return "\n".join(lines) + "\n"
