"""`briefkit refs LIBRARY` lints a whole library: duplicates by DOI or title and year, keys
that differ only in case, fields an entry's type needs; each at its entry's line."""

from __future__ import annotations

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
