"""The BibTeX/biblatex reader: biblatex's rules (pandoc's mapping), and hostile input that
must end as a located diagnostic, never a traceback (issue #18)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.references import read_reference_file

BIB = Path("lib.bib")


def convert(text: str, name: Path = BIB) -> tuple[dict[str, dict[str, Any]], Diagnostics]:
    diags = Diagnostics()
    library = build_library(read_reference_file(name, text, diags), diags)
    return {k: to_csl(v.ref) for k, v in library.items()}, diags


def where(diags: Diagnostics, code: str) -> list[tuple[int, int]]:
    return [(d.loc.line, d.loc.col) for d in diags if d.code == code and d.loc]


def test_string_macros_with_concatenation_and_months() -> None:
    items, diags = convert(
        '@string{dtv = "Deutscher Taschenbuch-Verlag"}\n'
        "@STRING{ pub-AW = {Addison-Wesley} }\n"
        "@book{a,\n"
        '  publisher = dtv # " and " # {Walter de Gruyter},\n'
        "  address = PUB-aw,\n"
        "  title = {T},\n"
        "  year = 1999, month = nov,\n"
        "}\n"
    )
    a = items["a"]
    # concatenated, then split as the literal list biblatex makes of `publisher`
    assert a["publisher"] == "Deutscher Taschenbuch-Verlag and Walter de Gruyter"
    assert a["publisher-place"] == "Addison-Wesley"
    assert a["issued"] == {"date-parts": [[1999, 11]]}
    assert not diags.has_errors


def test_crossref_gives_a_chapter_its_book() -> None:
    items, _ = convert(
        "@incollection{westfahl,\n"
        "  author = {Westfahl, Gary},\n"
        "  title = {The True Frontier},\n"
        "  subtitle = {Confronting and Avoiding the Realities of Space},\n"
        "  pages = {55--65},\n"
        "  crossref = {space},\n"
        "}\n"
        "@collection{space,\n"
        "  editor = {Westfahl, Gary},\n"
        "  title = {Space and Beyond},\n"
        "  subtitle = {The Frontier Theme in Science Fiction},\n"
        "  publisher = {Greenwood}, location = {Westport, Conn. and London},\n"
        "  date = {2000},\n"
        "}\n"
    )
    chapter = items["westfahl"]
    assert chapter["type"] == "chapter"
    assert chapter["title"] == (
        "The True Frontier: Confronting and Avoiding the Realities of Space"
    )
    assert chapter["container-title"] == "Space and Beyond: The Frontier Theme in Science Fiction"
    assert chapter["editor"] == [{"family": "Westfahl", "given": "Gary"}]
    assert chapter["publisher"] == "Greenwood"
    assert chapter["publisher-place"] == "Westport, Conn.; London"  # an and-list, split
    assert chapter["issued"] == {"date-parts": [[2000]]}
    assert chapter["page"] == "55-65"


def test_a_chapter_whose_crossref_is_a_book_gets_the_book_as_its_container() -> None:
    """biblatex pairs @book with @inbook only; exports write an edited volume as a @book and
    its chapters as @incollection: the book's subtitle ended up on the chapter's title and
    the chapter had no book."""
    items, _ = convert(
        "@book{ed,\n  editor = {Hamilton, Claire},\n  title = {Maritime Infrastructure},\n"
        "  subtitle = {Ports and Cables},\n  publisher = {CUP},\n  date = {2019},\n}\n"
        "@incollection{ch,\n  author = {Ozturk, Selim},\n  title = {Cables as Chokepoints},\n"
        "  crossref = {ed},\n  pages = {101--128},\n}\n"
    )
    chapter = items["ch"]
    assert chapter["title"] == "Cables as Chokepoints"
    assert chapter["container-title"] == "Maritime Infrastructure: Ports and Cables"
    assert chapter["editor"] == [{"family": "Hamilton", "given": "Claire"}]


def test_unknown_crossref_is_a_located_warning() -> None:
    items, diags = convert("@inbook{a,\n  title = {T},\n  crossref = {nowhere},\n}\n")
    assert "a" in items
    assert where(diags, "ref.crossref-missing") == [(3, 1)]


def test_localisation_keys_become_words_in_the_language() -> None:
    text = (
        "@report{r, title = {R}, type = {resreport}, institution = {I}, date = {2001}}\n"
        "@thesis{t, title = {T}, type = {phdthesis}, school = {S}, date = {2001}}\n"
        "@patent{p, title = {P}, type = {patreqfr}, location = {countryfr and countryuk},"
        " date = {2001}}\n"
        "@book{s, title = {B}, series = {newseries}, date = {2001}}\n"
    )
    diags = Diagnostics()
    en = {r.data["id"]: r.data for r in read_reference_file(BIB, text, diags)}
    assert en["r"]["genre"] == "research report"
    assert en["t"]["genre"] == "PhD thesis"
    assert en["p"]["genre"] == "French patent request"
    assert en["p"]["jurisdiction"] == "France; United Kingdom"
    assert en["s"]["collection-title"] == "new series"
    de = {r.data["id"]: r.data for r in read_reference_file(BIB, text, diags, lang="de")}
    assert de["r"]["genre"] == "Forschungsbericht"
    assert de["t"]["genre"] == "Dissertation"


def test_latex_quotes_dashes_commands_and_langid() -> None:
    items, _ = convert(
        "@article{a,\n"
        "  title = {`It's Going Much Too Fast' -- \\emph{Zeit} and \\textit{Die Welt} \\& more},\n"
        "  journaltitle = {J},\n"
        "  author = {M{\\\"u}ller, J{\\'e}r{\\^o}me and {World Health Organization}},\n"
        "  langid = {ngerman},\n"
        "  date = {2004-05-16},\n"
        "}\n"
    )
    a = items["a"]
    # italics are kept as CSL markup, as pandoc's `-t csljson` writes them
    assert a["title"] == "‘It’s Going Much Too Fast’ – <i>Zeit</i> and <i>Die Welt</i> & more"
    assert a["author"] == [
        {"family": "Müller", "given": "Jérôme"},
        {"literal": "World Health Organization"},
    ]
    assert a["language"] == "de-DE"
    assert a["issued"] == {"date-parts": [[2004, 5, 16]]}


def test_eprints_howpublished_urls_and_dois() -> None:
    items, _ = convert(
        "@article{x, title = {A}, journaltitle = {J}, date = {2019},"
        " eprint = {1905.00001}, eprinttype = {arxiv}, doi = {https://doi.org/10.1/ABC}}\n"
        "@misc{w, title = {Page}, howpublished = {\\url{https://example.org/page}}, year = 2020}\n"
        "@misc{h, title = {H}, eprint = {2027/spo.123}, archiveprefix = {hdl}, year = 2020}\n"
    )
    assert items["x"]["URL"] == "https://arxiv.org/abs/1905.00001"
    assert items["x"]["DOI"] == "10.1/ABC"
    assert items["w"]["URL"] == "https://example.org/page"
    assert "publisher" not in items["w"]
    assert items["h"]["URL"] == "https://hdl.handle.net/2027/spo.123"


def test_extended_dates() -> None:
    items, _ = convert(
        "@book{r, title = {R}, date = {1988/1992}}\n"
        "@book{c, title = {C}, date = {1855~}}\n"
        "@book{o, title = {O}, year = {1987--}}\n"
        "@book{b, title = {B}, date = {15/05/84}, year = 1984}\n"
    )
    assert items["r"]["issued"] == {"date-parts": [[1988], [1992]]}
    assert items["c"]["issued"] == {"date-parts": [[1855]], "circa": True}
    assert items["o"]["issued"] == {"literal": "1987–"}  # kept, not dropped
    assert items["b"]["issued"] == {"date-parts": [[1984]]}  # not EDTF: the year is used


def test_duplicate_field_is_read_and_warned_at_its_entry() -> None:
    items, diags = convert("\n@book{a,\n  title = {T},\n  note = {x},\n  note = {y},\n}\n")
    assert "a" in items
    assert where(diags, "ref.duplicate-field") == [(2, 1)]


def test_href_is_its_text_not_an_internal_error() -> None:
    items, diags = convert(
        "@misc{a,\n  title = {See \\href{https://x.org/a_b}{the page}},\n"
        "  note = {\\href{https://x.org}{x}},\n}\n"
    )
    assert items["a"]["title"] == "See the page"
    assert not diags.has_errors


@pytest.mark.parametrize("levels", [300, 5000])
def test_deeply_nested_braces_are_a_located_warning(levels: int) -> None:
    text = "@misc{b,\n  title = {" + "{" * levels + "x" + "}" * levels + "},\n}\n"
    items, diags = convert(text)
    assert items["b"]["title"] == "x"
    assert where(diags, "ref.latex") == [(2, 3)]


def test_yaml_alias_bomb_in_a_references_file_is_a_located_error() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.monotonic()
    items, diags = convert("\n".join(lines) + "\n", Path("refs.yaml"))
    assert time.monotonic() - start < 30  # not a timing test: the bomb would take hours
    assert items == {}
    [error] = [d for d in diags if d.code == "ref.syntax"]
    assert "alias" in error.message
    assert error.loc is not None and error.loc.path.name == "refs.yaml" and error.loc.line == 1


def test_csl_json_date_parts_as_strings() -> None:
    items, diags = convert(
        '[{"id": "a", "type": "book", "title": "T",'
        ' "issued": {"date-parts": [["2019", "3", "07"]]}}]',
        Path("zotero.json"),
    )
    assert items["a"]["issued"] == {"date-parts": [[2019, 3, 7]]}
    assert not diags.has_errors


def test_a_space_after_a_control_word_in_a_name_does_not_split_it() -> None:
    # TeX eats the space after `\\slash`: one corporate name, as pandoc reads it
    items, _ = convert(r"@misc{s, author = {ACM\slash SIGGRAPH and Stra\ss e, Hans}, title = {T}}")
    assert items["s"]["author"] == [
        {"family": "ACM/SIGGRAPH"},
        {"family": "Straße", "given": "Hans"},
    ]


def test_an_entry_type_that_starts_like_comment_is_an_entry() -> None:
    # jurabib's @COMMENTED: bibtexparser takes every `@comment...` for a comment
    text = "% jurabib\n\n@COMMENTED{erm,\n  title = {Handkommentar},\n  year = 1993\n}\n"
    items, diags = convert(text)
    assert items["erm"]["title"] == "Handkommentar"
    assert items["erm"]["issued"] == {"date-parts": [[1993]]}
    assert not [d for d in diags if d.severity == "error"]
    diags2 = Diagnostics()
    (raw,) = read_reference_file(BIB, text, diags2)
    assert raw.origin.line == 3  # its own line, not the comment's


def test_a_name_with_no_text_is_left_out_with_a_warning_and_the_entry_kept() -> None:
    # Beebe's tugboat.bib: `\Thanh{}` is a macro only its @preamble defines
    items, diags = convert(
        '@article{t,\n  author = "\\Thanh{} and Sebastian Rahtz",\n  title = "pdfTeX"}\n'
    )
    assert items["t"]["author"] == [{"family": "Rahtz", "given": "Sebastian"}]
    said = [d.message for d in diags if d.code == "ref.latex"]
    assert any("name '\\Thanh{}' has no text" in m for m in said)


def test_a_bare_word_no_string_defines_is_kept_and_warned_at_its_field() -> None:
    items, diags = convert(
        '@string{aw = "Addison-Wesley"}\n'
        "@book{b,\n  title = {T},\n  publisher = aw # { and } # pub-XY,\n  year = 1999,\n}\n"
    )
    assert items["b"]["publisher"] == "Addison-Wesley and pub-XY"  # an and-list, as printed
    said = [
        (d.loc.line if d.loc else 0, d.message) for d in diags if d.code == "ref.undefined-string"
    ]
    assert said == [
        (
            4,
            "entry 'b', field 'publisher': 'pub-XY': no @string of this file defines it; "
            "kept as written",
        )
    ]


def test_an_and_in_an_organisation_is_printed_as_biblatex_prints_it() -> None:
    # pandoc's "; " join cut the name in two: "Center for Strategic; International Studies"
    items, _ = convert(
        "@report{r, title = {T}, date = 2023,\n"
        "  institution = {Center for Strategic and International Studies},\n"
        "  location = {Washington, DC and London}}\n"
        "@book{b, title = {T}, date = 2023, publisher = {A and B and C}}\n"
    )
    assert items["r"]["publisher"] == "Center for Strategic and International Studies"
    assert items["r"]["publisher-place"] == "Washington, DC; London"  # places stay a list
    assert items["b"]["publisher"] == "A, B and C"


def test_a_string_naming_one_not_defined_above_it_is_reported_at_the_string() -> None:
    items, diags = convert(
        "@string{x = y}\n@string{y = x}\n@string{z = z # z}\n"
        "@book{a, title = x, publisher = z, year = 2020}\n"
    )
    assert (items["a"]["title"], items["a"]["publisher"]) == ("y", "zz")  # kept as written
    found = [(d.loc.line, d.message) for d in diags if d.code == "ref.undefined-string" and d.loc]
    assert found == [
        (1, "@string 'x': 'y': no @string above it defines it; kept as written"),
        (3, "@string 'z': 'z': no @string above it defines it; kept as written"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("and and", None),
        ("Last, First and ", [{"family": "Last", "given": "First"}]),
        ("and Doe, Jane", [{"family": "Doe", "given": "Jane"}]),
        (
            "Roe, A. and and Doe, B.",
            [{"family": "Roe", "given": "A."}, {"family": "Doe", "given": "B."}],
        ),
    ],
)
def test_an_and_with_no_name_beside_it_is_left_out_with_a_warning(
    value: str, expected: list[dict[str, str]] | None
) -> None:
    items, diags = convert(f"@book{{a, title = {{T}}, year = 2020,\n  author = {{{value}}}}}\n")
    assert items["a"].get("author") == expected
    assert where(diags, "ref.empty-name") == [(2, 3)]


def test_names_with_and_inside_braces_or_words_are_not_empty() -> None:
    items, diags = convert(
        "@book{a, title = {T}, year = 2020, author = {{Smith and Sons} and Andersen, Sandy}}\n"
    )
    assert items["a"]["author"] == [
        {"literal": "Smith and Sons"},
        {"family": "Andersen", "given": "Sandy"},
    ]
    assert where(diags, "ref.empty-name") == []


def test_a_month_that_is_not_one_is_a_warning_at_the_field() -> None:
    items, diags = convert("@book{a, title = {T},\n  year = 2020,\n  month = {thirteen}}\n")
    assert items["a"]["issued"] == {"date-parts": [[2020]]}
    found = [(d.loc.line, d.message) for d in diags if d.code == "ref.invalid-date" and d.loc]
    assert found == [
        (3, "entry 'a', field 'month': 'thirteen' is not a month: left out of the date")
    ]


def test_year_and_month_beside_a_date_are_said_to_be_overridden() -> None:
    items, diags = convert(
        "@book{a, title = {T},\n  year = 2020, month = feb,\n  date = {2021}}\n"
        "@book{b, title = {T}, year = 2021, month = feb, date = {2021-02-03}}\n"
    )
    assert items["a"]["issued"] == {"date-parts": [[2021]]}
    found = [(d.loc.line, d.message) for d in diags if d.code == "ref.duplicate-field" and d.loc]
    # `b` agrees with its date: nothing lost, nothing said
    assert found == [
        (2, "entry 'a', field 'year': 'year', 'month' overridden by 'date' (2021): not read")
    ]


@pytest.mark.parametrize(
    ("fields", "language"),
    [
        ("language = {en},", "en"),  # Zotero's plain BibTeX export
        ("language = {Japanese},", "ja"),
        ("language = {english and german},", "en"),  # biblatex's list: the first
        ("language = {langlatin and langgerman},", "la"),  # biblatex's localisation keys
        ("langid = {ngerman}, language = {en},", "de-DE"),  # langid says it first
        ("", None),
    ],
)
def test_the_language_of_the_work_is_the_items_language(fields: str, language: str) -> None:
    """Without a `langid`, biblatex's `language` (the language of the work) is CSL's: it was
    dropped with a warning on every entry of a Zotero export, and a Japanese title recased."""
    entry = f"@book{{a,\n  title = {{Kokusai Seiji}}, {fields}\n  year = 2020,\n}}\n"
    items, diags = convert(entry)
    assert items["a"].get("language") == language
    dropped = [d.message for d in diags if d.code == "ref.dropped-field"]
    assert all("'language'" not in m for m in dropped) or "langid" in fields


def test_a_reference_managers_bookkeeping_is_not_reported_by_a_build(tmp_path: Path) -> None:
    """Zotero writes `file` on every entry (Mendeley `mendeley-tags`, BibDesk `bdsk-file-1`): a
    build warned `ref.dropped-field` for each; `refs import` still lists them."""
    from briefkit.errors import Diagnostics
    from briefkit.parse.references import read_reference_file

    text = "@book{a,\n  title = {T},\n  year = 2020,\n  file = {a.pdf},\n  timestamp = {x},\n}\n"
    items = read_reference_file(tmp_path / "z.bib", text, Diagnostics())
    assert [item.dropped for item in items] == [()]
