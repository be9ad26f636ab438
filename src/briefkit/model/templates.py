"""Model stage helper: the format-string templates of a house style ("{month} {day}, {year}").

A templated setting declares the placeholders its consumer fills, next to the field
(`Annotated[str, uses("month", "day", "year")]`); validating the style then checks the
template's syntax and names, so that a typo in a copied house style ("{mon}") is a located
`style.invalid` error with the allowed names as its hint, not a `KeyError` while formatting.
`template_problem` is the check itself, for templates that are not model fields (the labels
`role`, `website` and `number`, checked by `load.styles`).

Consumes a template string and its allowed names; produces a message and a hint, or nothing.
"""

from __future__ import annotations

import difflib
import string

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def _quoted(text: str) -> str:
    return f"'{text}'"


def template_problem(text: str, allowed: tuple[str, ...]) -> tuple[str, str] | None:
    """The first mistake in the template `text` as (message, hint), or None when it is fine.

    Only `{name}` with a name of `allowed` is a placeholder (`{{` and `}}` print braces):
    positional fields, conversions (`!r`) and format specs (`:>10`) are not supported, since
    the values are already text the style decides the form of."""
    may_use = ", ".join("{" + name + "}" for name in allowed)
    hint = f"this setting may use {may_use}" if allowed else "this setting has no placeholders"
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:  # "{year", "}": the messages of Python's own parser
        return (
            f"malformed template {_quoted(text)}: {exc}",
            f"{hint}; write {{{{ and }}}} for a literal brace",
        )
    for _, name, spec, conversion in fields:
        if name is None:  # literal text only
            continue
        field = "{" + name + "}"
        if not name or name.isdigit():
            return f"positional placeholder {_quoted(field)} in {_quoted(text)}", hint
        if conversion is not None:
            return f"conversion '!{conversion}' in {_quoted(text)} is not supported", hint
        if spec:
            return f"format spec ':{spec}' in {_quoted(text)} is not supported", hint
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {_quoted('{' + close[0] + '}')}? {hint}"
            return f"unknown placeholder {_quoted(field)} in {_quoted(text)}", hint
    return None


def uses(*allowed: str) -> AfterValidator:
    """A pydantic validator: the string is a template that may use the placeholders `allowed`.

    The error carries its hint in its context (`hint`), where `model.validation` finds it."""

    def check(text: str) -> str:
        problem = template_problem(text, allowed)
        if problem is not None:
            message, hint = problem
            # pydantic fills `{key}` of the message from the context, key by key in order:
            # the message goes last, so braces in the user's template are never filled in
            raise PydanticCustomError("template", "{message}", {"hint": hint, "message": message})
        return text

    return AfterValidator(check)
