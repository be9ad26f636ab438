"""Render stage helper (PDF): what WeasyPrint ignores in a house style's CSS, as problems.

Consumes WeasyPrint's log records while one CSS file is parsed; produces plain
`(file, line, column, message)` tuples (they travel back from the PDF worker process with the
note placement) that `render.pdf.page` turns into `style.css-ignored` warnings. WeasyPrint
drops an invalid declaration, an unknown property or a selector it cannot read and says so only
through its logger ("Ignored `size: A4 margin: 20mm` at 2:9, invalid value."), whose lines
the PDF worker process never shows: a broken house style built with 0 warnings.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

CssProblem = tuple[str, int, int, str]  # file, line, column (1-based), message
_AT = re.compile(r"\bat (\d+):(\d+)")
_MAX = 50  # per file: a file that is not CSS at all says so in its first ones


_PARSE_ERROR = re.compile(r"^(Parse error|Error:)")


class _Collect(logging.Handler):
    def __init__(self, path: Path, every: bool) -> None:
        super().__init__(logging.WARNING)
        self.path = path
        self.every = every
        self.found: list[CssProblem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if len(self.found) >= _MAX or not (self.every or _PARSE_ERROR.match(message)):
            return
        at = _AT.search(message)
        line, col = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        self.found.append((str(self.path), line, col, message.rstrip(".")))


@contextlib.contextmanager
def captured(path: Path, every: bool = True) -> Iterator[list[CssProblem]]:
    """The problems WeasyPrint logs while `path` is parsed inside the block: all of them, or
    (not `every`) its parse errors only."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(path, every)
    logger.addHandler(handler)
    try:
        yield handler.found
    finally:
        logger.removeHandler(handler)
