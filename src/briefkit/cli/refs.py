"""CLI stage: `briefkit refs` — list a briefing's references with use counts and problems, or
export the validated references as CSL-JSON (e.g. to convert a BibTeX library once)."""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.build.sources import discover, write_file
from briefkit.cli.console import guarded, out_console, print_diagnostics
from briefkit.cli.options import SOURCES, default_sources
from briefkit.errors import BriefkitError, Diagnostics, ExitCode


@guarded
def refs(
    sources: list[Path] | None = SOURCES,
    fmt: str = typer.Option("table", "--format", help="table, or csl-json to export references."),
    output: Path | None = typer.Option(None, "-o", "--out", help="Write the export to this file."),
) -> None:
    """List references with use counts and problems, or export them as CSL-JSON."""
    if fmt not in ("table", "csl-json"):
        raise BriefkitError(f"unknown refs format '{fmt}' (use table or csl-json)", ExitCode.USAGE)
    from briefkit.authoring.refs import lint_library, rows
    from briefkit.build.pipeline import Pipeline
    from briefkit.load.references import load_reference_file
    from briefkit.model.export import export_csl_json
    from briefkit.parse.references import BIBTEX_SUFFIXES, JSON_SUFFIXES, YAML_SUFFIXES

    reference_suffixes = YAML_SUFFIXES | JSON_SUFFIXES | BIBTEX_SUFFIXES
    pipeline = Pipeline()  # one run: house styles and translation scans are shared
    failed = False
    exports: list[str] = []
    for source in default_sources(sources):
        if source.is_file() and source.suffix.lower() in reference_suffixes:
            diags = Diagnostics()
            library = load_reference_file(source, diags)
            lint_library(library, diags)  # a library on its own: duplicates, keys, fields
            print_diagnostics(diags.sorted())
            failed |= diags.has_errors
            report = rows(library, {}, diags.items)
            title = str(source)
            exports.append(export_csl_json(library))
            if fmt == "table":
                _table(title, report, show_uses=False)
            continue
        for path in discover([source]):
            result, doc, _ = pipeline.check(path)
            print_diagnostics(result.diagnostics)
            failed |= result.errors > 0
            if doc is None:
                continue
            citations = result.document.citations if result.document else {}
            # of a shared series library, only what this briefing cites belongs to it
            library = {k: v for k, v in doc.library.items() if not v.shared or k in citations}
            exports.append(export_csl_json(library))
            if fmt == "table":
                _table(str(path), rows(library, citations, result.diagnostics), show_uses=True)
    if fmt == "csl-json":
        text = exports[0] if len(exports) == 1 else _merge(exports)
        if output:
            write_file(output, text.encode("utf-8"))
        else:
            typer.echo(text, nl=False)
    if failed:
        raise typer.Exit(int(ExitCode.CONTENT))


def _merge(exports: list[str]) -> str:
    import json

    items: dict[str, object] = {}
    for text in exports:
        for item in json.loads(text):
            items.setdefault(item["id"], item)
    return json.dumps(list(items.values()), ensure_ascii=False, indent=2) + "\n"


def _table(title: str, report: list, show_uses: bool) -> None:  # type: ignore[type-arg]
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("type")
    if show_uses:
        table.add_column("uses", justify="right")
        table.add_column("notes")
    table.add_column("title", overflow="fold")
    table.add_column("problems")
    for row in report:
        cells = [row.key, row.type]
        if show_uses:
            cells += [str(row.uses), ", ".join(map(str, row.notes))]
        cells += [row.title, ", ".join(row.problems) or "-"]
        table.add_row(*cells)
    out_console().print(table)
