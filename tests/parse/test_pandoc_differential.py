"""Differential test: briefkit's BibTeX/biblatex and CSL-JSON readers against pandoc's, on real
libraries (tests/fixtures/libraries/, sources in its SOURCES.md).

Each file is converted once by pandoc (`pandoc -f biblatex -t csljson`, or `-f csljson` for a
CSL-JSON export) and once by briefkit (parse -> model -> CSL-JSON export, what `refs import`
and a build read), and these fields are compared entry by entry: type, title, container,
authors/editors, publisher, place, issued, volume/issue/page, URL/DOI.

Values are compared after the normalisations of briefkit's documented choices (the module
docstring of parse/biblatex.py): titles case-insensitively (pandoc sentence-cases English
titles; briefkit keeps them as written), DOIs bare, `@misc` as `document`. Every remaining
difference is classified: a documented choice (`EXPLAINED`, each with its reason) or
unexplained. The test prints the table and fails if unexplained differences exceed 1% of the
compared fields or agreement plus documented choices falls under 99%.

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

import pytest
from pylatexenc.latex2text import get_default_latex_context_db

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.cslmarkup import Node, parse_markup
from briefkit.parse.latex import LOGOS
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
_LOGO_WORDS = sorted({v.casefold() for v in LOGOS.values() if len(v) > 1}, key=len, reverse=True)

EXPLAINED = {
    "preamble-macro": "pandoc drops TeX logos and macros the file defines in @preamble "
    "(\\MF, \\LaTeXe, \\emdash); briefkit prints them (parse/latex.py LOGOS)",
    "undefined-string": "a bare word that no @string defines: pandoc lower-cases it, briefkit "
    "keeps it as written and warns (ref.undefined-string)",
    "literal-date": "a BibTeX year that is not a number ('1988--', '198?', '??') or a CSL-JSON "
    "`literal` date (Zotero's '1995-01-0001', 'n.d.'): pandoc drops it (or makes '??' the year "
    "0), briefkit keeps it as a literal date (never drop input)",
    "et-al": "'and others': pandoc makes a person named 'others', briefkit ends the list "
    "(the style prints et al.)",
    "maintitle-subtitle": "pandoc appends a volume's own (or the book's) subtitle to the main "
    "title; briefkit keeps the main title alone and the subtitle with the volume title",
    "macro-argument": "pandoc drops a macro it does not know together with the text after it "
    "(`\\emdash {A} Reference`, `\\toenglish {Typing}`, `\\booktitle{Make It New}`, "
    "`{\\tubissue 18(3)}`); briefkit drops only the macro and keeps the text",
    "issue-kept": "biblatex's `issue` of a @periodical or @misc (an issue of the journal the "
    "entry is): pandoc drops it, briefkit keeps it as the CSL issue",
    "math-symbol": "math that holds only a symbol (`$\\ldots$`): pandoc keeps the TeX source, "
    "briefkit prints the symbol",
    "unicode": "pandoc keeps a dotless i plus accent ({\\'\\i}); briefkit composes 'í'; an "
    "accent on nothing ({\\'{}}) is an apostrophe in pandoc, the spacing accent '´' TeX prints "
    "in briefkit",
    "name-split": "same words, split as BibTeX's name grammar splits them: a braced "
    "'{van Vliet}' is one family name, in 'Eickstedt, Klaus-Valtin von' the 'von' is part of the "
    "given name, a word's case is its first letter's so '(Frank)' and '{\\'E}.' are no particles; "
    "pandoc splits these differently",
    "apostrophe": "a straight apostrophe in a CSL-JSON name (O'Barr): pandoc curls it as it "
    "reads; briefkit keeps the name as written and its typography curls it when printed",
    "and-list": "an unbraced `and` in a publisher, institution or organization: pandoc joins "
    "the parts with '; ' ('Center for Strategic; International Studies'), briefkit as biblatex "
    "prints the list ('A and B', 'A, B and C'): the `and` is most often part of the name",
    "season": "a CSL-JSON date's `season`: pandoc drops it, briefkit keeps it (written as the "
    "month 21-24 in the export, as EDTF does)",
}
MARKUP_EXPLAINED = {
    "logo-group": "a group right after a TeX logo (`\\TeX{\\sc mat}`): pandoc takes it as the "
    "logo's argument and drops its small caps; briefkit sets it as TeX does",
}


def _norm(value: Any, field: str) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        keep = ("family", "given", "literal", "non-dropping-particle", "dropping-particle")
        return (
            tuple(
                tuple(sorted((k, _norm(v, "")) for k, v in n.items() if k in (*keep, "suffix")))
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
    if field in ("title", "container-title"):
        text = text.casefold()
    if field == "DOI":
        text = re.sub(r"^https?://(dx\.)?doi\.org/", "", text)
    return text or None


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


def _composed(text: str) -> str:
    """pandoc's dotless i under an accent ({\\'\\i}) composed, its apostrophe for an accent on
    nothing ({\\'{}}) as the spacing accent."""
    return unicodedata.normalize("NFC", re.sub("\u0131(?=[\u0300-\u036f])", "i", text))


def _letters(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def classify(field: str, theirs: Any, ours: Any, source: str = "") -> str | None:
    """The documented choice that explains a difference, or None; `source` is the entry as
    written in the file."""
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
    if isinstance(theirs, tuple) and isinstance(ours, tuple) and field in ("author", "editor"):
        if theirs[:-1] == ours and dict(theirs[-1]).get("literal") == "others":
            return "et-al"
        words = [sorted(" ".join(v for _, v in n).replace("(", "").split()) for n in theirs]
        mine = [sorted(" ".join(v for _, v in n).replace("(", "").split()) for n in ours]
        if [" ".join(w).replace(")", "") for w in words] == [
            " ".join(w).replace(")", "") for w in mine
        ]:
            return "name-split"
        if tuple(tuple((k, v.replace("\u2019", "'")) for k, v in n) for n in theirs) == ours:
            return "apostrophe"
        spaced = tuple(
            tuple((k, _composed(v).replace("'", "\u00b4")) for k, v in n) for n in theirs
        )
        if spaced == ours or _composed(str(theirs)) == str(ours):
            return "unicode"
        return None
    if not isinstance(theirs, str) or not isinstance(ours, str):
        return None
    if theirs == ours.casefold() or theirs == ours.lower():
        return "undefined-string"
    if field == "publisher" and "; " in theirs and " and " in ours:

        def joins(text: str) -> str:  # only the separators may differ
            return text.replace(" and ", "; ").replace(", ", "; ")

        if joins(ours) == joins(theirs):
            return "and-list"
    if _composed(theirs) == _composed(ours) or _composed(theirs) == _composed(ours).casefold():
        return "unicode"
    mine, other = ours.casefold(), _composed(theirs)
    for word in _LOGO_WORDS:
        mine, other = mine.replace(word, ""), other.replace(word, "")
    if _letters(mine) == _letters(other):
        return "preamble-macro"
    if field in ("title", "container-title") and theirs.startswith(ours + ":"):
        return "maintitle-subtitle"
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


def classify_markup(ours: Any) -> str | None:
    """The documented choice that explains a difference in styled runs, or None."""
    if isinstance(ours, str) and re.search(r"(?:TeX|LaTeX)<(?:sc|i|b)>", ours):
        return "logo-group"
    return None


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
    for path in FILES:
        ours = _briefkit_items(path)
        sources = _sources(path)
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
                    elif why := classify_markup(mine.get(field)):
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
                    continue
                why = classify(field, theirs, value, sources.get(item["id"], ""))
                per_field[field][why or "unexplained"] += 1
                if why:
                    explained[why] += 1
                else:
                    unexplained.append(f"{path.name} {item['id']} {field}: {theirs!r} / {value!r}")
    lines = [
        f"{len(FILES)} files, {entries} entries, {compared} fields compared",
        f"agree: {agreed} ({agreed / compared:.2%})",
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
    assert marked_agree >= marked * 0.95, "\n".join(lines)
    assert not marked_diff, "\n".join(lines)
