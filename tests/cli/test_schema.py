"""`briefkit schema`: the schemas on standard output or in files, ready for an editor."""

from __future__ import annotations

import json

import jsonschema

from briefkit.authoring.schema import frontmatter_schema, references_schema
from tests.conftest import Project


def test_prints_the_front_matter_schema(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == frontmatter_schema()
    validator = jsonschema.Draft7Validator(printed)
    assert validator.is_valid({"title": "T", "author": "Jane Doe", "date": "2025-11"})
    assert not validator.is_valid({"title": "T", "autor": "Jane Doe"})


def test_references_schema_and_files(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(cli("schema", "--what", "references").stdout) == references_schema()
    one = cli("schema", "--out", "schemas/fm.json")
    assert one.exit_code == 0 and "wrote schemas/fm.json" in one.stdout
    assert json.loads((project.root / "schemas" / "fm.json").read_text()) == frontmatter_schema()
    both = cli("schema", "--what", "all", "--out", "schemas")
    assert both.exit_code == 0, both.stderr
    names = sorted(p.name for p in (project.root / "schemas").iterdir())
    assert names == [
        "briefkit-frontmatter.schema.json",
        "briefkit-references.schema.json",
        "fm.json",
    ]


def test_usage_errors(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("schema", "--what", "everything").exit_code == 2
    assert cli("schema", "--what", "all").exit_code == 2  # two files need a folder
    (project.root / "file.json").write_text("{}")
    assert cli("schema", "--what", "all", "--out", "file.json").exit_code == 2
