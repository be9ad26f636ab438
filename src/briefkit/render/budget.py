"""Render stage: house-style templates (the HTML page template, the Word template's text
placeholders) run under a time and an output budget, so that a template cannot hang a build
or fill its memory, even inside Jinja's sandbox (`{% for a in range(99999) %}{% for b in
range(99999) %}…` is ten billion steps, `'x' * 10**10` ten gigabytes).

Consumes a compiled Jinja template and its context; produces the rendered text, or
`BudgetExceeded`. Three guards:

- time: the template runs in a helper thread; past `seconds`, an exception is raised inside it
  (CPython's asynchronous exceptions: delivered at the next bytecode of the template's
  compiled Python code, so any loop stops);
- output: the text is collected chunk by chunk and stopped past `max_chars`;
- single operations that could make a huge value at once in C code, before they run:
  `*` and `**` (`BoundedSandbox.call_binop`), and calls and filters given a number larger
  than `MAX_NUMBER` (`'x'|center(10**9)`, `'{:>999999999}'.format(1)`, `s.replace(a, b)`
  where the result could pass the output budget).
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

TEMPLATE_SECONDS = 10.0  # the commentary's page renders in about 0.05 s
OUTPUT_CHARS = 64 * 1024 * 1024  # a 600-page report's page is about 5 MB
MAX_NUMBER = 1_000_000  # widths, counts and repeats a template may pass to an operation
_WIDE_FORMAT = re.compile(r"[%{:][^%{}]*?\d{7,}")  # a width or precision of 7 digits or more


class BudgetExceeded(SecurityError):
    """The template ran out of time or output, or asked for an operation too large."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def check_operands(op: str, left: Any, right: Any) -> None:
    """Refuse a `*` or `**` whose result would be enormous, before it is computed."""
    if op == "*":
        for seq, n in ((left, right), (right, left)):
            if _size(seq) and isinstance(n, int) and _size(seq) * n > OUTPUT_CHARS:
                raise BudgetExceeded(f"'*' would make a value of {_size(seq) * n:,} items")
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > 100_000:
                raise BudgetExceeded("'*' would make a number too large")
    elif op == "**" and isinstance(right, int) and isinstance(left, (int, float)):
        if abs(left) > 1 and right * max(int(abs(left)), 2).bit_length() > 100_000:
            raise BudgetExceeded("'**' would make a number too large")


def check_call(func: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call given a number past MAX_NUMBER, a format with a huge width, or a string
    replacement whose result could pass the output budget."""
    values = [*args, *kwargs.values()]
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_NUMBER for v in values):
        raise BudgetExceeded(f"a number over {MAX_NUMBER:,} passed to {_name(func)}")
    inner = getattr(func, "__wrapped__", func)  # the sandbox wraps str.format
    owner = getattr(inner, "__self__", None)
    name = getattr(inner, "__name__", "")
    if isinstance(owner, str) and name in ("format", "format_map") and _WIDE_FORMAT.search(owner):
        raise BudgetExceeded("a format width or precision of a million or more")
    if (
        name in ("format", "do_format")
        and args
        and isinstance(args[0], str)
        and _WIDE_FORMAT.search(args[0])
    ):
        raise BudgetExceeded("a format width or precision of a million or more")
    if isinstance(owner, str) and name == "replace" and len(args) >= 2:
        new = args[1]
        if isinstance(new, str) and (len(owner) + 1) * max(len(new), 1) > OUTPUT_CHARS:
            raise BudgetExceeded("a replacement that could make a value too large")


def _name(func: Any) -> str:
    return str(getattr(func, "__name__", type(func).__name__))


def _bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's filters, each checked like a call (`'x'|center(10**9)`, `'%999999999s'|format`)."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        def bounded(*args: Any, **kwargs: Any) -> Any:
            check_call(func, args, kwargs)
            return func(*args, **kwargs)

        for attr in ("jinja_pass_arg",):  # how Jinja knows to pass the context or environment
            if hasattr(func, attr):
                setattr(bounded, attr, getattr(func, attr))
        bounded.__name__ = _name(func)
        return bounded

    return {name: wrap(func) for name, func in filters.items()}


class _Bounded:
    """What both sandboxes add: operations checked before they run."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_operands(operator, left, right)
        return super().call_binop(context, operator, left, right)  # type: ignore[misc]

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)  # type: ignore[misc]

    def bound_filters(self) -> None:
        env: Any = self
        env.filters = _bounded_filters(env.filters)


class BoundedImmutableSandbox(_Bounded, ImmutableSandboxedEnvironment):
    """The page template's environment."""


class BoundedSandbox(_Bounded, SandboxedEnvironment):
    """The Word template's environment."""


def render_bounded(
    template: Template,
    context: Mapping[str, Any],
    seconds: float | None = None,
    max_chars: int | None = None,
) -> str:
    """`template` rendered with `context` within the budget (TEMPLATE_SECONDS, OUTPUT_CHARS
    unless given); BudgetExceeded past it, any other exception of the template as raised."""
    seconds = TEMPLATE_SECONDS if seconds is None else seconds
    limit = OUTPUT_CHARS if max_chars is None else max_chars
    parts: list[str] = []
    outcome: list[BaseException] = []

    def run() -> None:
        size = 0
        try:
            for chunk in template.generate(context):
                size += len(chunk)
                if size > limit:
                    raise BudgetExceeded(f"the template's output passed {limit:,} characters")
                parts.append(chunk)
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=run, name="briefkit-template", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        _interrupt(worker)
        worker.join(5.0)  # a loop stops at its next step; C code finishes its operation first
        late = f"the template ran for more than {seconds:g} s"
        if not outcome:
            outcome.append(BudgetExceeded(late))
        elif isinstance(outcome[0], BudgetExceeded) and outcome[0].message is None:
            outcome[0].args = (late,)  # raised inside it: its traceback names the line
    if outcome:
        raise outcome[0]
    return "".join(parts)


def _interrupt(worker: threading.Thread) -> None:
    if worker.ident is None:
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(worker.ident), ctypes.py_object(BudgetExceeded)
    )
