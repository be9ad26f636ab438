"""CLI stage: the console. Diagnostics go to stderr, one `path:line:col: severity[code]: message`
line each (colour on a terminal only); results and summaries go to stdout.

rich is imported only when something is shown on a terminal (colour, tables, progress): a CI
log or a pipe gets plain lines, and `briefkit check` does not pay rich's import.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from briefkit.errors import BriefkitError, Diagnostic

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@functools.cache
def out_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def print_diagnostics(diagnostics: Iterable[Diagnostic], strict: bool = False) -> None:
    coloured = _tty(sys.stderr)
    for d in diagnostics:
        line = d.format(strict)
        if not coloured:
            sys.stderr.write(line + "\n")
            continue
        from rich.text import Text

        head, _, rest = line.partition("\n")
        text = Text(head)
        is_error = d.is_error or strict
        word = "error[" if is_error else "warning["
        at = head.find(word)
        if at >= 0:
            text.stylize("bold red" if is_error else "bold yellow", at, at + len(word) - 1)
        err_console().print(text)
        if rest:
            err_console().print(Text(rest, style="dim"))
    sys.stderr.flush()


def print_error(message: str) -> None:
    if not _tty(sys.stderr):
        sys.stderr.write(f"briefkit: error: {message}\n")
        sys.stderr.flush()
        return
    from rich.text import Text

    text = Text("briefkit: ")
    text.append("error", style="bold red")
    text.append(f": {message}")
    err_console().print(text)


def print_line(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """A command whose run-stopping errors become a message and an exit code (registered on
    the app by `cli.wiring`, which is the only module that wires commands)."""
    import typer

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BriefkitError as exc:
            print_error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None

    return wrapper  # type: ignore[return-value]
