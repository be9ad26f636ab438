"""Render stage helper: how the print page tells the PDF where body words may be hyphenated.

Consumes the text of body paragraphs and the house's `Typography`; produces escaped markup
and the attributes of a body paragraph. The PDF hyphenates body text itself (`hyphens: auto`
in print.css, by Pyphen's patterns for the paragraph's `lang`), only where a line would
otherwise be left loose (`hyphenate-limit-zone`, which keeps runs of hyphenated lines short);
this module gives it the house's choices:

- the region: a body paragraph of an `en` briefing carries `lang="en-US"` (or `en-GB`), so
  WeasyPrint picks American (or British) patterns; nothing else changes language;
- the words never hyphenated: a capitalised word (a proper noun: "Japan", "Philippine"),
  unless the house allows it, and words shorter than the house's minimum (print.css stops at
  six letters; a longer minimum protects more), each in `<span class="nohy">`
  (`hyphens: manual`); URLs are typeset apart (`writer.url_markup`), never hyphenated.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from briefkit.model.housestyle import Typography

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# print.css: `hyphenate-limit-chars: 6 2 3`; shorter words WeasyPrint leaves alone already
CSS_MIN_LENGTH = 6


class Hyphenation:
    """The house's hyphenation for the body text of one print page."""

    def __init__(self, lang: str, typography: Typography) -> None:
        self.rules = typography
        tag = typography.region_tag(lang)
        self.lang = tag if tag != lang else None  # the paragraph's `lang`, if it differs

    def paragraph_attrs(self) -> Markup:
        """` lang="en-US"` (the region's patterns) or ` class="nohy"` (none at all)."""
        if not self.rules.hyphenate:
            return Markup(' class="nohy"')
        return Markup(' lang="%s"') % self.lang if self.lang else Markup("")

    def __call__(self, text: str) -> Markup:
        """`text` escaped, each word the house never hyphenates in a `nohy` span."""
        if not self.rules.hyphenate:
            return escape(text)
        out: list[Markup] = []
        pos = 0
        for start, end in self._runs(text):
            out.append(escape(text[pos:start]))
            out.append(Markup('<span class="nohy">%s</span>') % text[start:end])
            pos = end
        out.append(escape(text[pos:]))
        return Markup("").join(out)

    def _runs(self, text: str) -> list[tuple[int, int]]:
        """The stretches of `text` to keep unhyphenated: from a protected word to the last
        protected word before a word that may be hyphenated. One span for "Japan and the
        Philippines", not two: the words between are too short to be hyphenated anyway, and
        every span is an inline box WeasyPrint styles and splits (a span per word made the
        seed's layout do about 1.6 times the line-breaking work)."""
        runs: list[tuple[int, int]] = []
        start: int | None = None
        end = 0
        for m in _WORD.finditer(text):
            if self._protected(m.group()):
                start = m.start() if start is None else start
                end = m.end()
            elif len(m.group()) >= CSS_MIN_LENGTH and start is not None:
                runs.append((start, end))  # a word that may be hyphenated ends the run
                start = None
        if start is not None:
            runs.append((start, end))
        return runs

    def _protected(self, word: str) -> bool:
        if len(word) < CSS_MIN_LENGTH:
            return False  # print.css never hyphenates it
        if len(word) < self.rules.hyphenate_min_length:
            return True
        capital = word[0].isupper() or any(c.isupper() for c in word[1:])
        return capital and not self.rules.hyphenate_capitalized
