"""Render stage helper: where body words may be hyphenated, as soft hyphens in the print page.

Consumes text of the body's paragraphs and the house's `Typography`; produces the same text
with U+00AD (soft hyphen) at the hyphenation points of Pyphen's patterns for the house's
region (`en` -> American patterns unless the house says `english: GB`). The PDF lays the
print page out with `hyphens: manual`, so WeasyPrint hyphenates only there: never a word
shorter than the house's minimum, a capitalised word (a proper noun: "Japan", "Philippine"),
a URL or an address, nor anything outside body text (headings, titles, notes).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

from briefkit.model.housestyle import Typography
from briefkit.urls import looks_like_url

SOFT_HYPHEN = "\u00ad"
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# a point inside a ligature (f+f, f+i, f+l) is dropped: the font sets the pair as one glyph,
# and a soft hyphen inside it spoils the PDF's text (the glyph would copy as nothing)
_IN_LIGATURE = re.compile(r"(?<=f)\u00ad(?=[fil])")
# letters kept together at a word's start and end (CMOS 7.36: at least two before the
# hyphen, three carried over)
_LEFT, _RIGHT = 2, 3


@lru_cache(maxsize=8)
def _dictionary(tag: str) -> pyphen.Pyphen | None:
    lang = pyphen.language_fallback(tag.replace("-", "_"))
    return pyphen.Pyphen(lang=lang, left=_LEFT, right=_RIGHT) if lang else None


class Hyphenator:
    """Soft hyphens for one document language, by the house's rules."""

    def __init__(self, lang: str, typography: Typography) -> None:
        self.rules = typography
        tag = typography.region_tag(lang)
        self.dictionary = _dictionary(tag) if typography.hyphenate else None

    def __call__(self, text: str) -> str:
        if self.dictionary is None or SOFT_HYPHEN in text:
            return text  # the author's own soft hyphens win
        return _TOKEN.sub(self._token, text)

    def _token(self, match: re.Match[str]) -> str:
        token = match.group()
        if looks_like_url(token) or "@" in token:
            return token
        return _WORD.sub(self._word, token)

    def _word(self, match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < self.rules.hyphenate_min_length:
            return word
        if word[0].isupper() and not self.rules.hyphenate_capitalized:
            return word
        if any(c.isupper() for c in word[1:]):  # an acronym or a camel-cased name
            return word
        assert self.dictionary is not None
        return _IN_LIGATURE.sub("", str(self.dictionary.inserted(word, hyphen=SOFT_HYPHEN)))
