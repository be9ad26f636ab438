"""Resolve stage helper: personal and organisational names as a house style prints them.

Consumes `Name` models and the style's `Names` rules; produces plain strings. Used for citation
authors/editors and for the byline (where a house may print Japanese names family-first with
the family name in capitals, "OGUMA Shinya").
"""

from __future__ import annotations

from briefkit.lang import is_cjk
from briefkit.model.citestyle import Names
from briefkit.model.reference import Name


def full_name(name: Name, order: str = "given-first") -> str:
    """One name in full: "Tomotaka Shoji", "Jan van der Berg Jr.", or the literal.

    Names written in CJK script are always family name first with no space (小川博), as CSL
    processors print them whatever the style's order; a Latin name in a family-first style
    (the Japanese form) is inverted with a comma, "Miller, Chris", as CSL prints a name in
    sort order and SIST 02 writes it ("Miller Chris" reads as one name).
    """
    if name.is_literal or not name.family:
        return (name.literal or name.given or "").strip()
    if is_cjk(name.family) or is_cjk(name.given):
        return f"{name.family}{name.given or ''}"
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    if name.static_ordering:  # a name written family first by its own custom: "Nguyen Van A"
        text = " ".join(p for p in (family, name.given) if p)
    elif order == "family-first" and name.given:  # inverted, as in a bibliography
        return inverted_name(name)  # "Miller, Chris", "Berg, Anna van den"; not "Miller Chris"
    elif order == "family-first":
        text = family
    else:
        text = " ".join(p for p in (given, family) if p)
    if name.suffix:
        text += (", " if name.comma_suffix else " ") + name.suffix
    return text


def inverted_name(name: Name) -> str:
    """The first name of a bibliography entry, family name first: "Park, Amelia van der",
    "Sato, Chen, Jr." (CSL's default particle order); literals and CJK names as in a note."""
    if name.is_literal or not name.family or not name.given or is_cjk(name.family):
        return full_name(name)
    given = " ".join(
        p for p in (name.given, name.dropping_particle, name.non_dropping_particle) if p
    )
    text = f"{name.family}, {given}"
    return f"{text}, {name.suffix}" if name.suffix else text


def _and_others(names: list[Name]) -> tuple[list[Name], bool]:
    """The names, and whether the list ends in "and others" (BibTeX's `and others`, a last
    literal name "others" in CSL-JSON): more names than are written, printed as "et al."."""
    last = names[-1] if names else None
    if last is not None and last.is_literal and (last.literal or "").strip().lower() == "others":
        return names[:-1], True
    return names, False


def bibliography_names(names: list[Name], rules: Names) -> str:
    """Chicago's bibliography list: the first name inverted, the serial comma even for two
    ("Doe, Jane, and John Roe"), and from `bibliography-et-al-min` names the first
    `bibliography-et-al-use-first` followed by ", et al." (CMOS 18 14.76, unverified); a list
    that ends in "and others" is every name written and "et al.", as pandoc's citeproc prints it."""
    names, more = _and_others(names)
    if not names:
        return rules.et_al_term if more else ""
    if rules.order == "family-first":  # every name is family first already: 小川博・北岡伸一
        return name_list(names + ([Name(literal="others")] if more else []), rules)
    texts = [inverted_name(names[0])] + [full_name(n, rules.order) for n in names[1:]]
    if more and len(texts) < rules.bib_et_al_min:  # "Lotman, Yu. et al.", "Brown, Keith, Anne
        # Anderson, et al.": every name written, then the term (as pandoc's citeproc prints it)
        before = rules.delimiter if len(texts) > 1 else " "
        return rules.delimiter.join(texts) + before + rules.et_al_term
    if len(texts) >= rules.bib_et_al_min:
        return rules.delimiter.join(texts[: rules.bib_et_al_use_first]) + (
            rules.delimiter + rules.et_al_term
        )
    if len(texts) == 1:
        return texts[0]
    joiner = f" {rules.and_term} " if rules.and_spacing else rules.and_term
    comma = rules.delimiter.rstrip() if rules.serial_comma else ""
    return f"{rules.delimiter.join(texts[:-1])}{comma}{joiner}{texts[-1]}"


def short_name(name: Name) -> str:
    """The name in a short note: family name with its particle, or the literal."""
    if name.is_literal or not name.family:
        return (name.literal or name.given or "").strip()
    return " ".join(p for p in (name.non_dropping_particle, name.family) if p)


def name_list(names: list[Name], rules: Names, *, short: bool = False) -> str:
    """ "A", "A and B", "A, B, and C", or "A et al." past the et-al threshold or when the list
    ends in "and others"."""
    names, more = _and_others(names)
    if not names:
        return rules.et_al_term if more else ""
    texts = [short_name(n) if short else full_name(n, rules.order) for n in names]
    space = " " if rules.and_spacing else ""
    if more or len(texts) >= rules.et_al_min:  # "and others": "Keith Brown et al." (as citeproc)
        return rules.delimiter.join(texts[: rules.et_al_use_first]) + space + rules.et_al_term
    if len(texts) == 1:
        return texts[0]
    joiner = f" {rules.and_term} " if rules.and_spacing else rules.and_term
    if len(texts) == 2:
        return f"{texts[0]}{joiner}{texts[1]}"
    head = rules.delimiter.join(texts[:-1])
    comma = rules.delimiter.rstrip() if rules.serial_comma else ""
    return f"{head}{comma}{joiner}{texts[-1]}"


def byline_name(family: str | None, given: str | None, order: str, upper_family: bool) -> str:
    """A byline name from front-matter parts; family-first names may capitalise the family."""
    fam = (family or "").strip()
    if is_cjk(fam) or is_cjk(given):  # 小熊真也: family first, no space, whatever the order
        return f"{fam}{(given or '').strip()}"
    if order == "family-first":
        fam_text = fam.upper() if upper_family else fam
        return " ".join(p for p in (fam_text, given) if p)
    return " ".join(p for p in (given, fam) if p)
