"""Verify stage helper: the preflight's findings as located diagnostics.

Consumes `verify.preflight` findings and the manifest's `Expected` record (the briefing's
source lines); produces warnings at the source line that holds the text a finding is about
(for a note, the printed line that calls it): the line sharing most words (or, in Japanese,
character pairs) with the printed line. Never reads the source file: the manifest
carries its lines (only `load` reads content).
"""

from __future__ import annotations

import re
from pathlib import Path

from briefkit.build.manifest import Expected
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.lang import CJK_RUN
from briefkit.verify.preflight import Finding

_WORD = re.compile(r"\w{3,}")


def _tokens(text: str) -> set[str]:
    words = {w.lower() for w in _WORD.findall(text)}
    cjk = "".join(CJK_RUN.findall(text))
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def source_line(text: str, lines: list[tuple[int, str]]) -> int:
    """The source line that shares most words (or CJK character pairs) with printed `text`."""
    want = _tokens(text)
    best, score = 0, 0
    for number, line in lines:
        got = len(want & _tokens(line))
        if got > score:
            best, score = number, got
    return best


def diagnostics(
    findings: list[Finding], expected: Expected, source: Path, pdf: Path
) -> list[Diagnostic]:
    """Findings as warnings at their source line (for a note, its call's), naming the page."""
    out = []
    for f in findings:
        line = source_line(f.text, expected.source_lines) if f.text else 0
        loc = SourceLocation(source, line, 1) if line else SourceLocation(pdf, 1, 1)
        out.append(Diagnostic(Severity.WARNING, f.code, f"PDF page {f.page}: {f.message}", loc))
    return out
