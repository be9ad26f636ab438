"""Verify stage: the PDF preflight — the page faults a typesetter would send back.

Consumes a built PDF's bytes and its manifest's `Expected` record (the notes' texts); produces
findings, each naming the page and the printed text concerned (`verify.located` turns them
into warnings at their source lines, `preflight.*`). It reads the layout back
(`verify.pdflines`: glyph boxes and sizes), never the layout engine's own view, so it judges
the PDF as printed. What it looks for (docs/guide/outputs.md, "Preflight"):

a note printed on another page than its call; a note call at the start of a line, or alone
on a line; a page (not the last) whose text stops more than 20% of the text area above its
foot; a URL broken where CMOS 14.18 forbids (after `.`, `/`, `-`...; a hyphen added); a
heading ending a page, or followed by a single line of its text; a line past the margin; a
widow or an orphan (a paragraph's single line at the top or foot of a page); more than two
hyphenated lines in a row (a hyphen ladder).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from briefkit.build.manifest import Expected
from briefkit.codes import Code
from briefkit.verify.pages import Page as _Page
from briefkit.verify.pages import pages as _pages
from briefkit.verify.pages import squeeze as _squeeze
from briefkit.verify.pdflines import Line, LinkPart, read_layout

UNDERFULL = 0.20  # a page may end this much of its text area above the foot
LADDER = 2  # hyphenated lines a row may have (render.pdf.hyphens keeps the PDF to it)
_WORDY = re.compile(r"[^\W\d_]")
HYPHEN = "\x02"  # what PDFium reads for a hyphen the line breaker added
_ENDS = (".", "?", "!", "\u201d", ")")  # how a sentence, and so a block, may end
_STARTS = re.compile(r"(https?://|www\.|mailto:)", re.I)  # a fragment that starts a URL


@dataclass(frozen=True)
class Finding:
    code: Code
    page: int
    message: str
    text: str = ""  # printed text the finding is about (to find its source line)
    note: int | None = None  # or the note it is about


def preflight(data: bytes, expected: Expected) -> list[Finding]:
    """Every finding of the preflight on one PDF, in page order."""
    layout = read_layout(data)
    pages = _pages(layout, expected)
    body = [line for page in pages for line in page.body]
    if not body:
        return []
    size = Counter(line.size for line in body if len(line.text) > 20).most_common(1)
    body_size = size[0][0] if size else body[0].size
    area_top = min(line.top for line in body)
    foot = max(line.bottom for page in pages for line in [*page.body, *page.notes])
    right = _right_edge(body, body_size, layout.width)
    left = min(line.x0 for line in body)
    out: list[Finding] = []
    out += _note_pages(pages, body_size)
    out += _calls(pages, body_size)
    out += _underfull(pages, area_top, foot, body_size)
    out += _url_breaks(layout.links, pages)
    out += _headings(pages, body_size)
    out += _margins(pages, left, right)
    out += _widows(pages, body_size, right)
    out += _ladders(pages)
    # a finding about a note points where the note is called (its line in the source)
    calling = {  # (a call alone on its line: the line before it holds the words)
        n: page.body[i - 1].text if i and not _WORDY.search(line.text) else line.text
        for page in pages
        for i, line in enumerate(page.body)
        for n, _, _ in _calls_in(line, body_size)
    }
    out = [dataclasses.replace(f, text=calling.get(f.note, f.text)) if f.note else f for f in out]
    return sorted(out, key=lambda f: (f.page, f.code))


def _right_edge(body: list[Line], size: float, width: float) -> float:
    """The right edge of the text area: where most full lines of body text end, when the text
    is justified; else (ragged, or too few lines) the left margin mirrored."""
    left = min(line.x0 for line in body)
    long = [round(line.x1) for line in body if line.size == size and len(line.text) > 30]
    ends = Counter(long)
    # fewer than 5 may all be ragged last lines of paragraphs: they say nothing of the edge
    if len(long) >= 5:
        common = ends.most_common(1)[0][0]
        near = [e for e in long if abs(e - common) <= 2]
        mirrored = [e for e in long if abs(e - (width - left)) <= 2]
        if len(near) >= 0.4 * len(long) and (len(mirrored) < 2 or common >= max(mirrored)):
            return float(max(near))
        # else: lines end where the left margin, mirrored, puts the edge, beyond the commonest
        # end (a run of one-line paragraphs of one length can outnumber the full lines)
    return width - left


def _calls_in(line: Line, body_size: float) -> list[tuple[int, int, int]]:
    """The note calls in a body line: (number, first glyph index, last glyph index)."""
    out: list[tuple[int, int, int]] = []
    i = 0
    glyphs = line.glyphs
    base = line.base
    digits = [k for k, g in enumerate(glyphs) if g.ch.isdigit()]
    if digits and line.size < body_size * 0.8 and len(line.text.strip(" .,;:)”’")) == len(digits):
        # a line of nothing but a small number: a call pushed onto a line of its own
        return [(int("".join(glyphs[k].ch for k in digits)), digits[0], digits[-1])]
    while i < len(glyphs):
        g = glyphs[i]
        if g.ch.isdigit() and g.size < body_size * 0.8 and base - g.base > 1.0:
            j = i
            while (
                j + 1 < len(glyphs) and glyphs[j + 1].ch.isdigit() and glyphs[j + 1].size == g.size
            ):
                j += 1
            out.append((int("".join(x.ch for x in glyphs[i : j + 1])), i, j))
            i = j + 1
        else:
            i += 1
    return out


def _note_pages(pages: list[_Page], body_size: float) -> list[Finding]:
    called: dict[int, int] = {}
    for page in pages:
        for line in page.body:
            for n, _, _ in _calls_in(line, body_size):
                called.setdefault(n, page.number)
    printed = {n: page.number for page in pages for n in page.note_starts}
    out = []
    for n, at in sorted(called.items()):
        where = printed.get(n)
        if where is not None and where != at:
            out.append(
                Finding(
                    "preflight.note-page",
                    at,
                    f"note {n} is called on page {at} but printed on page {where}",
                    note=n,
                )
            )
    return out


def _calls(pages: list[_Page], body_size: float) -> list[Finding]:
    out = []
    for page in pages:
        for line in page.body:
            for n, i, j in _calls_in(line, body_size):
                before = "".join(g.ch for g in line.glyphs[:i]).strip()
                after = "".join(g.ch for g in line.glyphs[j + 1 :]).strip()
                if not before and not after.strip(".,;:)”’\"'"):
                    what = "alone on a line"
                elif not before:
                    what = "at the start of a line"
                else:
                    continue
                out.append(
                    Finding("preflight.call-break", page.number, f"note call {n} is {what}", note=n)
                )
    return out


def _underfull(pages: list[_Page], area_top: float, foot: float, body_size: float) -> list[Finding]:
    """Pages that end too high. The page where the text ends counts as the last: the house
    rule lets the author profiles and the back matter (smaller type) start a page of their
    own when they do not fit below the text."""
    out = []
    height = foot - area_top
    text_pages = [
        page.number
        for page in pages
        if any(
            line.size == body_size and not line.bold and len(line.text) > 20 for line in page.body
        )
    ]
    last_text = max(text_pages, default=len(pages))
    for page in pages[: last_text - 1]:
        if not page.body:
            continue
        limit = min((line.top for line in page.notes), default=foot)
        # the note area's own rule and space above it (about 7.5 mm) do not count as empty
        limit = limit - 0.04 * height if page.notes else limit
        gap = limit - max(line.bottom for line in page.body)
        if gap > UNDERFULL * height:
            last = max(page.body, key=lambda line: line.bottom)
            out.append(
                Finding(
                    "preflight.underfull",
                    page.number,
                    f"page {page.number} ends {gap / height:.0%} of its text area above the "
                    f"foot (after '{_tail(last.text)}')",
                    text=last.text,
                )
            )
    return out


def _tail(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else "…" + text[-width:]


def _note_at(pages: list[_Page], part: LinkPart) -> int | None:
    """The note a link fragment is printed in (None: in the body)."""
    starts = pages[part.page - 1].note_starts if part.page <= len(pages) else {}
    above = [(line.top, n) for n, line in starts.items() if line.top <= part.top + 0.5]
    return max(above)[1] if above else None


def _url_breaks(links: list[LinkPart], pages: list[_Page]) -> list[Finding]:
    """Breaks inside a printed URL, judged by CMOS 14.18: after `//` or `:`, before `/` `.`
    `,` `-` `~` `_` `?` `#` `%`, before or after `=` and `&`; never a hyphen added."""
    out: list[Finding] = []
    links = _line_fragments(links)
    i = 0
    while i < len(links):
        j = i
        # one occurrence; the same URL printed again (body, then its note) starts another
        while j + 1 < len(links) and _continues(links[i : j + 1], links[j + 1]):
            j += 1
        parts = links[i : j + 1]
        i = j + 1
        printed = [_squeeze(p.text.replace(HYPHEN, "-")) for p in parts]
        whole = "".join(printed)
        if len(parts) < 2 or not re.match(r"(https?://|www\.)", whole, re.I):
            continue
        for k in range(len(parts) - 1):
            left, right = printed[k], printed[k + 1]
            added = parts[k].text.rstrip().endswith(HYPHEN) and not _in_url(
                parts[0].uri, left, right
            )
            if added or not _allowed(left, right):
                where = f"'{left[-12:]}⏎{right[:12]}'"
                why = "a hyphen added" if added else "CMOS 14.18 forbids this break"
                out.append(
                    Finding(
                        "preflight.url-break",
                        parts[k].page,
                        f"URL {parts[0].uri[:60]} broken at {where}: {why}",
                        text=parts[k].text,
                        note=_note_at(pages, parts[k]),
                    )
                )
    return out


def _line_fragments(links: list[LinkPart]) -> list[LinkPart]:
    """One fragment per line of a link: WeasyPrint annotates the link's box on each line and
    again each piece inside it ("www", ".nato"...), which would be read as further lines."""
    out: list[LinkPart] = []
    for p in links:
        q = out[-1] if out else p
        same = (q.page, q.uri) == (p.page, p.uri) and abs(q.top - p.top) < 0.5
        if not (out and same and _squeeze(p.text) in _squeeze(q.text)):
            out.append(p)
    return out


def _continues(run: list[LinkPart], part: LinkPart) -> bool:
    """Whether `part` goes on `run` (not the URL printed again), as "https://⏎www." does."""
    before = "".join(_squeeze(p.text) for p in run)
    starts = _STARTS.match(_squeeze(part.text)) and not before.endswith("//")
    return part.uri == run[0].uri and not starts


def _in_url(uri: str, left: str, right: str) -> bool:
    """Whether the hyphen ending `left` is the URL's own."""
    return (left + right) in uri or (left[-20:] + right[:20]) in uri


def _allowed(left: str, right: str) -> bool:
    if not left or not right:
        return True
    if left.endswith("//") or (left.endswith(":") and not right.startswith("//")):
        return True
    if left[-1] in "=&" or right[0] in "=&":
        return True
    if right[0] == "/" and not right.startswith("//") and not left.endswith("/"):
        return True
    return right[0] in ".,-~_?#%"


def _headings(pages: list[_Page], body_size: float) -> list[Finding]:
    out = []
    for page, after in itertools.pairwise(pages):
        body = page.body
        for i, line in enumerate(body):
            if not line.bold or line.size < body_size:
                continue
            rest = body[i + 1 :]
            alone = all(r.bold for r in rest)  # nothing but the heading (or more heading) below
            # one line that ends a sentence, with a new bold line opening the next page, is the
            # whole text of a heading or a defined term, not a line parted from the rest of it
            whole = rest[-1:] and rest[-1].text.rstrip().endswith(_ENDS) and after.body[:1]
            if alone or (len(rest) == 1 and not (whole and after.body[0].bold)):
                where = "ends page" if alone else "keeps only one line of its text on page"
                text = f"heading '{_tail(line.text)}' {where} {page.number}"
                out.append(Finding("preflight.heading", page.number, text, text=line.text))
            if alone:
                break
    return out


def _margins(pages: list[_Page], left: float, right: float) -> list[Finding]:
    out = []
    for page in pages:
        for line in [*page.body, *page.notes]:
            if line.x1 > right + 1.5 or line.x0 < left - 1.5:
                out.append(
                    Finding(
                        "preflight.margin",
                        page.number,
                        f"line '{_tail(line.text)}' runs past the margin by "
                        f"{max(line.x1 - right, left - line.x0) * 0.75:.1f} pt",
                        text=line.text,
                    )
                )
    return out


def _blocks(lines: list[Line], size: float) -> list[list[Line]]:
    """Lines grouped into paragraphs: a larger gap between baselines starts a new one."""
    pitches = Counter(
        round(b.base - a.base, 1) for a, b in itertools.pairwise(lines) if a.size == b.size == size
    )
    pitch = pitches.most_common(1)[0][0] if pitches else size * 1.5
    out: list[list[Line]] = []
    for line in lines:
        if (
            out
            and 0 < line.base - out[-1][-1].base <= pitch * 1.12
            and line.size == out[-1][-1].size
        ):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _widows(pages: list[_Page], body_size: float, right: float) -> list[Finding]:
    """A paragraph's first line alone at the foot of a page (orphan), or its last line alone
    at the top of the next (widow). A line that reaches the right edge is one the paragraph
    goes on from (justified); a shorter one ends its paragraph."""
    out = []
    for page, nxt in itertools.pairwise(pages):
        if not page.body or not nxt.body:
            continue
        last = _blocks(page.body, body_size)[-1]
        first = _blocks(nxt.body, body_size)[0]
        runs_on = last[-1].x1 >= right - 2 and not last[-1].bold
        if runs_on and len(last) == 1 and last[0].size == body_size:
            out.append(
                Finding(
                    "preflight.widow-orphan",
                    page.number,
                    f"orphan: a paragraph's first line alone at the foot of page {page.number}",
                    text=last[0].text,
                )
            )
        if runs_on and len(first) == 1 and first[0].x1 < right - 2 and first[0].size == body_size:
            out.append(
                Finding(
                    "preflight.widow-orphan",
                    nxt.number,
                    f"widow: a paragraph's last line alone at the top of page {nxt.number}",
                    text=first[0].text,
                )
            )
    return out


def _ladders(pages: list[_Page]) -> list[Finding]:
    """A third line in a row ended by a hyphen the line breaker added (across a page break
    too: a paragraph's last line never ends hyphenated, so such a run is one paragraph's)."""
    out = []
    run = 0
    for page in pages:
        for line in page.body:
            # (PDFium reads an added hyphen as \x02 or as the font's U+2010, by font)
            run = run + 1 if line.text.rstrip().endswith((HYPHEN, "\u2010")) else 0
            if run == LADDER + 1:
                shown = line.text.rstrip().replace(HYPHEN, "-").replace("\u2010", "-")[-30:]
                out.append(
                    Finding(
                        "preflight.hyphen-ladder",
                        page.number,
                        f"{run} hyphenated lines in a row, the last ending '...{shown}'",
                        text=line.text,
                    )
                )
    return out
