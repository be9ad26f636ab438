"""The `commentary` style's documented departures from CMOS 18 (docs/guide/references.md,
"Where the house departs from Chicago"), by name, and how the Chicago oracle undoes each.

A switch the engine can set either way is *flipped*: the oracle formats the batch with a copy
of the house style in which that switch has Chicago's value, so the comparison also proves
that the switch works. A switch that only changes what is printed (no access dates, no "n.d.",
the "p." label, the URL's form) is *normalised*: the test removes the same thing on both sides
(`oracle_diff.norm_theirs`, `norm_ours`). Nothing else is normalised, except `DEFECTS`:
citeproc output that no Chicago copy editor would pass, named one by one.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from briefkit.model.citestyle import CitationStyle
from briefkit.model.housestyle import HouseStyle


@dataclasses.dataclass(frozen=True)
class Switch:
    name: str  # the key in citations.yaml
    cmos: str  # the paragraph it departs from ("unverified" where from memory)
    chicago: Any = None  # the value Chicago's form needs (flipped switches)
    # flip | normalise (done in oracle_diff) | csl (set in the oracle's CSL) | same (citeproc
    # does as the house does)
    how: str = "flip"


SWITCHES = (
    Switch("layouts.report.title", "14.116 (unverified)", "italic"),
    Switch("layouts.report.date", "14.116 (unverified)", "year"),
    Switch(
        "layouts.webpage.parts",
        "14.104 (unverified)",
        ["author", "title", "container", "publisher", "date", "locator", "link"],
    ),
    # pandoc's CSL, too, keeps the whole title when there is no title-short: nothing to undo
    Switch("short-title-words", "14.30 (unverified)", how="same"),
    Switch("names.et-al-min", "14.76 (unverified)", how="csl"),
    Switch("accessed", "14.104 (unverified)", how="normalise"),
    Switch("dates.no-date", "14.100 (unverified)", how="normalise"),
    Switch("locator-labels.page", "14.148 (unverified)", how="normalise"),
    Switch("url.form", "14.102 (unverified)", how="normalise"),
)

# where citeproc departs from CMOS and the engine follows CMOS: a switch flipped to citeproc's
# way in the oracle's copy only, so that the rest can be compared
CITEPROC = (
    # citeproc sorts an apostrophe before the letters: "O’Neill" before "Okafor"
    Switch("bibliography.letter-by-letter", "16.58 (unverified)", False),
    # citeproc keeps a subtitle in a short note when there is no title-short; Chicago drops it
    Switch("short-title-drops-subtitle", "14.30 (unverified)", False),
)

# citeproc's output that is not Chicago's, normalised on pandoc's side only, each for a reason
DEFECTS = (
    # an initial's full stop added to a CJK given name: "李明., letter" (CSL initialises it)
    (re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\.(?=[,;]| and|$|\.)"), ""),
    # a comma before a parenthesis, "interview by Li Doe, (Tokyo)", “Title,” (Tokyo): the
    # CSL's group delimiter before a place in parentheses
    (re.compile(r",(?=[”’]? \((?!\d))"), ""),
    # "Pub. L. Nos." before a number that carries its own label ("Act No. 66 of 2007")
    (re.compile(r"Pub\. L\. Nos?\. (?=Act No\.)"), ""),
    # "No." capitalised inside a sentence: "In *Register*, No. 44" (the CSL's capitalised term)
    (re.compile(r"(?<=\*, )No\. "), "no. "),
    # a book's volume printed before a volume locator, "ibid., vol. 4, vol. 171"
    (re.compile(r"\bvol\. \d+, (?=vol\. )"), ""),
)

# entries the CSL prints empty (a document with pages but no container, publisher or URL):
# not compared, and counted in the report
EMPTY_ENTRY_TYPES = frozenset({"document"})


def without_defects(text: str) -> str:
    for pattern, replacement in DEFECTS:
        text = pattern.sub(replacement, text)
    return text


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def chicago(house: HouseStyle) -> HouseStyle:
    """The house style with every flipped switch at Chicago's value."""
    data = house.citations.model_dump(by_alias=True)
    for switch in (*SWITCHES, *CITEPROC):
        if switch.how == "flip":
            _set(data, switch.name, switch.chicago)
    return dataclasses.replace(house, citations=CitationStyle.model_validate(data))
