"""Diagnostics shared by every stage.

Each stage reports what a user can get wrong as a `Diagnostic` located in a content,
references or style file, under a code registered in `briefkit.codes`; stages collect them in
a `Diagnostics` bag instead of raising, so that one run reports every problem at once. Only the
CLI prints them and turns them into an `ExitCode`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any, TypeVar

from briefkit.codes import Code, is_code


class ExitCode(IntEnum):
    """Process exit codes; used only by the CLI."""

    OK = 0
    CONTENT = 1  # content errors, or warnings under --strict
    USAGE = 2  # bad command line
    ENVIRONMENT = 3  # missing system library, render failure, unwritable output


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A 1-based line and column in a file (column 0 when only the line is known)."""

    path: Path
    line: int = 0
    col: int = 0

    def display_path(self) -> str:
        """The path relative to the working directory when it lies below it."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            return str(self.path)

    def __str__(self) -> str:
        if self.line <= 0:
            return self.display_path()
        return f"{self.display_path()}:{self.line}:{max(self.col, 1)}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: Code
    message: str
    loc: SourceLocation | None = None
    hint: str | None = None

    def format(self, strict: bool = False) -> str:
        """`path:line:col: error[code]: message`; warnings print as errors under --strict."""
        severity = Severity.ERROR if strict else self.severity
        where = f"{self.loc}: " if self.loc else ""
        text = f"{where}{severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        loc = self.loc
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "path": str(loc.path) if loc else None,
            "line": loc.line if loc else 0,
            "col": loc.col if loc else 0,
            "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Diagnostic:
        path = data.get("path")
        loc = None
        if isinstance(path, str):
            loc = SourceLocation(
                Path(path), int(str(data.get("line") or 0)), int(str(data.get("col") or 0))
            )
        hint = data.get("hint")
        code = str(data["code"])
        if not is_code(code):  # a manifest is rewritten when briefkit changes: never expected
            raise ValueError(f"unknown diagnostic code '{code}'")
        return cls(
            Severity(str(data["severity"])),
            code,
            str(data["message"]),
            loc,
            str(hint) if hint else None,
        )


@dataclass
class Diagnostics:
    """An ordered bag of diagnostics that stages append to."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self, code: Code, message: str, loc: SourceLocation | None = None, hint: str | None = None
    ) -> None:
        self.items.append(Diagnostic(Severity.ERROR, code, message, loc, hint))

    def warning(
        self, code: Code, message: str, loc: SourceLocation | None = None, hint: str | None = None
    ) -> None:
        self.items.append(Diagnostic(Severity.WARNING, code, message, loc, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.items if d.is_error)

    @property
    def warning_count(self) -> int:
        return sum(1 for d in self.items if not d.is_error)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order (unlocated ones first), stable for equal positions."""

        def key(d: Diagnostic) -> tuple[str, int, int]:
            if d.loc is None:
                return ("", 0, 0)
            return (str(d.loc.path), d.loc.line, d.loc.col)

        return sorted(self.items, key=key)


class BriefkitError(Exception):
    """A failure that stops a run or a render (environment, output, a house style's template).

    `loc` and `code`, when given, let a render failure be reported as a located diagnostic
    (e.g. a syntax error in a house style's page template, at its line).
    """

    def __init__(
        self,
        message: str,
        exit_code: ExitCode = ExitCode.ENVIRONMENT,
        loc: SourceLocation | None = None,
        code: Code | None = None,
    ) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.loc = loc
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (the PDF worker)
        return (type(self), (str(self), self.exit_code, self.loc, self.code))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known spelling, or None when nothing is close."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else None


Choice = TypeVar("Choice", bound=str)


def one_of(name: str, choices: tuple[Choice, ...], what: str) -> Choice:
    """`name` as the one of `choices` it spells (a `Literal` value); a usage error naming
    them all otherwise (`unknown PDF variant 'x' (use pdf/ua-1, pdf/a-3u, none)`)."""
    for choice in choices:
        if name == choice:
            return choice
    raise BriefkitError(f"unknown {what} '{name}' (use {', '.join(choices)})", ExitCode.USAGE)
