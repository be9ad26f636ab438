"""Parse stage: references files (CSL-YAML, CSL-JSON, BibTeX) -> raw CSL items that know
their place.

Consumes the bytes of a bibliography file, or the `references:` list of the front matter;
produces `RawItem`s: a plain CSL mapping plus a `locate` function that gives the `file:line:col`
of any of its fields, so that the model stage reports problems where the user wrote them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.items import RawItem
from briefkit.parse.yamlsrc import PathKey, YamlDoc, parse_yaml

if TYPE_CHECKING:
    from briefkit.parse.bibtex import Unmapped

YAML_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json", ".csljson"}
BIBTEX_SUFFIXES = {".bib", ".bibtex", ".biblatex"}


def items_from_yaml_doc(doc: YamlDoc, prefix: PathKey, items: Any) -> list[RawItem]:
    """RawItems for a located list of CSL mappings (a file's list, or front matter's)."""
    out: list[RawItem] = []
    for i, data in enumerate(items):
        base = (*prefix, i)
        origin = doc.loc(base)

        def locate(keys: PathKey, key: bool, base: PathKey = base) -> SourceLocation:
            return doc.loc((*base, *keys), key=key)

        out.append(RawItem(data, origin, locate))
    return out


def read_reference_file(
    path: Path,
    text: str,
    diags: Diagnostics,
    unmapped: list[Unmapped] | None = None,
    lang: str = "en",
) -> list[RawItem]:
    """Parse one references file whose text the loader has read. For a BibTeX file, entry
    types and fields with no CSL equivalent are added to `unmapped` (when given), and biblatex
    localisation keys are put in words of `lang` (the briefing's language)."""
    suffix = path.suffix.lower()
    stripped = text.lstrip()
    if suffix in BIBTEX_SUFFIXES or (
        suffix not in YAML_SUFFIXES | JSON_SUFFIXES and stripped.startswith("@")
    ):
        from briefkit.parse.bibtex import read_bibtex  # imported lazily: only BibTeX users pay

        return read_bibtex(path, text, diags, unmapped, lang)
    if suffix in JSON_SUFFIXES:
        return _read_json(path, text, diags)
    return _read_yaml(path, text, diags)


def _items_of(
    data: Any, path: Path, diags: Diagnostics, doc: YamlDoc | None
) -> tuple[Any, PathKey]:
    if isinstance(data, list):
        return data, ()
    if isinstance(data, dict):
        for key in ("references", "items"):
            if isinstance(data.get(key), list):
                return data[key], (key,)
    where = doc.start() if doc else SourceLocation(path, 1, 1)
    found = "nothing" if data is None else f"a {type(data).__name__}"
    diags.error(
        "ref.not-a-list",
        f"a references file must hold a list of references (found {found})",
        where,
        "write a YAML list ('- id: ...'), a 'references:' key holding one, or a CSL-JSON array",
    )
    return None, ()


def _read_yaml(path: Path, text: str, diags: Diagnostics) -> list[RawItem]:
    doc = parse_yaml(text, path, diags, code="ref.syntax")
    if doc is None:
        return []
    items, prefix = _items_of(doc.data, path, diags, doc)
    if items is None:
        return []
    return items_from_yaml_doc(doc, prefix, items)


def _read_json(path: Path, text: str, diags: Diagnostics) -> list[RawItem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(
            "ref.syntax", f"invalid JSON: {exc.msg}", SourceLocation(path, exc.lineno, exc.colno)
        )
        return []
    # JSON is YAML 1.2: reparse for positions; fall back to item-less positions if it balks
    probe = Diagnostics()
    doc = parse_yaml(text, path, probe, code="ref.syntax")
    if doc is not None and doc.data == data:
        items, prefix = _items_of(doc.data, path, diags, doc)
        return [] if items is None else items_from_yaml_doc(doc, prefix, items)
    items, _ = _items_of(data, path, diags, None)
    if items is None:
        return []
    start = SourceLocation(path, 1, 1)
    return [RawItem(item, start, lambda keys, key: start) for item in items]
