"""Load stage helper: YAML text -> plain Python data that remembers where each value was.

Front matter, CSL-YAML/JSON references and house-style files are all read through here, so that
any later check (a pydantic validation error, an unknown key, a duplicate id) can be reported at
the exact `file:line:col` of the offending key or value.

PyYAML's composer (libyaml, in C, when available) builds the node tree with positions; values
are constructed here with the YAML 1.2 core schema — `yes`/`no` stay text, dates stay text for
the models to parse, duplicate keys are errors. Measured on a 10,000-item bibliography (1.5 MB):
1.4 s, against 10 s with ruamel.yaml's round-trip loader, which we used first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation

PathKey = Sequence[str | int]
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C composer when libyaml is there
MAX_ALIAS_VALUES = 10_000  # values aliases may add beyond one per character of the text
MAX_DEPTH = 64  # nesting deeper than this is not data a briefing needs (and may be an alias loop)

_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


@dataclass
class _Pos:
    """Where a value (and, in a mapping, its key) starts; children mirror the data's shape."""

    line: int
    col: int
    key_line: int = -1
    key_col: int = -1
    children: dict[str, _Pos] | list[_Pos] | None = None


@dataclass
class YamlDoc:
    """Parsed YAML: `data` is plain dicts/lists/scalars, with the positions they came from."""

    data: Any
    positions: _Pos | None
    path: Path
    line_offset: int = 0  # lines of the file before the YAML text (front matter starts at 1)

    def _loc(self, line0: int, col0: int) -> SourceLocation:
        return SourceLocation(self.path, self.line_offset + line0 + 1, col0 + 1)

    def start(self) -> SourceLocation:
        return SourceLocation(self.path, self.line_offset + 1, 1)

    def loc(self, keys: PathKey, *, key: bool = False) -> SourceLocation:
        """Position of the value at `keys` (or of its key when `key`), or of the nearest parent."""
        pos = self.positions
        best = self.start() if pos is None else self._loc(pos.line, pos.col)
        for i, k in enumerate(keys):
            if pos is None:
                break
            children = pos.children
            last = i == len(keys) - 1
            if isinstance(children, dict) and isinstance(k, str) and k in children:
                pos = children[k]
                use_key = key and last and pos.key_line >= 0
                best = (
                    self._loc(pos.key_line, pos.key_col)
                    if use_key
                    else self._loc(pos.line, pos.col)
                )
            elif isinstance(children, list) and isinstance(k, int) and 0 <= k < len(children):
                pos = children[k]
                best = self._loc(pos.line, pos.col)
            else:
                break
        return best


class _DuplicateKey(Exception):
    def __init__(self, key: str, mark: Any, first: Any) -> None:
        super().__init__(key)
        self.key, self.mark, self.first = key, mark, first


class _TooMany(Exception):
    """More values than the text could hold without aliases: an alias bomb ("billion laughs")."""

    def __init__(self, mark: Any) -> None:
        super().__init__("too many values")
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("too deep")
        self.mark = mark


_WORDS: dict[str, Any] = {"~": None, "null": None, "Null": None, "NULL": None, **_BOOL}
_NUMERIC_START = frozenset("0123456789+-.")


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalars are text
        return value
    if not value:
        return None
    if value[0] in _NUMERIC_START:  # only these can be numbers (cheap test first: most is text)
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if value.lower() in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value.lower()]
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        return value
    return _WORDS.get(value, value) if len(value) <= 5 else value


def _construct(
    node: yaml.Node, depth: int = 0, budget: list[int] | None = None
) -> tuple[Any, _Pos]:
    mark = node.start_mark
    if depth > MAX_DEPTH:
        raise _TooDeep(mark)
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany(mark)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node), _Pos(mark.line, mark.column)
    if isinstance(node, yaml.SequenceNode):
        items, positions = [], []
        for child in node.value:
            value, pos = _construct(child, depth + 1, budget)
            items.append(value)
            positions.append(pos)
        return items, _Pos(mark.line, mark.column, children=positions)
    assert isinstance(node, yaml.MappingNode)
    data: dict[str, Any] = {}
    where: dict[str, _Pos] = {}
    for key_node, value_node in node.value:
        key_value, _ = _construct(key_node, depth + 1, budget)
        if key_value == "<<" and isinstance(value_node, yaml.MappingNode):  # merge key
            merged, merged_pos = _construct(value_node, depth + 1, budget)
            for k, v in merged.items():
                data.setdefault(k, v)
                assert isinstance(merged_pos.children, dict)
                where.setdefault(k, merged_pos.children[k])
            continue
        key = "" if key_value is None else str(key_value)
        if key in where:
            first = where[key]
            raise _DuplicateKey(key, key_node.start_mark, (first.key_line, first.key_col))
        value, pos = _construct(value_node, depth + 1, budget)
        pos.key_line, pos.key_col = key_node.start_mark.line, key_node.start_mark.column
        data[key] = value
        where[key] = pos
    return data, _Pos(mark.line, mark.column, children=where)


def parse_yaml(
    text: str,
    path: Path,
    diags: Diagnostics,
    *,
    line_offset: int = 0,
    code: Code = "yaml.syntax",
) -> YamlDoc | None:
    """Parse YAML (or JSON, a subset of YAML 1.2); a syntax error becomes a located diagnostic."""

    def at(line0: int, col0: int) -> SourceLocation:
        return SourceLocation(path, line_offset + line0 + 1, col0 + 1)

    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return YamlDoc(None, None, path, line_offset)
        # every value written out takes a character or more; only aliases can make more values
        # than that, and an alias bomb makes billions (issue #18): stop at what the text holds
        data, positions = _construct(node, budget=[len(text) + MAX_ALIAS_VALUES])
    except _TooMany as exc:
        diags.error(
            code,
            "invalid YAML: aliases expand to more values than the file holds (an alias bomb?)",
            at(exc.mark.line, exc.mark.column),
            "write the values out instead of repeating anchors (&a / *a)",
        )
        return None
    except _DuplicateKey as exc:
        first_line = line_offset + exc.first[0] + 1
        diags.error(
            code,
            f"invalid YAML: duplicate key '{exc.key}' (first at line {first_line})",
            at(exc.mark.line, exc.mark.column),
            "each key may appear once in a mapping",
        )
        return None
    except _TooDeep as exc:
        diags.error(
            code,
            f"invalid YAML: nested deeper than {MAX_DEPTH} levels",
            at(exc.mark.line, exc.mark.column),
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_end = mark is not None and mark.line >= text.count("\n")
        if at_end and exc.context_mark is not None:  # "never closed": point at the opening
            mark = exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        message = f"invalid YAML: {problem}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        hint = None
        if "found character '\\t'" in problem or "\\t" in problem:
            hint = "YAML does not allow tabs for indentation; use spaces"
        elif "mapping values are not allowed" in problem:
            hint = "a value containing ': ' must be quoted"
        elif "could not find expected ':'" in problem:
            hint = "every line of a mapping needs 'key: value'"
        diags.error(code, message, at(mark.line, mark.column) if mark else at(0, 0), hint)
        return None
    except yaml.YAMLError as exc:  # reader errors (characters YAML does not allow)
        offset = getattr(exc, "position", None)
        where = at(0, 0)
        if isinstance(offset, int):
            before = text[:offset]
            where = at(before.count("\n"), offset - (before.rfind("\n") + 1))
        char = getattr(exc, "character", None)
        what = f"character {char!r} is not allowed in YAML" if char else str(exc)
        diags.error(code, f"invalid YAML: {what}", where)
        return None
    except RecursionError:
        diags.error(code, "invalid YAML: nested too deeply", at(0, 0))
        return None
    return YamlDoc(data, positions, path, line_offset)


def pydantic_error_message(err: dict[str, Any]) -> str:
    """A readable message for one pydantic error (without its location prefix)."""
    kind = err.get("type", "")
    field_name = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
    msg = str(err.get("msg", "invalid value"))
    if kind == "missing":
        return f"missing required field '{field_name}'"
    if kind == "extra_forbidden":
        return f"unknown field '{field_name}'"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{field_name}: {msg}" if field_name else msg
