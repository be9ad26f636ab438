"""Load stage: bounded work. A briefing's body is measured before it is parsed, and its
images before they are decoded, against the briefing's `Limits` (front matter `limits:`,
defaults in `model.frontmatter.Limits`, figures in docs/limits.md).

Consumes the body text (front matter blanked, so offsets give file lines) and image headers;
produces located errors: `input.too-many-notes` at the first note call past the limit,
`input.too-many-blocks` at the first block past it, `asset.too-large` at an image with too many
pixels or one that takes the briefing's decoded images past their memory limit. The counts are
cheap over-estimates (a note call in a code block counts too): a body that passes is parsed,
one that does not is refused in well under a second, before parsing costs minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefkit.errors import Diagnostics, SourceLocation
from briefkit.model.frontmatter import Limits

# a note call `[^label]` (not its definition `[^label]:`), an inline note `^[`, a citation
# `[@key` / `[-@key` / `; @key` (each can make a note). Bounded repeats and no nested `[`:
# every match is found in one pass, whatever the text (no backtracking over long runs)
_NOTE = re.compile(r"\[\^[^\]\s\[]{1,200}\](?!:)|\^\[|\[-?@|;[ \t]{0,20}-?@")
# a line that opens a block even without a blank line before it: a list item, heading, quote
# or table row
_OPENER = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)]|#|>|\|)(?:\s|$)")
# the row of dashes under a simple table's header: each line after it is a row of the table,
# though no blank line stands between them (a grid table's rows start with `|`: openers)
_DASH_COLUMNS = re.compile(r"[ \t]*-+(?:[ \t]+-+)+[ \t]*$")


def _blocks(body: str) -> Iterator[int]:
    """The offset of the first character of every block (one pass over the lines)."""
    offset = 0
    blank = True  # the body starts as if after a blank line
    rows = False  # inside a simple table, under its row of dashes
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and (blank or rows or _OPENER.match(line)):
            yield offset + (len(line) - len(line.lstrip()))
        blank = not stripped
        rows = bool(stripped) and (rows or bool(_DASH_COLUMNS.match(line)))
        offset += len(line) + 1


def _where(text: str, offset: int, path: SourceLocation) -> SourceLocation:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourceLocation(path.path, line, col)


def _nth(matches: Iterator[re.Match[str]], n: int) -> re.Match[str] | None:
    for i, m in enumerate(matches, 1):
        if i == n:
            return m
    return None


def _nth_offset(offsets: Iterator[int], n: int) -> int | None:
    for i, offset in enumerate(offsets, 1):
        if i == n:
            return offset
    return None


def body_within_limits(
    body: str, limits: Limits, where: SourceLocation, diags: Diagnostics
) -> bool:
    """Whether the body may be parsed; a located error for each limit it passes."""
    ok = True
    over = _nth(_NOTE.finditer(body), limits.notes + 1)
    if over is not None:
        diags.error(
            "input.too-many-notes",
            f"more than {limits.notes:,} notes and citations: the briefing is not built",
            _where(body, over.start(), where),
            f"if it really needs more, raise the limit in its front matter: "
            f"limits: {{notes: {limits.notes * 2}}} (or, for one run, "
            f"--limit notes={limits.notes * 2})",
        )
        ok = False
    block = _nth_offset(_blocks(body), limits.paragraphs + 1)
    if block is not None:
        diags.error(
            "input.too-many-blocks",
            f"more than {limits.paragraphs:,} paragraphs, list items, headings and table rows:"
            " the briefing is not built",
            _where(body, block, where),
            f"if it really needs more, raise the limit in its front matter: "
            f"limits: {{paragraphs: {limits.paragraphs * 2}}} (or, for one run, "
            f"--limit paragraphs={limits.paragraphs * 2})",
        )
        ok = False
    return ok
