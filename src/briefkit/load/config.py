"""Load stage: the project's `briefkit.toml` -> its settings, each problem located at its line.

`tomllib` returns plain data with no positions, so the lines of keys are found by a scan of the
text (`key_lines`): table headers (`[references]`, `[[x]]`) and `key = ` lines, dotted or quoted
keys included. It is not a TOML parser; it only has to find keys in text `tomllib` accepted, and
a key it cannot place is reported at line 1 rather than not at all.

Every key briefkit does not read is `config.unknown-key`, a warning: a misspelt `libary` would
otherwise leave the shared library unused with no word said. A known key with a value of the
wrong form is `config.invalid`, an error.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.errors import Diagnostics, SourceLocation

CONFIG = "briefkit.toml"
# every table and key briefkit reads from briefkit.toml (docs/guide/references.md)
KNOWN: dict[str, frozenset[str]] = {"references": frozenset({"library"})}

_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_BARE = r"[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'"  # one key part: bare, "quoted" or 'literal'
_KEY = re.compile(rf"\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*=")
_PART = re.compile(_BARE)


@dataclass
class ProjectConfig:
    """What briefkit read from briefkit.toml: its text (for the manifest digest) and settings."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    problems: int = 0  # diagnostics given for the file (its digest then goes to the manifest)

    def where(self, *key: str) -> SourceLocation:
        """The line and column of a key (or table), or 1:1 when the scan did not find it."""
        line, col = self.lines.get(key, (1, 1))
        return SourceLocation(self.path, line, col)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def key_lines(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """(table, ..., key) -> (line, column) of where each table and key is first written."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    in_string = False  # inside a multi-line string ('''...''' or \"\"\"...\"\"\"): no keys
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        header = _HEADER.match(line)
        if header:
            table = _parts(header.group(1))
            found.setdefault(table, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            col = len(line) - len(line.lstrip()) + 1
            parts = _parts(key.group(1))
            for n in range(1, len(parts) + 1):  # a dotted key also defines its tables
                found.setdefault(table + parts[:n], (number, col))
            rest = line[key.end() :]
            in_string = rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1
    return found


def parse_config(path: Path, text: str, diags: Diagnostics) -> ProjectConfig | None:
    """The settings of briefkit.toml, each unknown key a warning; None when it is not TOML."""
    config = ProjectConfig(path)
    try:
        config.data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        diags.error("config.invalid", f"{CONFIG} is not valid TOML: {exc}", config.where())
        return None
    config.lines = key_lines(text)
    for name, value in config.data.items():
        known = KNOWN.get(name)
        if known is None:
            config.problems += 1
            diags.warning(
                "config.unknown-key",
                f"unknown {CONFIG} table or key '{name}' (ignored)",
                config.where(name),
                _hint(name, KNOWN.keys(), "known tables: " + ", ".join(sorted(KNOWN))),
            )
        elif not isinstance(value, dict):
            config.problems += 1
            diags.error(
                "config.invalid", f"'{name}' must be a table ([{name}])", config.where(name)
            )
        else:
            for key in value:
                if key not in known:
                    config.problems += 1
                    diags.warning(
                        "config.unknown-key",
                        f"unknown key '{key}' in [{name}] of {CONFIG} (ignored)",
                        config.where(name, key),
                        _hint(key, known, f"[{name}] knows: " + ", ".join(sorted(known))),
                    )
    return config


def _hint(word: str, choices: Any, fallback: str) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else fallback
