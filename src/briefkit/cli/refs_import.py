"""CLI stage: `briefkit refs import FILE` — convert a BibTeX/Zotero/CSL-JSON export into the
project's CSL YAML, reporting what could not be mapped.

`briefkit refs [SOURCE...]` (the listing, `cli/refs.py`) stays exactly as it was: `refs` becomes
a small group whose first argument picks a subcommand only when it names one (`import`, or
`list`, the listing's own name); anything else — a folder, a file, an option, nothing — goes to
the listing. (A file literally named `import` is reached as `./import`.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo

from briefkit.cli import app, command
from briefkit.cli import refs as _refs  # noqa: F401  (registers the listing first)
from briefkit.cli.console import err_console, print_diagnostics
from briefkit.errors import BriefkitError, ExitCode
from briefkit.sources import write_file

DEFAULT = "list"


class DefaultCommandGroup(TyperGroup):
    """A group that runs its default command when the first argument is not a command name."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)


@command
def refs_import(
    source: Path = typer.Argument(
        ..., help="The export: .bib (BibTeX/biblatex), .json (CSL-JSON) or .yaml (CSL YAML)."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--out", help="Write the CSL YAML to this file. Default: standard output."
    ),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when anything was dropped (warnings), too."
    ),
) -> None:
    """Convert a BibTeX/Zotero/CSL-JSON export into CSL YAML, reporting what was not mapped."""
    from briefkit.refimport import import_references

    if output is not None:
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise BriefkitError(
                f"--out {output}: the converted file is CSL YAML; name it *.yaml", ExitCode.USAGE
            )
        if output.exists() and output.resolve() == source.resolve():
            raise BriefkitError("--out names the file being imported", ExitCode.USAGE)
        if output.exists() and not force:
            raise BriefkitError(
                f"{output} already exists; add --force to replace it", ExitCode.CONTENT
            )
    result = import_references(source)
    diags = result.diagnostics
    print_diagnostics(diags.sorted(), strict)
    if result.count:
        if output is None:
            typer.echo(result.text, nl=False)
        else:
            write_file(output, result.text.encode("utf-8"))
    where = f" into {output}" if output is not None and result.count else ""
    err_console().print(
        f"converted {result.count} reference{'s' * (result.count != 1)}{where}; "
        f"{result.failed} not converted, {result.dropped} field{'s' * (result.dropped != 1)} "
        "or type(s) not mapped",
        markup=False,
        highlight=False,
    )
    if diags.has_errors or (strict and len(diags)):
        raise typer.Exit(int(ExitCode.CONTENT))


def _take(name: str) -> CommandInfo:
    """Remove a command registered on the root app by its function's name, and return it."""
    for info in app.registered_commands:
        callback: Any = info.callback
        if getattr(callback, "__name__", None) == name and info.name is None:
            app.registered_commands.remove(info)
            return info
    raise RuntimeError(f"command {name} is not registered")  # a wiring bug, caught by tests


refs_app = typer.Typer(
    cls=DefaultCommandGroup,
    help="List references (the default: refs [SOURCE...]) or import an export (refs import FILE).",
    add_completion=False,
    rich_markup_mode=None,
)
_listing = _take("refs")
_listing.name = DEFAULT
_listing.epilog = "See also: briefkit refs import --help (convert a BibTeX/CSL-JSON export)."
_importer = _take("refs_import")
_importer.name = "import"
refs_app.registered_commands.extend([_listing, _importer])
app.add_typer(refs_app, name="refs")
