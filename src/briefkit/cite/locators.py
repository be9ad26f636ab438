"""Resolve stage helper: page ranges and locators as a house style prints them.

A range is typed many ways — `12--14`, `12-14`, `12–14`, `12 - 14` — and printed one: the
style's range dash between the ends ("12–14", CMOS 6.78), the second end condensed when the
style follows CMOS 9.64 ("140–45"), and the plural label when the locator is a range or a list
("pp. 12–14", CMOS 14.148). The label and its number are joined by a no-break space. A roman
page range (the parser takes a bare "xii--xv" as a page) keeps both ends: CMOS 9.64 condenses
arabic numbers only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefkit import ir
from briefkit.cite.registry import CiteRequest
from briefkit.cite.richtext import Seg
from briefkit.model.citestyle import CitationStyle

# a dash of any kind (or two hyphens) between the ends of a range, spaced or not
_RANGE = re.compile(r"(?<=[\dA-Za-z])\s*(?:--|[-\u2010\u2012\u2013\u2014\u2212])\s*(?=[\dA-Za-z])")
_DIGIT_RANGE = re.compile(r"(?<![\w.])(\d+)\u2013(\d+)(?![\w.])")
# the rest of a range the citation parser left in the suffix: [@key, 12--14] -> "12" + "--14"
_RANGE_TAIL = re.compile(r"^\s*(?:--|[-\u2013\u2014])\s*(\d+[a-z]?)(?![\w.])")


def abbreviate_range(first: str, last: str) -> str:
    """CMOS 9.64: the second number of an inclusive range, condensed.

    3–10, 100–104, 1100–1113 (under 100, or from a multiple of 100: all digits); 101–8, 808–33
    (from 1–9 past a hundred: the changed part only); 321–28, 1087–89, 11564–615 (otherwise: two
    digits or more as needed); 1496–1504 (four digits of which three change: all digits).
    """
    a, b = int(first), int(last)
    if a < 100 or a % 100 == 0 or b <= a or len(first) != len(last):
        return last
    common = 0
    while first[common] == last[common]:
        common += 1
    changed = len(last) - common
    if len(last) == 4 and changed >= 3:
        return last
    keep = max(changed, 1 if a % 100 < 10 else 2)
    return last[-keep:].lstrip("0") or last[-1]


def page_range(text: str, dash: str = "\u2013", abbreviate: bool = False) -> str:
    """33-35 -> 33–35 (the style's range dash between the ends); 140–145 -> 140–45 (CMOS 9.64)."""
    text = _RANGE.sub("\u2013", text)
    if abbreviate:
        text = _DIGIT_RANGE.sub(lambda m: f"{m[1]}\u2013{abbreviate_range(m[1], m[2])}", text)
    return text.replace("\u2013", dash) if dash != "\u2013" else text


def styled_range(style: CitationStyle, text: str) -> str:
    rule = style.typography
    return page_range(text, rule.range_dash, rule.abbreviate_ranges)


def is_plural(style: CitationStyle, value: str) -> bool:
    """A range or a list of locators takes the plural label (pp.), unless the style says not."""
    if not style.typography.plural_labels:
        return False
    dash = re.escape(style.typography.range_dash)
    return bool(re.search(rf"{dash}|\u2013|[,&]|\band\b", value))


def locator(style: CitationStyle, req: CiteRequest) -> list[Seg]:
    """ "p. 5", "pp. 12–14", "chap. 3"; Japanese "5頁"."""
    if not req.locator:
        return []
    kind = req.label or "page"
    value = styled_range(style, req.locator)
    return [style.locator_text(kind, value, is_plural(style, value), req.ref.type)]


def absorb_range_tail(req: CiteRequest) -> CiteRequest:
    """`[@key, 12--14]`: the citation parser reads "12" and leaves "--14" (or "–14", once the
    typographer has been at it) to the suffix; the range's end belongs to the locator."""
    if not req.locator or not req.suffix or not isinstance(req.suffix[0], ir.Text):
        return req
    first = req.suffix[0].text
    m = _RANGE_TAIL.match(first)
    if not m or not req.locator[-1:].isalnum():
        return req
    rest = first[m.end() :]
    suffix = ((ir.Text(rest),) if rest else ()) + tuple(req.suffix[1:])
    return replace(req, locator=f"{req.locator}\u2013{m[1]}", suffix=suffix)
