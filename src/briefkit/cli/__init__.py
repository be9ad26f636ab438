"""CLI stage: the `briefkit` command. One module per command; no logic beyond wiring.

Exit codes (see `errors.ExitCode`): 0 ok; 1 content errors, or warnings under --strict;
2 usage; 3 environment or render failure. Nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from briefkit import __version__
from briefkit.errors import BriefkitError, ExitCode

app = typer.Typer(
    name="briefkit",
    help="Build briefings (Markdown + references) into HTML, PDF and Word.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


F = TypeVar("F", bound=Callable[..., Any])


def command(fn: F) -> F:
    """Register a command whose run-stopping errors become a message and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from briefkit.cli.console import print_error

        try:
            return fn(*args, **kwargs)
        except BriefkitError as exc:
            print_error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None

    app.command()(wrapper)
    return fn


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """briefkit: think-tank briefings from one content file to PDF, Word and HTML."""


from briefkit.cli import build as _build  # noqa: E402,F401  (registers commands)
from briefkit.cli import check as _check  # noqa: E402,F401
from briefkit.cli import new as _new  # noqa: E402,F401
from briefkit.cli import refs as _refs  # noqa: E402,F401
from briefkit.cli import refs_import as _refs_import  # noqa: E402,F401  (refs import)
from briefkit.cli import schema as _schema  # noqa: E402,F401
from briefkit.cli import verify as _verify  # noqa: E402,F401
from briefkit.cli import watch as _watch  # noqa: E402,F401


def main() -> None:
    from briefkit.cli.console import print_error

    try:
        app(standalone_mode=True)
    except BriefkitError as exc:
        print_error(str(exc))
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        print_error("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug in briefkit: say so, without a wall of traceback
        if os.environ.get("BRIEFKIT_DEBUG"):
            raise
        print_error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set BRIEFKIT_DEBUG=1 for the traceback, and please report it)"
        )
        sys.exit(int(ExitCode.ENVIRONMENT))
