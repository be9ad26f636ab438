"""The citation part registry: parts are registered where they are defined, their declarations
are consistent, and the interactions they declare (marks, skips, claims, joiners) are what the
formatter does, whatever the order of a layout."""

from __future__ import annotations

import re
from typing import Any

import pytest

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.cite.format import VariantFormatter
from briefkit.cite.parts import PARTS
from briefkit.cite.positions import CitePosition, Position
from briefkit.cite.registry import (
    REGISTRY,
    CiteRequest,
    Joiner,
    PartContext,
    PartSpec,
    State,
    part,
)
from briefkit.model.citestyle import CitationStyle, TypeLayout
from briefkit.model.reference import Reference
from tests.helpers import house_style

FIRST = CitePosition(Position.FIRST, False, 1, None)


def _nothing(cx: PartContext) -> list[rt.Seg]:
    return []


def test_parts_are_the_registry() -> None:
    assert frozenset(REGISTRY) == PARTS
    # every part the hand-kept list of the model named before the registry replaced it, and
    # `series` (a report's series and number) and the parts of `cite.kinds`
    assert PARTS == set(
        "author author-short title title-short container editors translators genre event date "
        "publication publisher place number journal pages locator link accessed authority "
        "interviewer medium edition collection archive note series version software-version "
        "released untitled-facts interview-place section paper-edition volume volume-locator "
        "statute statute-year statute-pinpoint document-container".split()
    )
    house = house_style()
    for style in (house.citations, *house.citation_variants.values()):
        used = {p for layout in style.layouts.values() for p in layout.parts} | set(style.short)
        assert used <= PARTS


def test_every_skip_or_omission_has_a_part_that_prints_it() -> None:
    printed = set()
    for spec in REGISTRY.values():
        printed |= spec.marks | spec.may_mark | {var for var, _ in spec.claims}
    for spec in REGISTRY.values():
        assert spec.skip_if | spec.omits <= printed, spec.name


def test_declared_joiners_and_bibliography_sentences() -> None:
    assert REGISTRY["publication"].joiner is Joiner.SPACE
    assert REGISTRY["link"].joiner is Joiner.URL
    assert {n for n, s in REGISTRY.items() if s.joiner is not Joiner.PART} == {
        "publication",
        "link",
        "interview-place",  # *Nikkei Asia* (New York)
        "statute-year",  # Competition Act (2022)
    }
    # a series is a sentence of its own in an entry: "No. 177. Adelphi Series. Press, 1993."
    majors = {"author", "title", "editors", "translators", "edition", "series", "collection"}
    majors |= {"interviewer", "version", "software-version", "section", "genre"}  # "Version 4.6."
    majors |= {"document-container"}  # "In *Federal Register*, no. 44, vol. 89."
    assert {n for n, s in REGISTRY.items() if s.major} == majors
    assert {n for n, s in REGISTRY.items() if s.opens} == {"paper-edition", "publication"}
    en = house_style().citations
    ja = house_style().citation_variants["ja"]
    assert (Joiner.SPACE.text(en), Joiner.SPACE.text(ja)) == (" ", "")
    assert (Joiner.URL.text(en), Joiner.URL.text(ja)) == (", ", "、")
    assert (Joiner.PART.text(en), Joiner.PART.text(ja)) == (", ", "、")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"reads": {"author"}}, "citation part 'author' is registered twice"),
        ({"reads": {"autor"}}, "reads unknown variables ['autor']"),
        ({"reads": {"title"}, "marks": {"issued"}}, "marks ['issued'] unread"),
        ({"reads": {"title"}, "skip_if": {"editor"}}, "skip_if ['editor'] unread"),
        ({"reads": {"title"}, "claims": [("genre", bool)]}, "claims ['genre'] unread"),
    ],
)
def test_a_wrong_declaration_fails_at_registration(kwargs: dict[str, Any], error: str) -> None:
    name = "author" if "registered twice" in error else "test-only"
    with pytest.raises(ValueError, match=re.escape(error)):
        part(name, **kwargs)(_nothing)
    assert "test-only" not in REGISTRY and REGISTRY["author"].render is not _nothing


def test_a_part_may_only_query_and_mark_what_it_declared() -> None:
    style = house_style().citations
    ref = Reference.model_validate({"id": "x", "title": "T"})
    state = State(CiteRequest(ref, FIRST, 1), style, style.layout("document"))
    spec = PartSpec("x", _nothing, frozenset({"title", "issued"}), omits=frozenset({"issued"}))
    cx = PartContext(spec, state)
    assert cx.printed("issued") is False
    with pytest.raises(AssertionError, match="did not declare may_mark='title'"):
        cx.mark("title")
    with pytest.raises(AssertionError, match="did not declare omits='title'"):
        cx.printed("title")


def _full(style: CitationStyle, parts: str, ref: dict[str, Any], **req: str) -> str:
    layout = TypeLayout.model_validate({"parts": parts.split(), "title": "plain"})
    fmt = VariantFormatter(style.model_copy(update={"layouts": {"default": layout}}))
    request = CiteRequest(Reference.model_validate({"id": "x", **ref}), FIRST, 1, **req)
    return ir.plain_text(fmt.builder.build(fmt.full(request)))


REPORT = {"type": "report", "title": "T", "genre": "Working Paper", "number": "12"}
BOOK = {"type": "book", "title": "T", "publisher": "Press", "publisher-place": "Tokyo"}


@pytest.mark.parametrize("parts", ["title genre number", "title number genre"])
def test_number_claims_the_genre_wherever_it_stands(parts: str) -> None:
    assert _full(house_style().citations, parts, REPORT) == "T, Working Paper 12"


def test_genre_prints_when_nothing_claims_it() -> None:
    no_number = {**REPORT, "number": None}
    assert _full(house_style().citations, "title genre number", no_number) == "T, Working Paper"
    assert _full(house_style().citations, "title genre", REPORT) == "T, Working Paper"


def test_what_a_part_marks_printed_later_parts_skip_or_omit() -> None:
    # with the place printed (`publisher-place: true`), so that `place` can be skipped
    en = house_style().citations.model_copy(update={"publisher_place": True})
    dated = {**BOOK, "issued": "2020"}
    # `date` printed the date: `publication` leaves it out; after it, `publisher` is skipped
    assert _full(en, "title date publication publisher", dated) == "T, 2020 (Tokyo: Press)"
    assert _full(en, "title publication date", dated) == "T (Tokyo: Press, 2020), 2020"
    assert _full(en, "title publisher place publication", dated) == (
        "T, Press, Tokyo (Tokyo: Press, 2020)"
    )
    # an editor standing in for the author is not named again by `editors`
    edited = {**BOOK, "editor": [{"family": "Doe", "given": "Jane"}]}
    assert _full(en, "author title editors", edited) == "Jane Doe, ed., T"
    assert _full(en, "title editors author", edited) == "T, ed. Jane Doe, Jane Doe, ed."
    # the journal printed the cited page, so `locator` prints nothing
    article = {"type": "article-journal", "title": "T", "container-title": "J", "volume": "4"}
    assert _full(en, "title journal locator", article, locator="5") == "T, J 4: 5"
    assert _full(en, "title locator journal", article, locator="5") == "T, p.\u00a05, J 4: 5"


def test_the_declared_joiners_join_a_full_note() -> None:
    ja = house_style().citation_variants["ja"]
    book = {**BOOK, "issued": "2020", "URL": "https://example.org"}
    assert _full(house_style().citations, "title publication link", book) == (
        "T (Press, 2020), https://example.org"  # CMOS 18: no place (`publisher-place: false`)
    )
    assert (
        _full(ja, "title publication link", book)
        == "T（Tokyo：Press、2020年）、https://example.org"
    )


def test_the_place_of_publication_is_a_switch() -> None:
    en = house_style().citations
    dated = {**BOOK, "issued": "2020"}
    assert _full(en, "title place publication", dated) == "T (Press, 2020)"
    with_place = en.model_copy(update={"publisher_place": True})
    assert _full(with_place, "title publication", dated) == "T (Tokyo: Press, 2020)"
