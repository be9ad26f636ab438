"""CI-grade builds: reproducible bytes, incremental builds, verify, parallel and sharded
builds, annotations and summaries, and the CI recipes in docs/ci run as written."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest

from briefkit import ir
from tests.conftest import REPO, Project

FORMATS = "html,pdf,docx"


def seed(project: Project) -> None:
    for name in (
        "japan-asean-defense-cooperation.md",
        "japan-asean-defense-cooperation.references.yaml",
    ):
        shutil.copy(REPO / "content" / name, project.root / "content" / name)


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_reproducible_bytes_with_source_date_epoch(project: Project, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert cli("build", "-f", FORMATS, "-o", "a").exit_code == 0
    assert cli("build", "-f", FORMATS, "-o", "b").exit_code == 0
    first, second = outputs(project.root / "a"), outputs(project.root / "b")
    assert sorted(first) == [
        f"japan-asean-defense-cooperation.{e}" for e in ("docx", "html", "pdf")
    ]
    assert first == second
    html = first["japan-asean-defense-cooperation.html"].decode()
    assert '<meta name="dcterms.modified" content="2026-01-01">' in html


def test_second_build_rewrites_nothing(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    seed(project)
    assert cli("build", "-f", FORMATS).exit_code == 0
    out = project.root / "output"
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    again = cli("build", "-f", FORMATS)
    assert again.exit_code == 0
    assert "up to date: content/japan-asean-defense-cooperation.md" in again.stdout
    assert "0 built, 1 up to date" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == before
    # a change to the references rebuilds; --force always does
    refs = project.root / "content" / "japan-asean-defense-cooperation.references.yaml"
    refs.write_text(refs.read_text(encoding="utf-8").replace("Kyodo News", "Kyodo"), "utf-8")
    changed = cli("build", "-f", FORMATS)
    assert "1 built, 0 up to date" in changed.stdout
    assert "1 built" in cli("build", "-f", FORMATS, "--force").stdout
    # a different format set is a different build
    assert "1 built" in cli("build", "-f", "html").stdout


def test_verify_passes_then_names_the_altered_note_and_format(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    seed(project)
    assert cli("build", "-f", FORMATS, "--verify").exit_code == 0
    assert cli("verify").exit_code == 0
    out = project.root / "output"
    stem = "japan-asean-defense-cooperation"
    clean = outputs(out)

    # HTML: one word of note 3
    html = out / f"{stem}.html"
    html.write_text(
        clean[f"{stem}.html"].decode().replace("Commemoration of", "Celebration of"),
        encoding="utf-8",
    )
    result = cli("verify")
    assert result.exit_code == 1
    assert re.search(
        rf"output/{stem}\.html:1:1: error\[verify\.mismatch\]: html: note 3 differs", result.stderr
    ), result.stderr
    html.write_bytes(clean[f"{stem}.html"])

    # DOCX: one word of note 7 in the footnotes part
    docx = out / f"{stem}.docx"
    with (
        zipfile.ZipFile(io_bytes(clean[f"{stem}.docx"])) as src,
        zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/footnotes.xml":
                data = data.replace(b"Informal Meeting", b"Formal Meeting", 1)
            dst.writestr(item, data)
    result = cli("verify")
    assert result.exit_code == 1
    assert "docx: note 7 differs" in result.stderr and "html:" not in result.stderr
    docx.write_bytes(clean[f"{stem}.docx"])

    # PDF: the PDF of a briefing whose note 11 says something else
    md = project.root / "content" / f"{stem}.md"
    text = md.read_text(encoding="utf-8")
    md.write_text(text.replace("[@mod2025press]", "^[Another note altogether.]"), "utf-8")
    assert cli("build", "-f", "pdf", "-o", "other").exit_code == 0
    shutil.copy(project.root / "other" / f"{stem}.pdf", out / f"{stem}.pdf")
    result = cli("verify")
    assert result.exit_code == 1
    assert re.search(r"pdf: note 11 is not printed as in the source", result.stderr)
    assert "html:" not in result.stderr and "docx:" not in result.stderr


def io_bytes(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def test_unused_reference_warns_fails_strict_and_annotates(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "content/refs.yaml",
        "- id: used\n  type: webpage\n  title: U\n"
        "  URL: https://example.org/u\n- id: spare\n  type: webpage\n  title: S\n"
        "  URL: https://example.org/s\n",
    )
    project.write("content/b.md", "---\ntitle: B\nbibliography: refs.yaml\n---\nText.[@used]\n")
    assert cli("build", "-f", "html").exit_code == 0
    assert cli("build", "-f", "html", "--strict").exit_code == 1
    gh = cli("build", "-f", "html", "--error-format", "github")
    assert gh.exit_code == 0
    assert (
        "::warning file=content/refs.yaml,line=5,col=7,title=ref.unused::"
        "reference 'spare' is never cited"
    ) in gh.stdout
    strict = cli("build", "-f", "html", "--error-format", "github", "--strict")
    assert strict.exit_code == 1 and "::error file=content/refs.yaml,line=5" in strict.stdout
    gl = cli("build", "-f", "html", "--error-format", "gitlab")
    report = json.loads(gl.stdout)
    assert report[0]["check_name"] == "ref.unused" and report[0]["severity"] == "minor"
    assert report[0]["location"] == {"path": "content/refs.yaml", "lines": {"begin": 5}}


def test_jobs_two_gives_the_same_outputs_as_jobs_one(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    for i in range(4):
        project.write(
            f"content/b{i}.md", f"---\ntitle: Brief {i}\n---\n# S\n\nText {i}.^[Note {i}.]\n"
        )
    assert cli("build", "-f", "html,docx", "-o", "one", "--jobs", "1").exit_code == 0
    result = cli("build", "-f", "html,docx", "-o", "two", "--jobs", "2", "--summary-json", "s.json")
    assert result.exit_code == 0
    assert outputs(project.root / "one") == outputs(project.root / "two")
    summary = json.loads((project.root / "s.json").read_text())
    assert (summary["built"], summary["skipped"], summary["failed"]) == (4, 0, 0)
    assert [b["source"] for b in summary["briefings"]] == [f"content/b{i}.md" for i in range(4)]


def test_shards_partition_the_briefings(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    for i in range(9):
        project.write(f"content/b{i}.md", f"---\ntitle: B{i}\n---\nText.\n")
    seen: list[str] = []
    for k in (1, 2, 3):
        result = cli("build", "-f", "html", "-o", f"s{k}", "--shard", f"{k}/3")
        assert result.exit_code == 0
        seen += [p.name for p in (project.root / f"s{k}").glob("*.html")]
    assert sorted(seen) == sorted(f"b{i}.html" for i in range(9))
    assert cli("build", "--shard", "4/3").exit_code == 2


def ci_commands(path: Path) -> list[str]:
    """The briefkit command lines of a CI recipe, as written."""
    text = path.read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"(?:run:|-)\s+(briefkit [^\n]+)", text)]


@pytest.mark.parametrize("recipe", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_recipes_run_as_written(project: Project, cli, monkeypatch, recipe: str) -> None:  # type: ignore[no-untyped-def]
    seed(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    commands = ci_commands(REPO / "docs" / "ci" / recipe)
    assert [c.split()[1] for c in commands] == ["build", "verify"]
    for command in commands:
        args = shlex.split(command.split(" > ")[0].replace("${{ matrix.shard }}", "1/1"))[1:]
        result = cli(*args)
        assert result.exit_code == 0, (command, result.stderr)
        if "> gl-code-quality-report.json" in command:
            assert json.loads(result.stdout) == []
    assert (project.root / "output" / "japan-asean-defense-cooperation.pdf").is_file()
    assert json.loads((project.root / "summary.json").read_text())["built"] == 1


def test_expected_notes_come_from_the_resolved_document(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    from briefkit.build.manifest import read_manifest
    from tests.helpers import resolve_file

    seed(project)
    assert cli("build", "-f", "html").exit_code == 0
    manifest = read_manifest(project.root / "output", "japan-asean-defense-cooperation")
    assert manifest is not None
    doc, _ = resolve_file(
        project.root / "content" / "japan-asean-defense-cooperation.md", project.root
    )
    assert doc is not None
    assert manifest.expected.notes == [(n.number, ir.note_text(n)) for n in doc.notes]
    assert "https://www.nids.mod.go.jp" not in manifest.expected.links  # body/notes only
    assert len(manifest.expected.links) == 11
