"""Resolve stage: format citations as a house style prints them (Chicago notes, CSL semantics).

Consumes validated `Reference`s, a `CitationStyle` and each cite's `CitePosition`; produces IR
inlines (text, italic, link) through `richtext`. It never numbers notes and never knows an
output format: the same inlines feed HTML, PDF and Word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.cite.dates import format_date, format_partial
from briefkit.cite.names import full_name, name_list, short_name
from briefkit.cite.positions import CitePosition, Position
from briefkit.cite.style import CitationStyle, TypeLayout
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


class CitationFormatter:
    def __init__(self, style: CitationStyle) -> None:
        self.style = style
        q = style.quotes
        self.builder = rt.InlineBuilder(q.outer, q.inner, q.punctuation_inside)
        self.closers = q.outer[1] + q.inner[1] + style.translated_title[1]

    # ------------------------------------------------------------ citations
    def citation(
        self, requests: Sequence[CiteRequest], *, starts_note: bool, ends_note: bool
    ) -> tuple[ir.Inline, ...]:
        """All sources of one citation, joined by the style's delimiter."""
        parts = [self._with_affixes(r) for r in requests]
        segs = rt.join(parts, self.style.delimiter)
        if starts_note:
            segs = rt.capitalize_first(segs)
        if ends_note and segs and not rt.ends_with_terminal(segs, self.closers):
            segs.append(".")
        return self.builder.build(segs)

    def in_text_author(self, ref: Reference) -> tuple[ir.Inline, ...]:
        """The words that stand in the sentence for `@key` (the note carries the citation)."""
        names = ref.author or ref.editor
        if names:
            return (ir.Text(name_list(names, self.style.names, short=True)),)
        return self.builder.build(self._title(ref, short=True))

    def _with_affixes(self, req: CiteRequest) -> list[rt.Seg]:
        segs = self.cite_segments(req)
        out: list[rt.Seg] = []
        if req.prefix:
            out.append(rt.Src(req.prefix))
            if not ir.plain_text(req.prefix).endswith((" ", "\u00a0")):
                out.append(" ")
        out.extend(segs)
        if req.suffix:
            text = ir.plain_text(req.suffix)
            if text and text[0] not in ",.;:)]" and not text[0].isspace():
                out.append(" ")
            out.append(rt.Src(req.suffix))
        return out

    def cite_segments(self, req: CiteRequest) -> list[rt.Seg]:
        pos = req.position.position
        ibid = self.style.ibid
        if ibid.enabled and pos is Position.IBID:
            return [ibid.term]
        if ibid.enabled and pos is Position.IBID_WITH_LOCATOR:
            return [ibid.term, ", ", *self._locator(req)]
        if pos is Position.FIRST or self._repeat_full(req):
            return self.full(req)
        return self.short(req)

    def _repeat_full(self, req: CiteRequest) -> bool:
        if self.style.subsequent == "full":
            return True
        return self.style.subsequent == "near-note" and not req.position.near_note

    # ------------------------------------------------------------ forms
    def full(self, req: CiteRequest) -> list[rt.Seg]:
        layout = self.style.layout(req.ref.type)
        state = _State(req, layout)
        pieces: list[tuple[list[rt.Seg], str]] = []
        for part in layout.parts:
            segs = self._part(part, state)
            if segs:
                joiner = {"publication": " ", "link": self.style.url.separator}.get(part, ", ")
                pieces.append((segs, joiner))
        return _join_pieces(pieces)

    def short(self, req: CiteRequest) -> list[rt.Seg]:
        state = _State(req, self.style.layout(req.ref.type))
        pieces = [(s, ", ") for p in self.style.short if (s := self._part(p, state))]
        return _join_pieces(pieces)

    def bibliography_entry(self, ref: Reference) -> tuple[ir.Inline, ...]:
        """A reference-list entry: first author inverted, elements separated by full stops."""
        pos = CitePosition(Position.FIRST, False, 0, None)
        state = _State(CiteRequest(ref, pos, 0), self.style.layout(ref.type), bibliography=True)
        pieces = []
        after_major = False  # Chicago: author and title each end with a full stop
        for part in state.layout.parts:
            if part in ("locator",):
                continue
            segs = self._part(part, state)
            if segs:
                pieces.append((segs, ". " if after_major else ", "))
                after_major = part in ("author", "title")
        segs = _join_pieces(pieces)
        if segs and not rt.ends_with_terminal(segs, self.closers):
            segs.append(".")
        return self.builder.build(segs)

    # ------------------------------------------------------------ parts
    def _part(self, part: str, st: _State) -> list[rt.Seg]:
        handler: Callable[[_State], list[rt.Seg]] = getattr(self, "_p_" + part.replace("-", "_"))
        return handler(st)

    def _p_author(self, st: _State) -> list[rt.Seg]:
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
            if not names[0].is_literal and names[0].given:
                first = f"{short_name(names[0])}, {names[0].given}"
            text = name_list(names, self.style.names) if len(names) > 1 else first
            if len(names) > 1:
                text = first + text[len(full_name(names[0], self.style.names.order)) :]
        else:
            text = name_list(names, self.style.names)
        if role:
            text += ", " + (role[1] if len(names) > 1 else role[0])
        return [text]

    def _p_author_short(self, st: _State) -> list[rt.Seg]:
        if st.req.suppress_author:
            return []
        names = st.req.ref.author or st.req.ref.editor
        return [name_list(names, self.style.names, short=True)] if names else []

    def _title(self, ref: Reference, *, short: bool, how: str | None = None) -> list[rt.Seg]:
        title = (ref.title_short or ref.title) if short else ref.title
        if not title:
            return []
        english = ref.language is None or ref.language.lower().startswith("en")
        if self.style.title_case and english:
            title = headline_case(title)
        how = how or self.style.layout(ref.type).title
        if how == "quoted":
            return [rt.Quote((title,))]
        if how == "italic":
            return [rt.Ital((title,))]
        return [title]

    def _p_title(self, st: _State) -> list[rt.Seg]:
        segs = self._title(st.req.ref, short=False, how=st.layout.title)
        gloss = st.req.ref.title_translated
        if segs and gloss:
            o, c = self.style.translated_title
            segs += [" ", f"{o}{gloss}{c}"]
        return segs

    def _p_title_short(self, st: _State) -> list[rt.Seg]:
        return self._title(st.req.ref, short=True, how=st.layout.title)

    def _p_container(self, st: _State) -> list[rt.Seg]:
        text = st.req.ref.container_title
        if not text:
            return []
        styled: rt.Seg = text
        if st.layout.container == "italic":
            styled = rt.Ital((text,))
        elif st.layout.container == "quoted":
            styled = rt.Quote((text,))
        prefix = st.layout.container_prefix
        return [prefix, styled] if prefix else [styled]

    def _p_editors(self, st: _State) -> list[rt.Seg]:
        if "editors" in st.used or not st.req.ref.editor:
            return []
        return [f"{self.style.terms.edited_by} {name_list(st.req.ref.editor, self.style.names)}"]

    def _p_translators(self, st: _State) -> list[rt.Seg]:
        names = st.req.ref.translator
        if not names:
            return []
        return [f"{self.style.terms.translated_by} {name_list(names, self.style.names)}"]

    def _p_interviewer(self, st: _State) -> list[rt.Seg]:
        names = st.req.ref.interviewer
        if not names:
            return []
        return [f"{self.style.terms.interview_by} {name_list(names, self.style.names)}"]

    def _text_part(self, value: str | None) -> list[rt.Seg]:
        return [value] if value else []

    def _p_genre(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        if ref.type == "thesis":
            return []  # printed inside the publication parentheses
        return (
            self._text_part(ref.genre) if "number" not in st.layout.parts or not ref.number else []
        )

    def _p_event(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        name = ref.event_title or ref.text("event")
        return rt.join([self._text_part(name), self._text_part(ref.event_place)], ", ")

    def _date(self, ref: Reference, layout: TypeLayout) -> str:
        issued = ref.issued
        if layout.date == "year" and issued and issued.start and not issued.end:
            year = format_partial(PartialDate(year=issued.start.year), self.style.dates)
            return f"{self.style.dates.circa} {year}" if issued.circa else year
        return format_date(issued, self.style.dates)

    def _p_date(self, st: _State) -> list[rt.Seg]:
        st.used.add("date")
        return self._text_part(self._date(st.req.ref, st.layout))

    def _p_publication(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        place_pub = ": ".join(p for p in (ref.publisher_place, ref.publisher) if p)
        date = "" if "date" in st.used else self._date(ref, st.layout)
        st.used.update({"date", "publisher", "place"})
        genre = (ref.genre or self.style.terms.thesis) if ref.type == "thesis" else ""
        inner = ", ".join(p for p in (genre, place_pub, date) if p)
        if not inner:
            return []
        return [inner] if st.bibliography else [f"({inner})"]

    def _p_publisher(self, st: _State) -> list[rt.Seg]:
        return [] if "publisher" in st.used else self._text_part(st.req.ref.publisher)

    def _p_place(self, st: _State) -> list[rt.Seg]:
        return [] if "place" in st.used else self._text_part(st.req.ref.publisher_place)

    def _p_number(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        if not ref.number:
            return []
        if ref.genre:
            return [f"{ref.genre} {ref.number}"]
        if not ref.number[:1].isdigit():  # "Act No. 43 of 2022" carries its own label
            return [ref.number]
        return [f"{self.style.terms.number} {ref.number}"]

    def _p_journal(self, st: _State) -> list[rt.Seg]:
        """*Journal* 44, no. 3 (2024): 22 — container, volume, issue, date and page as one."""
        ref = st.req.ref
        segs: list[rt.Seg] = []
        if ref.container_title:
            segs.append(rt.Ital((ref.container_title,)))
        if ref.volume:
            segs.append(f" {ref.volume}")
        if ref.issue:
            segs.append(f"{',' if ref.volume else ''} {self.style.terms.number} {ref.issue}")
        date = format_date(ref.issued, self.style.dates)
        st.used.add("date")
        if date:
            segs.append(f" ({date})" if (ref.volume or ref.issue) else f", {date}")
        page = None
        if st.req.locator and (st.req.label or "page") == "page":
            page = page_range(st.req.locator)
            st.used.add("locator")
        elif ref.page and not st.req.locator and not st.bibliography:
            page = page_range(ref.page)
        elif ref.page and st.bibliography:
            page = page_range(ref.page)
        if page:
            segs.append(f": {page}" if (ref.volume or ref.issue or date) else f", {page}")
        return segs

    def _p_pages(self, st: _State) -> list[rt.Seg]:
        page = st.req.ref.page
        return [page_range(page)] if page and not st.req.locator else []

    def _locator(self, req: CiteRequest) -> list[rt.Seg]:
        if not req.locator:
            return []
        kind = req.label or "page"
        value = page_range(req.locator)
        plural = bool(re.search(r"[\u2013,&]|\band\b", value))
        label = self.style.label(kind, plural)
        return [f"{label} {value}" if label else value]

    def _p_locator(self, st: _State) -> list[rt.Seg]:
        return [] if "locator" in st.used else self._locator(st.req)

    def _p_link(self, st: _State) -> list[rt.Seg]:
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

    def _p_accessed(self, st: _State) -> list[rt.Seg]:
        ref, when = st.req.ref, self.style.accessed
        if ref.accessed is None or when == "never" or (when == "when-no-date" and ref.issued):
            return []
        return [f"{self.style.terms.accessed} {format_date(ref.accessed, self.style.dates)}"]

    def _p_authority(self, st: _State) -> list[rt.Seg]:
        return self._text_part(st.req.ref.authority)

    def _p_medium(self, st: _State) -> list[rt.Seg]:
        return self._text_part(st.req.ref.medium)

    def _p_edition(self, st: _State) -> list[rt.Seg]:
        ed = st.req.ref.edition
        if not ed:
            return []
        return [f"{_ordinal(ed)} {self.style.terms.edition}" if ed.isdigit() else ed]

    def _p_collection(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        number = ref.text("collection-number")
        return self._text_part(" ".join(p for p in (ref.collection_title, number) if p))

    def _p_archive(self, st: _State) -> list[rt.Seg]:
        ref = st.req.ref
        return self._text_part(
            ", ".join(p for p in (ref.archive, ref.text("archive_location")) if p)
        )

    def _p_note(self, st: _State) -> list[rt.Seg]:
        return self._text_part(st.req.ref.note)


@dataclass
class _State:
    req: CiteRequest
    layout: TypeLayout
    bibliography: bool = False

    def __post_init__(self) -> None:
        self.used: set[str] = set()


def _join_pieces(pieces: list[tuple[list[rt.Seg], str]]) -> list[rt.Seg]:
    out: list[rt.Seg] = []
    for segs, joiner in pieces:
        if out:
            out.append(joiner)
        out.extend(segs)
    return out


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def sort_key(ref: Reference, fields: Sequence[str]) -> tuple[str, ...]:
    """Bibliography order: by author (family names), then title, then date."""
    out: list[str] = []
    for f in fields:
        if f == "author":
            names: list[Name] = ref.author or ref.editor
            out.append(" ".join(short_name(n) + " " + (n.given or "") for n in names).lower())
        elif f == "title":
            out.append((ref.title or "").lower().lstrip("“\"'‘"))
        else:
            out.append(ref.issued.start.iso() if ref.issued and ref.issued.start else "")
    return tuple(out)
