"""Resolve stage helper: the parts a citation layout is made of (author, title, date...).

Each part renders one element of a reference as rich-text segments, following one
`CitationStyle`: its names rules, quotation marks, date formats, punctuation and locator
labels. `cite.format` orders the parts per reference type and joins them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.cite.dates import format_date, format_partial
from briefkit.cite.names import full_name, name_list, short_name
from briefkit.cite.positions import CitePosition
from briefkit.model.citestyle import CitationStyle, TypeLayout
from briefkit.model.dates import PartialDate
from briefkit.model.reference import Name, Reference
from briefkit.urls import is_safe_url

_SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs. v.".split()
)
_RANGE = re.compile(r"(?<=[\dA-Za-z])\s*-{1,2}\s*(?=[\dA-Za-z])")


@dataclass(frozen=True, slots=True)
class CiteRequest:
    """One source of a citation, ready to format."""

    ref: Reference
    position: CitePosition
    note: int
    locator: str | None = None
    label: str | None = None
    prefix: tuple[ir.Inline, ...] = ()
    suffix: tuple[ir.Inline, ...] = ()
    suppress_author: bool = False


@dataclass
class State:
    """What one rendering of one reference has printed so far."""

    req: CiteRequest
    layout: TypeLayout
    bibliography: bool = False
    used: set[str] = field(default_factory=set)


def page_range(text: str) -> str:
    """33-35 -> 33–35 (an en dash between the ends of a range)."""
    return _RANGE.sub("\u2013", text)


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


def _requote(text: str, marks: tuple[str, str]) -> str:
    """Quotation marks inside a 『book title』 become the style's outer marks (「」)."""
    text = text.replace("\u201c", marks[0]).replace("\u201d", marks[1])
    return rt.alternate_quotes(text, marks[0], marks[1])


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Parts:
    """Renders the parts of a reference in one citation style."""

    def __init__(self, style: CitationStyle) -> None:
        self.style = style

    def render(self, part: str, st: State) -> list[rt.Seg]:
        handler: Callable[[State], list[rt.Seg]] = getattr(self, "_p_" + part.replace("-", "_"))
        return handler(st)

    # ---------------------------------------------------------------- shared pieces
    def styled(self, text: str, how: str) -> rt.Seg:
        if how == "quoted":
            return rt.Quote((text,))
        if how == "italic":
            return rt.Ital((text,))
        if how == "book":
            o, c = self.style.quotes.book
            return f"{o}{_requote(text, self.style.quotes.outer)}{c}"
        return text

    def title(self, ref: Reference, *, short: bool, how: str | None = None) -> list[rt.Seg]:
        title = (ref.title_short or ref.title) if short else ref.title
        if not title:
            return []
        english = ref.language is None or ref.language.lower().startswith("en")
        if self.style.title_case and english:
            title = headline_case(title)
        return [self.styled(title, how or self.style.layout(ref.type).title)]

    def locator(self, req: CiteRequest) -> list[rt.Seg]:
        if not req.locator:
            return []
        kind = req.label or "page"
        value = page_range(req.locator)
        plural = bool(re.search(r"[\u2013,&]|\band\b", value))
        return [self.style.locator_text(kind, value, plural)]

    def date(self, ref: Reference, layout: TypeLayout) -> str:
        issued = ref.issued
        if layout.date == "year" and issued and issued.start and not issued.end:
            year = format_partial(PartialDate(year=issued.start.year), self.style.dates)
            return f"{self.style.dates.circa} {year}" if issued.circa else year
        return format_date(issued, self.style.dates)

    @staticmethod
    def _text(value: str | None) -> list[rt.Seg]:
        return [value] if value else []

    def _names_with(self, term: str, names: Sequence[Name]) -> list[rt.Seg]:
        return [term.format(names=name_list(list(names), self.style.names))] if names else []

    # ---------------------------------------------------------------- the parts
    def _p_author(self, st: State) -> list[rt.Seg]:
        if st.req.suppress_author:
            return []
        ref = st.req.ref
        names, role = ref.author, None
        if not names and ref.editor:
            names, role = ref.editor, self.style.terms.editor
            st.used.add("editors")
        if not names:
            return []
        if st.bibliography:
            first = full_name(names[0], "family-first")
            if not names[0].is_literal and names[0].given and first.count(" "):
                first = f"{short_name(names[0])}, {names[0].given}"
            text = name_list(names, self.style.names) if len(names) > 1 else first
            if len(names) > 1:
                text = first + text[len(full_name(names[0], self.style.names.order)) :]
        else:
            text = name_list(names, self.style.names)
        if role:
            text += self.style.punctuation.part + (role[1] if len(names) > 1 else role[0])
        return [text]

    def _p_author_short(self, st: State) -> list[rt.Seg]:
        if st.req.suppress_author:
            return []
        names = st.req.ref.author or st.req.ref.editor
        return [name_list(names, self.style.names, short=True)] if names else []

    def _p_title(self, st: State) -> list[rt.Seg]:
        segs = self.title(st.req.ref, short=False, how=st.layout.title)
        gloss = st.req.ref.title_translated
        if segs and gloss and self.style.show_translated_title:
            o, c = self.style.translated_title
            segs += [" ", f"{o}{gloss}{c}"]
        return segs

    def _p_title_short(self, st: State) -> list[rt.Seg]:
        return self.title(st.req.ref, short=True, how=st.layout.title)

    def _p_container(self, st: State) -> list[rt.Seg]:
        text = st.req.ref.container_title
        if not text:
            return []
        styled = self.styled(text, st.layout.container)
        prefix = st.layout.container_prefix
        return [prefix, styled] if prefix else [styled]

    def _p_editors(self, st: State) -> list[rt.Seg]:
        if "editors" in st.used:
            return []
        return self._names_with(self.style.terms.edited_by, st.req.ref.editor)

    def _p_translators(self, st: State) -> list[rt.Seg]:
        return self._names_with(self.style.terms.translated_by, st.req.ref.translator)

    def _p_interviewer(self, st: State) -> list[rt.Seg]:
        return self._names_with(self.style.terms.interview_by, st.req.ref.interviewer)

    def _p_genre(self, st: State) -> list[rt.Seg]:
        ref = st.req.ref
        if ref.type == "thesis":
            return []  # printed inside the publication parentheses
        return self._text(ref.genre) if "number" not in st.layout.parts or not ref.number else []

    def _p_event(self, st: State) -> list[rt.Seg]:
        ref = st.req.ref
        name = ref.event_title or ref.text("event")
        return rt.join([self._text(name), self._text(ref.event_place)], self.style.punctuation.part)

    def _p_date(self, st: State) -> list[rt.Seg]:
        st.used.add("date")
        return self._text(self.date(st.req.ref, st.layout))

    def _p_publication(self, st: State) -> list[rt.Seg]:
        ref, p = st.req.ref, self.style.punctuation
        place_pub = p.place_publisher.join(x for x in (ref.publisher_place, ref.publisher) if x)
        date = "" if "date" in st.used else self.date(ref, st.layout)
        st.used.update({"date", "publisher", "place"})
        genre = (ref.genre or self.style.terms.thesis) if ref.type == "thesis" else ""
        inner = p.part.join(x for x in (genre, place_pub, date) if x)
        if not inner:
            return []
        return [inner] if st.bibliography else [f"{p.parens[0]}{inner}{p.parens[1]}"]

    def _p_publisher(self, st: State) -> list[rt.Seg]:
        return [] if "publisher" in st.used else self._text(st.req.ref.publisher)

    def _p_place(self, st: State) -> list[rt.Seg]:
        return [] if "place" in st.used else self._text(st.req.ref.publisher_place)

    def _p_number(self, st: State) -> list[rt.Seg]:
        ref = st.req.ref
        if not ref.number:
            return []
        if ref.genre:
            return [f"{ref.genre} {ref.number}"]
        if not ref.number[:1].isdigit():  # "Act No. 43 of 2022" carries its own label
            return [ref.number]
        return [self.style.terms.number.format(number=ref.number)]

    def _p_journal(self, st: State) -> list[rt.Seg]:
        """*Journal* 44, no. 3 (2024): 22 — container, volume, issue, date and page as one;
        the `journal` rule of the style says how (『誌名』第44巻第3号（2024年）、22頁)."""
        ref, rule, p = st.req.ref, self.style.journal, self.style.punctuation
        segs: list[rt.Seg] = []
        if ref.container_title:
            segs.append(self.styled(ref.container_title, st.layout.container))
        numbers = []
        if ref.volume:
            numbers.append(rule.volume.format(volume=ref.volume))
        if ref.issue:
            numbers.append(rule.issue.format(issue=ref.issue))
        if numbers:
            segs.append(rule.space + rule.volume_issue.join(numbers))
        date = format_date(ref.issued, self.style.dates)
        st.used.add("date")
        if date:
            if numbers:
                segs.append(f"{rule.space}{p.parens[0]}{date}{p.parens[1]}")
            else:
                segs.append(f"{p.part}{date}")
        page = None
        if st.req.locator and (st.req.label or "page") == "page":
            page = page_range(st.req.locator)
            st.used.add("locator")
        elif ref.page and (st.bibliography or not st.req.locator):
            page = page_range(ref.page)
        if page:
            if rule.page_label:
                page = self.style.locator_text("page", page, bool(re.search(r"[\u2013,&]", page)))
            segs.append(f"{rule.page_separator if (numbers or date) else p.part}{page}")
        return segs

    def _p_pages(self, st: State) -> list[rt.Seg]:
        page = st.req.ref.page
        return [page_range(page)] if page and not st.req.locator else []

    def _p_locator(self, st: State) -> list[rt.Seg]:
        return [] if "locator" in st.used else self.locator(st.req)

    def _p_link(self, st: State) -> list[rt.Seg]:
        ref, rule = st.req.ref, self.style.url
        if ref.DOI and (rule.prefer_doi or not ref.URL):
            doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", ref.DOI.strip(), flags=re.I)
            url = rule.doi_prefix + doi
        elif ref.URL:
            url = ref.URL.strip()
        else:
            return []
        link: rt.Seg = rt.Href(url, url) if is_safe_url(url) else url
        return ["<", link, ">"] if rule.form == "angle" else [link]

    def _p_accessed(self, st: State) -> list[rt.Seg]:
        ref, when = st.req.ref, self.style.accessed
        if ref.accessed is None or when == "never" or (when == "when-no-date" and ref.issued):
            return []
        return [f"{self.style.terms.accessed} {format_date(ref.accessed, self.style.dates)}"]

    def _p_authority(self, st: State) -> list[rt.Seg]:
        return self._text(st.req.ref.authority)

    def _p_medium(self, st: State) -> list[rt.Seg]:
        return self._text(st.req.ref.medium)

    def _p_edition(self, st: State) -> list[rt.Seg]:
        ed = st.req.ref.edition
        if not ed:
            return []
        if not ed.isdigit():
            return [ed]
        return [self.style.terms.edition.format(n=ed, ordinal=_ordinal(ed))]

    def _p_collection(self, st: State) -> list[rt.Seg]:
        ref = st.req.ref
        number = ref.text("collection-number")
        return self._text(" ".join(x for x in (ref.collection_title, number) if x))

    def _p_archive(self, st: State) -> list[rt.Seg]:
        ref = st.req.ref
        where = (ref.archive, ref.text("archive_location"))
        return self._text(self.style.punctuation.part.join(x for x in where if x))

    def _p_note(self, st: State) -> list[rt.Seg]:
        return self._text(st.req.ref.note)
