"""Model stage helper: validate located YAML data with a pydantic model.

Turns pydantic's errors into located diagnostics (`file:line:col` of the offending value) and
reports keys a model does not know as warnings with a did-you-mean hint, so that a misspelt key
never silently disappears and never stops a build.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation, did_you_mean
from briefkit.parse.yamlsrc import PathKey, pydantic_error_message

M = TypeVar("M", bound=BaseModel)


class Locate(Protocol):
    """Where the value (or, with `key`, the key) at a path of a raw mapping was written."""

    def __call__(self, keys: PathKey, *, key: bool = False) -> SourceLocation: ...


def field_names(model: type[BaseModel]) -> dict[str, Any]:
    """Accepted key (alias or name) -> annotation, for every field of `model`."""
    names: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        names[info.alias or name] = info.annotation
        if info.validation_alias and isinstance(info.validation_alias, str):
            names[info.validation_alias] = info.annotation
    return names


def _nested_models(annotation: Any, kind: str = "model") -> list[tuple[type[BaseModel], str]]:
    """Models nested in a field's annotation, with how they nest: model, list or dict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, kind)]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested_models(args[0], kind)
    if origin in (list, tuple) and args:
        return _nested_models(args[0], "list")
    if origin is dict and len(args) == 2:
        return _nested_models(args[1], "dict")
    found: list[tuple[type[BaseModel], str]] = []
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found.extend(_nested_models(arg, kind))
    return found


def unknown_keys(
    model: type[BaseModel], data: Any, prefix: PathKey = (), ignore: Iterable[str] = ()
) -> list[tuple[tuple[str | int, ...], list[str]]]:
    """Paths of keys in `data` that `model` (and the models nested in it) does not define."""
    out: list[tuple[tuple[str | int, ...], list[str]]] = []
    if not isinstance(data, dict):
        return out
    known = field_names(model)
    skip = set(ignore)
    for key, value in data.items():
        path = (*prefix, key)
        if key not in known:
            if key not in skip:
                out.append((path, sorted(known)))
            continue
        for sub, kind in _nested_models(known[key])[:1]:
            if kind == "model" and isinstance(value, dict):
                out.extend(unknown_keys(sub, value, path))
            elif kind == "list" and isinstance(value, list):
                for i, item in enumerate(value):
                    out.extend(unknown_keys(sub, item, (*path, i)))
            elif kind == "dict" and isinstance(value, dict):
                for k, item in value.items():
                    out.extend(unknown_keys(sub, item, (*path, k)))
    return out


def strip_keys(data: Any, paths: Iterable[tuple[str | int, ...]]) -> None:
    """Remove the keys at `paths` from nested `data` in place."""
    for path in paths:
        node = data
        for k in path[:-1]:
            node = node[k]
        if isinstance(node, dict):
            node.pop(path[-1], None)


def report_validation_error(
    exc: ValidationError,
    locate: Locate,
    diags: Diagnostics,
    code: Code,
    prefix: PathKey = (),
    data: Any = None,
) -> None:
    """One located error per invalid field (union branches collapse to the first message).

    A validator's hint, when it gives one (`model.templates`: the allowed placeholders), is
    the `hint` of its error's context."""
    seen: set[tuple[str | int, ...]] = set()
    for err in exc.errors(include_url=False):
        raw_loc = tuple(err.get("loc", ()))
        path = _data_path(raw_loc, data)
        if path in seen:
            continue
        seen.add(path)
        details: dict[str, Any] = {**err, "loc": path}
        at_key = details.get("type") == "missing"
        loc = locate((*prefix, *path), key=at_key) if path else locate(prefix)
        hint = (err.get("ctx") or {}).get("hint")
        diags.error(
            code, pydantic_error_message(details), loc, hint if isinstance(hint, str) else None
        )


def _data_path(raw: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Drop pydantic's union/validator tags from an error location, keeping real keys."""
    path: list[str | int] = []
    node = data
    for part in raw:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif node is None and isinstance(part, (str, int)) and not _is_tag(part):
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing key: report at its parent
            node = None
    return tuple(path)


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "list", "dict"})


def validate_located(
    model: type[M],
    data: Any,
    locate: Locate,
    diags: Diagnostics,
    *,
    code: Code,
    unknown_code: Code,
    prefix: PathKey = (),
    what: str = "key",
    ignore: Iterable[str] = (),
) -> M | None:
    """Warn about unknown keys (dropping them), then validate; errors are located diagnostics."""
    if isinstance(data, dict):
        unknown = unknown_keys(model, data, (), ignore)
        for path, known in unknown:
            name = str(path[-1])
            diags.warning(
                unknown_code,
                f"unknown {what} '{name}'",
                locate((*prefix, *path), key=True),
                did_you_mean(name, known),
            )
        data = _copy(data)
        strip_keys(data, [p for p, _ in unknown])
        for name in ignore:  # accepted and ignored (pandoc's writer-only keys)
            data.pop(name, None)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report_validation_error(exc, locate, diags, code, prefix, data)
        return None


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data
