"""Resolve stage helper: the citation parts only some types print — a data set's or a
program's version, a program's release date, a personal communication's kind, an interview's
place, a newspaper's section and edition, a book's volume, a statute's gazette and year.

Registered with `cite.registry` (as `version`, `software-version`, `released`,
`untitled-facts`, `interview-place`, `section`, `paper-edition`, `volume`, `volume-locator`,
`statute`, `statute-year`, `statute-pinpoint`, `document-container`); `cite.parts` imports this
module so that they are among the names a layout may use. Each follows the form pandoc's
citeproc gives with CMOS 18's CSL, the oracle of `tests/cite/test_chicago_oracle.py`.
"""

from __future__ import annotations

from briefkit.cite import richtext as rt
from briefkit.cite.dates import format_date, format_partial
from briefkit.cite.locators import styled_range
from briefkit.cite.registry import Joiner, PartContext, part
from briefkit.cite.styled import styled
from briefkit.lang import is_cjk
from briefkit.model.dates import PartialDate


@part("version", reads={"version"}, major=True)  # a data set: "version 4.6"
def _version(cx: PartContext) -> list[rt.Seg]:
    version = cx.ref.text("version")
    return [cx.style.terms.version.format(version=version)] if version else []


@part("software-version", reads={"version"}, major=True)  # a program: "v. 4.6.5"
def _software_version(cx: PartContext) -> list[rt.Seg]:
    version = cx.ref.text("version")
    return [cx.style.terms.software_version.format(version=version)] if version else []


# a program's date is its release: "ASEAN Secretariat, released 1992"
@part("released", reads={"issued"}, marks={"issued"})
def _released(cx: PartContext) -> list[rt.Seg]:
    when = format_date(cx.ref.issued, cx.style.dates)
    return [cx.style.terms.released.format(date=when)] if when else []


# An untitled letter or email is known by its kind and date, in a short note too:
# "Silva, letter to the author, February 5, 2012" (a titled one by its title)
@part("untitled-facts", reads={"title", "genre", "issued"})
def _untitled_facts(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    if ref.title:
        return []
    when = format_date(ref.issued, cx.style.dates)
    return rt.join(
        [[ref.genre] if ref.genre else [], [when] if when else []], cx.style.punctuation.part
    )


# where an interview took place, in parentheses after the paper or the interviewer:
# "*Nikkei Asia* (New York)", "interview by Jane Roe (Tokyo)"
@part("interview-place", reads={"publisher-place"}, joiner=Joiner.SPACE)
def _interview_place(cx: PartContext) -> list[rt.Seg]:
    place = cx.ref.publisher_place
    if not place:
        return []
    o, c = cx.style.punctuation.parens
    return [f"{o}{place}{c}"]


# a newspaper's or magazine's section, before its title: "“Title,” World, *Foreign Affairs*"
@part("section", reads={"section"}, major=True)
def _section(cx: PartContext) -> list[rt.Seg]:
    return [cx.ref.section] if cx.ref.section else []


# its edition after the date ("April 2008, Asia Edition"), a sentence of its own in an entry
@part("paper-edition", reads={"edition"}, opens=True)
def _paper_edition(cx: PartContext) -> list[rt.Seg]:
    edition = cx.ref.edition
    if not edition:
        return []
    if edition.lower().endswith(("edition", "ed.")) or is_cjk(edition):  # "夕刊" as written
        return [edition]
    return [cx.style.terms.paper_edition.format(edition=edition)]


# a book's or a document's volume: "*Title*, vol. 4, ed. A (Press, 2022)"; "in *Container*,
# no. 87, vol. 3"; in an entry, "Vol. 4, edited by A." (a capital after a full stop)
@part("volume", reads={"volume"}, skip_if={"volume"})
def _volume(cx: PartContext) -> list[rt.Seg]:
    volume = cx.ref.volume
    return [cx.style.terms.volume.format(volume=volume)] if volume else []


# A short note to a volume of a multivolume book: "Title, 4:77" for a page of it, else
# "Title, vol. 4" before any other cited place; without a volume, the cited place alone
@part("volume-locator", reads={"volume", "locator"}, may_mark={"locator"})
def _volume_locator(cx: PartContext) -> list[rt.Seg]:
    volume, req = cx.ref.volume, cx.req
    if not volume:
        return []
    if req.locator and (req.label or "page") == "page" and cx.lang != "ja":  # 第1巻、77頁
        cx.mark("locator")
        return [f"{volume}:{styled_range(cx.style, req.locator)}"]
    return [cx.style.terms.volume.format(volume=volume)]


# A statute's place in a gazette or a code, then its year in parentheses:
# "82 Official Gazette 749 (1991)", "Competition Act (2022)" (CMOS 14.18x legal form)
@part("statute", reads={"volume", "container-title", "page"})
def _statute(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    if not ref.container_title:
        return []
    text = " ".join(x for x in (ref.volume, ref.container_title, ref.page) if x)
    return [styled_range(cx.style, text) if ref.page else text]


@part("statute-year", reads={"issued"}, joiner=Joiner.SPACE, marks={"issued"})
def _statute_year(cx: PartContext) -> list[rt.Seg]:
    issued = cx.ref.issued
    if not issued or not issued.start:
        return []
    o, c = cx.style.punctuation.parens
    return [f"{o}{format_partial(PartialDate(year=issued.start.year), cx.style.dates)}{c}"]


# a pinpoint in a gazette the statute was printed in: "82 Official Gazette 749 (1991), at 173"
# (without the gazette, or in a short note, the page stands alone: "Competition Act, 17")
@part("statute-pinpoint", reads={"container-title", "locator"}, may_mark={"locator"})
def _statute_pinpoint(cx: PartContext) -> list[rt.Seg]:
    req = cx.req
    if not (cx.ref.container_title and req.locator and (req.label or "page") == "page"):
        return []
    cx.mark("locator")
    space = "\u00a0" if cx.style.typography.no_break_spaces else " "
    return [f"{cx.style.terms.pinpoint}{space}{styled_range(cx.style, req.locator)}"]


# A document printed in a container: "in *Federal Register*, no. 44, vol. 89" as one group,
# which ends a sentence in an entry ("In *Federal Register*, no. 44, vol. 89. March 5, 2024.")
@part(
    "document-container",
    reads={"container-title", "number", "volume"},
    may_mark={"number", "volume"},
    major=True,
)
def _document_container(cx: PartContext) -> list[rt.Seg]:
    ref, terms = cx.ref, cx.style.terms
    if not ref.container_title:
        return []
    segs: list[rt.Seg] = []
    if cx.layout.container_prefix:
        segs.append(cx.layout.container_prefix)
    segs.append(styled(cx.style, ref.container_title, cx.layout.container))
    sep = cx.style.punctuation.part
    if cx.lang == "ja":  # 『Federal Register』第89巻第44号
        numbers = [terms.volume.format(volume=ref.volume)] if ref.volume else []
        if ref.number:
            numbers.append(terms.number.format(number=ref.number))
            cx.mark("number")
        if ref.volume:
            cx.mark("volume")
        return [*segs, "".join(numbers)] if numbers else segs
    if ref.number:
        number = ref.number if not ref.number[:1].isdigit() else None
        segs += [sep, number or terms.number.format(number=ref.number)]
        cx.mark("number")
    if ref.volume:
        segs += [sep, terms.volume.format(volume=ref.volume)]
        cx.mark("volume")
    return segs
