"""A reference's `language`, however an export spelt it, is one BCP 47 tag, so a source never
changes form with the spelling; a value that names no language is a located warning."""

from __future__ import annotations

import pytest

from briefkit.model.languages import bcp47
from briefkit.model.reference import Reference
from tests.conftest import Project
from tests.helpers import resolve_file


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("ja", "ja"),
        ("JA", "ja"),
        ("ja-jp", "ja-JP"),
        ("ja_JP", "ja-JP"),
        ("japanese", "ja"),
        ("Japanese", "ja"),
        ("jpn", "ja"),
        ("日本語", "ja"),
        ("american", "en-US"),
        ("English", "en"),
        ("en-us", "en-US"),
        ("ngerman", "de-DE"),
        ("ger", "de"),
        ("zh-hant-tw", "zh-Hant-TW"),
        (" french ", "fr"),
        # babel names beyond the common ones (parse/biblangs.py)
        ("serbianc", "sr-Cyrl"),
        ("Armenian", "hy"),
        # a Zotero library's endonym glossed in English (zotero-armenian-studies.json)
        ("հայերեն [Armenian]", "hy"),
        ("русский [Russian]", "ru"),
        ("հայերեն [Armenian] and русский [Russian]", None),  # two languages: said, not guessed
        ("Klingonish", None),
        ("not a language", None),
        ("", None),
    ],
)
def test_spellings_map_to_one_tag(value: str, tag: str | None) -> None:
    assert bcp47(value) == tag


def test_the_model_keeps_the_tag() -> None:
    ref = Reference.model_validate({"id": "a", "type": "book", "language": "Japanese"})
    assert ref.language == "ja"


SOURCE = "title: 日本の安全保障\n    title-translated: Japan's Security\n    issued: 2024"


@pytest.mark.parametrize("spelling", ["ja", "japanese", "Japanese", "jpn", "ja-JP"])
def test_a_source_prints_the_same_however_its_language_is_spelt(
    project: Project, spelling: str
) -> None:
    def note_for(language: str) -> str:
        path = project.write(
            "content/a.md",
            "---\ntitle: A\nreferences:\n  - id: k\n    type: book\n"
            f"    {SOURCE}\n    language: {language}\n---\n\nText.[@k]\n",
        )
        doc, diags = resolve_file(path, project.root)
        assert doc is not None and not diags.has_errors
        return repr(doc.notes[0].blocks)  # text and formatting alike

    assert note_for(spelling) == note_for("ja")


def test_bibtex_langid_is_read_as_a_tag(project: Project) -> None:
    project.write(
        "content/refs.bib",
        '@book{k, title = {Sicherheit}, author = {M{\\"u}ller, Hans}, year = {2020},\n'
        "  langid = {ngerman}}\n",
    )
    path = project.write("content/a.md", "---\ntitle: A\nbibliography: refs.bib\n---\n\nT.[@k]\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    from briefkit.load.references import load_reference_file

    library = load_reference_file(project.root / "content" / "refs.bib", diags)
    assert library["k"].ref.language == "de-DE"


def test_an_unknown_language_is_a_located_warning(project: Project) -> None:
    path = project.write(
        "content/a.md",
        "---\ntitle: A\nreferences:\n  - id: k\n    type: book\n    title: T\n"
        "    language: Klingonish\n---\n\nText.[@k]\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    [warning] = [d for d in diags if d.code == "ref.unknown-language"]
    assert warning.loc is not None and (warning.loc.line, warning.loc.col) == (7, 15)
