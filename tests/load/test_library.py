"""A project's shared (series) library, declared in briefkit.toml: 20 citations of a 1,500-entry
library build without `ref.unused` noise; a bad uncited entry is one warning; a bad cited entry
stops the build with an error at the entry and at the citation."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from tests.conftest import Project
from tests.helpers import resolve_file

CONFIG = '[references]\nlibrary = ["references/series.bib", "references/extra.yaml"]\n'
EXTRA = (
    "- id: fine\n  type: report\n  title: Fine\n"
    "- id: broken\n  type: report\n  title: Bad date\n  issued: 2024-13-45\n"
)


def series_bib(n: int, bad: dict[int, str] | None = None) -> str:
    """`n` entries; entry i is replaced by `bad[i]` when given."""
    out = []
    for i in range(n):
        out.append(
            (bad or {}).get(i)
            or f"@book{{k{i},\n  author = {{Author{i}, Ann}},\n  title = {{Book {i}}},\n"
            f"  publisher = {{Press}},\n  location = {{London}},\n"
            f"  year = {{{1900 + i % 120}}},\n}}\n"
        )
    return "\n".join(out)


def briefing(keys: list[str]) -> str:
    body = " ".join(f"Claim {i}.[^n{i}]" for i in range(len(keys)))
    notes = "\n".join(f"[^n{i}]: See [@{k}]." for i, k in enumerate(keys))
    return f"---\ntitle: Uses the series library\n---\n\n{body}\n\n{notes}\n"


def lines_of(project: Project, rel: str, needle: str) -> int:
    text = (project.root / rel).read_text(encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def run(project: Project, keys: list[str]) -> Diagnostics:
    path = project.write("content/brief.md", briefing(keys))
    _, diags = resolve_file(path, project.root)
    return diags


def test_twenty_citations_of_a_large_library_and_one_bad_uncited_entry(project: Project) -> None:
    project.write("briefkit.toml", CONFIG)
    project.write("references/series.bib", series_bib(1500))
    project.write("references/extra.yaml", EXTRA)
    diags = run(project, [f"k{i}" for i in range(0, 1500, 75)])  # 20 keys
    codes = [d.code for d in diags]
    assert codes == ["ref.library-invalid"], [d.format() for d in diags]  # no ref.unused noise
    [warning] = [d for d in diags if d.code == "ref.library-invalid"]
    assert not warning.is_error and "'broken'" in warning.message
    assert warning.loc is not None and warning.loc.path.name == "extra.yaml"
    assert warning.loc.line == lines_of(project, "references/extra.yaml", "id: broken")


def test_a_broken_uncited_bibtex_entry_is_one_warning(project: Project) -> None:
    project.write("briefkit.toml", '[references]\nlibrary = ["references/series.bib"]\n')
    broken = "@book{k7,\n  title = {Unclosed,\n  year = 2001,\n}\n"
    project.write("references/series.bib", series_bib(1500, {7: broken}))
    diags = run(project, [f"k{i}" for i in range(0, 1500, 75)])  # k7 not among them
    [warning] = list(diags)
    assert warning.code == "ref.syntax" and not warning.is_error
    assert warning.loc is not None and warning.loc.path.name == "series.bib"
    assert warning.loc.line == lines_of(project, "references/series.bib", "@book{k7,")


def test_a_bad_cited_entry_stops_the_build_at_both_places(project: Project) -> None:
    project.write("briefkit.toml", CONFIG)
    project.write("references/series.bib", series_bib(30))
    project.write("references/extra.yaml", EXTRA)
    diags = run(project, ["k1", "broken"])
    errors = [d for d in diags if d.is_error]
    at_entry = [d for d in errors if d.loc and d.loc.path.name == "extra.yaml"]
    at_cite = [d for d in errors if d.loc and d.loc.path.name == "brief.md"]
    entry_line = lines_of(project, "references/extra.yaml", "id: broken")
    assert {d.code for d in at_entry} == {"ref.invalid-date", "ref.library-invalid"}
    assert [d.loc.line for d in at_entry if d.loc and d.code == "ref.library-invalid"] == [
        entry_line
    ]
    assert [d.code for d in at_cite] == ["cite.unknown-key"]
    assert at_cite[0].loc is not None
    assert at_cite[0].loc.line == lines_of(project, "content/brief.md", "[@broken]")


def test_a_briefings_own_entry_wins_and_bad_config_is_located(project: Project) -> None:
    project.write("briefkit.toml", '[references]\nlibrary = ["references/none.bib"]\n')
    diags = run(project, [])
    [missing] = [d for d in diags if d.code == "ref.file-missing"]
    assert missing.loc is not None and missing.loc.path.name == "briefkit.toml"
    assert missing.loc.line == 2

    project.write("briefkit.toml", "[references\n")
    diags = run(project, [])
    assert [d.code for d in diags if d.is_error] == ["config.invalid"]


def test_without_a_library_nothing_changes(project: Project, tmp_path: Path) -> None:
    project.write("content/lib.yaml", "- id: a\n  type: book\n  title: A\n")
    path = project.write(
        "content/brief.md", "---\ntitle: T\nbibliography: lib.yaml\n---\n\nText.\n"
    )
    _, diags = resolve_file(path, project.root)
    assert [d.code for d in diags] == ["ref.unused"]
