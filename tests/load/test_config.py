"""briefkit.toml: a table or key briefkit does not read is `config.unknown-key` at its line (it
was ignored without a word, so a misspelt `libary` left the library unused); a known key of the
wrong form is `config.invalid`; one library file may be written as a string."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from briefkit.load.config import key_lines
from briefkit.load.document import read_text_file
from briefkit.load.library import library_files
from tests.conftest import Project
from tests.load.test_library import run, series_bib


def located(diags: Diagnostics) -> list[tuple[str, bool, int, int]]:
    return [(d.code, d.is_error, d.loc.line, d.loc.col) for d in diags if d.loc]


def test_unknown_tables_and_keys_are_warnings_at_their_lines(project: Project) -> None:
    project.write(
        "briefkit.toml",
        "# project\n[references]\nlibrary = []\n  bogus = 1\n\n[nosuch]\nx = 1\n",
    )
    diags = run(project, [])
    assert located(diags) == [
        ("config.unknown-key", False, 4, 3),
        ("config.unknown-key", False, 6, 1),
    ]
    messages = [d.message for d in diags]
    assert "'bogus' in [references]" in messages[0] and "'nosuch'" in messages[1]


def test_a_misspelt_key_gets_the_known_one_as_hint(project: Project) -> None:
    project.write("briefkit.toml", '[references]\nlibary = ["references/series.bib"]\n')
    [warning] = list(run(project, []))
    assert warning.code == "config.unknown-key" and warning.hint == "did you mean 'library'?"


def test_a_table_of_the_wrong_kind_is_an_error_not_a_crash(project: Project) -> None:
    project.write("briefkit.toml", 'title = "x"\nreferences = "series.bib"\n')
    diags = run(project, [])
    assert located(diags) == [
        ("config.unknown-key", False, 1, 1),
        ("config.invalid", True, 2, 1),
    ]


def test_a_wrong_library_value_is_located_at_the_library_key(project: Project) -> None:
    # a `library` key of another table comes first: the old scan for the first line starting
    # with the word reported that one
    project.write("briefkit.toml", "[old]\nlibrary = 1\n[references]\nlibrary = 3\n")
    diags = run(project, [])
    assert located(diags) == [("config.unknown-key", False, 1, 1), ("config.invalid", True, 4, 1)]


def test_one_library_file_as_a_string_is_read(project: Project) -> None:
    project.write("briefkit.toml", '[references]\nlibrary = "references/series.bib"\n')
    project.write("references/series.bib", series_bib(3))
    assert [d.code for d in run(project, ["k1"])] == []


def test_a_config_with_a_warning_goes_into_the_manifest(project: Project) -> None:
    """Its fix must rebuild the briefing; a config naming no library and drawing no warning
    still does not (an edit of it changes nothing a briefing prints)."""
    config = project.write("briefkit.toml", "[nosuch]\nx = 1\n")
    digests: dict[Path, str] = {}
    library_files(project.root, Diagnostics(), read_text_file, digests)
    assert list(digests) == [config]
    project.write("briefkit.toml", "# nothing\n[references]\nlibrary = []\n")
    digests.clear()
    library_files(project.root, Diagnostics(), read_text_file, digests)
    assert digests == {}


def test_key_lines_reads_dotted_quoted_keys_and_skips_multiline_strings() -> None:
    text = (
        '[references]\nnote = """\nfake = 1\n"""\n'
        '"quoted key" = 2\n[a . "b"]\nc.d = 3\n[[arr]]\ne = 4\n'
    )
    lines = key_lines(text)
    assert lines[("references",)] == (1, 1)
    assert ("references", "fake") not in lines
    assert lines[("references", "quoted key")] == (5, 1)
    assert lines[("a", "b")] == (6, 1)
    assert lines[("a", "b", "c")] == lines[("a", "b", "c", "d")] == (7, 1)
    assert lines[("arr", "e")] == (9, 1)
