"""Verify stage helper: a PDF's printed lines, page by page, split into body text and note area.

Consumes the layout `verify.pdflines` read back and the manifest's `Expected` notes; produces
one `Page` per page for the preflight (`verify.preflight`). A note area starts at the first line
that starts an expected note (its number, then its first words) or, at the top of the area, at
a line that goes on with the note the page before ended with: a note continued from there
(`render.pdf.continuation` sets it without a number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefkit.build.manifest import Expected
from briefkit.verify.pdflines import Line, PdfLayout

_PAGE_NUMBER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")


@dataclass
class Page:
    number: int
    body: list[Line]
    notes: list[Line]  # the note area, from the first note's first line
    note_starts: dict[int, Line]


def pages(layout: PdfLayout, expected: Expected) -> list[Page]:
    """Each page's lines split into the running heads and page number (dropped), the body and
    the note area (from the first line that starts one of the expected notes, or that goes on
    with the note the page before ended with: a note continued from there)."""
    # a note's marker is its number, with a full stop in Latin scripts (none in Japanese)
    starts = {n: (str(n), squeeze(text)[:12]) for n, text in expected.pdf_notes}
    texts = {n: squeeze(text) for n, text in expected.pdf_notes}
    out: list[Page] = []
    # the first page has no running heads: its first line is at the top of the text area
    first = [line for line in layout.pages[0] if not _PAGE_NUMBER.match(line.text)]
    area_top = min((line.top for line in first), default=0.0)
    last: tuple[int, float] | None = None  # the note the page before ended with, its size
    for number, lines in enumerate(layout.pages, 1):
        # the page number and the running heads stand in the margins, outside the text area
        lines = [
            line
            for line in lines
            if not _PAGE_NUMBER.match(line.text) and line.bottom > area_top - 1.0
        ]
        note_starts: dict[int, Line] = {}
        first_note = len(lines)
        for i, line in enumerate(lines):
            key = squeeze(line.text)
            for n, (mark, start) in starts.items():
                rest = key[len(mark) :].removeprefix(".")
                if n not in note_starts and key.startswith(mark) and rest.startswith(start):
                    note_starts[n] = line
                    first_note = min(first_note, i)
        if last is not None:
            first_note = min(first_note, _continued(lines, texts[last[0]], last[1]))
        notes = lines[first_note:]
        out.append(Page(number, lines[:first_note], notes, note_starts))
        if note_starts:
            n = max(note_starts, key=lambda m: note_starts[m].top)
            last = (n, note_starts[n].size)
    return out


def _continued(lines: list[Line], text: str, size: float) -> int:
    """Where a note continued from the page before starts on this page: the first line set
    in the notes' size that is a later part of that note's text (len(lines) if none)."""
    for i, line in enumerate(lines):
        key = squeeze(line.text)
        if len(key) >= 6 and abs(line.size - size) < 0.3 and text.find(key, 1) > 0:
            return i
    return len(lines)


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u200b\u00ad\x02]+", "", text)
