"""Parse stage: one BibTeX/biblatex entry (type + expanded fields) -> a raw CSL item.

Consumes an entry whose `@string`s, `#` concatenations and `crossref`/`xdata` parents are
already resolved (parse/bibtex.py); produces the CSL mapping and, for each CSL variable, the
BibTeX field it came from (so a problem is reported on that field's line), plus the fields that
had no CSL equivalent.

The mapping is pandoc's (its biblatex reader, `Text.Pandoc.Citeproc.BibTeX`, is the oracle of
tests/parse/test_pandoc_differential.py), with these documented choices:

- titles are kept in the case they are written in (pandoc sentence-cases English titles
  because CSL styles re-case them; briefkit's citation engine headline-cases English titles
  itself and prints every other language as written);
- `@misc` (and unknown types) become CSL `document` where pandoc leaves the type empty;
- `howpublished` that is a web address becomes `URL` (Better BibTeX writes web pages so),
  `eprinttype = {hdl}` gives a Handle URL too, and DOIs are stored bare (`10.1234/x`);
- `langid` with `langidopts` is the BCP 47 tag of the language (parse/biblangs.py: `german` is
  `de`, `english` with `variant=british` is `en-GB`) where pandoc writes the CSL locale it
  would load (`german` is `de-DE`, `english` alone `en-US`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefkit.codes import Code
from briefkit.parse.biblangs import langid_tag
from briefkit.parse.bibparts import (
    ARTICLES,
    BOOKISH,
    CHAPTERS,
    EPRINT_URLS,
    IGNORED,
    TYPES,
    NameProblem,
    edtf_date,
    join_title,
    month_number,
    names,
    old_date,
    ordinal,
    split_and,
)
from briefkit.parse.bibstrings import resolve_key
from briefkit.parse.latex import latex_to_text

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


@dataclass
class Converted:
    data: dict[str, Any]
    source: dict[str, str] = field(default_factory=dict)  # CSL variable -> BibTeX field
    unmapped: list[str] = field(default_factory=list)  # BibTeX fields with no CSL equivalent
    known_type: bool = True


class Problem(Protocol):
    """Told of a problem in one BibTeX field: its name, the message, the diagnostic's code."""

    def __call__(self, bib: str, message: str, code: Code = "ref.latex") -> None: ...


class _Entry:
    def __init__(self, fields: dict[str, str], lang: str, problem: Problem) -> None:
        self.fields = fields
        self.lang = lang
        self.problem = problem
        self.used: set[str] = set()

    def raw(self, name: str) -> str | None:
        value = self.fields.get(name)
        if value is None or not value.strip():
            return None
        self.used.add(name)
        return value.strip()

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        out = latex_to_text(value, lambda msg: self.problem(name, msg), markup=True)
        return out or None

    def literal_list(self, name: str, printed: bool = False) -> str | None:
        """biblatex literal lists (`location`, `publisher`): `and` separates, `; ` joins (as
        pandoc joins them). `printed`: joined as biblatex prints the list instead ("A and B",
        "A, B and C"), for names of organisations, where an unbraced `and` is far more often
        part of the name ("Center for Strategic and International Studies") than a second
        publisher, and "; " would print a name cut in two."""
        value = self.raw(name)
        if value is None:
            return None
        parts = [
            latex_to_text(p, lambda m: self.problem(name, m), markup=True) for p in split_and(value)
        ]
        parts = [p for p in parts if p]
        if printed and len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return "; ".join(parts) or None


def convert(entry_type: str, fields: dict[str, str], lang: str, problem: Problem) -> Converted:
    """The CSL item of one entry (`fields` lower-cased, expanded, crossrefs resolved)."""
    e = _Entry(fields, lang, problem)
    et = entry_type.lower()
    out = Converted({}, known_type=et in TYPES)
    data, source = out.data, out.source

    def put(var: str, value: Any, bib: str) -> None:
        if value not in (None, "", []):
            data[var] = value
            source[var] = bib

    subtype = (e.raw("entrysubtype") or "").lower()
    csl_type = TYPES.get(et, "document")
    if et in ("article", "periodical", "suppperiodical") and subtype in ("magazine", "newspaper"):
        csl_type = f"article-{subtype}"
    if et == "unpublished" and any(k in fields for k in ("eventdate", "eventtitle", "venue")):
        csl_type = "speech"
    put("type", csl_type, "type")
    opts = _options(e.raw("options") or "")
    # language: biblatex `langid` (or `hyphenation`), written as a BCP 47 tag
    langid = e.raw("langid") or e.raw("hyphenation")
    if langid:
        tag, unused = langid_tag(langid, e.raw("langidopts") or "")
        for option in unused:
            e.problem(
                "langidopts",
                f"option '{option}' does not change the language; it is {tag}",
                "ref.unknown-language",
            )
        put("language", tag, "langid" if e.raw("langid") else "hyphenation")
    elif language := e.text("language"):
        # else biblatex's language of the work, as Zotero's BibTeX export writes it (`en`,
        # `Japanese`) or as a localisation key (`langlatin`): the model reads any spelling as
        # a tag; pandoc reads `langid` only
        first = re.split(r"\s+and\s+", language)[0]
        key = first[4:] if first.lower().startswith("lang") else ""
        put("language", langid_tag(key, "")[0] if key.isalpha() else first, "language")
    _genre(e, et, put)
    _names(e, opts, put)
    _dates(e, put)
    _titles(e, et, put)
    _numbers(e, et, put)
    _publication(e, et, put)
    _links(e, et, opts, put)
    out.unmapped = [k for k in fields if k not in e.used and k not in IGNORED]
    return out


_Put = Callable[[str, Any, str], None]


def _options(text: str) -> dict[str, str]:
    pairs = (o.partition("=") for o in text.split(",") if o.strip())
    return {k.strip().lower(): v.strip().lower() for k, _, v in pairs}


def _genre(e: _Entry, et: str, put: _Put) -> None:
    kind = e.text("type")
    if kind:
        put("genre", resolve_key(kind, e.lang), "type")
    elif et in ("mastersthesis", "phdthesis"):
        put(
            "genre",
            resolve_key("mathesis" if et == "mastersthesis" else "phdthesis", e.lang),
            "type",
        )


def _names(e: _Entry, opts: dict[str, str], put: _Put) -> None:
    useprefix = opts.get("useprefix", "false") in ("true", "")
    director_is_editor = (e.raw("editortype") or "").lower() == "director"
    targets = {"author": "author", "bookauthor": "container-author", "translator": "translator"}
    targets["editor"] = "director" if director_is_editor else "editor"
    if not director_is_editor:
        targets["director"] = "director"
    for bib, csl in targets.items():
        value = e.raw(bib)
        if value is not None:
            put(csl, names(value, _problem_of(e, bib), useprefix), bib)


def _problem_of(e: _Entry, bib: str) -> NameProblem:
    def problem(message: str, code: Code = "ref.latex") -> None:
        e.problem(bib, message, code)

    return problem


def _dates(e: _Entry, put: _Put) -> None:
    for csl, new, prefix in (
        ("issued", "date", ""),
        ("event-date", "eventdate", "event"),
        ("original-date", "origdate", "orig"),
        ("accessed", "urldate", "url"),
    ):
        raw = e.raw(new)
        date = edtf_date(raw) if raw is not None else None
        if date is not None:
            put(csl, date, new)
            _overridden(e, prefix, new, date)
            continue
        # not an EDTF date: pandoc falls back to year/month/day, and so do we (a date that
        # is neither is kept as a literal, never dropped)
        year = e.text(f"{prefix}year")
        if year is not None:
            month, day = e.raw(f"{prefix}month"), e.raw(f"{prefix}day")
            if month is not None and month_number(month) is None:
                e.problem(
                    f"{prefix}month",
                    f"'{month}' is not a month: left out of the date",
                    "ref.invalid-date",
                )
            elif day is not None and not day.isdigit():
                e.problem(
                    f"{prefix}day",
                    f"'{day}' is not a day: left out of the date",
                    "ref.invalid-date",
                )
            put(csl, old_date(year, month, day), f"{prefix}year")
        elif raw is not None:
            put(csl, {"literal": latex_to_text(raw)}, new)


def _overridden(e: _Entry, prefix: str, new: str, date: dict[str, Any]) -> None:
    """`year`/`month`/`day` beside a `date`, which wins (biblatex's rule): said where they
    differ from it (not as "no CSL equivalent": they have one, `date` took its place)."""
    parts = date.get("date-parts", [[]])[0]
    differ = []
    for n, name in enumerate(("year", "month", "day")):
        value = e.raw(prefix + name)  # read: not reported as a field with no CSL equivalent
        if value is None:
            continue
        number = month_number(value) if name == "month" else value
        if n >= len(parts) or str(number) != str(parts[n]):
            differ.append(f"'{prefix}{name}'")
    if differ:
        e.problem(
            differ[0].strip("'"),
            f"{', '.join(differ)} overridden by '{new}' ({e.raw(new)}): not read",
            "ref.duplicate-field",
        )


def _titles(e: _Entry, et: str, put: _Put) -> None:
    periodical = et == "periodical"
    chapter = et in CHAPTERS
    has_main = e.raw("maintitle") is not None
    main_book = has_main and not chapter
    if periodical and e.raw("issuetitle"):
        title = join_title([e.text("issuetitle"), e.text("issuesubtitle")], ":")
        put("title", join_title([title, e.text("titleaddon")], "."), "issuetitle")
    elif main_book:
        title = join_title([e.text("maintitle"), e.text("mainsubtitle")], ":")
        put("title", join_title([title, e.text("maintitleaddon")], "."), "maintitle")
        volume = join_title([e.text("title"), e.text("subtitle")], ":")
        put("volume-title", join_title([volume, e.text("titleaddon")], "."), "title")
    else:
        title = join_title([e.text("title"), e.text("subtitle")], ":")
        put("title", join_title([title, e.text("titleaddon")], "."), "title")
        if has_main and chapter:
            volume = join_title([e.text("booktitle"), e.text("booksubtitle")], ":")
            put("volume-title", join_title([volume, e.text("booktitleaddon")], "."), "booktitle")
    container: list[str | None] = []
    bib = ""
    if periodical:
        bib = "title"
        container = [e.text("title"), e.text("subtitle"), e.text("titleaddon")]
    elif chapter and has_main:
        bib = "maintitle"
        container = [e.text("maintitle"), e.text("mainsubtitle"), e.text("maintitleaddon")]
    elif chapter and e.raw("booktitle"):
        bib = "booktitle"
        container = [e.text("booktitle"), e.text("booksubtitle"), e.text("booktitleaddon")]
    else:
        bib = "journaltitle" if e.raw("journaltitle") else "journal"
        container = [e.text(bib), e.text("journalsubtitle"), None]
    put("container-title", join_title([join_title(container[:2], ":"), container[2]], "."), bib)
    short = e.text("shortjournal")
    put("container-title-short", short, "shortjournal")
    series = e.text("series")
    if series:
        series = (
            f"{ordinal(series)} {resolve_key('jourser', e.lang)}"
            if series.isdigit()
            else " ".join(resolve_key(w, e.lang) for w in series.split(" "))
        )
        put("collection-title", series, "series")
    short_title = e.text("shorttitle") if (not has_main or chapter) else None
    if short_title is None and e.raw("title") and (e.raw("subtitle") or e.raw("titleaddon")):
        short_title = None if has_main else e.text("title")
    put("title-short", short_title, "shorttitle")
    # pandoc's extension for an English gloss of a non-English title (model/reference.py)
    for bib in ("titletranslated", "title-translated", "translatedtitle"):
        put("title-translated", e.text(bib), bib)
    put("event-title", e.text("eventtitle"), "eventtitle")
    put("original-title", e.text("origtitle"), "origtitle")


def _numbers(e: _Entry, et: str, put: _Put) -> None:
    pages = e.text("pages")
    put("page", pages.replace("\u2013", "-") if pages else None, "pages")
    put("number-of-pages", e.text("pagetotal"), "pagetotal")
    volume, part = e.text("volume"), e.text("part")
    put("volume", f"{volume}.{part}" if volume and part else (volume or part), "volume")
    put("number-of-volumes", e.text("volumes"), "volumes")
    put("chapter-number", e.text("chapter"), "chapter")
    put("edition", e.text("edition"), "edition")
    put("version", e.text("version"), "version")
    number = e.text("number")
    if number is not None:
        if et in BOOKISH:
            put("collection-number", number, "number")
        elif et in ARTICLES:
            issue = e.text("issue")
            put("issue", f"{number}, {issue}" if issue else number, "number")
        else:
            put("number", number, "number")
    elif et in ARTICLES:
        put("issue", e.text("issue"), "issue")
    else:
        put("issue", e.text("issue"), "issue")


def _publication(e: _Entry, et: str, put: _Put) -> None:
    publishers: list[tuple[str, str]] = []
    for bib in ("school", "institution", "organization", "howpublished", "publisher"):
        if bib == "howpublished":
            raw = e.raw(bib)
            if raw is None or _is_url(latex_to_text(raw)):
                continue
            value = e.text(bib)
        else:
            value = e.literal_list(bib, printed=True)
        if value:
            publishers.append((value, bib))
    if publishers:
        put("publisher", join_title([p for p, _ in publishers], ";"), publishers[0][1])
    put("original-publisher", e.text("origpublisher"), "origpublisher")
    put("event-place", e.text("venue"), "venue")
    if e.raw("address") is not None:
        put("publisher-place", e.literal_list("address"), "address")
    elif et != "patent":
        put("publisher-place", e.literal_list("location"), "location")
    if et == "patent" and e.raw("location") is not None:
        places = [resolve_key(latex_to_text(p), e.lang) for p in split_and(e.raw("location") or "")]
        put("jurisdiction", "; ".join(places), "location")
    put("original-publisher-place", e.literal_list("origlocation"), "origlocation")
    note = join_title([e.text("note") if et != "periodical" else None, e.text("addendum")], ".")
    put("note", note, "note")
    put("annote", e.text("annotation") or e.text("annote"), "annotation")
    put("abstract", e.text("abstract"), "abstract")
    put("keyword", e.text("keywords"), "keywords")
    pubstate = e.text("pubstate")
    put("status", resolve_key(pubstate, e.lang) if pubstate else None, "pubstate")
    for csl, bib in (("ISBN", "isbn"), ("ISSN", "issn"), ("PMID", "pmid"), ("PMCID", "pmcid")):
        put(csl, e.raw(bib), bib)
    put("call-number", e.raw("library"), "library")


def _is_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://\S+", text.strip()))


def _links(e: _Entry, et: str, opts: dict[str, str], put: _Put) -> None:
    url = e.raw("url") if (et == "online" or opts.get("url") != "false") else None
    if url is not None:
        put("URL", latex_to_text(url) if "\\" in url or "{" in url else url, "url")
    else:
        kind, eprint = (e.raw("eprinttype") or "").lower(), e.raw("eprint")
        how = e.raw("howpublished")
        if eprint and kind in EPRINT_URLS:
            put("URL", EPRINT_URLS[kind] + eprint, "eprint")
        elif how is not None and _is_url(latex_to_text(how)):
            put("URL", latex_to_text(how), "howpublished")
    doi = e.raw("doi") if opts.get("doi") != "false" else None
    if doi is not None:
        put("DOI", _DOI_PREFIX.sub("", latex_to_text(doi) if "\\" in doi else doi), "doi")
