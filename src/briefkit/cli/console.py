"""CLI stage: the console. Diagnostics go to stderr, one `path:line:col: severity[code]: message`
line each (colour on a terminal only); results and summaries go to stdout."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from briefkit.errors import Diagnostic

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def print_diagnostics(diagnostics: Iterable[Diagnostic], strict: bool = False) -> None:
    for d in diagnostics:
        line = d.format(strict)
        head, _, rest = line.partition("\n")
        text = Text(head)
        is_error = d.is_error or strict
        word = "error[" if is_error else "warning["
        at = head.find(word)
        if at >= 0:
            text.stylize("bold red" if is_error else "bold yellow", at, at + len(word) - 1)
        err.print(text)
        if rest:
            err.print(Text(rest, style="dim"))


def print_error(message: str) -> None:
    text = Text("briefkit: ")
    text.append("error", style="bold red")
    text.append(f": {message}")
    err.print(text)


def print_line(message: str) -> None:
    out.print(Text(message))
