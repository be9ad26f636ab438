"""The bibliography section in Chicago's form and order (cite/names.py, cite/sorting.py,
resolve/bibliography.py), and the switches beside it: names inverted and listed, et al. from
seven names, which types are listed, the order of romanised and CJK names, Chicago's short
title (`short-title-words`), a web page's owner that is its author (`omit-owner-if-author`)."""

from __future__ import annotations

import dataclasses

from briefkit import ir
from briefkit.cite.names import bibliography_names
from briefkit.cite.sorting import sort_key
from briefkit.model.housestyle import HouseStyle
from briefkit.model.reference import Name, Reference
from tests.conftest import Project
from tests.helpers import house_style, resolve_file


def _entries(project: Project, refs: str, body: str) -> list[str]:
    project.write("content/refs.yaml", refs)
    path = project.write(
        "content/b.md",
        "---\ntitle: T\nbibliography: refs.yaml\nbibliography-section: true\n---\n" + body,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.items, [d.format() for d in diags]
    # no-break spaces (November\u00a01) are read as spaces here; tests/cite/test_typography.py
    return [ir.plain_text(e.inlines).replace("\u00a0", " ") for e in doc.bibliography]


def _person(family: str, given: str, **extra: str) -> Name:
    return Name.model_validate({"family": family, "given": given, **extra})


def test_names_inverted_first_with_the_serial_comma_and_et_al_from_seven() -> None:
    rules = house_style().citations.names
    two = [_person("Doe", "Jane"), _person("Roe", "John")]
    assert bibliography_names(two, rules) == "Doe, Jane, and John Roe"
    particle = [_person("Park", "Amelia", **{"non-dropping-particle": "van der"})]
    assert bibliography_names(particle, rules) == "Park, Amelia van der"
    assert bibliography_names([_person("Sato", "Chen", suffix="Jr.")], rules) == ("Sato, Chen, Jr.")
    assert bibliography_names([_person("小川", "博")], rules) == "小川博"
    six = [_person(f"F{i}", f"G{i}") for i in range(6)]
    assert bibliography_names(six, rules).endswith(", and G5 F5")
    seven = [*six, _person("F6", "G6")]
    assert bibliography_names(seven, rules) == "F0, G0, G1 F1, G2 F2, et al."


def test_no_second_full_stop_and_roles_spelled_out(project: Project) -> None:
    refs = """
- id: sato
  type: book
  author: [{family: Sato, given: Chen, suffix: Jr.}]
  title: Alliance Politics
  edition: "3"
  editor: [{family: Roe, given: Jane}]
  publisher: Press
  issued: 2004
"""
    assert _entries(project, refs, "A.[@sato]\n") == [
        "Sato, Chen, Jr. Alliance Politics. 3rd ed. Edited by Jane Roe. Press, 2004."
    ]


def test_personal_communications_and_unpublished_talks_are_not_listed(project: Project) -> None:
    refs = """
- id: letter
  type: personal_communication
  author: [{family: Silva, given: Maria}]
  genre: letter to the author
  issued: 2025-03-14
- id: talk
  type: speech
  author: [{family: Kishida, given: Fumio}]
  title: Remarks
  genre: Speech
  event-title: Shangri-La Dialogue
  issued: 2022-06-10
- id: talk-online
  type: speech
  author: [{family: Kishida, given: Fumio}]
  title: Keynote
  genre: Speech
  issued: 2022-06-11
  URL: https://example.org/keynote
"""
    entries = _entries(project, refs, "A.[@letter] B.[@talk] C.[@talk-online]\n")
    assert entries == [
        "Kishida, Fumio. “Keynote.” Speech. June 11, 2022, https://example.org/keynote."
    ]


def _ref(**fields: object) -> Reference:
    return Reference.model_validate({"id": "x", "type": "book", "title": "T", **fields})


def test_chicago_order_letter_by_letter_sole_author_first_then_kana_then_han() -> None:
    style = house_style().citations
    refs = {
        "okafor": _ref(author=[{"family": "Okafor", "given": "Li"}]),
        "oneill": _ref(author=[{"family": "O’Neill", "given": "Ana"}]),
        "fernandez": _ref(author=[{"family": "Fernández", "given": "Kenji"}]),
        "ferguson": _ref(author=[{"family": "Ferguson", "given": "Niall"}]),
        "sato-alone": _ref(author=[{"family": "佐藤", "given": "花子"}], title="Z"),
        "sato-and": _ref(
            author=[{"family": "佐藤", "given": "花子"}, {"family": "Doe", "given": "Jo"}],
            title="A",
        ),
        "yamada": _ref(author=[{"family": "山田", "given": "太郎"}]),
        "kana": _ref(author=[{"literal": "ジェトロ"}]),
        "the-title": _ref(title="The Hague Rules"),
    }
    order = sorted(refs, key=lambda k: sort_key(refs[k], style))
    assert order == [
        "ferguson",
        "fernandez",
        "the-title",  # under H: an initial article is ignored
        "okafor",  # before O’Neill: letter by letter (okafor < oneill)
        "oneill",
        "kana",
        "sato-alone",  # 佐藤 alone before 佐藤 and Doe, whatever the titles
        "sato-and",
        "yamada",
    ]
    # citeproc's way (the oracle's copy): the apostrophe sorts before the letters
    citeproc = style.model_copy(
        update={"bibliography": style.bibliography.model_copy(update={"letter_by_letter": False})}
    )
    assert sorted(["okafor", "oneill"], key=lambda k: sort_key(refs[k], citeproc)) == [
        "oneill",
        "okafor",
    ]


def test_short_title_words_is_chicago_short_title(project: Project) -> None:
    refs = """
- id: goh
  type: article-journal
  author: [{family: Goh, given: Evelyn}]
  title: "Great Powers and Hierarchical Order in Southeast Asia: Analyzing Regional Security"
  container-title: International Security
  volume: "32"
  issued: 2008
"""
    project.write("content/refs.yaml", refs)
    body = "---\ntitle: T\nbibliography: refs.yaml\n---\nA.[@goh] B.^[x] C.[@goh]\n"
    path = project.write("content/b.md", body)

    def chicago(house: HouseStyle) -> HouseStyle:
        cites = house.citations.model_copy(update={"short_title_words": 4})
        return dataclasses.replace(house, citations=cites)

    def keep_subtitle(house: HouseStyle) -> HouseStyle:
        cites = house.citations.model_copy(update={"short_title_drops_subtitle": False})
        return dataclasses.replace(house, citations=cites)

    main, _ = resolve_file(path, project.root)
    whole, _ = resolve_file(path, project.root, house=keep_subtitle)
    short, _ = resolve_file(path, project.root, house=chicago)
    assert main is not None and whole is not None and short is not None
    # the house: the main title, without its subtitle (the seed's note 6 has none)
    main_title = "Goh, “Great Powers and Hierarchical Order in Southeast Asia.”"
    assert ir.note_text(main.notes[2]) == main_title
    assert ir.note_text(whole.notes[2]) == (  # citeproc's way: the whole title
        "Goh, “Great Powers and Hierarchical Order in Southeast Asia: Analyzing Regional Security.”"
    )
    assert ir.note_text(short.notes[2]) == "Goh, “Great Powers and Hierarchical.”"


def test_a_web_page_owner_that_is_its_author_is_left_out(project: Project) -> None:
    refs = """
- id: mod
  type: webpage
  author: [{literal: Ministry of Defense}]
  title: Japan-ASEAN Defense Cooperation
  container-title: Ministry of Defense
  publisher: Ministry of Defense
  issued: 2025-11-01
  URL: https://www.mod.go.jp/en/
"""
    project.write("content/refs.yaml", refs)
    path = project.write("content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n---\nA.[@mod]\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.items
    assert ir.note_text(doc.notes[0]).replace("\u00a0", " ") == (
        "Ministry of Defense, “Japan-ASEAN Defense Cooperation,” November 1, 2025,"
        " https://www.mod.go.jp/en/."
    )
