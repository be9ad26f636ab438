"""Reading a PDF back for tests: lines with their font sizes and positions, per page."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine


@dataclass
class Line:
    text: str
    size: float  # the most common character size on the line
    x0: float
    x1: float
    y0: float
    top: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    chars: list[LTChar]


def _lines(container: object) -> list[LTTextLine]:
    out: list[LTTextLine] = []
    for obj in container:  # type: ignore[attr-defined]
        if isinstance(obj, LTTextLine):
            out.append(obj)
        elif isinstance(obj, LTTextContainer):
            out.extend(_lines(obj))
    return out


def read_pages(data: bytes) -> list[Page]:
    pages: list[Page] = []
    params = LAParams(line_margin=0.3, char_margin=3.0)
    for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=params), 1):
        lines: list[Line] = []
        chars: list[LTChar] = []
        for line in _lines(layout):
            cs = [c for c in line if isinstance(c, LTChar)]
            if not cs:
                continue
            chars.extend(cs)
            sizes = sorted(round(c.size, 1) for c in cs)
            lines.append(
                Line(
                    line.get_text().rstrip("\n"),
                    sizes[len(sizes) // 2],
                    line.x0,
                    line.x1,
                    line.y0,
                    line.y1,
                )
            )
        lines.sort(key=lambda ln: (-ln.top, ln.x0))
        pages.append(Page(number, layout.width, layout.height, lines, chars))
    return pages


NOTE_START = re.compile(r"^(\d+)\.\s+(.*)$")


def footnotes(
    page: Page, note_size: float, tol: float = 0.3, bottom: float = 68.0
) -> dict[int, str]:
    """Notes set at the foot of `page`: lines in the note size above the bottom margin
    (`bottom` points, where the page number sits), in reading order."""
    notes: dict[int, str] = {}
    current: int | None = None
    for line in page.lines:
        if abs(line.size - note_size) > tol or line.top < bottom:
            continue
        m = NOTE_START.match(line.text.strip())
        if m:
            current = int(m.group(1))
            notes[current] = m.group(2)
        elif current is not None:
            notes[current] += "\n" + line.text.strip()
    return notes


def calls(page: Page, call_size: float, tol: float = 0.4) -> list[int]:
    """Note call numbers (small raised digits) on the page, in order."""
    found: list[int] = []
    digits: list[LTChar] = []

    def flush() -> None:
        if digits:
            found.append(int("".join(c.get_text() for c in digits)))
            digits.clear()

    for c in sorted(page.chars, key=lambda c: (-round(c.y1), c.x0)):
        if abs(c.size - call_size) <= tol and c.get_text().isdigit():
            if digits and abs(digits[-1].x1 - c.x0) > 1.5:
                flush()
            digits.append(c)
        else:
            flush()
    flush()
    return found


def squeeze(text: str) -> str:
    """Text without any whitespace (line breaks inside URLs and words compare equal)."""
    return "".join(text.replace("\u200b", "").split())
