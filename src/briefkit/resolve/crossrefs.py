"""Resolve stage helper: the ids of the document's targets (headings, for now).

Consumes resolved heading inlines and produces unique ids (`#id` link targets, Word bookmarks):
the heading's text lower-cased, punctuation dropped, spaces as hyphens, `-2`, `-3`... when a
text repeats. One `Ids` per document, so ids never collide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from briefkit import ir


class Ids:
    def __init__(self) -> None:
        self.used: Counter[str] = Counter()

    def slug(self, inlines: Sequence[ir.Inline]) -> str:
        text = unicodedata.normalize("NFKD", ir.plain_text(inlines)).lower()
        base = re.sub(r"[^\w\s-]", "", text)
        base = re.sub(r"[\s_]+", "-", base).strip("-") or "section"
        self.used[base] += 1
        return base if self.used[base] == 1 else f"{base}-{self.used[base]}"
