"""The command line: exit codes, the diagnostic line format, outputs and what is not written."""

from __future__ import annotations

import re
import shutil

from tests.conftest import REPO, Project

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning)\[(?P<code>[a-z.-]+)\]: (?P<msg>.+)$"
)


def copy_seed(project: Project) -> None:
    for name in (
        "japan-asean-defense-cooperation.md",
        "japan-asean-defense-cooperation.references.yaml",
    ):
        shutil.copy(REPO / "content" / name, project.root / "content" / name)


def diagnostics(stderr: str) -> list[dict[str, str]]:
    out = []
    for line in stderr.splitlines():
        m = LINE.match(line)
        if m:
            out.append(m.groupdict())
    return out


def test_build_default_content_into_output(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    copy_seed(project)
    result = cli("build")
    assert result.exit_code == 0, result.stderr
    target = project.root / "output" / "japan-asean-defense-cooperation.html"
    assert target.is_file() and "wrote output/japan-asean-defense-cooperation.html" in result.stdout
    leftovers = [
        p
        for p in (project.root / "output").iterdir()
        if p.name.startswith(".") and p.name != ".briefkit"
    ]
    assert leftovers == []  # no temporary files
    assert cli("check").exit_code == 0


def test_build_one_file_with_out_and_format(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    copy_seed(project)
    result = cli("build", "content/japan-asean-defense-cooperation.md", "-o", "site", "-f", "html")
    assert result.exit_code == 0
    assert (project.root / "site" / "japan-asean-defense-cooperation.html").is_file()


def test_content_errors_exit_1_with_located_diagnostics_and_no_output(
    project: Project, cli
) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "content/bad.md",
        """
        ---
        title: Bad
        ---
        Text [@nokey] and[^nonote].
        """,
    )
    result = cli("build")
    assert result.exit_code == 1
    found = diagnostics(result.stderr)
    assert [(d["path"], d["line"], d["col"], d["sev"], d["code"]) for d in found] == [
        ("content/bad.md", "4", "8", "error", "cite.unknown-key"),
        ("content/bad.md", "4", "18", "error", "note.undefined"),
    ]
    assert found[0]["msg"] == "unknown reference 'nokey'"
    assert "Traceback" not in result.stderr
    assert not (project.root / "output").exists()


def test_several_briefings_report_every_problem_together(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/a.md", "---\ntitle: A\n---\nText[^x].\n")
    project.write("content/b.md", "---\ntitle: B\ndate: 2025-13\n---\nText.\n")
    project.write("content/c.md", "---\ntitle: C\n---\nFine.\n")
    result = cli("check")
    assert result.exit_code == 1
    assert [d["path"] for d in diagnostics(result.stderr)] == ["content/a.md", "content/b.md"]


def test_warnings_pass_but_fail_under_strict(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/w.md", "---\ntitle: W\nsubtitel: x\n---\nText.\n")
    ok = cli("build")
    assert ok.exit_code == 0
    (d,) = diagnostics(ok.stderr)
    assert (d["line"], d["col"], d["sev"], d["code"]) == (
        "3",
        "1",
        "warning",
        "frontmatter.unknown-key",
    )
    assert "hint: did you mean 'subtitle'?" in ok.stderr
    (project.root / "output" / "w.html").unlink()
    assert "0 errors, 1 warning" in ok.stdout
    strict = cli("build", "--strict")
    assert strict.exit_code == 1
    assert diagnostics(strict.stderr)[0]["sev"] == "error"
    # the summary counts what was printed: an error, not a warning
    assert "1 failed; 1 error, 0 warnings" in strict.stdout, strict.stdout
    assert not (project.root / "output" / "w.html").exists()
    checked = cli("check", "--strict")
    assert checked.exit_code == 1 and "1 error, 0 warnings" in checked.stdout


def test_usage_errors_exit_2(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/a.md", "---\ntitle: A\n---\nText.\n")
    unknown = cli("build", "-f", "rtf")
    assert unknown.exit_code == 2 and "unknown format 'rtf'" in unknown.stderr
    inside = cli("build", "content", "-o", "content/out")
    assert inside.exit_code == 2
    assert cli("build", "--no-such-flag").exit_code == 2


def test_an_unknown_pdf_variant_or_error_format_is_a_usage_error(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/a.md", "---\ntitle: A\n---\nText.\n")
    variant = cli("build", "--pdf-variant", "pdf/a-1b")
    assert variant.exit_code == 2
    assert "unknown PDF variant 'pdf/a-1b' (use pdf/ua-1, pdf/a-3u, none)" in variant.stderr
    error_format = cli("build", "--error-format", "junit")
    assert error_format.exit_code == 2
    assert "unknown --error-format 'junit' (use human, github, gitlab)" in error_format.stderr
    assert not (project.root / "output").exists()
    assert cli("build", "-f", "pdf", "--pdf-variant", "none").exit_code == 0


def test_formats_not_yet_available_are_refused_not_skipped(
    project: Project,
    cli,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from briefkit.build import sources

    # a format briefkit knows but cannot build yet (as PDF and Word once were)
    monkeypatch.setattr(sources, "COMING", frozenset({"epub"}))
    project.write("content/a.md", "---\ntitle: A\n---\nText.\n")
    result = cli("build", "-f", "html,epub")
    assert result.exit_code == 2 and "format 'epub' is not available" in result.stderr
    assert not (project.root / "output").exists()
    assert cli("build").exit_code == 0  # the default builds every available format
    assert sorted(p.suffix for p in (project.root / "output").glob("a.*")) == [
        ".docx",
        ".html",
        ".pdf",
    ]


def test_failed_build_keeps_the_previous_output(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    path = project.write("content/a.md", "---\ntitle: A\n---\nGood text.\n")
    assert cli("build").exit_code == 0
    target = project.root / "output" / "a.html"
    before = target.read_bytes()
    path.write_text("---\ntitle: A\n---\nBroken [@missing].\n", encoding="utf-8")
    assert cli("build").exit_code == 1
    assert target.read_bytes() == before


def test_a_missing_briefing_is_a_located_content_error(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", "nowhere.md")
    assert result.exit_code == 1
    (d,) = diagnostics(result.stderr)
    assert (d["path"], d["line"], d["col"], d["code"], d["msg"]) == (
        "nowhere.md",
        "1",
        "1",
        "file.missing",
        "briefing not found",
    )


def test_bad_files_get_located_errors(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    (project.root / "content" / "bin.md").write_bytes(b"---\ntitle: x\n---\n\x00\x01")
    (project.root / "content" / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    project.write("content/nofm.md", "Just text.\n")
    project.write("content/empty.md", "")
    result = cli("check")
    assert result.exit_code == 1
    got = {(d["path"], d["line"], d["col"], d["code"]) for d in diagnostics(result.stderr)}
    assert got == {
        ("content/bin.md", "4", "1", "file.binary"),
        ("content/latin1.md", "2", "11", "file.encoding"),
        ("content/nofm.md", "1", "1", "frontmatter.missing"),
        ("content/empty.md", "1", "1", "file.empty"),
    }


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("briefkit ")


def test_unknown_style_is_located_at_the_style_key(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/a.md", "---\ntitle: A\nstyle: comentary\n---\nText.\n")
    result = cli("check")
    (d,) = diagnostics(result.stderr)
    assert (d["line"], d["col"], d["code"]) == ("3", "8", "style.unknown")
    assert "did you mean 'commentary'?" in result.stderr
    assert result.exit_code == 1


def test_a_renderer_failing_outside_the_content_exits_3(
    project: Project,
    cli,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from briefkit.errors import BriefkitError
    from briefkit.render.html import page as html

    def broken(*args: object) -> None:
        raise BriefkitError("the renderer's library is missing")

    monkeypatch.setattr(html, "render_html_bytes", broken)
    project.write("content/a.md", "---\ntitle: A\n---\nText.\n")
    result = cli("build", "-f", "html", "-j", "1")
    assert result.exit_code == 3, result.stderr
    (d,) = diagnostics(result.stderr)
    assert (d["path"], d["code"]) == ("content/a.md", "render.failed")
    assert "1 failed" in result.stdout
    assert not (project.root / "output" / "a.html").exists()


def test_an_unwritable_file_the_user_named_is_a_message_not_a_crash(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    copy_seed(project)
    blocked = "content/japan-asean-defense-cooperation.md/summary.json"  # a file, not a folder
    result = cli("build", "-f", "html", "--summary-json", blocked)
    assert result.exit_code == 3
    assert f"cannot write {blocked}" in result.stderr and "internal error" not in result.stderr
    export = cli("refs", "--format", "csl-json", "-o", blocked.replace("summary", "refs"))
    assert export.exit_code == 3
    assert "cannot write" in export.stderr and "internal error" not in export.stderr
