"""`briefkit refs LIBRARY` lints a whole library: duplicates by DOI or title and year, keys
that differ only in case, fields an entry's type needs; each at its entry's line."""

from __future__ import annotations

import json

from tests.cli.test_cli import diagnostics
from tests.conftest import Project

LIBRARY = """\
@article{smith2020,
  author = {Smith, Ann}, title = {On Things}, journaltitle = {J}, date = {2020},
  doi = {10.1000/xyz},
}
@article{Smith2020,
  author = {Smith, Ann}, title = {Other}, journaltitle = {J}, date = {2021},
}
@online{copy,
  author = {Smith, A.}, title = {Other Title}, date = {2020}, doi = {https://doi.org/10.1000/XYZ},
  url = {https://example.org},
}
@book{again,
  author = {Roe, Bo}, title = {On things!}, date = {2020}, publisher = {P},
}
@book{thin,
  title = {Thin},
}
"""


def test_refs_lints_a_library_with_located_warnings(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("series.bib", LIBRARY)
    result = cli("refs", "series.bib")
    assert result.exit_code == 0, result.stderr
    found = [(d["line"], d["code"]) for d in diagnostics(result.stderr)]
    assert found == [
        ("5", "ref.key-case"),
        ("8", "ref.duplicate"),  # same DOI as smith2020, however written
        ("12", "ref.duplicate"),  # same title and year as smith2020
        ("15", "ref.missing-field"),
    ]
    assert "'copy' has the same DOI as 'smith2020'" in result.stderr
    assert "'again' has the same title and year as 'smith2020'" in result.stderr
    assert "has no author or editor, publisher, issued" in result.stderr


def test_refs_of_a_briefing_lists_only_the_shared_entries_it_cites(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("briefkit.toml", '[references]\nlibrary = ["references/series.bib"]\n')
    project.write(
        "references/series.bib",
        "".join(
            f"@book{{s{i}, author = {{A, B}}, title = {{Book {i}}}, publisher = {{P}},"
            f" date = {{2000}}}}\n"
            for i in range(40)
        ),
    )
    project.write("content/b.md", "---\ntitle: T\n---\n\nText.[^1]\n\n[^1]: See [@s7].\n")
    result = cli("refs", "content/b.md", "--format", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == ["s7"]
    assert "ref.unused" not in result.stderr
