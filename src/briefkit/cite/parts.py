"""Resolve stage helper: the parts a citation layout is made of (author, title, date...).

Each part renders one element of a reference as rich-text segments, following one
`CitationStyle`: its names rules, quotation marks, date formats, punctuation and locator
labels. Each is registered here, where it is defined, with its declaration (`cite.registry`):
the joiner before it, the variables it reads, and what it marks as printed or yields to.
`cite.format` runs a layout's parts through the registry and joins them. `PARTS`, the names a
house style's layout may use, is the registry's list once this module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefkit import ir
from briefkit.cite import kinds, series  # noqa: F401 (register their parts before `names()`)
from briefkit.cite import richtext as rt
from briefkit.cite.dates import format_date, format_partial
from briefkit.cite.locators import is_plural, locator, page_range, styled_range
from briefkit.cite.names import bibliography_names, name_list
from briefkit.cite.registry import Joiner, PartContext, names, part
from briefkit.cite.styled import styled
from briefkit.lang import primary_subtag
from briefkit.model.citestyle import CitationStyle, TypeLayout
from briefkit.model.dates import PartialDate
from briefkit.model.reference import Name, Reference
from briefkit.parse.cslmarkup import close_open
from briefkit.urls import is_safe_url

_SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs. v.".split()
)
__all__ = ["PARTS", "locator", "page_range", "styled", "title"]  # locators: `cite.locators`


def headline_case(title: str) -> str:
    """Chicago headline-style capitalisation, leaving acronyms and mixed-case words alone."""
    words = title.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip("“”‘’\"'([")
        first_or_last = i == 0 or i == len(words) - 1 or (out and out[-1].endswith(":"))
        if not bare or any(c.isupper() for c in bare[1:]) or bare[:1].isupper():
            out.append(word)
        elif bare.lower() in _SMALL_WORDS and not first_or_last:
            out.append(word.lower())
        else:
            idx = word.index(bare[0])
            out.append(word[:idx] + word[idx].upper() + word[idx + 1 :])
    return " ".join(out)


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------- shared pieces
_SUBTITLE = re.compile(r"\s*(?::|——|—| – )\s*")
# where a subtitle surely starts: a colon and a space ("Web 2.0: …", not "10:30"), a full-width
# colon, a spaced em dash, or the Japanese double dash
_SUBTITLE_START = re.compile(r"\s*(?::\s|：|\s—\s|——)\s*")


def _shortened(style: CitationStyle, text: str | None) -> str | None:
    """Chicago's short title: the main title without its subtitle
    (`short-title-drops-subtitle`), at most N words (`short-title-words`)."""
    if text and style.short_title_drops_subtitle:
        text = _SUBTITLE_START.split(text, maxsplit=1)[0].rstrip() or text
    if not text or not style.short_title_words:
        return close_open(text) if text else text  # markup cut in two is closed, not a stray tag
    main = _SUBTITLE.split(text, maxsplit=1)[0] or text
    words, most = main.split(), style.short_title_words
    return close_open(" ".join(words[:most]) if len(words) > most else main)


def title(
    style: CitationStyle, ref: Reference, *, short: bool, how: str | None = None
) -> list[rt.Seg]:
    text = (ref.title_short or _shortened(style, ref.title)) if short else ref.title
    if not text:
        return []
    english = ref.language is None or ref.language.lower().startswith("en")
    if style.title_case and english:
        text = headline_case(text)
    return [styled(style, text, how or style.layout(ref.type).title)]


def date(style: CitationStyle, ref: Reference, layout: TypeLayout) -> str:
    issued = ref.issued
    if layout.date == "year" and issued and issued.start and not issued.end:
        year = format_partial(PartialDate(year=issued.start.year), style.dates)
        return f"{style.dates.circa} {year}" if issued.circa else year
    return format_date(issued, style.dates)


def _text(value: str | None) -> list[rt.Seg]:
    return [rt.field(value)] if value else []


def _names_with(style: CitationStyle, term: str, people: Sequence[Name]) -> list[rt.Seg]:
    return [term.format(names=name_list(list(people), style.names))] if people else []


# ---------------------------------------------------------------- the parts
# `major`: in a bibliography entry a full stop follows the part (Chicago: author, title,
# editors, translators, edition and series each end a sentence: "Title. 3rd ed. Press, 2004.")
@part(
    "author",
    reads={"author", "editor", "publisher", "container-title"},
    may_mark={"editor", "publisher", "container-title"},
    major=True,
)
def _author(cx: PartContext) -> list[rt.Seg]:
    if cx.req.suppress_author:
        return []
    ref, style = cx.ref, cx.style
    people, role = ref.author, None
    if not people and ref.editor:  # the editors stand for the author: `editors` skips them
        people, role = ref.editor, style.terms.editor
        cx.mark("editor")
    if not people:
        # an entry opens with what stands for the author (`short-author`), as the short
        # note does: "*Kyodo News*. “Title.” December 3, 2008." (CMOS 14.89, unverified)
        return _stand_in(cx, mark=True) if cx.bibliography else []
    if cx.bibliography:
        text = bibliography_names(people, style.names)
    else:
        text = name_list(people, style.names)
    if role:  # "A and B, eds."; Japanese "A・B編" (terms.editors-as-author: no 、 before 編)
        term = role[1] if len(people) > 1 else role[0]
        text = style.terms.editors_as_author.format(names=text, role=term)
    return [text]


def _stand_in(cx: PartContext, *, mark: bool = False) -> list[rt.Seg]:
    for stand_in in cx.layout.short_author:  # the layout's `short-author`, the first present
        if stand_in == "publisher" and cx.ref.publisher:
            if mark:
                cx.mark("publisher")
            return [cx.ref.publisher]
        if stand_in == "container-title" and cx.ref.container_title:
            if mark:
                cx.mark("container-title")
            return [styled(cx.style, cx.ref.container_title, cx.layout.container)]
    return []


@part("author-short", reads={"author", "editor", "publisher", "container-title"})
def _author_short(cx: PartContext) -> list[rt.Seg]:
    if cx.req.suppress_author:
        return []
    people = cx.ref.author or cx.ref.editor
    if people:
        return [name_list(people, cx.style.names, short=True)]
    return _stand_in(cx)


@part("title", reads={"title", "title-translated", "language"}, major=True)
def _title(cx: PartContext) -> list[rt.Seg]:
    segs = title(cx.style, cx.ref, short=False, how=cx.layout.title)
    gloss = cx.ref.title_translated
    # the translation helps a reader of another language than the source's
    foreign = primary_subtag(cx.ref.language or "") != cx.lang
    if segs and gloss and cx.style.show_translated_title and foreign:
        o, c = cx.style.translated_title
        segs += [" ", f"{o}{gloss}{c}"]
    return segs


@part("title-short", reads={"title", "title-short", "language"})
def _title_short(cx: PartContext) -> list[rt.Seg]:
    return title(cx.style, cx.ref, short=True, how=cx.layout.title)


def _is_author(cx: PartContext, text: str) -> bool:
    """A web page's site or owner that is its author too (`omit-owner-if-author`)."""
    if not cx.style.omit_owner_if_author or cx.ref.type not in ("webpage", "post-weblog"):
        return False
    return any(n.literal and n.literal.strip() == text.strip() for n in cx.ref.author)


@part("container", reads={"container-title", "author"}, skip_if={"container-title"})
def _container(cx: PartContext) -> list[rt.Seg]:
    text = cx.ref.container_title
    if not text or _is_author(cx, text):
        return []
    segs = styled(cx.style, text, cx.layout.container)
    prefix = cx.layout.container_prefix
    return [prefix, segs] if prefix else [segs]


@part("editors", reads={"editor", "container-title"}, skip_if={"editor"}, major=True)
def _editors(cx: PartContext) -> list[rt.Seg]:
    terms = cx.style.terms
    # an entry spells the role out: "Edited by A." (a book), "In *Book*, edited by A." (a
    # chapter: the editors follow the container in the same sentence)
    term = terms.bib_edited_by if cx.bibliography else terms.edited_by
    return _names_with(cx.style, term, cx.ref.editor)


@part("translators", reads={"translator"}, major=True)
def _translators(cx: PartContext) -> list[rt.Seg]:
    terms = cx.style.terms
    term = terms.bib_translated_by if cx.bibliography else terms.translated_by
    return _names_with(cx.style, term, cx.ref.translator)


def _has_genre(ref: Reference) -> bool:
    return bool(ref.genre) and ref.type == "interview"


# an interview's genre stands for "interview": "Podcast interview by Jane Roe"
@part("interviewer", reads={"interviewer", "genre"}, claims=[("genre", _has_genre)], major=True)
def _interviewer(cx: PartContext) -> list[rt.Seg]:
    ref, terms = cx.ref, cx.style.terms
    if ref.genre and ref.type == "interview":
        if not ref.interviewer:
            return [ref.genre]
        people = name_list(list(ref.interviewer), cx.style.names)
        return [terms.genre_by.format(genre=ref.genre, names=people)]
    return _names_with(cx.style, terms.interview_by, ref.interviewer)


def _is_thesis(ref: Reference) -> bool:
    return ref.type == "thesis"


# `number` claims the genre it prints ("Working Paper 12"), so this part yields to it
@part("genre", reads={"genre"}, skip_if={"genre"}, major=True)  # an entry: "Lecture."
def _genre(cx: PartContext) -> list[rt.Seg]:
    if _is_thesis(cx.ref):
        # A thesis's genre belongs to its publication facts ("PhD diss., University, 2020"),
        # printed by `publication`; never here, even in a layout without `publication`.
        return []
    return _text(cx.ref.genre)


@part("event", reads={"event-title", "event", "event-place"})
def _event(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    name = ref.event_title or ref.text("event")
    return rt.join([_text(name), _text(ref.event_place)], cx.style.punctuation.part)


@part("date", reads={"issued"}, marks={"issued"})
def _date(cx: PartContext) -> list[rt.Seg]:
    return _text(date(cx.style, cx.ref, cx.layout))


@part(
    "publication",
    reads={"genre", "publisher-place", "publisher", "issued"},
    joiner=Joiner.SPACE,
    marks={"issued", "publisher", "publisher-place"},
    omits={"issued"},
    opens=True,  # in an entry, a sentence of its own: "In *Book*. Press, 2004."
)
def _publication(cx: PartContext) -> list[rt.Seg]:
    ref, p = cx.ref, cx.style.punctuation
    place = ref.publisher_place if cx.style.publisher_place else None
    place_pub = p.place_publisher.join(x for x in (place, ref.publisher) if x)
    when = "" if cx.printed("issued") else date(cx.style, ref, cx.layout)
    genre = (ref.genre or cx.style.terms.thesis) if _is_thesis(ref) else ""
    inner = p.part.join(x for x in (genre, place_pub, when) if x)
    if not inner:
        return []
    return [inner] if cx.bibliography else [f"{p.parens[0]}{inner}{p.parens[1]}"]


@part("publisher", reads={"publisher", "author"}, skip_if={"publisher"})
def _publisher(cx: PartContext) -> list[rt.Seg]:
    publisher = cx.ref.publisher
    return [] if publisher and _is_author(cx, publisher) else _text(publisher)


@part("place", reads={"publisher-place"}, skip_if={"publisher-place"})
def _place(cx: PartContext) -> list[rt.Seg]:
    return _text(cx.ref.publisher_place) if cx.style.publisher_place else []


@part(
    "journal",
    reads={"container-title", "volume", "issue", "issued", "page", "locator"},
    marks={"issued"},
    may_mark={"locator"},
)
def _journal(cx: PartContext) -> list[rt.Seg]:
    """*Journal* 44, no. 3 (2024): 22 — container, volume, issue, date and page as one;
    the `journal` rule of the style says how (『誌名』第44巻第3号（2024年）、22頁)."""
    ref, style, req = cx.ref, cx.style, cx.req
    rule, p = style.journal, style.punctuation
    segs: list[rt.Seg] = []
    if ref.container_title:
        segs.append(styled(style, ref.container_title, cx.layout.container))
    numbers = []
    if ref.volume:
        numbers.append(rule.volume.format(volume=ref.volume))
    if ref.issue:
        numbers.append(rule.issue.format(issue=ref.issue))
    if numbers:
        segs.append(rule.space + rule.volume_issue.join(numbers))
    # Chicago: the year only, "13, no. 4 (2014)" (`date: year`), but the month stands in for
    # a missing issue number, "24 (November 2016)"
    when = date(style, ref, cx.layout) if ref.issue else format_date(ref.issued, style.dates)
    if when:
        if numbers:
            segs.append(f"{rule.space}{p.parens[0]}{when}{p.parens[1]}")
        else:
            segs.append(f"{p.part}{when}")
    page = None
    if req.locator and (req.label or "page") == "page":
        page = styled_range(style, req.locator)
        cx.mark("locator")  # the cited page is printed here, so `locator` prints nothing
    elif req.locator and rule.any_locator:
        # Chicago: any cited place takes the page's colon, "(2014): n. 14"
        segs.append(rule.page_separator if (numbers or when) else p.part)
        segs.extend(locator(style, req))
        cx.mark("locator")
        return segs
    elif ref.page and (cx.bibliography or not req.locator):
        page = styled_range(style, ref.page)
    if page:
        if rule.page_label:
            page = style.locator_text("page", page, is_plural(style, page))
        segs.append(f"{rule.page_separator if (numbers or when) else p.part}{page}")
    return segs


@part("pages", reads={"page", "locator"})
def _pages(cx: PartContext) -> list[rt.Seg]:
    page = cx.ref.page
    return [styled_range(cx.style, page)] if page and not cx.req.locator else []


@part("locator", reads={"locator"}, skip_if={"locator"})
def _locator(cx: PartContext) -> list[rt.Seg]:
    return locator(cx.style, cx.req)


@part("link", reads={"DOI", "URL"}, joiner=Joiner.URL)
def _link(cx: PartContext) -> list[rt.Seg]:
    ref, rule = cx.ref, cx.style.url
    if ref.DOI and (rule.prefer_doi or not ref.URL):
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", ref.DOI.strip(), flags=re.I)
        url = rule.doi_prefix + doi
    elif ref.URL:
        url = ref.URL.strip()
    else:
        return []
    # a URL is printed verbatim: never curly quotes or no-break spaces (`Src` is left alone)
    link: rt.Seg = rt.Href(url, url) if is_safe_url(url) else rt.Src((ir.Text(url),))
    return ["<", link, ">"] if rule.form == "angle" else [link]


@part("accessed", reads={"accessed", "issued"})
def _accessed(cx: PartContext) -> list[rt.Seg]:
    ref, when = cx.ref, cx.style.accessed
    if ref.accessed is None or when == "never" or (when == "when-no-date" and ref.issued):
        return []
    return [f"{cx.style.terms.accessed} {format_date(ref.accessed, cx.style.dates)}"]


@part("authority", reads={"authority"})
def _authority(cx: PartContext) -> list[rt.Seg]:
    return _text(cx.ref.authority)


@part("medium", reads={"medium"})
def _medium(cx: PartContext) -> list[rt.Seg]:
    return _text(cx.ref.medium)


@part("edition", reads={"edition"}, major=True)
def _edition(cx: PartContext) -> list[rt.Seg]:
    ed = cx.ref.edition
    if not ed:
        return []
    if not ed.isdigit():
        return [ed]
    return [cx.style.terms.edition.format(n=ed, ordinal=_ordinal(ed))]


@part("archive", reads={"archive", "archive_location"})
def _archive(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    where = (ref.archive, ref.text("archive_location"))
    return _text(cx.style.punctuation.part.join(x for x in where if x))


@part("note", reads={"note"})
def _note(cx: PartContext) -> list[rt.Seg]:
    return _text(cx.ref.note)


# The names a layout (`layouts.<type>.parts`, `short`) may use: every part registered above,
# and in `cite.series` (a report's or a book's series and number), imported for that.
PARTS = names()
