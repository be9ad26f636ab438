"""Parse stage: biblatex's tables and value parsers, for parse/biblatex.py — entry types to CSL
types, eprint resolvers, `and`-lists, names, titles joined as biblatex joins them, and dates
(`date` in ISO 8601/EDTF, the old `year`/`month`/`day`).

Consumes field values as written (LaTeX); produces CSL values (names and titles as Unicode).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from bibtexparser.middlewares.names import parse_single_name_into_parts

from briefkit.codes import Code
from briefkit.parse.latex import latex_to_text

TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "bookinbook": "book",
    "collection": "book",
    "dataset": "dataset",
    "electronic": "webpage",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "book",
    "mastersthesis": "thesis",
    "misc": "document",
    "mvbook": "book",
    "mvcollection": "book",
    "mvproceedings": "book",
    "mvreference": "book",
    "online": "webpage",
    "patent": "patent",
    "periodical": "article-journal",
    "phdthesis": "thesis",
    "proceedings": "book",
    "reference": "book",
    "report": "report",
    "software": "software",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "suppperiodical": "article-journal",
    "techreport": "report",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "www": "webpage",
    "artwork": "graphic",
    "audio": "song",
    "commentary": "book",
    "image": "graphic",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "treaty",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "music": "song",
    "performance": "speech",
    "review": "review",
    "standard": "legislation",
    "video": "motion_picture",
    "data": "dataset",
    "letters": "personal_communication",
    "newsarticle": "article-newspaper",
}
ARTICLES = {"article", "periodical", "suppperiodical", "review"}
CHAPTERS = {"inbook", "incollection", "inproceedings", "inreference", "bookinbook"}
BOOKISH = {
    "book", "collection", "proceedings", "reference", "mvbook", "mvcollection", "mvproceedings",
    "mvreference", "bookinbook", "inbook", "incollection", "inproceedings", "inreference",
    "suppbook", "suppcollection",
}  # fmt: skip
EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
    "hdl": "https://hdl.handle.net/",
}
# biblatex's own machinery (links, sorting, options): read or obeyed, never data to carry
IGNORED = frozenset(
    """crossref xdata xref ids entryset execute label options presort related relatedoptions
    relatedstring relatedtype shorthand shorthandintro sortkey sortname sorttitle sortyear
    indextitle indexsorttitle langidopts hyphenation keywords""".split()
)
# a reference manager's bookkeeping (attached files, its dates and owners): never text to print,
# so a build says nothing of it (Zotero's `file` was reported on every entry of its export);
# `refs import`, which writes a new file, still lists it among what it leaves out
BOOKKEEPING = frozenset(
    """file pdf timestamp owner groups creationdate modificationdate date-added date-modified
    bdsk-url-1 bdsk-url-2 bdsk-file-1 bdsk-file-2 mendeley-tags mendeley-groups""".split()
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_EDTF_ONE = re.compile(r"^(-?\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:]+Z?)?([~?%]?)$")


def split_and(value: str) -> list[str]:
    """Split at ` and ` outside braces (names, literal lists)."""
    return [p.strip() for p in split_and_all(value) if p.strip()]


def split_and_all(value: str) -> list[str]:
    """The parts between each `and` outside braces, empty ones too (`and and`, `A and `: an
    `and` at either end separates as well, as in BibTeX, which then finds an empty name)."""
    value = f" {value} "
    out: list[str] = []
    level = start = 0
    i = 0
    low = value.lower()
    while i < len(value):
        ch = value[i]
        if ch == "{":
            level += 1
        elif ch == "}":
            level = max(level - 1, 0)
        elif level == 0 and ch.isspace() and low.startswith("and", i + 1):
            j = i + 4
            if j < len(value) and value[j].isspace():
                out.append(value[start:i])
                start = i = j
                continue
        i += 1
    out.append(value[start:])
    return out


# TeX eats the spaces after a control word: `ACM\\slash SIGGRAPH` is one word, not a given name
# and a family name (single-letter accents, `\\v Z`, are left alone: `\\v{}Z` would move the caron)
# (only before a letter: `\\raise 0.5ex` keeps its argument apart)
_CONTROL_SPACE = re.compile(r"(\\(?:[A-Za-z]{2,}|[oOlLij])(?![A-Za-z]))\s+(?=[A-Za-z])")


class NameProblem(Protocol):
    """Told of a problem in a name list: the message and the diagnostic's code."""

    def __call__(self, message: str, code: Code = "ref.latex") -> None: ...


def names(value: str, problem: NameProblem, useprefix: bool) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if any(not part.strip() for part in split_and_all(value)):
        # bibtexparser would read `and and` as a person "and, and", `A, B and ` as given "B and"
        problem("an `and` with no name on one side: that empty name is left out", "ref.empty-name")
    for raw in split_and(value):
        raw = _CONTROL_SPACE.sub(r"\1{}", raw)
        if raw.lower() == "others":
            # "and others": more names than written; kept as CSL-JSON and pandoc keep it (a
            # last literal name "others"), which cite/names.py prints as the et-al term
            out.append({"literal": "others"})
            break
        if raw.startswith("{") and raw.endswith("}") and balanced(raw[1:-1]):
            out.append({"literal": latex_to_text(raw[1:-1], problem)})
            continue
        try:
            parts = parse_single_name_into_parts(raw)
        except Exception:  # bibtexparser on a malformed name: keep it whole, said so
            problem(f"name '{raw[:40]}' could not be split; kept as one literal name")
            out.append({"literal": latex_to_text(raw, problem)})
            continue
        name: dict[str, str] = {}
        if parts.last:
            name["family"] = latex_to_text(" ".join(parts.last), problem)
        if parts.first:
            name["given"] = latex_to_text(" ".join(parts.first), problem)
        if parts.von:
            key = "non-dropping-particle" if useprefix else "dropping-particle"
            name[key] = latex_to_text(" ".join(parts.von), problem)
        if parts.jr:
            name["suffix"] = latex_to_text(" ".join(parts.jr), problem)
        kept = {k: v for k, v in name.items() if v} or {"literal": latex_to_text(raw)}
        if not any(kept.values()):  # `\\Thanh{}`, a macro the file's @preamble defines
            problem(f"name '{raw[:40]}' has no text once its LaTeX is read; left out")
            continue
        out.append(kept)
    return out


def balanced(text: str) -> bool:
    level = 0
    for ch in text:
        level += {"{": 1, "}": -1}.get(ch, 0)
        if level < 0:
            return False
    return level == 0


def join_title(parts: list[str | None], sep: str) -> str | None:
    """biblatex's title joining: `Title: Subtitle. Addon`, no separator after punctuation."""
    out = ""
    for part in parts:
        if not part:
            continue
        if not out:
            out = part
        elif out[-1] in "!?.,:;":
            out = f"{out} {part}"
        else:
            out = f"{out}{sep} {part}"
    return out or None


def edtf_date(value: str) -> dict[str, Any] | None:
    """A biblatex `date` (ISO 8601 / EDTF: `2004-05-16`, `1988/1992`, `1855~`, `2004/..`), or
    None when it is not one (`15/05/84`)."""
    text = value.strip().replace("\u00a0", "~")
    circa = False
    ends: list[list[int]] = []
    for part in text.split("/") if "/" in text else [text]:
        part = part.strip()
        if part in ("", ".."):
            ends.append([0]) if ends else None  # open end: CSL writes year 0
            continue
        m = _EDTF_ONE.match(part)
        if not m:
            return None
        circa = circa or bool(m.group(4))
        ends.append([int(g) for g in m.group(1, 2, 3) if g is not None])
    if not ends:
        return None
    out: dict[str, Any] = {"date-parts": ends}
    if circa:
        out["circa"] = True
    return out


def old_date(year: str | None, month: str | None, day: str | None) -> dict[str, Any] | None:
    if year is None:
        return None
    y = re.sub(r"^[\u2013\u2014](?=\d)", "-", year.strip())
    if not re.fullmatch(r"-?\d+", y):
        return {"literal": year.strip()}
    parts = [int(y)]
    m = month_number(month)
    if m is not None:
        parts.append(m)
        if day is not None and day.strip().isdigit():
            parts.append(int(day.strip()))
    return {"date-parts": [parts]}


def month_number(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text.isdigit():
        return int(text)
    if text in _MONTHS:
        return _MONTHS[text]
    # English month names in full ("march", "sept") as well: biber reads them too
    full = {n: i for i, n in enumerate(_MONTH_NAMES.split(), 1)}
    return full.get(text) or (_MONTHS.get(text[:3]) if text == "sept" else None)


def ordinal(n: str) -> str:
    value = int(n)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{n}{suffix}"
