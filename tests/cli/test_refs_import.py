"""`briefkit refs import` beside the unchanged `briefkit refs [SOURCE...]` listing."""

from __future__ import annotations

import json
import shutil

import yaml

from tests.cli.test_cli import copy_seed, diagnostics
from tests.conftest import REPO, Project

BIB = REPO / "tests" / "fixtures" / "seed-references.bib"


def test_import_to_stdout_and_to_a_file(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(BIB, project.root / "lib.bib")
    shown = cli("refs", "import", "lib.bib")
    assert shown.exit_code == 0, shown.stderr
    items = yaml.safe_load(shown.stdout)["references"]
    assert [i["id"] for i in items][:2] == ["kyodo2024", "admmplus2025"]
    assert "converted 12 references" in shown.stderr

    written = cli("refs", "import", "lib.bib", "-o", "content/lib.references.yaml")
    assert written.exit_code == 0, written.stderr
    target = project.root / "content" / "lib.references.yaml"
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["references"] == items
    assert cli("refs", "content/lib.references.yaml").exit_code == 0  # a valid references file

    again = cli("refs", "import", "lib.bib", "-o", "content/lib.references.yaml")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert (
        cli("refs", "import", "lib.bib", "-o", "content/lib.references.yaml", "--force").exit_code
        == 0
    )


def test_import_reports_what_it_drops(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("lib.bib", "@misc{a,\n  title = {A},\n  file = {a.pdf},\n}\n")
    result = cli("refs", "import", "lib.bib")
    assert result.exit_code == 0
    assert [(d["path"], d["line"], d["col"], d["code"]) for d in diagnostics(result.stderr)] == [
        ("lib.bib", "3", "3", "import.dropped-field")
    ]
    assert cli("refs", "import", "lib.bib", "--strict").exit_code == 1


def test_import_errors_and_usage(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("refs", "import", "missing.bib").exit_code == 1
    project.write("bad.json", "[{]")
    bad = cli("refs", "import", "bad.json")
    assert bad.exit_code == 1 and "error[ref.syntax]" in bad.stderr
    shutil.copy(BIB, project.root / "lib.bib")
    assert cli("refs", "import", "lib.bib", "-o", "lib.json").exit_code == 2
    assert cli("refs", "import").exit_code == 2
    assert "Traceback" not in bad.stderr


def test_listing_forms_still_work(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    copy_seed(project)
    shutil.copy(BIB, project.root / "lib.bib")
    default = cli("refs")
    assert default.exit_code == 0 and "kyodo2024" in default.stdout
    assert cli("refs", "content/").stdout == default.stdout
    assert cli("refs", "list", "content").stdout == default.stdout
    listing = cli("refs", "lib.bib")
    assert listing.exit_code == 0 and "admmplus2025" in listing.stdout
    exported = cli("refs", "--format", "csl-json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)[0]["id"] == "kyodo2024"
    assert cli("refs", "lib.bib", "--format", "csl-json", "-o", "x.json").exit_code == 0
    assert cli("refs", "--format", "ris").exit_code == 2
    helped = cli("refs", "--help")
    assert helped.exit_code == 0 and "refs import" in helped.stdout


def test_a_failed_import_writes_no_file(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    """One entry not converted: the import exits 1, and --out held the other entries as if
    they were the whole library."""
    project.write(
        "bad.bib", "@book{a, title = {A}, year = 2020\n@book{b, title = {B}, year = 2021}\n"
    )
    result = cli("refs", "import", "bad.bib", "-o", "out.yaml")
    assert result.exit_code == 1
    assert not (project.root / "out.yaml").exists()
    assert "out.yaml not written" in result.stderr
