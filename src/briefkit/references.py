"""Reference reports and exports (for `briefkit refs`): which sources a briefing uses, how
often, with what problems; and the validated library as CSL-JSON.

Consumes a library (`LocatedReference`s), the resolved document's citation map and the run's
diagnostics; produces rows and JSON. Pure: the CLI prints or writes what this returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.errors import Diagnostic, Diagnostics
from briefkit.model.dates import CslDate, PartialDate
from briefkit.model.library import LocatedReference, build_library
from briefkit.model.reference import Reference
from briefkit.parse.references import (
    BIBTEX_SUFFIXES,
    JSON_SUFFIXES,
    YAML_SUFFIXES,
    read_reference_file,
)

REFERENCE_SUFFIXES = BIBTEX_SUFFIXES | JSON_SUFFIXES | YAML_SUFFIXES


@dataclass(frozen=True)
class RefRow:
    key: str
    type: str
    title: str
    uses: int
    notes: tuple[int, ...]
    where: str
    problems: tuple[str, ...]


def rows(
    library: dict[str, LocatedReference],
    citations: dict[str, tuple[int, ...]],
    diagnostics: list[Diagnostic],
) -> list[RefRow]:
    out: list[RefRow] = []
    for key, located in library.items():
        ref = located.ref
        problems = tuple(
            sorted(
                {
                    d.code
                    for d in diagnostics
                    if d.code.startswith(("ref.", "cite.")) and f"'{key}'" in d.message
                }
            )
        )
        notes = citations.get(key, ())
        out.append(
            RefRow(key, ref.type, ref.title or "", len(notes), notes, str(located.loc), problems)
        )
    return out


def load_reference_file(path: Path, diags: Diagnostics) -> dict[str, LocatedReference]:
    """A references file on its own (to list or convert it without a briefing)."""
    from briefkit.load import read_text_file

    text = read_text_file(path, diags, "references file")
    if text is None:
        return {}
    return build_library(read_reference_file(path.resolve(), text, diags), diags)


def _date(value: CslDate) -> dict[str, Any]:
    if value.start is None:
        return {"literal": value.literal or ""}
    parts = [_parts(value.start)]
    if value.end is not None:
        parts.append(_parts(value.end))
    out: dict[str, Any] = {"date-parts": parts}
    if value.circa:
        out["circa"] = True
    return out


def _parts(d: PartialDate) -> list[int]:
    month = d.month if d.month is not None else d.season
    return [x for x in (d.year, month, d.day) if x is not None]


def to_csl(ref: Reference) -> dict[str, Any]:
    """One reference as a CSL-JSON item (only the fields that are set)."""
    data = ref.model_dump(by_alias=True, exclude_none=True)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value in ([], "", None):
            continue
        attr = getattr(ref, key.replace("-", "_"), None)
        if isinstance(attr, CslDate):
            out[key] = _date(attr)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [
                {
                    k: v
                    for k, v in n.items()
                    if v not in (None, False) and not (k == "parse-names" and v is True)
                }
                for n in value
            ]
        else:
            out[key] = value
    return out


def export_csl_json(library: dict[str, LocatedReference]) -> str:
    items = [to_csl(located.ref) for located in library.values()]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
