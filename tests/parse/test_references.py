"""References from every input format give the same notes; every problem is located."""

from __future__ import annotations

import shutil

import pytest

from briefkit import ir
from tests.conftest import GOLDEN, REPO, Project
from tests.helpers import codes, resolve_file

FIXTURES = REPO / "tests" / "fixtures"
SEED_MD = REPO / "content" / "japan-asean-defense-cooperation.md"


def golden_notes() -> list[str]:
    return [
        line.split("\t", 1)[1]
        for line in (GOLDEN / "seed-notes.txt").read_text(encoding="utf-8").splitlines()
    ]


def seed_with(project: Project, bibliography: str) -> list[str]:
    text = SEED_MD.read_text(encoding="utf-8").replace(
        "bibliography: japan-asean-defense-cooperation.references.yaml",
        f"bibliography: {bibliography}",
    )
    path = project.write("content/seed.md", text)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.items, [d.format() for d in diags]
    return [ir.note_text(n) for n in doc.notes]


@pytest.mark.parametrize("name", ["seed-references.bib", "seed-references.json"])
def test_bibtex_and_csl_json_give_the_same_notes(project: Project, name: str) -> None:
    shutil.copy(FIXTURES / name, project.root / "content" / name)
    assert seed_with(project, name) == golden_notes()


def test_bare_yaml_list_gives_the_same_notes(project: Project) -> None:
    src = (REPO / "content" / "japan-asean-defense-cooperation.references.yaml").read_text()
    body = src.split("references:\n", 1)[1]
    bare = "\n".join(line[2:] if line.startswith("  ") else line for line in body.splitlines())
    (project.root / "content" / "bare.yaml").write_text(bare, encoding="utf-8")
    assert seed_with(project, "bare.yaml") == golden_notes()


def test_inline_references_and_several_files(project: Project) -> None:
    project.write("content/a.yaml", "- id: a\n  type: book\n  title: Alpha\n  issued: 2001\n")
    project.write("content/b.json", '[{"id": "b", "type": "book", "title": "Beta"}]')
    path = project.write(
        "content/x.md",
        """
        ---
        title: X
        bibliography: [a.yaml, b.json]
        references:
          - id: c
            type: webpage
            title: Gamma
            URL: https://example.org/g
        ---
        One [@a] two [@b] three [@c].
        """,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and codes(diags) == ["ref.missing-field"]  # Beta has no date
    assert [ir.note_text(n) for n in doc.notes] == [
        "Alpha (2001).",
        "Beta.",
        "“Gamma,” https://example.org/g.",
    ]


def test_bibtex_conventions(project: Project) -> None:
    project.write(
        "content/lib.bib",
        r"""
        @string{pub = "Routledge"}
        @book{muller,
          author = {M{\"u}ller, J{\"o}rg and van der Berg, Jan and {{Ministry of Defense}}},
          title = {The {ASEAN} Way -- a {History}},
          publisher = pub,
          address = {London},
          year = 2020,
          month = nov,
        }
        """,
    )
    path = project.write(
        "content/x.md", "---\ntitle: X\nbibliography: lib.bib\n---\nA [@muller].\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.items, [d.format() for d in diags]
    assert ir.note_text(doc.notes[0]) == (
        "Jörg Müller, Jan van der Berg, and Ministry of Defense, "
        "The ASEAN Way – a History (Routledge, 2020)."
    )


def located(diags: object) -> set[tuple[str, str, int, int]]:
    return {(d.code, d.loc.path.name, d.loc.line, d.loc.col) for d in diags}  # type: ignore[attr-defined]


def test_reference_problems_are_located(project: Project) -> None:
    project.write(
        "content/refs.yaml",
        """
        - id: a
          type: book
          title: A
          issued: 2020-13-01
        - id: b
          type: webpage
          title: B
          autor: [{family: X}]
          URL: not a url
          DOI: 10/bad
        - id: a
          type: book
          title: Again
        - id: c
          type: bok
          title: C
          volume: [1, 2]
        """,
    )
    path = project.write("content/x.md", "---\ntitle: X\nbibliography: refs.yaml\n---\n[@a] [@b]\n")
    _, diags = resolve_file(path, project.root)
    found = located(diags)
    assert ("ref.invalid-date", "refs.yaml", 4, 11) in found
    assert ("ref.unknown-field", "refs.yaml", 8, 3) in found
    assert ("ref.invalid-url", "refs.yaml", 9, 8) in found
    assert ("ref.invalid-doi", "refs.yaml", 10, 8) in found
    assert ("ref.duplicate-id", "refs.yaml", 11, 7) in found
    assert ("ref.invalid-field", "refs.yaml", 15, 9) in found  # type: bok
    hints = {d.code: d.hint for d in diags}
    assert hints["ref.unknown-field"] == "did you mean 'author'?"
    dup = next(d for d in diags if d.code == "ref.duplicate-id")
    assert "first defined at" in dup.message and "refs.yaml:1:7" in dup.message
    bok = next(d for d in diags if d.code == "ref.invalid-field" and "bok" in d.message)
    assert "did you mean 'book'?" in bok.message


def test_missing_fields_for_the_type_warn(project: Project) -> None:
    path = project.write(
        "content/x.md",
        """
        ---
        title: X
        references:
          - id: w
            type: webpage
            title: No address
        ---
        [@w]
        """,
    )
    _, diags = resolve_file(path, project.root)
    (d,) = [d for d in diags if d.code == "ref.missing-field"]
    assert d.severity.value == "warning" and "has no URL" in d.message
    assert (d.loc.line, d.loc.col) == (4, 9)  # type: ignore[union-attr]


def test_references_file_problems(project: Project) -> None:
    project.write("content/map.yaml", "title: not a list\n")
    project.write("content/bad.json", '[{"id": "x",, }]')
    project.write("content/bad.bib", "@book{ok, title={Fine}}\n@book{broken, title = {unclosed\n")
    path = project.write(
        "content/x.md",
        """
        ---
        title: X
        bibliography:
          - map.yaml
          - missing.yaml
          - bad.json
          - bad.bib
        ---
        [@ok]
        """,
    )
    _, diags = resolve_file(path, project.root)
    found = located(diags)
    assert ("ref.not-a-list", "map.yaml", 1, 1) in found
    assert ("ref.file-missing", "x.md", 5, 5) in found
    assert ("ref.syntax", "bad.json", 1, 13) in found
    assert ("ref.syntax", "bad.bib", 2, 1) in found


def test_bibliography_outside_the_project_is_refused(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "refs.yaml"
    outside.write_text("- id: a\n  title: A\n", encoding="utf-8")
    path = project.write("content/x.md", f"---\ntitle: X\nbibliography: {outside}\n---\nText.\n")
    _, diags = resolve_file(path, project.root)
    assert ("asset.outside-project", "x.md", 3, 15) in located(diags)
