"""Differential test: briefkit's BibTeX/biblatex and CSL-JSON readers against pandoc's, on real
libraries (tests/fixtures/libraries/, sources in its SOURCES.md).

Each file is converted once by pandoc (`pandoc -f biblatex -t csljson`, or `-f csljson` for a
CSL-JSON export) and once by briefkit (parse -> model -> CSL-JSON export, what `refs import`
and a build read), and these fields are compared entry by entry: type, title, container,
authors/editors, publisher, place, issued, volume/issue/page, URL/DOI.

Values are compared after the normalisations of briefkit's documented choices (the module
docstring of parse/biblatex.py): titles case-insensitively (pandoc sentence-cases English
titles; briefkit keeps them as written), DOIs bare, `@misc` as `document`; and after these
normalisations of representation only (the same content written another way, `NORMALISED`):
quotation marks and apostrophes as one mark, a dotless i under an accent as the i it prints,
Unicode's composed form (NFC), spaces at the inner edges of `$...$` dropped. Every remaining
difference is classified: a documented choice (`EXPLAINED`, each with its reason) or
unexplained. The test prints the table (strict agreement, agreement once normalised, each
category) and fails if any difference is unexplained or agreement plus documented choices
falls under 99% of the compared fields.

The rich-text markup (`<i>`, `<b>`, small caps...: what `\\emph`, `{\\em …}`, `\\textsc` become) is
compared apart, text stripped of it above: for every text field that holds markup on either
side, the runs of styled text must be the same (small caps as `<sc>` or pandoc's
`<span style="font-variant:small-caps;">`; `<span class="nocase">` ignored, as pandoc drops it
when it writes CSL-JSON).
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser.model import Preamble, String
from pylatexenc.latex2text import get_default_latex_context_db

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.bibpreamble import Definitions, expand_macros, read_preamble
from briefkit.parse.bibscan import expand
from briefkit.parse.cslmarkup import Node, parse_markup
from briefkit.parse.latex import LOGOS, latex_to_text
from briefkit.parse.references import read_reference_file
from tests.oracles import pandoc

LIBRARIES = Path(__file__).parent.parent / "fixtures" / "libraries"
FILES = sorted(p for p in LIBRARIES.iterdir() if p.suffix in (".bib", ".json"))
FIELDS = (
    "type title container-title author editor publisher publisher-place issued volume issue "
    "page URL DOI"
).split()
_TAG = re.compile(r"<[^>]+>")
KNOWN_MACROS = get_default_latex_context_db()

EXPLAINED = {
    "tex-logo": "pandoc drops the TeX world's logos and dashes (\\TeX, \\MF, \\LaTeXe, "
    "\\AmSTeX, \\emdash; a space left where the dash was); briefkit prints them (parse/latex.py "
    "LOGOS)",
    "eaten-space": "TeX eats the spaces after a control word (`Design\\slash Production`, "
    "`({\\em English\\/}`): pandoc keeps one, briefkit follows TeX",
    "preamble-macro": "pandoc drops a macro the file defines in its @preamble (\\MP, \\Dash, "
    "\\PiCTeX); briefkit expands the file's definition (parse/bibpreamble.py)",
    "undefined-string": "a bare word that no @string defines: pandoc lower-cases it, briefkit "
    "keeps it as written and warns (ref.undefined-string)",
    "literal-date": "a BibTeX year that is not a number ('1988--', '198?', '??') or a CSL-JSON "
    "`literal` date (Zotero's '1995-01-0001', 'n.d.'): pandoc drops it (or makes '??' the year "
    "0), briefkit keeps it as a literal date (never drop input)",
    "maintitle-subtitle": "pandoc appends a volume's own (or the book's) subtitle to the main "
    "title; briefkit keeps the main title alone and the subtitle with the volume title",
    "macro-argument": "pandoc drops a macro it does not know together with the text after it "
    "(`\\emdash {A} Reference`, `\\toenglish {Typing}`, `\\booktitle{Make It New}`, "
    "`{\\tubissue 18(3)}`); briefkit drops only the macro and keeps the text",
    "issue-kept": "biblatex's `issue` of a @periodical or @misc (an issue of the journal the "
    "entry is): pandoc drops it, briefkit keeps it as the CSL issue",
    "math-symbol": "math that holds only a symbol (`$\\ldots$`): pandoc keeps the TeX source, "
    "briefkit prints the symbol",
    "empty-accent": "an accent on nothing ({\\'{}}ees, h{\\={}\\i}): pandoc writes an apostrophe "
    "or puts the mark on the letter before, briefkit the spacing accent TeX prints ('´', '¯')",
    "name-split": "same words, split as BibTeX's name grammar splits them: a braced "
    "'{van Vliet}' is one family name, in 'Eickstedt, Klaus-Valtin von' the 'von' is part of the "
    "given name, a word's case is its first letter's so '(Frank)' and '{\\'E}.' are no particles; "
    "pandoc splits these differently",
    "and-list": "an unbraced `and` in a publisher, institution or organization: pandoc joins "
    "the parts with '; ' ('Center for Strategic; International Studies'), briefkit as biblatex "
    "prints the list ('A and B', 'A, B and C'): the `and` is most often part of the name",
    "crossref-across-pairs": "an @incollection whose crossref is a @book (or an @inbook's a "
    "@collection), as real exports write edited volumes: biblatex pairs @book with @inbook and "
    "@collection with @incollection only, so pandoc gives the chapter no container (or the "
    "book's subtitle on the chapter's title); briefkit makes the book's title the container",
    "season": "a CSL-JSON date's `season`: pandoc drops it, briefkit keeps it (written as the "
    "month 21-24 in the export, as EDTF does)",
}
NORMALISED = {
    "quotes": "quotation marks and apostrophes, straight or curly, single or double, as one mark: "
    "pandoc curls and doubles the quotes of what it reads (CSL styles print a quotation with "
    "their own marks); briefkit keeps them as written and its typography curls them in print",
    "dotless-i": "a dotless i under an accent ({\\'\\i}: 'ı́', what pandoc keeps) as the 'í' "
    "briefkit composes: the same letter printed",
    "nfc": "Unicode's composed and decomposed forms of a letter (NFC): Zotero exports some "
    "accents as a letter plus a combining mark, pandoc composes them, briefkit keeps them",
    "math-spaces": "spaces at the inner edges of math (`$ 5 \\times 7 $`), which TeX ignores: "
    "pandoc drops them, briefkit keeps the TeX source as written",
}
MARKUP_EXPLAINED = {
    "preamble-macro": "a macro the file's @preamble defines with small caps or italics "
    "(`\\def\\PiC{{\\sc pic}}`): pandoc drops it, briefkit expands it (parse/bibpreamble.py)",
    "logo-group": "a group right after a TeX logo (`\\TeX{\\sc mat}`): pandoc takes it as the "
    "logo's argument and drops its small caps; briefkit sets it as TeX does",
}


def _norm(value: Any, field: str, represented: bool = True) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        keep = ("family", "given", "literal", "non-dropping-particle", "dropping-particle")
        return (
            tuple(
                tuple(
                    sorted(
                        (k, _norm(v, "", represented))
                        for k, v in n.items()
                        if k in (*keep, "suffix")
                    )
                )
                for n in value
            )
            or None
        )
    if isinstance(value, dict):
        if value.get("date-parts"):
            return ("dp", tuple(tuple(int(p) for p in d) for d in value["date-parts"]))
        if value.get("literal"):
            return ("literal", value["literal"])
        return None
    text = " ".join(_TAG.sub("", str(value)).split())
    text = _represented(text) if represented else text
    if field in ("title", "container-title"):
        text = text.casefold()
    if field == "DOI":
        text = re.sub(r"^https?://(dx\.)?doi\.org/", "", text)
    return text or None


_QUOTES = str.maketrans(dict.fromkeys('\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"', "'"))
_MATH_EDGES = re.compile(r"\$\s*([^$]*?)\s*\$")


def _which_normalisation(theirs: Any, ours: Any, field: str) -> str | None:
    """Which normalisation of `NORMALISED` made two values agree (None if they agreed without)."""
    a, b = _norm(theirs, field, False), _norm(ours, field, False)
    if a == b or field == "type":  # a type pandoc leaves out is `document` (module docstring)
        return None
    a, b = str(a), str(b)
    if a.translate(_QUOTES) == b.translate(_QUOTES):
        return "quotes"
    if "$" in a:
        return "math-spaces"
    if "\u0131" in a + b:
        return "dotless-i"
    return "nfc"


def _represented(text: str) -> str:
    """`text` with the differences of representation only (`NORMALISED`) taken out."""
    text = unicodedata.normalize("NFC", re.sub("\u0131(?=[\u0300-\u036f])", "i", text))
    return _MATH_EDGES.sub(r"$\1$", text.translate(_QUOTES))


MARKUP_FIELDS = ("title", "container-title", "collection-title", "publisher", "note")


def styled_runs(value: Any) -> tuple[tuple[frozenset[str], str], ...]:
    """The runs of a field's text that markup styles, with their styles (nocase ignored)."""
    out: list[tuple[frozenset[str], str]] = []

    def walk(nodes: tuple[Node, ...], kinds: frozenset[str]) -> None:
        for node in nodes:
            if isinstance(node, str):
                if kinds and node.strip():
                    out.append((kinds, " ".join(node.split()).casefold()))
            else:
                walk(node.children, kinds if node.kind == "nocase" else kinds | {node.kind})

    if isinstance(value, str):
        walk(parse_markup(value)[0], frozenset())
    return tuple(out)


def _letters(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


_SPACING_ACCENTS = "\u00b4\u00af\u02d8\u02c7\u02d9\u00a8\u02da\u02dd\u00b8\u02db'"


def _unaccented(text: str) -> str:
    """`text` without its accents: combining marks, spacing accents, apostrophes."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "".join(c for c in bare if c not in _SPACING_ACCENTS)


def _deleted(theirs: str, ours: str) -> list[str] | None:
    """The pieces of `ours` that `theirs` lacks, if `theirs` is `ours` with pieces taken out and
    nothing put in (else None); each piece stripped of spaces."""
    ops = SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes()
    pieces: list[str] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal" or (op == "insert" and theirs[j1:j2].isspace()):
            continue  # a space TeX eats after a control word, which pandoc keeps
        if op == "delete" or (op == "replace" and theirs[j1:j2].isspace()):
            pieces.append(ours[i1:i2].strip())
        else:
            return None
    return pieces


_LOGO_TEXTS = {v.casefold() for v in LOGOS.values()}


def classify(
    field: str, theirs: Any, ours: Any, source: str = "", macros: frozenset[str] = frozenset()
) -> str | None:
    """The documented choice that explains a difference, or None; `source` is the entry as
    written in the file, `macros` the texts of the macros its @preamble defines."""
    if field == "issued" and theirs in (None, ("dp", ((0,),))) and ours and ours[0] == "literal":
        return "literal-date"
    if (
        field == "issued"
        and isinstance(ours, tuple)
        and ours[0] == "dp"
        and theirs == ("dp", tuple(d[:1] for d in ours[1]))
        and all(len(d) == 2 and 21 <= d[1] <= 24 for d in ours[1])
    ):
        return "season"
    if field == "issue" and theirs is None and re.match(r"@(periodical|misc)\b", source, re.I):
        return "issue-kept"
    if (
        field == "container-title"
        and theirs is None
        and ours
        and re.match(r"@(incollection|inreference|inbook)\b", source, re.I)
        and re.search(r"\bcrossref\s*=", source, re.I)
    ):
        return "crossref-across-pairs"
    if isinstance(theirs, tuple) and isinstance(ours, tuple) and field in ("author", "editor"):
        words = [sorted(" ".join(v for _, v in n).replace("(", "").split()) for n in theirs]
        mine = [sorted(" ".join(v for _, v in n).replace("(", "").split()) for n in ours]
        if [" ".join(w).replace(")", "") for w in words] == [
            " ".join(w).replace(")", "") for w in mine
        ]:
            return "name-split"
        if [[(k, _unaccented(v)) for k, v in n] for n in theirs] == [
            [(k, _unaccented(v)) for k, v in n] for n in ours
        ]:
            return "empty-accent"
        return None
    if not isinstance(theirs, str) or not isinstance(ours, str):
        return None
    parts, my_parts = theirs.split("; "), ours.split("; ")
    if len(parts) == len(my_parts) and all(
        t == o or t in (o.casefold(), o.lower()) for t, o in zip(parts, my_parts, strict=True)
    ):
        return "undefined-string"
    if field == "publisher" and "; " in theirs and " and " in ours:

        def joins(text: str) -> str:  # only the separators may differ
            return text.replace(" and ", "; ").replace(", ", "; ")

        if joins(ours) == joins(theirs):
            return "and-list"
    if re.search(r"\\[`'^\"~=.uvHckr]\s*\{\s*\}", source) and _unaccented(theirs) == _unaccented(
        ours.casefold() if theirs.islower() else ours
    ):
        return "empty-accent"
    pieces = _deleted(theirs, ours.casefold() if field in ("title", "container-title") else ours)
    if pieces is not None and pieces:
        texts = [p.casefold().strip(",.:;/ ") for p in pieces]
        if all(t in _LOGO_TEXTS or t in macros or not t for t in texts):
            return "preamble-macro" if any(t in macros for t in texts) else "tex-logo"
    if pieces == [] and re.search(r"\\[A-Za-z]+\s", source):
        return "eaten-space"
    if field in ("title", "container-title") and theirs.startswith(ours + ":"):
        return "maintitle-subtitle"
    mine, other = ours.casefold(), theirs
    if _unknown_macros(source) and _only_deleted(_letters(other), _letters(mine)):
        return "macro-argument"
    if "$\\" in theirs and _letters(_MATH_SOURCE.sub("", theirs)) == _letters(ours):
        return "math-symbol"
    return None


_MATH_SOURCE = re.compile(r"\$[^$]*\$")
_MACRO = re.compile(r"\\([A-Za-z]+)")


def _unknown_macros(source: str) -> set[str]:
    """The macros of an entry that pylatexenc (and so pandoc's reader, near enough) does not
    know, or that are TeX logos."""
    return {
        name
        for name in _MACRO.findall(source)
        if name in LOGOS or KNOWN_MACROS.get_macro_spec(name) is None
    }


def _only_deleted(theirs: str, ours: str) -> bool:
    """Whether `theirs` is `ours` with some text taken out (and nothing put in)."""
    ops = SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes()
    return len(theirs) < len(ours) and all(op in ("equal", "delete") for op, *_ in ops)


def _pandoc_items(path: Path) -> list[dict[str, Any]]:
    exe = pandoc()
    if exe is None:
        pytest.skip("pandoc is not available (pypandoc-binary or BRIEFKIT_PANDOC)")
    fmt = "csljson" if path.suffix == ".json" else "biblatex"
    done = subprocess.run(
        [exe, "-f", fmt, "-t", "csljson", str(path)], capture_output=True, check=True, timeout=120
    )
    items: list[dict[str, Any]] = json.loads(done.stdout)
    return items


def _sources(path: Path) -> dict[str, str]:
    """Each entry of a .bib file as written, by key (empty for CSL-JSON)."""
    if path.suffix != ".bib":
        return {}
    out: dict[str, str] = {}
    for chunk in re.split(r"\n(?=@)", path.read_text("utf-8")):
        m = re.match(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", chunk)
        if m:
            out[m.group(1)] = chunk
    return out


def classify_markup(
    theirs: tuple[Any, ...], ours: Any, source: str = "", macros: Definitions | None = None
) -> str | None:
    """The documented choice that explains a difference in styled runs, or None."""
    expanded = expand_macros(source, macros.macros, macros.params)[0] if macros else ""
    if not theirs and _STYLED.search(expanded):
        if not _STYLED.search(source):
            return "preamble-macro"
    if isinstance(ours, str) and re.search(r"(?:TeX|LaTeX)<(?:sc|i|b)>", ours):
        return "logo-group"
    return None


_STYLED = re.compile(r"\\(?:sc|em|it|bf|textsc|emph|textit|textbf)(?![A-Za-z])")


def file_macros(path: Path) -> Definitions:
    """The macros a .bib file's @preamble defines (as parse/bibtex.py reads them)."""
    if path.suffix != ".bib":
        return Definitions()
    blocks = bibtexparser.parse_string(path.read_text("utf-8"), parse_stack=[]).blocks
    strings = {b.key.lower(): expand(str(b.value), {}) for b in blocks if isinstance(b, String)}
    text = " ".join(expand(str(b.value), strings) for b in blocks if isinstance(b, Preamble))
    return read_preamble(text)


def macro_texts(found: Definitions) -> frozenset[str]:
    """What each macro prints, as the comparison sees it."""
    return frozenset(
        _represented(_TAG.sub("", latex_to_text(expand_macros(b, found.macros)[0], markup=True)))
        .casefold()
        .strip(",.:;/ ")
        for b in found.macros.values()
    )


def _briefkit_items(path: Path) -> dict[str, dict[str, Any]]:
    diags = Diagnostics()
    library = build_library(read_reference_file(path, path.read_text("utf-8"), diags), diags)
    return {key: to_csl(located.ref) for key, located in library.items()}


def test_agreement_with_pandoc_on_real_libraries() -> None:
    compared = agreed = 0
    entries = 0
    explained: Counter[str] = Counter()
    unexplained: list[str] = []
    per_field: dict[str, Counter[str]] = defaultdict(Counter)
    marked = marked_agree = 0
    marked_explained: Counter[str] = Counter()
    marked_diff: list[str] = []
    normalised: Counter[str] = Counter()
    for path in FILES:
        ours = _briefkit_items(path)
        sources = _sources(path)
        macros = file_macros(path)
        texts = macro_texts(macros)
        for item in _pandoc_items(path):
            entries += 1
            mine = ours.get(item["id"])
            assert mine is not None, f"{path.name}: entry {item['id']} was not converted"
            for field in MARKUP_FIELDS:
                theirs_runs, our_runs = styled_runs(item.get(field)), styled_runs(mine.get(field))
                if theirs_runs or our_runs:
                    marked += 1
                    if theirs_runs == our_runs:
                        marked_agree += 1
                    elif why := classify_markup(
                        theirs_runs, mine.get(field), sources.get(item["id"], ""), macros
                    ):
                        marked_explained[why] += 1
                    else:
                        marked_diff.append(f"{path.name} {item['id']} {field}: {theirs_runs!r}")
            for field in FIELDS:
                theirs = _norm(item.get(field), field) or ("document" if field == "type" else None)
                value = _norm(mine.get(field), field)
                if theirs is None and value is None:
                    continue
                compared += 1
                if theirs == value:
                    agreed += 1
                    if kind := _which_normalisation(item.get(field), mine.get(field), field):
                        normalised[kind] += 1
                    continue
                why = classify(field, theirs, value, sources.get(item["id"], ""), texts)
                per_field[field][why or "unexplained"] += 1
                if why:
                    explained[why] += 1
                else:
                    unexplained.append(f"{path.name} {item['id']} {field}: {theirs!r} / {value!r}")
    lines = [
        f"{len(FILES)} files, {entries} entries, {compared} fields compared",
        f"strictly identical: {agreed - sum(normalised.values())} "
        f"({(agreed - sum(normalised.values())) / compared:.2%})",
        f"identical once representation is normalised: {agreed} ({agreed / compared:.2%})",
        *(f"  {n:4d} {why}: {NORMALISED[why]}" for why, n in normalised.most_common()),
        f"documented choices: {sum(explained.values())}",
        *(f"  {n:4d} {why}: {EXPLAINED[why]}" for why, n in explained.most_common()),
        f"unexplained: {len(unexplained)} ({len(unexplained) / compared:.2%})",
        *(f"  {line}" for line in unexplained),
        "by field: " + ", ".join(f"{f}={dict(c)}" for f, c in per_field.items()),
        f"markup: {marked} fields hold rich text, {marked_agree} styled alike",
        *(f"  {n:4d} {why}: {MARKUP_EXPLAINED[why]}" for why, n in marked_explained.items()),
        *(f"  unexplained: {line}" for line in marked_diff),
    ]
    print("\n".join(lines))
    assert entries >= 1500
    assert not unexplained, "\n".join(lines)
    assert agreed + sum(explained.values()) >= compared * 0.99, "\n".join(lines)
    assert marked >= 30, "the libraries hold italics (\\emph, {\\em ...}, Zotero's <i>)"
    assert marked_agree + sum(marked_explained.values()) >= marked * 0.95, "\n".join(lines)
    assert not marked_diff, "\n".join(lines)
