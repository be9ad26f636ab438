"""CLI stage: `briefkit refs import FILE` — convert a BibTeX/Zotero/CSL-JSON export into the
project's CSL YAML, reporting what could not be mapped.

`briefkit refs [SOURCE...]` (the listing, `cli/refs.py`) stays exactly as it was: `refs` becomes
a small group whose first argument picks a subcommand only when it names one (`import`, or
`list`, the listing's own name); anything else — a folder, a file, an option, nothing — goes to
the listing. (A file literally named `import` is reached as `./import`.)
"""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.build.sources import write_file
from briefkit.cli.console import err_console, guarded, print_diagnostics
from briefkit.errors import BriefkitError, ExitCode


@guarded
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
    from briefkit.authoring.refimport import import_references

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
    failed = diags.has_errors or (strict and len(diags) > 0)
    # a file is written only from an import that succeeded: one that failed (an entry not
    # converted) left a partial library at --out that looked like the whole one
    written = result.count > 0 and output is not None and not failed
    if result.count and output is None:
        typer.echo(result.text, nl=False)
    elif written and output is not None:
        write_file(output, result.text.encode("utf-8"))
    where = f" into {output}" if written else (f"; {output} not written" if output else "")
    err_console().print(
        f"converted {result.count} reference{'s' * (result.count != 1)}{where}; "
        f"{result.failed} not converted, {result.dropped} field{'s' * (result.dropped != 1)} "
        "or type(s) not mapped",
        markup=False,
        highlight=False,
    )
    if failed:
        raise typer.Exit(int(ExitCode.CONTENT))
