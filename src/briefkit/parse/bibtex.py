"""Parse stage: BibTeX/biblatex libraries -> raw CSL items, via bibtexparser (v2).

Consumes the text of a `.bib` file; produces one `RawItem` per entry that knows the line of each
of its fields. bibtexparser splits the file into blocks (entries, `@string`s, comments) with
their line numbers and leaves every value as written (parse/bibscan.py first hides from it the
`"` inside braces inside quoted values that it would take for the value's end, and lists the
entries the file opens, so one it skips is reported); this module then does what biblatex does
before a style sees the entry:

- `@string` macros and `#` concatenation (`dtv # " and " # {Walter de Gruyter}`), with the
  month macros (`nov`) and biblatex's field aliases (`archiveprefix`, `primaryclass`, `journal`,
  `address`, `school`);
- `crossref` and `xdata` inheritance by biblatex's rules (a `@book` parent's `title` is an
  `@inbook` child's `booktitle`...; the child's own fields win; chains are followed, cycles
  stopped);

and parse/biblatex.py maps the result to CSL as pandoc does. Problems (an unknown `crossref`, a
field whose LaTeX could not be read) are located warnings; nothing raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse import biblatex
from briefkit.parse.bibparts import BOOKKEEPING
from briefkit.parse.bibpreamble import VERBATIM, Definitions, expand_macros, read_preamble
from briefkit.parse.bibscan import entry_heads, expand, hide_inner_quotes
from briefkit.parse.items import RawItem
from briefkit.parse.yamlsrc import PathKey

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTHS = {
    m: str(i) for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
ALIASES = {"archiveprefix": "eprinttype", "primaryclass": "eprintclass"}
MAX_CHAIN = 8  # crossref -> crossref -> ...: biblatex follows a few levels


@dataclass(frozen=True)
class Unmapped:
    """What `read_bibtex` drops or maps to a default: an entry type with no CSL equivalent
    (`field` is None; the entry becomes a `document`), or a field with none (not read)."""

    key: str
    entry_type: str
    line0: int  # 0-based line of the entry
    field: str | None = None
    field_line0: int | None = None


@dataclass
class _Raw:
    key: str
    type: str
    line0: int
    fields: dict[str, str]
    lines: dict[str, int]  # field -> 0-based line
    undefined: dict[str, list[str]]  # field -> its bare words that no @string defines
    endless: list[str]  # fields where a @preamble macro expands into itself


def read_bibtex(
    path: Path,
    text: str,
    diags: Diagnostics,
    unmapped: list[Unmapped] | None = None,
    lang: str = "en",
) -> list[RawItem]:
    """Raw CSL items of a BibTeX file; what has no CSL equivalent is added to `unmapped`.
    Localisation keys (`resreport`, `countryuk`) are resolved in `lang`."""
    scanned, restore = hide_inner_quotes(text)
    try:
        library = bibtexparser.parse_string(scanned, parse_stack=[])
    except Exception as exc:  # bibtexparser's splitter on input it cannot take
        diags.error(
            "ref.syntax", f"could not read this BibTeX file ({exc})", SourceLocation(path, 1, 1)
        )
        return []
    lines = text.split("\n")
    blocks = [b for block in library.blocks for b in _misread_type(block)]
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateFieldKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            # pandoc (and biber) read such an entry, one value per field: so do we, and say so
            entry = block.ignore_error_block
            blocks.append(entry)
            diags.warning(
                "ref.duplicate-field",
                f"entry '{entry.key}' sets {', '.join(sorted(block.duplicate_keys))} twice; "
                "one value is used",
                SourceLocation(path, line, 1),
                "delete the extra line",
            )
        elif isinstance(block, DuplicateBlockKeyBlock):
            diags.error(
                "ref.duplicate-id",
                f"duplicate entry key '{block.key}'",
                SourceLocation(path, line, 1),
                "each entry needs its own key",
            )
        elif isinstance(block, ParsingFailedBlock):
            diags.error(
                "ref.syntax",
                "could not parse this BibTeX entry "
                "(unbalanced braces, a missing comma or an unclosed quote?)",
                SourceLocation(path, line, 1),
            )
    _report_lost(path, text, blocks, library.failed_blocks, diags)
    strings = dict(MONTHS)
    for s in blocks:
        if isinstance(s, String):
            words: list[str] = []  # only the @strings above it count, as in BibTeX
            strings[s.key.lower()] = expand(restore(str(s.value)), strings, words)
            if words:
                diags.warning(
                    "ref.undefined-string",
                    f"@string '{s.key}': {', '.join(map(repr, dict.fromkeys(words)))}: no @string "
                    "above it defines it; kept as written",
                    SourceLocation(path, (s.start_line or 0) + 1, 1),
                    "define it in an @string above this one, or brace the value",
                )
    preambles = [b for b in blocks if isinstance(b, Preamble)]
    found = _preamble(path, preambles, strings, restore, diags)
    entries = [_raw_entry(e, strings, restore, found) for e in blocks if isinstance(e, Entry)]
    entries.sort(key=lambda r: r.line0)
    by_key = {r.key.lower(): r for r in entries}
    items: list[RawItem] = []
    for raw in entries:
        origin = SourceLocation(path, raw.line0 + 1, 1)
        fields, lines_of = _inherit(raw, by_key, path, diags)

        def at(line0: int) -> SourceLocation:
            row = lines[line0] if 0 <= line0 < len(lines) else ""
            return SourceLocation(path, line0 + 1, len(row) - len(row.lstrip()) + 1)

        def problem(
            bib: str,
            message: str,
            code: Code = "ref.latex",
            raw: _Raw = raw,
            lines_of: Any = lines_of,
        ) -> None:
            diags.warning(
                code,
                f"entry '{raw.key}', field '{bib}': {message}",
                at(lines_of.get(bib, raw.line0)),
            )

        for bib, words in raw.undefined.items():
            # BibTeX prints nothing for them; pandoc lower-cases them; briefkit keeps them
            problem(
                bib,
                f"{', '.join(repr(w) for w in words)}: no @string of this file defines "
                f"{'it' if len(words) == 1 else 'them'}; kept as written",
                "ref.undefined-string",
            )
        for bib in raw.endless:
            problem(bib, "a @preamble macro expands into itself; expansion stopped", "ref.preamble")
        try:
            conv = biblatex.convert(raw.type, fields, lang, problem)
        except Exception as exc:  # a shape of entry no test has met: that entry, not the file
            diags.error(
                "ref.syntax",
                f"entry '{raw.key}' could not be converted ({type(exc).__name__}: {exc})",
                origin,
                "simplify the entry's LaTeX, and report it: briefkit should read what pandoc reads",
            )
            continue
        conv.data["id"] = raw.key
        if unmapped is not None:
            if not conv.known_type:
                unmapped.append(Unmapped(raw.key, raw.type, raw.line0))
            for f in conv.unmapped:
                unmapped.append(Unmapped(raw.key, raw.type, raw.line0, f, lines_of.get(f)))
        where = {csl: lines_of.get(bib, raw.line0) for csl, bib in conv.source.items()}
        where["id"] = where["type"] = raw.line0

        def locate(
            keys: PathKey, key: bool, where: dict[str, int] = where, origin: SourceLocation = origin
        ) -> SourceLocation:
            line0 = where.get(str(keys[0])) if keys else None
            return origin if line0 is None else at(line0)

        named = (
            k for f in ("crossref", "xdata") for k in re.split(r"[\s,]+", raw.fields.get(f, ""))
        )
        parents = tuple(by_key[k.lower()].key for k in named if k and k.lower() in by_key)
        kept = [f for f in conv.unmapped if f not in BOOKKEEPING]
        dropped = tuple((f, at(lines_of.get(f, raw.line0))) for f in kept)
        items.append(RawItem(conv.data, origin, locate, parents, dropped))
    return items


_MISREAD = re.compile(r"@\s*(comment[A-Za-z]+)(?=\s*[{(])", re.I)


def _misread_type(block: Block) -> list[Block]:
    """bibtexparser takes any `@comment...` for a comment (jurabib's `@COMMENTED{erm, ...}`,
    an entry, would be lost): such a block is read again as the entry it is, with its own type
    and lines; any other block is returned as it is."""
    if not isinstance(block, ExplicitComment):
        return [block]
    raw = block.raw
    m = _MISREAD.match(raw)
    if m is None:
        return [block]
    # as many newlines before it as it had lines before it: the entry keeps its line numbers
    again = "\n" * (block.start_line or 0) + "@x" + raw[m.start(1) :]
    entries = bibtexparser.parse_string(again, parse_stack=[]).entries
    for entry in entries:
        entry.entry_type = m.group(1)
    return list(entries) or [block]


def _report_lost(
    path: Path, text: str, blocks: list[Any], failed: list[Any], diags: Diagnostics
) -> None:
    """An entry the file opens that bibtexparser returned neither as an entry nor as a failed
    block (reported above) is a located error too: no entry is lost without a word."""
    read = {b.key for b in blocks if isinstance(b, Entry)}
    failed_lines = {b.start_line for b in failed if b.start_line is not None}
    for key, line0 in entry_heads(text):
        if key not in read and line0 not in failed_lines:
            diags.error(
                "ref.syntax",
                f"entry '{key}' could not be read (bibtexparser skipped it)",
                SourceLocation(path, line0 + 1, 1),
                "check its braces and quotes; the entries around it were read",
            )


def _preamble(
    path: Path,
    blocks: list[Preamble],
    strings: dict[str, str],
    restore: Callable[[str], str],
    diags: Diagnostics,
) -> Definitions | None:
    """The macros the file's `@preamble`s define (parse/bibpreamble.py); what they hold that
    could not be read is one located warning."""
    if not blocks:
        return None
    found = read_preamble(" ".join(expand(restore(str(b.value)), strings) for b in blocks))
    if found.unread:
        diags.warning(
            "ref.preamble",
            f"@preamble: {'; '.join(found.unread)}: not read, so fields that use it print "
            "without it",
            SourceLocation(path, (blocks[0].start_line or 0) + 1, 1),
            "define macros briefkit reads (\\newcommand{\\X}[1]{text #1}); write other text in "
            "the fields",
        )
    return found


def _raw_entry(
    entry: Entry,
    strings: dict[str, str],
    restore: Callable[[str], str],
    found: Definitions | None,
) -> _Raw:
    line0 = entry.start_line or 0
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    undefined: dict[str, list[str]] = {}
    endless: list[str] = []
    for f in entry.fields:
        key = ALIASES.get(f.key.lower(), f.key.lower())
        words: list[str] = []
        fields[key] = expand(restore(str(f.value)), strings, words)
        if found and key not in VERBATIM:
            fields[key], stopped = expand_macros(fields[key], found.macros, found.params)
            if stopped:
                endless.append(key)
        lines[key] = f.start_line if f.start_line is not None else line0
        if words:
            undefined[key] = words
    return _Raw(entry.key, entry.entry_type.lower(), line0, fields, lines, undefined, endless)


def _inherit(
    raw: _Raw, by_key: dict[str, _Raw], path: Path, diags: Diagnostics
) -> tuple[dict[str, str], dict[str, int]]:
    """The entry's fields plus what its `crossref`/`xdata` parents give it."""
    fields = dict(raw.fields)
    lines = dict(raw.lines)
    for link in ("crossref", "xdata"):
        if link not in raw.fields:
            continue
        for parent_key in re.split(r"[\s,]+", raw.fields[link].strip()):
            if not parent_key:
                continue
            inherited = _parent_fields(raw.type, parent_key, by_key, set(), 0)
            if inherited is None:
                diags.warning(
                    "ref.crossref-missing",
                    f"entry '{raw.key}': {link} '{parent_key}' names no entry in this file; "
                    "nothing inherited",
                    SourceLocation(path, lines.get(link, raw.line0) + 1, 1),
                    "add the parent entry, or remove the field",
                )
                continue
            for key, value in inherited.items():
                if key not in fields:
                    fields[key] = value
                    lines[key] = raw.lines.get(link, raw.line0)
    return fields, lines


def _parent_fields(
    child_type: str, key: str, by_key: dict[str, _Raw], seen: set[str], level: int
) -> dict[str, str] | None:
    parent = by_key.get(key.lower())
    if parent is None:
        return None
    if key.lower() in seen or level > MAX_CHAIN:
        return {}
    seen = seen | {key.lower()}
    out: dict[str, str] = {}
    for k, v in parent.fields.items():
        if k in ("crossref", "xdata"):
            for grand in re.split(r"[\s,]+", v.strip()):
                got = _parent_fields(child_type, grand, by_key, seen, level + 1) if grand else None
                for gk, gv in (got or {}).items():
                    if gk not in parent.fields:
                        out.setdefault(gk, gv)
            continue
        for target in transform_key(parent.type, child_type, k):
            out.setdefault(target, v)
    return out


_NOT_INHERITED = frozenset(
    """ids crossref xref entryset execute label options presort related relatedoptions
    relatedstring relatedtype shorthand shorthandintro sortkey entrysubtype""".split()
)
_TITLE_SKIP = frozenset({"shorttitle", "sorttitle", "indextitle", "indexsorttitle"})


def transform_key(source: str, target: str, key: str) -> list[str]:
    """The field names a parent's `key` takes in its child (biblatex manual, appendix B)."""
    if key in _NOT_INHERITED:
        return []
    if key == "author" and (
        (source in ("mvbook", "book") and target in ("inbook", "bookinbook", "suppbook"))
        or (source == "mvbook" and target == "book")
    ):
        return ["bookauthor", "author"]
    main = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
    book = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
    table: dict[str, str] | None = None
    if source == "mvbook" and target in ("book", "inbook", "bookinbook", "suppbook"):
        table = main
    elif source in ("mvcollection", "mvreference") and target in (
        "collection", "reference", "incollection", "inreference", "suppcollection"
    ):  # fmt: skip
        table = main
    elif source == "mvproceedings" and target in ("proceedings", "inproceedings"):
        table = main
    elif source in ("book", "collection", "reference") and target in (
        "inbook", "bookinbook", "suppbook", "incollection", "inreference", "suppcollection"
    ):  # fmt: skip
        # biblatex pairs @book with @inbook and @collection with @incollection only; across
        # the pairs (an @incollection whose crossref is the edited @book, as exports write it)
        # it copied the book's subtitle onto the chapter's title and lost the book's title
        table = book
    elif source == "proceedings" and target == "inproceedings":
        table = book
    elif source == "periodical" and target in ("article", "suppperiodical"):
        table = {"title": "journaltitle", "subtitle": "journalsubtitle"}
    if table is None:
        return [key]
    if key in _TITLE_SKIP:
        return []
    return [table.get(key, key)]
