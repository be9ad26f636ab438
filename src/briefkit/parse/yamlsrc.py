"""Load stage helper: YAML text -> plain Python data that remembers where each value was.

Front matter, CSL-YAML/JSON references and house-style files are all read through here, so that
any later check (a pydantic validation error, an unknown key, a duplicate id) can be reported at
the exact `file:line:col` of the offending key or value.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefkit.errors import Diagnostics, SourceLocation

PathKey = Sequence[str | int]


@dataclass
class YamlDoc:
    """Parsed YAML: `data` is plain dicts/lists/scalars; `root` keeps ruamel's positions."""

    data: Any
    root: Any
    path: Path
    line_offset: int = 0  # lines of the file before the YAML text (front matter starts at 1)
    col_offset: int = 0

    def _loc(self, line0: int, col0: int) -> SourceLocation:
        return SourceLocation(self.path, self.line_offset + line0 + 1, self.col_offset + col0 + 1)

    def start(self) -> SourceLocation:
        return SourceLocation(self.path, self.line_offset + 1, 1)

    def loc(self, keys: PathKey, *, key: bool = False) -> SourceLocation:
        """Position of the value at `keys` (or of its key when `key`), or of the nearest parent."""
        node = self.root
        best = self.start()
        for i, k in enumerate(keys):
            last = i == len(keys) - 1
            if isinstance(node, CommentedMap) and isinstance(k, str) and k in node:
                line, col = node.lc.key(k) if (key and last) else node.lc.value(k)
                best = self._loc(line, col)
                node = node[k]
            elif isinstance(node, CommentedSeq) and isinstance(k, int) and 0 <= k < len(node):
                line, col = node.lc.item(k)
                best = self._loc(line, col)
                node = node[k]
            else:
                break
        return best

    def node_loc(self, node: Any) -> SourceLocation | None:
        """Position of a mapping or sequence node itself."""
        lc = getattr(node, "lc", None)
        if lc is None or lc.line is None:
            return None
        return self._loc(lc.line, lc.col)


def to_plain(value: Any) -> Any:
    """ruamel's round-trip types -> plain Python (dates stay dates, for the date parsers)."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    # tagged scalars (!foo bar) and anything exotic: keep their text
    return str(getattr(value, "value", value))


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.allow_duplicate_keys = False
    # keep dates as written: the models parse them, and a bad one (2025-14-01) becomes a
    # located validation error instead of a crash inside the YAML constructor
    y.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node)
    )
    return y


def parse_yaml(
    text: str,
    path: Path,
    diags: Diagnostics,
    *,
    line_offset: int = 0,
    code: str = "yaml.syntax",
) -> YamlDoc | None:
    """Parse YAML (or JSON, a subset of YAML 1.2); a syntax error becomes a located diagnostic."""
    try:
        root = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + line_offset + 1
        col = (mark.column if mark else 0) + 1
        problem = exc.problem or exc.context or "invalid YAML"
        message = f"invalid YAML: {problem}"
        if exc.context and exc.problem and "duplicate" not in exc.problem:
            message += f" ({exc.context})"
        hint = None
        if "found character '\\t'" in problem:
            hint = "YAML does not allow tabs for indentation; use spaces"
        elif "duplicate key" in problem or "found duplicate key" in str(exc):
            message = "invalid YAML: " + problem.split(" with value")[0]
            hint = "each key may appear once in a mapping"
        elif "mapping values are not allowed" in problem:
            hint = "a value containing ': ' must be quoted"
        diags.error(code, message, SourceLocation(path, line, col), hint)
        return None
    except (YAMLError, ValueError, TypeError) as exc:  # unmarked errors: report at the start
        diags.error(code, f"invalid YAML: {exc}", SourceLocation(path, line_offset + 1, 1))
        return None
    return YamlDoc(to_plain(root), root, path, line_offset)


def pydantic_error_message(err: dict[str, Any]) -> str:
    """A readable message for one pydantic error (without its location prefix)."""
    kind = err.get("type", "")
    field = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
    msg = str(err.get("msg", "invalid value"))
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{field}: {msg}" if field else msg
