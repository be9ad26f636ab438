"""Parse stage helper: pandoc's raw attribute, output written for one format.

Consumes a fenced block's info string (```` ```{=html} ````) or the text after a code span
(`` `<b>x</b>`{=html} ``) and tells the converter which format the raw text is for. Raw HTML
goes through the briefing's `raw-html` policy like HTML written in the text (`parse.rawhtml`:
dropped with a warning by default, `safe` or `escape`); raw output for any other format
(`openxml`, `latex`, `tex`, `ms`...) cannot be rendered in all three outputs, so it is omitted
with a located `raw.omitted` warning that names the format, never printed as code.
"""

from __future__ import annotations

import re

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.locate import Locator

RAW_INLINE = re.compile(r"^\{=([A-Za-z][\w-]*)\}")
_RAW_BLOCK = re.compile(r"^\{\s*=([A-Za-z][\w-]*)\s*\}$")


def block_format(info: str) -> str | None:
    """`{=html}` -> "html"; None for an ordinary code block's info string."""
    m = _RAW_BLOCK.match(info.strip())
    return m.group(1).lower() if m else None


def omitted(fmt: str, kind: str, where: SourceLocation, diags: Diagnostics) -> None:
    diags.warning(
        "raw.omitted",
        f"raw {fmt} {kind} omitted: briefkit writes HTML, PDF and Word, and raw {fmt} "
        "reaches none of them",
        where,
        "write the content in Markdown (raw HTML: {=html}, under the raw-html policy)",
    )


class FixedLocator(Locator):
    """Every offset at one place: raw text re-parsed on its own is reported at its span."""

    def __init__(self, where: SourceLocation) -> None:  # no token: nothing to map
        self.where = where

    def at(self, offset: int) -> SourceLocation:
        return self.where

    def line_start(self) -> SourceLocation:
        return self.where
