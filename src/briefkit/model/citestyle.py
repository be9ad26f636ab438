"""Model stage: a house citation style (`templates/<style>/citations.yaml`), validated.

Every editorial choice is one switch: ibid on/off and its term, URL form and the separator before
it, locator labels, punctuation inside quotation marks, name order, the short-title rule, and the
order of fields per reference type. The formatter (`cite.format`) reads only this model.
Which part names a layout may use is the citation part registry's to say (`cite.parts`), so
`load.styles` checks them, where the YAML positions are known.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from briefkit.model.reference import CSL_TYPES
from briefkit.model.templates import uses

# A locator label, which may place the locator's value itself ("{value}頁", "第{value}章").
LabelForm = Annotated[str, uses("value")]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Ibid(_Base):
    enabled: bool = True
    term: str = "ibid."  # capitalised where it opens a note


class UrlRule(_Base):
    form: Literal["bare", "angle"] = "bare"
    separator: str = ", "
    doi_prefix: str = Field("https://doi.org/", alias="doi-prefix")
    prefer_doi: bool = Field(True, alias="prefer-doi")


class Quotes(_Base):
    outer: tuple[str, str] = ("\u201c", "\u201d")
    inner: tuple[str, str] = ("\u2018", "\u2019")
    book: tuple[str, str] = ("\u300e", "\u300f")  # 『』: Japanese book and journal titles
    punctuation_inside: bool = Field(True, alias="punctuation-inside")


class Typography(_Base):
    """How the text of a citation is set: the switches, each with its CMOS paragraph."""

    # curly quotes and apostrophes in titles, publishers, short titles (CMOS 6.115, 6.117, 13.30)
    smart_quotes: bool = Field(True, alias="smart-quotes")
    # a no-break space after p., pp., no., vol., chap., sec., para., n., fig. (CMOS 6.121)
    no_break_spaces: bool = Field(True, alias="no-break-spaces")
    range_dash: str = Field("\u2013", alias="range-dash")  # 12–14 (CMOS 6.78)
    abbreviate_ranges: bool = Field(True, alias="abbreviate-ranges")  # 140–45 (CMOS 9.64)
    plural_labels: bool = Field(True, alias="plural-labels")  # pp. 12–14 (CMOS 14.148)


class Punctuation(_Base):
    """The marks between and around the parts of a citation."""

    part: str = ", "  # between the parts of a reference
    terminal: str = "."  # ends a note made of a citation
    parens: tuple[str, str] = ("(", ")")
    place_publisher: str = Field(": ", alias="place-publisher")
    ibid_locator: str = Field(", ", alias="ibid-locator")
    affix_space: str = Field(" ", alias="affix-space")  # between a prefix and the citation
    # Japanese: no 、 next to 「」『』（）, as in 防衛省「題名」2025年11月1日、URL
    none_at_brackets: bool = Field(False, alias="none-at-brackets")
    capitalize: bool = True  # "Ibid."/"See" where a citation opens a note
    # a citation inside a note, after words of its sentence, in `parens`: Japanese sets it off
    # so (…との見方がある（田中亮「題名」、12頁）。), where nothing else would part the two
    in_sentence_parens: bool = Field(False, alias="in-sentence-parens")


class JournalRule(_Base):
    """How a journal's volume, issue, date and page follow its title."""

    volume: Annotated[str, uses("volume")] = "{volume}"
    issue: Annotated[str, uses("issue")] = "no. {issue}"
    space: str = " "  # between the title and the volume, and before the date's parentheses
    volume_issue: str = Field(", ", alias="volume-issue")
    page_separator: str = Field(": ", alias="page-separator")
    page_label: bool = Field(False, alias="page-label")  # Chicago prints the bare page
    # a cited place other than a page follows the date as a page does: "(2014): n. 14"
    any_locator: bool = Field(False, alias="any-locator")


class Names(_Base):
    order: Literal["given-first", "family-first"] = "given-first"
    delimiter: str = ", "
    and_term: str = Field("and", alias="and")
    serial_comma: bool = Field(True, alias="serial-comma")
    et_al_min: int = Field(4, alias="et-al-min", ge=2)
    et_al_use_first: int = Field(1, alias="et-al-use-first", ge=1)
    et_al_term: str = Field("et al.", alias="et-al-term")
    and_spacing: bool = Field(True, alias="and-spacing")  # "A and B"; Japanese "A・B"
    # a bibliography entry lists more names before "et al." (CMOS 18 14.76, unverified)
    bib_et_al_min: int = Field(7, alias="bibliography-et-al-min", ge=2)
    bib_et_al_use_first: int = Field(3, alias="bibliography-et-al-use-first", ge=1)


class Dates(_Base):
    months: tuple[str, ...] = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    seasons: tuple[str, str, str, str] = ("Spring", "Summer", "Autumn", "Winter")
    day_month_year: Annotated[str, uses("month", "day", "year")] = Field(
        "{month} {day}, {year}", alias="day-month-year"
    )
    month_year: Annotated[str, uses("month", "year")] = Field("{month} {year}", alias="month-year")
    circa: str = "ca."
    no_date: str = Field("", alias="no-date")  # printed when a layout asks for a missing date
    year: Annotated[str, uses("year")] = "{year}"  # known to the year only (Japanese "{year}年")
    range_delimiter: str = Field("\u2013", alias="range-delimiter")
    # November\u00a021, 2025: the day never starts a line without its month (CMOS 6.121)
    no_break_space: bool = Field(True, alias="no-break-space")

    @field_validator("months")
    @classmethod
    def _twelve(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) != 12:
            raise ValueError("months needs 12 names")
        return value


class Terms(_Base):
    """Words of the citation style; `{names}`, `{number}`, `{n}`, `{ordinal}` are filled in."""

    editor: tuple[str, str] = ("ed.", "eds.")  # after an editor who stands for the author
    # how that term follows the names: "A and B, eds."; Japanese sets 編 close, "A・B編"
    editors_as_author: Annotated[str, uses("names", "role")] = Field(
        "{names}, {role}", alias="editors-as-author"
    )
    edited_by: Annotated[str, uses("names")] = Field("ed. {names}", alias="edited-by")
    translated_by: Annotated[str, uses("names")] = Field("trans. {names}", alias="translated-by")
    interview_by: Annotated[str, uses("names")] = Field(
        "interview by {names}", alias="interview-by"
    )
    accessed: str = "accessed"
    # a bibliography entry spells the roles out ("Edited by", "In *Book*, edited by")
    bib_edited_by: Annotated[str, uses("names")] = Field(
        "edited by {names}", alias="bibliography-edited-by"
    )
    bib_translated_by: Annotated[str, uses("names")] = Field(
        "translated by {names}", alias="bibliography-translated-by"
    )
    genre_by: Annotated[str, uses("genre", "names")] = Field(
        "{genre} by {names}", alias="genre-by"
    )  # an interview whose genre is given: "Interview by Jane Roe", "Podcast interview by"
    version: Annotated[str, uses("version")] = "version {version}"  # a data set's
    software_version: Annotated[str, uses("version")] = Field(
        "v. {version}", alias="software-version"
    )
    released: Annotated[str, uses("date")] = "released {date}"  # software
    pinpoint: str = "at"  # a page of a gazette a statute is printed in: "749 (1991), at 173"
    paper_edition: Annotated[str, uses("edition")] = Field(
        "{edition} Edition", alias="paper-edition"
    )  # a newspaper's or magazine's edition: "Late Edition"
    in_term: str = Field("in", alias="in")
    number: Annotated[str, uses("number")] = "no. {number}"
    volume: Annotated[str, uses("volume")] = "vol. {volume}"
    edition: Annotated[str, uses("n", "ordinal")] = "{ordinal} ed."
    thesis: str = "PhD diss."


class TypeLayout(_Base):
    """How one reference type prints in full: ordered parts, and how its titles are set."""

    # names of citation parts; `cite.parts` registers them and `load.styles` checks them
    parts: tuple[str, ...]
    title: Literal["quoted", "italic", "plain", "book"] = "quoted"
    container: Literal["quoted", "italic", "plain", "book"] = "plain"
    container_prefix: str = Field("", alias="container-prefix")  # "in " for chapters
    requires: tuple[str, ...] = ()  # fields whose absence is warned about (ref.missing-field)
    date: Literal["full", "year"] = "full"  # books print the year only, in Chicago
    # what stands for a missing author in the short form, the first the reference has:
    # Chicago's "World Bank, “Title,” 12" (a web page's owner) or "*New York Times*, “Title”"
    short_author: tuple[Literal["publisher", "container-title"], ...] = Field(
        (), alias="short-author"
    )
    # labels of cited places for this type, over the style's: a statute's "§ 5", "¶ 2"
    locator_labels: dict[str, tuple[LabelForm, LabelForm]] = Field(
        default_factory=dict, alias="locator-labels"
    )
    # whether a bibliography entry is in sentences ("Title. Press, 2004."); a statute's
    # entry keeps the legal form of its note: "Act No. 4 of 2007 (2004)."
    sentences: bool = True
    # the short form's parts for this type, if not the style's `short`
    short: tuple[str, ...] | None = None
    # a bibliography entry for this type: always, never (Chicago lists no personal
    # communication, 14.111), or only when a reader can find it (a URL, DOI or container:
    # an unpublished interview or speech is cited in the notes only, 14.108, unverified)
    listed: Literal["always", "never", "when-accessible"] = "always"


class Bibliography(_Base):
    enabled: bool = False
    # each element of an entry a sentence (Chicago: "Title. Press, 2004."); a Japanese entry
    # keeps the note's 、 between them
    sentences: bool = True
    title: str = "Bibliography"
    sort: tuple[Literal["author", "title", "date"], ...] = ("author", "title", "date")
    # Chicago alphabetises letter by letter, ignoring spaces and punctuation ("Okafor" before
    # "O’Neill", CMOS 18 16.58, unverified); false sorts them before letters, as citeproc does
    letter_by_letter: bool = Field(True, alias="letter-by-letter")


def _default_labels() -> dict[str, tuple[str, str]]:
    return {
        "page": ("p.", "pp."),
        "chapter": ("chap.", "chaps."),
        "section": ("sec.", "secs."),
        "paragraph": ("para.", "paras."),
        "volume": ("vol.", "vols."),
        "note": ("n.", "nn."),
        "line": ("l.", "ll."),
        "figure": ("fig.", "figs."),
        "table": ("table", "tables"),
        "column": ("col.", "cols."),
        "part": ("pt.", "pts."),
        "book": ("bk.", "bks."),
        "issue": ("no.", "nos."),
        "verse": ("v.", "vv."),
        "folio": ("fol.", "fols."),
        "appendix": ("app.", "apps."),
        "article-locator": ("art.", "arts."),
        "sub-verbo": ("s.v.", "s.vv."),
        "equation": ("eq.", "eqs."),
        "opus": ("op.", "opp."),
        "act": ("act", "acts"),
        "canon": ("can.", "cans."),
        "elocation": ("loc.", "locs."),
        "rule": ("r.", "rr."),
        "scene": ("sc.", "scs."),
        "supplement": ("supp.", "supps."),
        "timestamp": ("", ""),
        "title-locator": ("tit.", "tits."),
    }


class CitationStyle(_Base):
    """The citation half of a house style."""

    locale: str = "en-US"
    delimiter: str = "; "  # between the sources of one citation
    ibid: Ibid = Ibid()
    near_note_distance: int = Field(5, alias="near-note-distance", ge=0)
    # later citations: always short, always full, or short only within near-note-distance
    subsequent: Literal["short", "full", "near-note"] = "short"
    url: UrlRule = UrlRule()
    accessed: Literal["never", "when-no-date", "always"] = "never"
    quotes: Quotes = Quotes()
    translated_title: tuple[str, str] = Field(("[", "]"), alias="translated-title")
    show_translated_title: bool = Field(True, alias="show-translated-title")
    punctuation: Punctuation = Punctuation()
    typography: Typography = Typography()
    journal: JournalRule = JournalRule()
    locator_format: Annotated[str, uses("label", "value")] = Field(
        "{label} {value}", alias="locator-format"
    )
    title_case: bool = Field(False, alias="title-case")
    # a short note's title when the reference has no `title-short`: 0 keeps the whole title
    # (the seed's note 6); Chicago cuts it at the colon and keeps at most four words (CMOS 18
    # 14.30, unverified)
    short_title_words: int = Field(0, alias="short-title-words", ge=0)
    # with no `title-short`, a short note drops the subtitle (after ": ", "：", " — " or "——"):
    # Chicago always does (CMOS 18 14.30, unverified); the seed's one short note has none
    short_title_drops_subtitle: bool = Field(True, alias="short-title-drops-subtitle")
    # a web page's site or owner is left out where it is the author (CMOS 18 14.104, unverified)
    omit_owner_if_author: bool = Field(True, alias="omit-owner-if-author")
    # print the place of publication, "Tokyo: Press"; CMOS 18 (14.30) no longer asks for it
    publisher_place: bool = Field(True, alias="publisher-place")
    names: Names = Names()
    dates: Dates = Dates()
    terms: Terms = Terms()
    locator_labels: dict[str, tuple[LabelForm, LabelForm]] = Field(
        default_factory=_default_labels, alias="locator-labels"
    )
    layouts: dict[str, TypeLayout]
    short: tuple[str, ...] = ("author-short", "title-short", "locator")
    bibliography: Bibliography = Bibliography()

    @field_validator("locator_labels")
    @classmethod
    def _merge_labels(cls, value: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """A style lists the labels it changes; every other locator keeps its default."""
        from briefkit.parse.citations import LOCATOR_TERMS

        known = set(LOCATOR_TERMS.values())
        for name in value:
            if name not in known:
                raise ValueError(f"'{name}' is not a CSL locator type")
        return {**_default_labels(), **value}

    @field_validator("layouts")
    @classmethod
    def _layout_types(cls, value: dict[str, TypeLayout]) -> dict[str, TypeLayout]:
        for name in value:
            if name != "default" and name not in CSL_TYPES:
                raise ValueError(f"'{name}' is not a CSL item type")
        if "default" not in value:
            raise ValueError("layouts needs a 'default' entry for types without their own")
        return value

    def layout(self, item_type: str) -> TypeLayout:
        return self.layouts.get(item_type) or self.layouts["default"]

    def label(self, locator_type: str, plural: bool, item_type: str | None = None) -> str:
        own = self.layout(item_type).locator_labels if item_type else {}
        forms = own.get(locator_type) or self.locator_labels.get(locator_type)
        if forms is None:
            return locator_type
        return forms[1] if plural else forms[0]

    def locator_text(
        self, locator_type: str, value: str, plural: bool, item_type: str | None = None
    ) -> str:
        """ "p. 5", or in Japanese "5頁", "第3章": a label may place the value itself."""
        label = self.label(locator_type, plural, item_type)
        if not label:
            return value
        form = self.locator_format
        if self.typography.no_break_spaces:  # "p.\u00a05": a label never ends a line
            label, form = label.replace(" ", "\u00a0"), form.replace(" ", "\u00a0")
        if "{value}" in label:
            return label.format(value=value)
        return form.format(label=label, value=value)
