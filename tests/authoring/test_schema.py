"""The editor schemas agree with the loader: what a build accepts validates, and what it warns
about or rejects (a misspelt key, a bad value) is flagged.

`jsonschema` (a test extra) is the validator here because it is what the YAML language server's
draft-07 semantics are checked against in Python; briefkit itself never validates with it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from briefkit.authoring.new import briefing_text, references_text
from briefkit.authoring.schema import frontmatter_schema, references_schema
from briefkit.authoring.schema_docs import FRONT_DESCRIPTIONS
from briefkit.errors import Diagnostics
from briefkit.load.document import load_document, split_front_matter
from briefkit.model.frontmatter import PANDOC_ONLY_KEYS, frontmatter_keys
from briefkit.parse.yamlsrc import parse_yaml
from tests.conftest import REPO, SEED, Project

FIXTURES = REPO / "tests" / "fixtures"


def front_matter_of(text: str) -> Any:
    split = split_front_matter(text)
    assert split is not None
    doc = parse_yaml(split[0], Path("x.md"), Diagnostics())
    assert doc is not None
    return doc.data


def front_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(frontmatter_schema())
    return [e.message for e in validator.iter_errors(data)]


def ref_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(references_schema())
    return [e.message for e in validator.iter_errors(data)]


def loader_codes(project: Project, yaml_text: str) -> list[str]:
    """The diagnostics the loader gives for this front matter (above a plain body)."""
    path = project.write("content/x.md", f"---\n{yaml_text}\n---\n\nText.\n")
    diags = Diagnostics()
    load_document(path.resolve(), project.root.resolve(), diags)
    return [d.code for d in diags if d.code.startswith("frontmatter.")]


def test_both_are_valid_draft_07_schemas() -> None:
    for schema in (frontmatter_schema(), references_schema()):
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_seed_front_matter_validates() -> None:
    assert front_errors(front_matter_of(SEED.read_text(encoding="utf-8"))) == []


def test_scaffold_front_matter_validates() -> None:
    text = briefing_text("x", "A title: with a colon", "commentary", dt.date(2025, 11, 5))
    assert front_errors(front_matter_of(text)) == []


@pytest.mark.parametrize(
    ("key", "where"),
    [("subtitel", ()), ("positon", ("author", 0)), ("websit", ("publisher",))],
)
def test_a_misspelt_key_is_rejected(key: str, where: tuple[str | int, ...]) -> None:
    data = front_matter_of(SEED.read_text(encoding="utf-8"))
    node = data
    for part in where:
        node = node[part]
    node[key] = "x"
    errors = front_errors(data)
    assert errors and any(key in e for e in errors), errors


def test_pandoc_writer_keys_are_allowed() -> None:
    assert front_errors({"title": "T", "toc": True, "geometry": "margin=2cm", "csl": "x.csl"}) == []


def test_every_model_key_is_described_and_no_other() -> None:
    schema = frontmatter_schema()
    props = schema["properties"]
    assert set(props) == set(frontmatter_keys()) | PANDOC_ONLY_KEYS
    undocumented = [k for k in frontmatter_keys() if not props[k].get("description")]
    assert undocumented == [], "add a description to briefkit.authoring.schema.FRONT_DESCRIPTIONS"
    assert set(FRONT_DESCRIPTIONS) <= set(props)


# Front matter the loader accepts without a diagnostic: the schema must accept it too.
ACCEPTED = [
    "title: T\nauthor: Jane Doe",
    "title: T\nauthor: [Jane Doe, John Roe]",
    "title: T\nauthor: {name: Jane Doe, position: Fellow}",
    "title: T\nauthor:\n  - family: Oguma\n    given: Shinya\n    name-order: family-first",
    "title: T\ndate: 2025",
    "title: T\ndate: 2025-11",
    "title: T\ndate: 2025-11-05",
    "title: T\ndate: '2025-11-05'",
    "title: T\nkeywords: a, b, c",
    "title: T\nkeywords: [a, 2025]",
    "title: 1984\nnumber: 12",
    "title: T\nbibliography: refs.yaml",
    "title: T\nbibliography: [a.yaml, b.bib]",
    "title: T\npublisher: {phones: {Telephone: 03-3260-3011}}",
    "title: T\npublisher: {phones: [{label: Tel, number: 3260}]}",
    "title: T\npublisher: {phones: 03-3260-3011}",
    "title: T\nraw-html: safe\nbibliography-section: true",
    "title: T\nlang: en-GB",
    "title: T\nreferences:\n  - id: a\n    type: book\n    title: A\n    issued: 2001",
    "title: T\nauthor:",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_what_the_loader_accepts_validates(project: Project, text: str) -> None:
    assert loader_codes(project, text) == []
    data = parse_yaml(text, Path("x"), Diagnostics())
    assert data is not None
    assert front_errors(data.data) == []


# Front matter the loader reports: the schema must flag it as well.
REJECTED = [
    "subtitle: no title",
    "title: T\ntitel: misspelt",
    "title: T\nraw-html: sometimes",
    "title: T\nauthor: {family: Doe, name-order: backwards}",
    "title: T\nauthor: {position: Fellow}",
    "title: T\nlang: English please",
    "title: T\ndate: November 2025",
    "title: T\npublisher: {phone: 123}",
]


@pytest.mark.parametrize("text", REJECTED)
def test_what_the_loader_reports_is_flagged(project: Project, text: str) -> None:
    assert loader_codes(project, text) != []
    data = parse_yaml(text, Path("x"), Diagnostics())
    assert data is not None
    assert front_errors(data.data) != []


def test_seed_references_files_validate(tmp_path: Path) -> None:
    import json

    yaml_file = REPO / "content" / "japan-asean-defense-cooperation.references.yaml"
    doc = parse_yaml(yaml_file.read_text(encoding="utf-8"), yaml_file, Diagnostics())
    assert doc is not None and ref_errors(doc.data) == []
    data = json.loads((FIXTURES / "seed-references.json").read_text(encoding="utf-8"))
    assert ref_errors(data) == []
    shutil.copy(yaml_file, tmp_path / "r.yaml")
    scaffold = parse_yaml(references_text("x"), Path("x"), Diagnostics())
    assert scaffold is not None and ref_errors(scaffold.data) == []


@pytest.mark.parametrize(
    "item",
    [
        {"type": "book", "title": "no id"},
        {"id": "a", "titel": "misspelt"},
        {"id": "a", "type": "novel"},
        {"id": "a", "issued": "last year"},
        {"id": "a", "author": [{"famliy": "Doe"}]},
    ],
)
def test_bad_references_are_flagged(item: dict[str, Any]) -> None:
    assert ref_errors([item]) != []
    assert ref_errors({"references": [item]}) != []


def test_reference_shapes_the_loader_accepts() -> None:
    item = {
        "id": 12,
        "type": "report",
        "author": "World Bank",
        "editor": {"family": "Doe", "given": "J."},
        "issued": {"date-parts": [["2020", 3]]},
        "accessed": 2021,
        "original-date": "2019/2020",
        "volume": 3,
        "custom": {"anything": True},
    }
    assert ref_errors([item]) == []
    assert ref_errors({"items": [item]}) == []
    assert ref_errors({"references": "not a list"}) != []
