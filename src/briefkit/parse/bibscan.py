"""Parse stage: a pre-scan of a BibTeX file for parse/bibtex.py, before bibtexparser splits it.

Consumes the text of a `.bib` file; produces the same text with every double quote that sits
inside braces inside a quoted value (`title = "Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss}"`)
replaced by a private-use character, and the function that puts the quotes back into the
values bibtexparser returns; the entries the file opens (`entry_heads`: key and line), so the
reader can say which entry, if any, bibtexparser lost without a word; and a value's text once
its `@string`s and `#` concatenations are expanded (`expand`).

Why: in BibTeX (and biber, and pandoc) a `"` inside braces is a plain character and never ends
a quoted value, but bibtexparser 2.1 ends the value there. The entry then loses the rest of
that field and the fields after it (texbook1.bib's `Tschichold:NT91`), or cannot be split at
all (one entry of Beebe's texbook2.bib). With the quote hidden bibtexparser reads the value
whole, and the quote is restored in every key and value it returns, so no text changes.

The scan follows BibTeX's grammar only as far as it needs to: `@type{` or `@type(` opens an
entry (`@comment` is skipped), a `"` at the entry's own level opens a quoted value, braces
nest inside it, and a `"` at brace level 0 closes it. An entry whose quote never closes is
left exactly as written (bibtexparser then reports it, located).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OPEN = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_TOKEN = re.compile(r'[{}()"]')
_CANDIDATES = ("\ue000", "\ue001", "\ue002", "\uf8ff")


def hide_inner_quotes(text: str) -> tuple[str, Callable[[str], str]]:
    """`text` with the quotes inside braces inside quoted values hidden, and the function that
    restores them in a string bibtexparser read from it (the identity when none was hidden)."""
    if '"' not in text:
        return text, _same
    mark = next((c for c in _CANDIDATES if c not in text), None)
    if mark is None:  # a file that uses every candidate: leave it to bibtexparser as it is
        return text, _same
    hidden: list[int] = []
    pos = 0
    while m := _OPEN.search(text, pos):
        if m.group(1).lower() == "comment":
            pos = m.end()
            continue
        end, found = _scan_entry(text, m.end(), m.group(2))
        hidden.extend(found)
        pos = max(end, m.end())
    if not hidden:
        return text, _same
    pieces: list[str] = []
    last = 0
    for i in hidden:  # in order: the scan goes forward
        pieces += (text[last:i], mark)
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces), lambda value: value.replace(mark, '"')


_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()\"#%=]+)[ \t]*,", re.M)
_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})


def entry_heads(text: str) -> list[tuple[str, int]]:
    """The key and 0-based line of every entry a line of `text` opens (`@book{key,`)."""
    out: list[tuple[str, int]] = []
    line = last = 0
    for m in _HEAD.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        if m.group(1).lower() not in _NOT_ENTRIES:
            out.append((m.group(2), line))
    return out


def _same(value: str) -> str:
    return value


def _scan_entry(text: str, start: int, opener: str) -> tuple[int, list[int]]:
    """Where the entry opened just before `start` ends, and its inner quotes' positions
    (none when a quoted value does not close before the text ends)."""
    closer = "}" if opener == "{" else ")"
    level = 0  # braces inside the entry, outside quoted values
    quoted = False
    inner = 0  # braces inside the current quoted value
    found: list[int] = []
    for t in _TOKEN.finditer(text, start):
        ch, at = t.group(0), t.start()
        if quoted:
            if ch == "{":
                inner += 1
            elif ch == "}":
                inner -= 1
                if inner < 0:  # a brace closing the entry inside a quote: malformed
                    return at, []
            elif ch == '"':
                if inner == 0:
                    quoted = False
                else:
                    found.append(at)
        elif ch == '"' and level == 0:
            quoted, inner = True, 0
        elif ch == "{":
            level += 1
        elif ch == "}":
            if level == 0 and closer == "}":
                return at + 1, found
            level -= 1
        elif ch == ")" and level == 0 and closer == ")":
            return at + 1, found
    if quoted:  # never closed: hide nothing here, and go on at the next entry
        nxt = text.find("\n@", start)
        return (len(text) if nxt < 0 else nxt + 1), []
    return len(text), found


_WORD = re.compile(r"[^\s#{}\"=,]+")


def expand(value: str, strings: dict[str, str], undefined: list[str] | None = None) -> str:
    """A value as written -> its text: `{...}` and `"..."` pieces as they are, bare words
    through `@string` (case-insensitively), numbers as numbers, joined where `#` joins them. A
    bare word no `@string` defines is kept as written and added to `undefined`."""
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch.isspace() or ch == "#":
            i += 1
        elif ch == "{":
            end = _close(value, i)
            out.append(value[i + 1 : end])
            i = end + 1
        elif ch == '"':
            end = _close_quote(value, i)
            out.append(value[i + 1 : end])
            i = end + 1
        else:
            m = _WORD.match(value, i)
            if m is None:  # a stray character bibtexparser let through: keep it
                out.append(ch)
                i += 1
                continue
            word = m.group(0)
            if undefined is not None and word.lower() not in strings and not word.isdigit():
                undefined.append(word)
            out.append(strings.get(word.lower(), word))
            i = m.end()
    return "".join(out)


_BRACES = re.compile(r"[{}]")


def _close(text: str, start: int) -> int:
    level = 0
    for m in _BRACES.finditer(text, start):
        level += 1 if m.group(0) == "{" else -1
        if level == 0:
            return m.start()
    return len(text)


_QUOTE_SCAN = re.compile(r'[{}"]')


def _close_quote(text: str, start: int) -> int:
    level = 0
    for m in _QUOTE_SCAN.finditer(text, start + 1):
        ch = m.group(0)
        if ch == "{":
            level += 1
        elif ch == "}":
            level -= 1
        elif level <= 0 and text[m.start() - 1] != "\\":
            return m.start()
    return len(text)
