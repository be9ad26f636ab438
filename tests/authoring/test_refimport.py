"""`refs import`'s library half: an export converted to CSL YAML means what the export meant
(the seed's notes are unchanged), and whatever has no CSL equivalent is reported where it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefkit.authoring.refimport import import_references
from briefkit.authoring.schema import references_schema
from briefkit.errors import Diagnostics
from briefkit.parse.yamlsrc import parse_yaml
from tests.conftest import REPO, Project
from tests.parse.test_references import golden_notes, seed_with

FIXTURES = REPO / "tests" / "fixtures"


@pytest.mark.parametrize(
    "name",
    [
        "seed-references.bib",
        "seed-references.json",
        "../../content/japan-asean-defense-cooperation.references.yaml",
    ],
)
def test_converted_export_gives_the_seed_notes(project: Project, name: str) -> None:
    result = import_references((FIXTURES / name).resolve())
    assert [d.format() for d in result.diagnostics] == []
    assert (result.count, result.failed, result.dropped) == (12, 0, 0)
    (project.root / "content" / "converted.yaml").write_text(result.text, encoding="utf-8")
    assert seed_with(project, "converted.yaml") == golden_notes()
    doc = parse_yaml(result.text, Path("c.yaml"), Diagnostics())
    assert doc is not None
    assert list(jsonschema.Draft7Validator(references_schema()).iter_errors(doc.data)) == []
    assert result.text.startswith("# References converted from ")
    assert "\nreferences:\n  - id: kyodo2024\n    type: article-newspaper\n" in result.text


def test_dates_are_iso_strings_and_keys_in_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        '[{"URL": "https://example.org", "title": "T", "issued": {"date-parts": [[2024, 3, 9]]},'
        ' "accessed": {"date-parts": [[2024], [2025]], "circa": true},'
        ' "type": "webpage", "author": [{"family": "Doe"}], "id": "k"}]',
        encoding="utf-8",
    )
    text = import_references(path).text
    body = text.split("references:\n", 1)[1]
    keys = [
        line.split(":")[0].strip(" -")
        for line in body.splitlines()
        if not line.startswith("      ")
    ]
    assert keys == ["id", "type", "author", "title", "issued", "accessed", "URL"]
    # ISO strings, quoted so that no YAML reader takes them for dates
    [item] = yaml.safe_load(text)["references"]
    assert (item["issued"], item["accessed"]) == ("2024-03-09", "2024/2025~")
    assert 'issued: "2024-03-09"' in text


BIB = """\
@article{a1,
  author = {Doe, Jane and {World Bank}},
  title = {Some {NATO} Title},
  journal = {Journal},
  year = 2020,
  file = {/home/x/a.pdf},
}

@weirdtype{b2,
  title = {B},
  Timestamp = {2021},
}
"""


def test_unmapped_fields_and_types_are_located_warnings(tmp_path: Path) -> None:
    path = tmp_path / "lib.bib"
    path.write_text(BIB, encoding="utf-8")
    result = import_references(path)
    found = [
        (d.code, d.loc.line, d.loc.col, d.severity.value)
        for d in result.diagnostics.sorted()
        if d.loc
    ]
    assert found == [
        ("import.dropped-field", 6, 3, "warning"),
        ("import.unknown-type", 9, 1, "warning"),
        ("import.dropped-field", 11, 3, "warning"),
    ]
    assert (result.count, result.failed, result.dropped) == (2, 0, 3)
    assert "type: document" in result.text and "literal: World Bank" in result.text
    assert "file" not in result.text


def test_unknown_csl_fields_and_invalid_entries(tmp_path: Path) -> None:
    path = tmp_path / "z.json"
    path.write_text(
        '[{"id": "x", "type": "book", "title": "T", "zoteroKey": "abc"},\n'
        ' {"id": "y", "type": "bogus", "title": "U"}]',
        encoding="utf-8",
    )
    result = import_references(path)
    assert sorted(d.code for d in result.diagnostics) == ["ref.invalid-field", "ref.unknown-field"]
    # an unknown CSL-JSON field is kept (warned once per field), not dropped
    assert (result.count, result.failed, result.dropped) == (1, 1, 0)
    assert "zoteroKey: abc" in result.text


def test_unparsable_export(tmp_path: Path) -> None:
    path = tmp_path / "broken.bib"
    shutil.copy(FIXTURES / "seed-references.bib", path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n@book{broken,\n  title = {Unclosed\n")
    result = import_references(path)
    assert [d.code for d in result.diagnostics] == ["ref.syntax"]
    assert (result.count, result.failed) == (12, 1)
