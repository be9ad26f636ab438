"""Verify stage helper: a PDF's printed lines read back, for the preflight.

Consumes a PDF's bytes; produces, per page, its lines of text (each with its glyphs, box,
baseline and dominant size, in top-down coordinates) and the link fragments (each URI
annotation's rectangle with the text printed inside it). Reads glyph boxes and font sizes with
PDFium (pypdfium2), link annotations with pypdf. Knows nothing of the manifest or of which
finding is wanted: that is `verify.preflight`.
"""

from __future__ import annotations

import ctypes
import io
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Glyph:
    ch: str
    x0: float
    x1: float
    top: float  # top-down: 0 is the top of the page
    bottom: float
    base: float  # the baseline
    size: float
    weight: int


@dataclass
class Line:
    page: int  # 1-based
    glyphs: list[Glyph] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @cached_property
    def x0(self) -> float:
        return min(g.x0 for g in self.ink)

    @cached_property
    def x1(self) -> float:
        return max(g.x1 for g in self.ink)

    @cached_property
    def top(self) -> float:
        return min(g.top for g in self.ink)

    @cached_property
    def bottom(self) -> float:
        return max(g.bottom for g in self.ink)

    @cached_property
    def ink(self) -> list[Glyph]:
        """The glyphs that print something (not spaces)."""
        return [g for g in self.glyphs if not g.ch.isspace()] or self.glyphs

    @cached_property
    def size(self) -> float:
        """The size most of the line is set in."""
        sizes = Counter(round(g.size, 1) for g in self.ink)
        return sizes.most_common(1)[0][0]

    @cached_property
    def base(self) -> float:
        main = [g.base for g in self.ink if round(g.size, 1) == self.size]
        return max(main) if main else self.bottom

    @cached_property
    def bold(self) -> bool:
        ink = [g for g in self.ink if g.ch.isalnum()]
        return bool(ink) and all(g.weight >= 600 for g in ink)


@dataclass(frozen=True)
class LinkPart:
    page: int
    uri: str
    text: str  # what the fragment prints
    top: float
    x0: float


@dataclass
class PdfLayout:
    width: float
    height: float
    pages: list[list[Line]]
    links: list[LinkPart]


def read_layout(data: bytes) -> PdfLayout:
    """Every page's lines (in the order they are drawn) and link fragments."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(data)
    pages: list[list[Line]] = []
    glyph_pages: list[list[Glyph]] = []
    width = height = 0.0
    try:
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            glyphs = _glyphs(raw, textpage, height)
            glyph_pages.append(glyphs)
            pages.append(_lines(index + 1, glyphs))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return PdfLayout(width, height, pages, _links(data, glyph_pages, height))


def _glyphs(raw: object, textpage: object, height: float) -> list[Glyph]:
    out: list[Glyph] = []
    api = raw
    handle = textpage.raw  # type: ignore[attr-defined]
    ox, oy = ctypes.c_double(), ctypes.c_double()
    left, right = ctypes.c_double(), ctypes.c_double()
    low, high = ctypes.c_double(), ctypes.c_double()
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    for i in range(api.FPDFText_CountChars(handle)):  # type: ignore[attr-defined]
        code = api.FPDFText_GetUnicode(handle, i)  # type: ignore[attr-defined]
        if api.FPDFText_IsGenerated(handle, i) == 1 or code in (0, 0xFFFE, 0xFFFF):  # type: ignore[attr-defined]
            continue  # a space or line end PDFium made up, not printed
        ch = chr(code)
        if ch in "\r\n":
            continue
        api.FPDFText_GetCharBox(handle, i, left, right, low, high)  # type: ignore[attr-defined]
        api.FPDFText_GetCharOrigin(handle, i, ox, oy)  # type: ignore[attr-defined]
        size = api.FPDFText_GetFontSize(handle, i)  # type: ignore[attr-defined]
        weight = api.FPDFText_GetFontWeight(handle, i)  # type: ignore[attr-defined]
        if weight < 600:  # a subset font often says 400 whatever it is: its name tells
            api.FPDFText_GetFontInfo(handle, i, name, len(name), flags)  # type: ignore[attr-defined]
            if b"bold" in name.value.lower():
                weight = 700
        out.append(
            Glyph(
                ch,
                left.value,
                right.value,
                height - high.value,
                height - low.value,
                height - oy.value,
                float(size),
                int(weight),
            )
        )
    return out


def _lines(page: int, glyphs: list[Glyph]) -> list[Line]:
    """Glyphs drawn one after another on one baseline band make a line; a superscript call
    (smaller, raised) stays on the line it sits in."""
    lines: list[Line] = []
    current: Line | None = None
    base = size = 0.0  # of the current line's largest glyph so far (its text, not a call)
    for g in glyphs:
        if current is not None:
            last = current.glyphs[-1]
            # the same baseline, or a raised one (a superscript call) within the line's height
            lift = base - g.base
            raised = -1.0 <= lift <= size * 0.6  # this glyph on the line, or a call on it
            under = g.size > size and 0 < -lift <= g.size * 0.6  # the text after a call
            if (raised or under) and g.x0 >= last.x0 - 1.0:
                current.glyphs.append(g)
                if g.size > size and not g.ch.isspace():
                    base, size = g.base, g.size
                continue
        current = Line(page, [g])
        base, size = g.base, g.size
        lines.append(current)
    return [line for line in lines if line.text.strip()]


def _links(data: bytes, glyph_pages: list[list[Glyph]], height: float) -> list[LinkPart]:
    """Each URI annotation's rectangle with the glyphs printed inside it, in page order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    out: list[LinkPart] = []
    for number, page in enumerate(reader.pages, 1):
        glyphs = glyph_pages[number - 1] if number <= len(glyph_pages) else []
        for annot in page.get("/Annots", []) or []:
            obj = annot.get_object()
            action = obj.get("/A", {})
            if "/URI" not in action or "/Rect" not in obj:
                continue
            x0, y0, x1, y1 = (float(v) for v in obj["/Rect"])
            top, bottom = height - max(y0, y1), height - min(y0, y1)
            inside = [
                g
                for g in glyphs
                if min(x0, x1) - 0.5 <= (g.x0 + g.x1) / 2 <= max(x0, x1) + 0.5
                and top - 0.5 <= (g.top + g.bottom) / 2 <= bottom + 0.5
            ]
            text = "".join(g.ch for g in inside)
            out.append(LinkPart(number, str(action["/URI"]), text, top, min(x0, x1)))
    return out
