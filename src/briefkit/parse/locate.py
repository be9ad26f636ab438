"""Parse stage helper: offsets in an inline token's text -> `file:line:col`.

markdown-it gives block tokens a line range but inline tokens no positions; the inline text of a
paragraph is its lines with block markers (`> `, list bullets, indentation) removed. Each line of
that text is a suffix of the file's line, which is what lets offsets map back exactly.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it.token import Token

from briefkit.errors import SourceLocation


class Locator:
    """Maps offsets in an inline token's content back to file positions."""

    def __init__(self, path: Path, lines: list[str], token: Token) -> None:
        self.path = path
        self.first = token.map[0] if token.map else 0
        self.starts: list[int] = []
        self.cols: list[int] = []
        offset = 0
        for i, cl in enumerate(token.content.split("\n")):
            real = lines[self.first + i] if self.first + i < len(lines) else cl
            self.starts.append(offset)
            self.cols.append(content_col(real, cl))
            offset += len(cl) + 1

    def at(self, offset: int) -> SourceLocation:
        i = 0
        while i + 1 < len(self.starts) and self.starts[i + 1] <= offset:
            i += 1
        return SourceLocation(
            self.path, self.first + i + 1, self.cols[i] + offset - self.starts[i] + 1
        )

    def line_start(self) -> SourceLocation:
        return SourceLocation(self.path, self.first + 1, self.cols[0] + 1 if self.cols else 1)


def content_col(real: str, content_line: str) -> int:
    """Column where `content_line` (a suffix of `real` after block markers) starts."""
    stripped = content_line.rstrip()
    if not stripped:
        return 0
    real_s = real.rstrip()
    if real_s.endswith(stripped):
        return len(real_s) - len(stripped)
    found = real.find(stripped)
    return max(found, 0)
