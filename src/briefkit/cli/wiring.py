"""CLI stage: the `briefkit` application and the only place commands are wired to it.

Each command lives in its own module as a plain (guarded) function; this module registers them
in the order `briefkit --help` lists them. `briefkit refs [SOURCE...]` stays exactly as it was:
`refs` is a small group whose first argument picks a subcommand only when it names one
(`import`, or `list`, the listing's own name); anything else, a folder, a file, an option or
nothing, goes to the listing. (A file literally named `import` is reached as `./import`.)
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from briefkit import __version__
from briefkit.cli import build, check, new, refs, refs_import, schema, verify, watch
from briefkit.cli.console import print_error
from briefkit.errors import BriefkitError, ExitCode

REFS_DEFAULT = "list"

app = typer.Typer(
    name="briefkit",
    help="Build briefings (Markdown + references) into HTML, PDF and Word.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


class DefaultCommandGroup(TyperGroup):
    """A group that runs its default command when the first argument is not a command name."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [REFS_DEFAULT, *args]
        return super().parse_args(ctx, args)


refs_app = typer.Typer(
    cls=DefaultCommandGroup,
    help="List references (the default: refs [SOURCE...]) or import an export (refs import FILE).",
    add_completion=False,
    rich_markup_mode=None,
)
refs_app.command(
    REFS_DEFAULT,
    epilog="See also: briefkit refs import --help (convert a BibTeX/CSL-JSON export).",
)(refs.refs)
refs_app.command("import")(refs_import.refs_import)

app.command()(build.build)
app.command()(check.check)
app.command()(new.new)
app.add_typer(refs_app, name="refs")
app.command()(schema.schema)
app.command()(verify.verify)
app.command()(watch.watch)


def main() -> None:
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
