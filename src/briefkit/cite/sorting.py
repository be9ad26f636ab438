"""Resolve stage helper: the order of a bibliography, as Chicago sorts it (CMOS 18 14.67,
unverified), in one defined order for romanised and CJK names.

Consumes validated `Reference`s and the citation style; produces sort keys. An entry is
filed under what it opens with: its first author's family name (then the given name, the
particles after it, as CSL's default "display-and-sort" order prints them: "Park, Amelia van
der" under P), the stand-in of an unsigned work (`layouts.<type>.short-author`: "*Kyodo
News*" under K, "The Interpreter" under T, as printed), else its title, an initial "A",
"An" or "The" ignored. Then the other names (a work by the first author alone before those
written with others, CMOS 18 14.69, unverified), the title and the date break ties.

Letters are compared without case or accents ("Fernández" with "Fernandez"), letter by letter:
spaces and punctuation are ignored, "Okafor" before "O’Neill" (`bibliography.letter-by-letter`).
Entries written in the Latin (or another alphabetic) script come first, then those in kana,
then those in Chinese characters or hangul, each by Unicode code point — the order of
Unicode's collation (DUCET) that pandoc's citeproc follows. A reading of a CJK name
(gojūon order) is not known to the references, so it is not used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from briefkit.model.citestyle import CitationStyle
from briefkit.model.reference import Name, Reference
from briefkit.parse.cslmarkup import plain

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u2e80-\u2fdf\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")


def _script(text: str) -> int:
    first = text[:1]
    if _KANA.match(first):
        return 1
    if _HAN.match(first):
        return 2
    return 0


def _fold(text: str, letters_only: bool = True) -> str:
    """Letters and digits without case or accents; anything else dropped (letter by letter)
    or kept as one mark that sorts before every letter (`letter-by-letter: false`)."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if letters_only:
        return "".join(c for c in bare if c.isalnum())
    return "".join(c if c.isalnum() else "\x01" for c in bare)


def _name(name: Name) -> str:
    if name.is_literal or not name.family:
        return name.literal or name.given or ""
    return " ".join(
        p
        for p in (
            name.family,
            name.given,
            name.dropping_particle,
            name.non_dropping_particle,
            name.suffix,
        )
        if p
    )


def _opener(ref: Reference, style: CitationStyle) -> tuple[str, list[str]]:
    """What the entry is filed under, and the names after it."""
    people: list[Name] = ref.author or ref.editor
    if people:
        return _name(people[0]), [_name(n) for n in people[1:]]
    for stand_in in style.layout(ref.type).short_author:
        if stand_in == "publisher" and ref.publisher:
            return plain(ref.publisher), []
        if stand_in == "container-title" and ref.container_title:
            return plain(ref.container_title), []  # as printed: "The Interpreter" under T
    return _ARTICLE.sub("", plain(ref.title or "")), []


def sort_key(
    ref: Reference, style: CitationStyle, fields: Sequence[str] = ("author", "title", "date")
) -> tuple[tuple[int, str], ...]:
    """The key a bibliography is sorted by (`bibliography.sort`: author, title, date)."""
    out: list[tuple[int, str]] = []
    letters = style.bibliography.letter_by_letter

    def fold(text: str) -> str:
        return _fold(text, letters)

    for f in fields:
        if f == "author":
            opener, others = _opener(ref, style)
            out.append((_script(opener), fold(opener)))
            out.append((0, "1" if others else "0"))  # a sole author before co-authored works
            out.extend((_script(n), fold(n)) for n in others)
        elif f == "title":
            text = _ARTICLE.sub("", plain(ref.title or "").lstrip("“\"'‘"))  # not by its tags
            out.append((_script(text), fold(text)))
        else:
            when = ref.issued.start.iso() if ref.issued and ref.issued.start else ""
            out.append((0, when))
    return tuple(out)
