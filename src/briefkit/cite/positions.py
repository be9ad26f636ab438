"""Resolve stage helper: CSL 1.0.2 cite positions computed from note numbers.

Feed every cite in document order (`observe`), with the number of the note it appears in and
its place in its citation; get back its position:

- FIRST: the source has not been cited before.
- IBID / IBID_WITH_LOCATOR: the same source as the immediately preceding cite — the previous cite
  of the same citation, or, for the first cite of a citation, the previous citation when that
  citation held this one source only and sits in the same note or the note just before.
  Locators are compared by value (label and text): same or both absent -> IBID; present and
  different (or newly present) -> IBID_WITH_LOCATOR; the previous had one and this has none ->
  SUBSEQUENT (a bare "Ibid." would wrongly repeat the page). A note that cited several sources
  never leads to an ibid in the next note, even through separate citations.
- SUBSEQUENT: cited before, otherwise.
`near_note` is set when the source was cited within `near_note_distance` notes before.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Position(StrEnum):
    FIRST = "first"
    SUBSEQUENT = "subsequent"
    IBID = "ibid"
    IBID_WITH_LOCATOR = "ibid-with-locator"


@dataclass(frozen=True, slots=True)
class CitePosition:
    position: Position
    near_note: bool
    first_note: int  # the note where the source was first cited
    last_note: int | None  # the note of the previous cite of this source (None when first)


@dataclass
class _Prev:
    key: str
    locator: tuple[str | None, str | None]
    note: int
    citation_size: int


class PositionTracker:
    def __init__(self, near_note_distance: int = 5) -> None:
        self.near = near_note_distance
        self.first_note: dict[str, int] = {}
        self.last_note: dict[str, int] = {}
        self.prev: _Prev | None = None  # the last cite seen
        self.prev_citation_size = 0
        self.sources_per_note: dict[int, set[str]] = {}

    def observe(
        self,
        key: str,
        note: int,
        index: int,
        citation_size: int,
        locator: str | None = None,
        label: str | None = None,
    ) -> CitePosition:
        """Position of one cite; `index` is its place (0-based) in its citation."""
        loc = (label or ("page" if locator else None), _norm(locator))
        position = self._position(key, note, index, loc)
        last = self.last_note.get(key)
        near = last is not None and note - last <= self.near
        result = CitePosition(position, near, self.first_note.get(key, note), last)
        self.first_note.setdefault(key, note)
        self.last_note[key] = note
        self.sources_per_note.setdefault(note, set()).add(key)
        self.prev = _Prev(key, loc, note, citation_size)
        return result

    def _position(
        self, key: str, note: int, index: int, loc: tuple[str | None, str | None]
    ) -> Position:
        if key not in self.first_note:
            return Position.FIRST
        prev = self.prev
        if prev is None or prev.key != key:
            return Position.SUBSEQUENT
        if index == 0:
            # the previous citation must be alone, and in this note or the one before it
            if prev.citation_size != 1 or not 0 <= note - prev.note <= 1:
                return Position.SUBSEQUENT
            if note != prev.note and len(self.sources_per_note.get(prev.note, ())) > 1:
                return Position.SUBSEQUENT
        if loc == prev.locator:
            return Position.IBID
        if loc[1] is None:
            return Position.SUBSEQUENT
        return Position.IBID_WITH_LOCATOR


def _norm(locator: str | None) -> str | None:
    """Locators compare by value: "33-35", "33–35" and "33 - 35" are the same pages."""
    if locator is None:
        return None
    text = locator.replace("\u2013", "-").replace("\u2014", "-")
    return "".join(text.split()).lower() or None
