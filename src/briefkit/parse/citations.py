"""Parse stage: pandoc's citation syntax, as a markdown-it inline rule.

`[see @doe2020, pp. 33-35, for details; -@roe2021]` and in-text `@doe2020 [p. 4]` become a
`cite` token whose meta holds, for each source, its prefix, key, locator, label and suffix, with
the offset of each key so that `resolve` can report an unknown key at its exact column.
The locator grammar follows pandoc's: a CSL locator term (`p.`, `chap.`, `§`...) then a value,
a bare number meaning a page, or a braced `{...}` locator taken verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_inline import StateInline

# Citation keys, pandoc's rule: a letter, digit or '_', then alphanumerics and '_', with
# internal punctuation (each mark followed by an alphanumeric, or ':'/'/' followed by '/', so
# `@doe2020.` keeps its full stop out of the key and `@{https://...}` reads as one key).
_KEY = re.compile(r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*")
# ... or any key in braces: balanced, without white space (pandoc reads `@{a b}` as text)
_BRACED = re.compile(r"\{(?:[^{}\s]|\{[^{}\s]*\})+\}")
_ANY_KEY = re.compile(rf"(?:{_BRACED.pattern}|{_KEY.pattern})")
# pandoc's `spnl` between an in-text key and its bracket: spaces, at most one line break
_TO_BRACKET = re.compile(r"[ \t]*(?:\n[ \t]*)?\[")

# CSL locator terms, long and short forms (en), mapped to the CSL locator type.
LOCATOR_TERMS: dict[str, str] = {}
for _type, _forms in {
    "act": ["act", "acts"],
    "appendix": ["appendix", "appendices", "app.", "apps."],
    "article-locator": ["article", "articles", "art.", "arts."],
    "book": ["book", "books", "bk.", "bks."],
    "canon": ["canon", "canons", "can."],
    "chapter": ["chapter", "chapters", "chap.", "chaps.", "ch.", "chs."],
    "column": ["column", "columns", "col.", "cols."],
    "elocation": ["location", "locations", "loc.", "locs."],
    "equation": ["equation", "equations", "eq.", "eqs."],
    "figure": ["figure", "figures", "fig.", "figs."],
    "folio": ["folio", "folios", "fol.", "fols."],
    "issue": ["number", "numbers", "no.", "nos.", "issue", "issues"],
    "line": ["line", "lines", "l.", "ll."],
    "note": ["note", "notes", "n.", "nn."],
    "opus": ["opus", "opera", "op.", "opp."],
    "page": ["page", "pages", "p.", "pp.", "pg.", "pgs."],
    "paragraph": ["paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"],
    "part": ["part", "parts", "pt.", "pts."],
    "rule": ["rule", "rules", "r.", "rr."],
    "scene": ["scene", "scenes", "sc.", "scs."],
    "section": ["section", "sections", "sec.", "secs.", "§", "§§"],
    "sub-verbo": ["sub verbo", "sub verbis", "s.v.", "s.vv."],
    "supplement": ["supplement", "supplements", "supp.", "supps."],
    "table": ["table", "tables", "tbl.", "tbls."],
    "timestamp": ["timestamp", "timestamps"],
    "title-locator": ["title", "titles", "tit.", "tits."],
    "verse": ["verse", "verses", "v.", "vv."],
    "volume": ["volume", "volumes", "vol.", "vols."],
}.items():
    for _form in _forms:
        LOCATOR_TERMS[_form] = _type

# longest first, so that "pp." wins over "p." and "sub verbo" over "s."
_TERMS_RE = "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True))
_LABELLED = re.compile(rf"^\s*(?P<term>{_TERMS_RE})(?:\s+|(?<=[.§¶])\s*)(?=[\w(\[])", re.I)
# a locator value: numbers, roman numerals, ranges (TeX's "--" too) and lists of them ("33-35,
# 38-39", "iv", "3a"); a numbered part keeps its dots ("2.1", as pandoc), a final dot does not
_CH, _DASH = r"[\w()\[\]]", r"\s*(?:--|[-–—])\s*"
_UNIT = rf"{_CH}+(?:\.{_CH}+)*"
_LIST = rf"(?:\s*(?:,|&|and)\s*{_CH}*\d{_CH}*(?:\.{_CH}+)*(?:{_DASH}{_UNIT})?)*"
_VALUE = re.compile(rf"^(?P<value>{_UNIT}(?:{_DASH}{_UNIT})?{_LIST})")

# A bare roman numeral is a page of the front matter ("xii", "iv, vi-xi", "XII--XV"), where it
# is all that follows the key: pandoc's citeproc reads it as suffix text, which would print
# "…(Press, 2019), xii–xv" where an arabic page gets "pp. 112–15". Followed by words, it stays
# text as in pandoc ("[@a, xi, will be entirely suffix]"), and "i.e." or "vi and" never qualify.
# Strict numerals of one case, up to c (no d or m: "mix", "CD" are words); CMOS 9.64
# abbreviates no roman range, so locators.py leaves its ends whole.
_LOWER_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_UPPER_ROMAN = _LOWER_ROMAN.upper()


def _roman_locator(numeral: str) -> str:
    one = rf"{numeral}(?:\s*(?:--|[-–—])\s*{numeral})?"
    return rf"{one}(?:\s*,\s*{one})*"


_BARE_ROMAN = re.compile(f"{_roman_locator(_LOWER_ROMAN)}|{_roman_locator(_UPPER_ROMAN)}")


@dataclass(frozen=True, slots=True)
class RawCiteItem:
    """One source of a citation as written, with offsets into the inline source text."""

    key: str
    key_pos: int
    prefix: str
    prefix_pos: int
    suffix: str
    suffix_pos: int
    locator: str | None
    label: str | None
    suppress_author: bool


def parse_locator(suffix: str) -> tuple[str | None, str | None, str]:
    """Split `, pp. 33-35, for details` into (label, locator, remaining suffix)."""
    text = suffix
    m = re.match(r"^\s*,?\s*", text)
    rest = text[m.end() if m else 0 :]
    if rest.startswith("{"):
        end = _matching_brace(rest, 0)
        if end > 0:
            inner = rest[1:end]
            lm = _LABELLED.match(inner)
            if lm:
                return (
                    LOCATOR_TERMS[lm.group("term").lower()],
                    inner[lm.end() :].strip(),
                    rest[end + 1 :],
                )
            return "page", inner.strip(), rest[end + 1 :]
    lm = _LABELLED.match(rest)
    if lm:
        label = LOCATOR_TERMS[lm.group("term").lower()]
        after = rest[lm.end() :]
        vm = _VALUE.match(after)
        if vm and _looks_like_locator(vm.group("value")):
            return label, vm.group("value").strip(), after[vm.end() :]
    if rest[:1].isdigit():
        vm = _VALUE.match(rest)
        if vm:
            return "page", vm.group("value").strip(), rest[vm.end() :]
    if _BARE_ROMAN.fullmatch(rest.strip()):
        return "page", rest.strip(), ""
    return None, None, suffix


# a locator term with no value (`[@a, p. ]`): abbreviations and signs; "book" alone is text
_BARE_TERM = re.compile(
    r"^[\s,]*(?:"
    + "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True) if t[-1] in ".§¶")
    + r")\s*$",
    re.I,
)

Flaws = list[tuple[int, str]]  # (offset, what is wrong): `cite.syntax` warnings at the citation


def _dangling(suffix: str) -> str | None:
    """Why a suffix is a slip rather than text to print, if it is one: pandoc prints
    `[@a, ]` as "A (2020),", `[@a, p. ]` as "A (2020), p."."""
    text = suffix.strip()
    if text and not text.strip(",;:").strip():
        return f"nothing follows the `{text}`: it is dropped"
    if _BARE_TERM.match(text):
        return f"the locator `{text.strip(', ')}` has no value: it is dropped"
    return None


def _looks_like_locator(value: str) -> bool:
    """A number somewhere, or a roman numeral: keeps "book review" from being a locator."""
    return any(c.isdigit() for c in value) or bool(re.fullmatch(r"[ivxlcdmIVXLCDM]+", value))


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_items(content: str) -> list[tuple[str, int]]:
    """Split bracket content at ';' outside braces, keeping each part's offset."""
    parts: list[tuple[str, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(content):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append((content[start:i], start))
            start = i + 1
    parts.append((content[start:], start))
    return parts


def _after_string(text: str, at: int) -> bool:
    """pandoc's `notAfterString`: a key right after a word (`me@example`, `a.@b`) is text."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "@.")


def _find_key(part: str) -> tuple[int, int, str, bool] | None:
    """(start of '@' or '-@', end of key, key, suppress_author) of the first key in `part`."""
    for m in re.finditer(r"(-?)@(" + _ANY_KEY.pattern + ")", part):
        at = m.start()
        if _after_string(part, at):
            continue  # e-mail address or similar
        key = m.group(2)
        if key.startswith("{"):
            key = key[1:-1]
        return at, m.end(), key, m.group(1) == "-"
    return None


def parse_bracketed(
    content: str, base: int, flaws: Flaws | None = None
) -> list[RawCiteItem] | None:
    """The items of `[...]` if every ';'-part holds one citation key, else None (not a cite).
    With `flaws`, an empty part (`[@a;]`: pandoc prints "[A (2020);]") is skipped, and it and
    a dangling suffix are added there."""
    items: list[RawCiteItem] = []
    found_flaws: Flaws = []
    for part, off in _split_items(content):
        if not part.strip() and flaws is not None:
            at = base + off - (1 if off else 0)  # at its `;`
            found_flaws.append((at, "an empty citation beside a `;`: the `;` is dropped"))
            continue
        found = _find_key(part)
        if found is None:
            return None
        at, end, key, suppress = found
        key_pos = base + off + at + (2 if suppress else 1)
        prefix = part[:at]
        label, locator, suffix = parse_locator(part[end:])
        suffix_pos = base + off + end + (len(part[end:]) - len(suffix))
        why = _dangling(suffix)
        if why is not None and flaws is not None:
            found_flaws.append((suffix_pos + len(suffix) - len(suffix.lstrip()), why))
            suffix = ""
        items.append(
            RawCiteItem(
                key=key,
                key_pos=key_pos,
                prefix=prefix.strip(),
                prefix_pos=base + off + (len(prefix) - len(prefix.lstrip())),
                suffix=suffix.strip(),
                suffix_pos=suffix_pos + (len(suffix) - len(suffix.lstrip())),
                locator=locator,
                label=label,
                suppress_author=suppress,
            )
        )
    if flaws is not None and items:
        flaws.extend(found_flaws)
    return items


MAX_CITATION_LENGTH = 2000  # a citation longer than this is not a citation: stop looking


def _bracket_end(src: str, start: int, maximum: int) -> int:
    """Index of the ']' closing the '[' at `start`, honouring nesting and escapes; -1 if none.

    The scan is bounded, so text full of unclosed brackets stays linear to parse.
    """
    depth = 0
    i = start
    maximum = min(maximum, start + MAX_CITATION_LENGTH)
    while i < maximum:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "`":  # code spans may contain brackets
            close = src.find("`", i + 1, maximum)
            i = close if close > 0 else i
        i += 1
    return -1


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule for `[...@key...]` and in-text `@key` / `@key [locator]`."""
    src, pos, maximum = state.src, state.pos, state.posMax
    ch = src[pos]
    base = state.env.get("_bk_base", [0])[-1]
    if ch == "[":
        if pos + 1 < maximum and src[pos + 1] == "^":
            return False
        # cheap rejections first (str.find runs in C): no '@' or no ']' nearby, no citation
        window = min(maximum, pos + MAX_CITATION_LENGTH)
        if src.find("@", pos, window) < 0 or src.find("]", pos, window) < 0:
            return False
        end = _bracket_end(src, pos, maximum)
        if end < 0:
            return False
        follows = src[end + 1 : end + 3]
        if follows[:1] == "(" or (follows[:1] == "[" and follows not in ("[@", "[-")):
            return False  # a link or reference-style link whose text mentions @someone
        flaws: Flaws = []
        items = parse_bracketed(src[pos + 1 : end], base + pos + 1, flaws)
        if not items:
            return False
        if not silent:
            token = state.push("cite", "", 0)
            token.content = src[pos : end + 1]  # so smart quotes see a word here, not a gap
            token.meta = {"items": items, "in_text": False, "pos": base + pos, "flaws": flaws}
        state.pos = end + 1
        return True
    if ch == "@" or (ch == "-" and src.startswith("@", pos + 1)):
        return _in_text(state, silent, base)
    return False


def _in_text(state: StateInline, silent: bool, base: int) -> bool:
    """`@key`, `-@key`, then pandoc's optional bracket: `@a [p. 4]` (a locator and suffix),
    `@a [p. 4; see @b]` (then more sources), or `@a [-@b p. 30; see also @c]` (a whole list
    of sources after the first). A bracket that is none of these stays text."""
    src, pos, maximum = state.src, state.pos, state.posMax
    suppress = src[pos] == "-"
    at = pos + 1 if suppress else pos
    if _after_string(src, pos):
        return False
    m = _ANY_KEY.match(src, at + 1, maximum)
    if not m:
        return False
    key = m.group(0)
    key = key[1:-1] if key.startswith("{") else key
    new_pos = m.end()
    first = RawCiteItem(
        key, base + at + 1, "", base + pos, "", base + new_pos, None, None, suppress
    )
    items = [first]
    flaws: Flaws = []
    if src.startswith("{}", new_pos):  # `@key{}`: pandoc prints the braces after the citation
        flaws.append(
            (base + new_pos, "`{}` right after the key: dropped (a key in braces is `@{key}`)")
        )
        new_pos += 2
    bm = _TO_BRACKET.match(src, new_pos, maximum)
    window = min(maximum, new_pos + MAX_CITATION_LENGTH)
    if bm and not src.startswith("[^", bm.end() - 1) and src.find("]", bm.end(), window) >= 0:
        open_at = bm.end() - 1
        close = _bracket_end(src, open_at, maximum)
        after = src[close + 1 : close + 2] if close > 0 else ""
        if close > 0 and after not in ("(", "["):
            more = _bracket_items(src[open_at + 1 : close], base + open_at + 1, first, flaws)
            if more is not None:
                items = more
                new_pos = close + 1
    if not silent:
        token = state.push("cite", "", 0)
        token.content = src[pos:new_pos]  # so smart quotes see a word here, not a gap
        token.meta = {"items": items, "in_text": not suppress, "pos": base + pos, "flaws": flaws}
    state.pos = new_pos
    return True


def _bracket_items(
    inner: str, base: int, first: RawCiteItem, flaws: Flaws
) -> list[RawCiteItem] | None:
    """The sources of `@first [inner]`, or None when the bracket is not part of the citation.

    pandoc tries a list of citations first (`[-@b p. 30; see also @c]`: every part has a
    key), then a locator and suffix for the first source, optionally followed by `;` and a
    list of citations (`[p. 4; see @b]`).
    """
    listed = parse_bracketed(inner, base, flaws)
    if listed:
        return [first, *listed]
    parts = _split_items(inner)
    head, _ = parts[0]
    rest: list[RawCiteItem] = []
    if len(parts) > 1:
        off = parts[1][1]
        tail = parse_bracketed(inner[off:], base + off, flaws)
        if not tail:
            return None
        rest = tail
    label, locator, suffix = parse_locator(head)
    suffix_pos = base + len(head) - len(suffix)
    stripped = suffix.strip()
    suffix_pos += len(suffix) - len(suffix.lstrip())
    why = _dangling(stripped)
    if why is not None:
        flaws.append((suffix_pos, why))
        stripped = ""
    located = RawCiteItem(
        first.key,
        first.key_pos,
        "",
        first.prefix_pos,
        stripped,
        suffix_pos,
        locator,
        label,
        first.suppress_author,
    )
    return [located, *rest]
