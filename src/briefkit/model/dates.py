"""Model stage: dates as briefings and CSL references write them.

`PartialDate` is a date known to the year, month or day (front matter `date`, one end of a CSL
date). `CslDate` is a CSL date variable: one date or a range, or a literal that is printed as is.
Both parse every spelling a user may write (ISO/EDTF strings, YAML dates, CSL `date-parts`,
pandoc's old `year`/`month`/`day` maps) and raise ValueError with a readable message otherwise.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


class PartialDate(BaseModel):
    """A calendar date known to the year, month or day."""

    model_config = ConfigDict(frozen=True)

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None  # EDTF 21-24 in the month position

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value
        return _seasonize(cls._as_map(value))

    @staticmethod
    def _as_map(value: Any) -> Any:
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, bool):
            raise ValueError("expected a date like 2025-11-01, 2025-11 or 2025")
        if isinstance(value, int):
            return {"year": value}
        if isinstance(value, str):
            return _parse_iso(value.strip())
        if isinstance(value, (list, tuple)):
            return _from_parts(value)
        return value  # a mapping: year/month/day fields

    @model_validator(mode="after")
    def _check(self) -> PartialDate:
        if self.month is not None:
            if not 1 <= self.month <= 12:
                raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            try:
                _dt.date(self.year if self.year > 0 else 2000, self.month, self.day)
            except ValueError:
                raise ValueError(
                    f"{self.year:04d}-{self.month:02d}-{self.day:02d} is not a calendar date"
                ) from None
        return self

    def iso(self) -> str:
        """As precise as known: 2025, 2025-11 or 2025-11-01."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> _dt.date:
        """The first day the partial date can mean (for metadata that needs a full date)."""
        return _dt.date(max(self.year, 1), self.month or 1, self.day or 1)


def _seasonize(value: Any) -> Any:
    """EDTF writes seasons as months 21-24 (2025-21 is spring 2025)."""
    if isinstance(value, dict) and value.get("month") in SEASONS and value.get("day") is None:
        value = dict(value)
        value["season"] = value.pop("month")
    return value


def _parse_iso(text: str) -> dict[str, int]:
    m = _ISO.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.groups()
    out: dict[str, int] = {"year": int(year)}
    if month:
        out["month"] = int(month)
    if day:
        out["day"] = int(day)
    return out


def _from_parts(parts: Any) -> dict[str, int]:
    if not 1 <= len(parts) <= 3:
        raise ValueError("date-parts need 1 to 3 numbers: [year, month, day]")
    nums: list[int] = []
    for p in parts:
        if isinstance(p, bool):
            raise ValueError(f"date part {p!r} is not a number")
        try:
            nums.append(int(p))
        except (TypeError, ValueError):
            raise ValueError(f"date part {p!r} is not a number") from None
    keys = ("year", "month", "day")
    return dict(zip(keys, nums, strict=False))


class CslDate(BaseModel):
    """A CSL date variable: `start` (and `end` for a range), or a `literal` printed as is."""

    model_config = ConfigDict(frozen=True)

    start: PartialDate | None = None
    end: PartialDate | None = None
    literal: str | None = None
    circa: bool = False
    uncertain: bool = False

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, CslDate):
            return value
        if isinstance(value, (_dt.date, int)) and not isinstance(value, bool):
            return {"start": value}
        if isinstance(value, str):
            return _parse_edtf(value.strip())
        if isinstance(value, list):
            # pandoc's old CSL-YAML: a list of {year, month, day} maps (two for a range)
            if value and all(isinstance(v, dict) for v in value):
                out: dict[str, Any] = {"start": value[0]}
                if len(value) > 1:
                    out["end"] = value[1]
                return out
            raise ValueError("expected a date: 2025-11-01, or a map with date-parts")
        if isinstance(value, dict):
            return _from_csl_map(value)
        raise ValueError("expected a date: 2025-11-01, or a map with date-parts")

    @model_validator(mode="after")
    def _check(self) -> CslDate:
        if self.start is None and not self.literal:
            raise ValueError("a date needs date-parts, an EDTF string or a literal")
        return self

    @property
    def year(self) -> int | None:
        return self.start.year if self.start else None


_KNOWN_CSL_DATE_KEYS = {"date-parts", "literal", "raw", "circa", "season", "year", "month", "day"}


def _from_csl_map(value: dict[str, Any]) -> dict[str, Any]:
    unknown = set(value) - _KNOWN_CSL_DATE_KEYS
    if unknown:
        raise ValueError(f"unknown date field '{sorted(unknown)[0]}'")
    out: dict[str, Any] = {}
    if value.get("circa"):
        out["circa"] = True
    if "literal" in value:
        out["literal"] = str(value["literal"])
    if "date-parts" in value:
        parts = value["date-parts"]
        if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
            raise ValueError("date-parts must be a list of lists, e.g. [[2025, 11, 1]]")
        out["start"] = parts[0]
        if len(parts) > 1 and parts[1]:
            out["end"] = parts[1]
        if "season" in value and len(parts[0]) == 1:
            season = _season(value["season"])
            if season is not None:
                out["start"] = [parts[0][0], season + 20]
            else:  # a season in words of its own ("Michaelmas"): printed as written
                out = {"literal": f"{value['season']} {parts[0][0]}"}
    elif "raw" in value:
        out.update(_parse_edtf(str(value["raw"])))
    elif "year" in value:
        out["start"] = {k: value[k] for k in ("year", "month", "day") if k in value}
    elif "literal" not in value:
        raise ValueError("a date map needs date-parts, raw or literal")
    return out


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _season(value: Any) -> int | None:
    """CSL-JSON's `season`, a number or a string (the schema allows both; Zotero writes 1-4,
    others the name): 1-4 (or EDTF's 21-24) or an English season name, else None."""
    text = str(value).strip().lower()
    if text.isdigit():
        number = int(text)
        number = number - 20 if 21 <= number <= 24 else number
        if 1 <= number <= 4:
            return number
        raise ValueError(f"season {value!r} is not 1-4 (spring to winter)")
    return _SEASONS.get(text)


def _parse_edtf(text: str) -> dict[str, Any]:
    """EDTF level 0/1 subset: 2025-11-01, 2025-11, 2025, ranges with '/', '~' circa, '?' ."""
    out: dict[str, Any] = {}
    if text.endswith(("~", "%")):
        out["circa"] = True
        text = text[:-1]
    if text.endswith("?"):
        out["uncertain"] = True
        text = text[:-1]
    if "/" in text:
        first, _, second = text.partition("/")
        out["start"] = _parse_iso(first)
        if second and second != "..":
            out["end"] = _parse_iso(second)
        return out
    out["start"] = _parse_iso(text)
    return out
