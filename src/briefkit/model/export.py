"""Model: validated references back out as CSL-JSON (for `refs --format csl-json`,
`refs import` and the sources attached to a PDF/A file)."""

from __future__ import annotations

import json
from typing import Any

from briefkit.model.dates import CslDate, PartialDate
from briefkit.model.library import LocatedReference
from briefkit.model.reference import Reference


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
