"""Resolve stage helper: the citation parts only some types print — a data set's or a
program's version, a program's release date, a personal communication's kind, an interview's
place, a newspaper's section and edition.

Registered with `cite.registry` (as `version`, `software-version`, `released`,
`untitled-facts`, `interview-place`, `section`, `paper-edition`); `cite.parts` imports this
module so that they are among the names a layout may use. Each follows the form pandoc's
citeproc gives with CMOS 18's CSL, the oracle of `tests/cite/test_chicago_oracle.py`.
"""

from __future__ import annotations

from briefkit.cite import richtext as rt
from briefkit.cite.dates import format_date
from briefkit.cite.registry import Joiner, PartContext, part


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
    return rt.join([[ref.genre] if ref.genre else [], [when] if when else []], ", ")


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
    if edition.lower().endswith("edition") or edition.lower().endswith("ed."):
        return [edition]
    return [cx.style.terms.paper_edition.format(edition=edition)]
