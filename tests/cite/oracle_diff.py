"""The Chicago oracle's comparison: pandoc's JSON and briefkit's IR read as text, normalised
for the `commentary` style's documented choices, differences classified by reference type and
part, counted, reported and held to a baseline. Used by `test_chicago_oracle.py`, which says
what is normalised and why."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit import ir
from briefkit.model.housestyle import HouseStyle
from tests.cite.oracle_refs import Batch, Ref
from tests.cite.oracle_switches import EMPTY_ENTRY_TYPES, without_defects
from tests.helpers import resolve_file

PARTS = (
    "names",
    "title",
    "container",
    "publisher",
    "date",
    "locator",
    "url",
    "styling",
    "punctuation",  # and capitalisation
    "position",
    "entry",
    "order",  # the bibliography's order (compared once, as the whole list)
    "other",
)

Counts = dict[str, dict[str, int]]  # type -> part -> differing notes (or entries)


# ---------------------------------------------------------------- pandoc's side
def _inlines(nodes: Iterable[dict[str, Any]]) -> str:
    """Pandoc JSON inlines as text; emphasis as *...*, quotes as curly marks."""
    out: list[str] = []
    for node in nodes:
        kind: str = node["t"]
        content: Any = node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            out.append(f"*{_inlines(content)}*")
        elif kind in ("Strong", "SmallCaps", "Strikeout", "Superscript", "Subscript", "Underline"):
            out.append(_inlines(content))
        elif kind == "Quoted":
            marks = "“”" if content[0]["t"] == "DoubleQuote" else "‘’"
            out.append(marks[0] + _inlines(content[1]) + marks[1])
        elif kind in ("Link", "Span", "Cite"):
            out.append(_inlines(content[1]))
        elif kind == "Code":
            out.append(content[1])
        elif kind == "Note":
            pass
        else:
            raise ValueError(f"unexpected pandoc inline {kind}")
    return "".join(out)


def flip_flop(text: str) -> str:
    """Emphasis marks read as toggles: pandoc nests an italic title inside an italic one
    (`*in *Book* Title*`, which its writers set roman), briefkit closes the italics around it
    (`*in *Book* Title*` too, but `**Book**` where the whole title is one): `**` toggles twice,
    which is nothing."""
    while "**" in text:
        text = text.replace("**", "")
    return text


def _blocks(blocks: Iterable[dict[str, Any]]) -> str:
    return flip_flop(" ".join(_inlines(b["c"]) for b in blocks if b["t"] in ("Para", "Plain")))


def notes_of(node: Any) -> Iterator[str]:
    """Every Note's text, in document order."""
    if isinstance(node, list):
        for child in node:
            yield from notes_of(child)
    elif isinstance(node, dict):
        if node.get("t") == "Note":
            yield _blocks(node["c"])
        elif "c" in node:
            yield from notes_of(node["c"])


def bibliography_of(blocks: list[dict[str, Any]]) -> dict[str, str]:
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            return {
                entry["c"][0][0].removeprefix("ref-"): _blocks(entry["c"][1])
                for entry in block["c"][1]
            }
    return {}


# ---------------------------------------------------------------- briefkit's side
def _ir_text(inlines: Iterable[ir.Inline]) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, ir.Text | ir.Code):
            out.append(node.text)
        elif isinstance(node, ir.Emph):
            out.append(f"*{_ir_text(node.children)}*")
        elif isinstance(node, ir.Link | ir.Strong | ir.SmallCaps | ir.Superscript | ir.Subscript):
            out.append(_ir_text(node.children))
        elif isinstance(node, ir.LineBreak):
            out.append(" ")
    return "".join(out)


def _note_text(note: ir.Note) -> str:
    return flip_flop(
        " ".join(_ir_text(b.inlines) for b in note.blocks if isinstance(b, ir.Paragraph))
    )


def run_briefkit(
    folder: Path, house: Callable[[HouseStyle], HouseStyle] | None = None
) -> tuple[list[str], dict[str, str]]:
    doc, diags = resolve_file(folder / "briefing.md", house=house)
    assert doc is not None, [d.format() for d in diags]
    notes = [_note_text(n) for n in doc.notes]
    return notes, {e.key: flip_flop(_ir_text(e.inlines)) for e in doc.bibliography}


# ---------------------------------------------------------------- normalisation
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_ACCESSED = re.compile(rf",? [Aa]ccessed (?:(?:{_MONTH}) (?:\d{{1,2}}, )?)?\d{{4}}\.?")
# what stands before a URL: ", " (or, after a comma inside closing quotes, just the space)
_URL_BEFORE = re.compile(r"(?P<quoted>(?<=[,.][”’]))?[.,]?\s+<?(?=https?://)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_PAGE_LABEL = re.compile(r"\bpp?\. (?=[\divxlc])")
_NO_DATE = re.compile(r",? n\.d\.?(?=[,.]|$)")
_IN_FOOTNOTE = re.compile(r"^(On this point, )\((.*)\)\.$")


def _common(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = _ANGLE_URL.sub(r"\1", text)
    # url.form: bare, url.separator: ", "
    text = _URL_BEFORE.sub(lambda m: " " if m.group("quoted") is not None else ", ", text)
    return " ".join(text.split())


def _stop_inside(text: str) -> str:
    quotes = len(text) - len(text.rstrip("”’"))
    return text[: len(text) - quotes] + "." + text[len(text) - quotes :] if quotes else text + "."


def norm_theirs(text: str) -> str:
    text = _ACCESSED.sub("", text)  # accessed: never
    text = _NO_DATE.sub("", text)  # dates.no-date: ""
    text = re.sub(r"(?<=[,.][”’]),(?= )", "", text)  # “Title,” n.d., accessed ... -> “Title,”
    # a citation in a footnote stands where it is (pandoc puts it in parentheses), and the
    # full stop that follows it then goes inside its closing quote: quotes.punctuation-inside
    # (CMOS 6.9), which citeproc applies only within the parentheses
    text = _IN_FOOTNOTE.sub(lambda m: m.group(1) + _stop_inside(m.group(2)), text)
    return _common(without_defects(text))


def norm_ours(text: str) -> str:
    # Chicago prints no "p." before a page; the label is followed by a no-break space
    # (typography.no-break-spaces), which pandoc's plain text does not keep
    return _common(_PAGE_LABEL.sub("", text.replace("\u00a0", " ")))


# ---------------------------------------------------------------- classification
_TOKEN = re.compile(r"\w+|\*|[^\w\s]")
_LOCATOR_WORDS = {"p", "pp", "chap", "sec", "para", "n", "vol", "fig", "at"}
_ROLE_WORDS = {"ed", "eds", "trans", "by", "edited", "translated", "interview", "and", "et", "al"}
_URL_WORDS = {"https", "http", "www", "example", "org", "html", "doi"}
_IBID = {"ibid", "Ibid"}
_STYLING = set("*“”‘’,.")
_NAME_VARS = ("author", "editor", "translator", "interviewer", "recipient")
_CONTAINER_VARS = (
    "container-title",
    "collection-title",
    "collection-number",
    "section",
    "edition",
    "volume",
    "issue",
    "event-title",
    "genre",
    "version",
    "number",
    "page",
)


def _words(text: str | None) -> set[str]:
    return {t.lower() for t in re.findall(r"\w+", text or "")}


def _field_words(ref: Ref) -> dict[str, set[str]]:
    """Which part each word of a reference belongs to (the first part that claims it)."""
    names: set[str] = set()
    for var in _NAME_VARS:
        for person in ref.get(var, []):
            for value in person.values():
                names |= _words(str(value))
    dates: set[str] = {m.lower() for m in _MONTH.split("|")}
    for var in ("issued", "accessed"):
        for parts in ref.get(var, {}).get("date-parts", []):
            dates |= {str(p) for p in parts}
    return {
        "url": _URL_WORDS | _words(ref.get("URL")) | _words(ref.get("DOI")),
        "names": names | _ROLE_WORDS,
        "title": _words(ref.get("title")) | _words(ref.get("title-short")),
        "container": set().union(*(_words(ref.get(v)) for v in _CONTAINER_VARS)),
        "publisher": _words(ref.get("publisher")) | _words(ref.get("publisher-place")),
        "date": dates,
    }


def _part_of(tokens: Sequence[str], fields: dict[str, set[str]]) -> str:
    if not tokens:
        return "punctuation"
    if set(tokens) <= _STYLING and set(tokens) & set("*“”‘’"):
        return "styling"  # italics against quotation marks (and the comma inside them)
    if _IBID & set(tokens):
        return "position"
    words = [t for t in tokens if re.fullmatch(r"\w+", t)]
    if not words:
        return "punctuation"
    half = len(tokens) // 2
    if len(tokens) % 2 == 0 and [t.lower() for t in tokens[:half]] == [
        t.lower() for t in tokens[half:]
    ]:
        return "punctuation"  # capitals only: "In" after a full stop against "in"
    votes: Counter[str] = Counter()
    for word in words:
        low = word.lower()
        if low in _LOCATOR_WORDS:
            votes["locator"] += 1
            continue
        for part, known in fields.items():
            if low in known:
                votes[part] += 1
                break
        else:
            votes["locator" if word.isdigit() else "other"] += 1
    return votes.most_common(1)[0][0]


def diff_parts(theirs: str, ours: str, ref: Ref, *, note: bool = True) -> set[str]:
    """The parts in which two renderings of one citation (or entry) differ."""
    if theirs == ours:
        return set()
    a, b = _TOKEN.findall(theirs), _TOKEN.findall(ours)
    ibid_against_other = (a[:1] == ["Ibid"]) != (b[:1] == ["Ibid"])
    short_against_full = min(len(a), len(b)) < 0.5 * max(len(a), len(b))
    if note and (ibid_against_other or short_against_full):
        return {"position"}  # a full form against a short one, or ibid against either
    fields = _field_words(ref)
    parts: set[str] = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        part = _part_of(a[i1:i2] + b[j1:j2], fields)
        if part == "punctuation" and "and" in (a[i2 : i2 + 1] + b[j2 : j2 + 1]):
            part = "names"  # the serial comma of a list of names
        parts.add(part)
    return parts


def _split(text: str, count: int) -> list[str] | None:
    """A note's citations, split at the delimiter, if it yields one piece per source."""
    pieces = text.split("; ")
    return pieces if len(pieces) == count else None


@dataclass
class Finding:
    kind: str
    part: str
    where: str  # "note 12" or "entry book-3"
    theirs: str
    ours: str


@dataclass
class Report:
    compared_notes: int = 0
    identical_notes: int = 0
    compared_entries: int = 0
    identical_entries: int = 0
    empty_entries: list[str] = field(default_factory=list)  # the CSL printed them empty
    notes: Counts = field(default_factory=dict)
    entries: Counts = field(default_factory=dict)
    examples: dict[tuple[str, str, str], list[Finding]] = field(default_factory=dict)

    def add(self, section: str, finding: Finding) -> None:
        counts = self.notes if section == "notes" else self.entries
        by_part = counts.setdefault(finding.kind, {})
        by_part[finding.part] = by_part.get(finding.part, 0) + 1
        examples = self.examples.setdefault((section, finding.kind, finding.part), [])
        if len(examples) < 2:
            examples.append(finding)


def compare(b: Batch, theirs: list[str], ours: list[str], report: Report) -> None:
    refs = {r["id"]: r for r in b.refs}
    assert len(theirs) == len(ours) == len(b.notes), (len(theirs), len(ours), len(b.notes))
    for number, (spec, t_raw, o_raw) in enumerate(zip(b.notes, theirs, ours, strict=True), 1):
        report.compared_notes += 1
        t, o = norm_theirs(t_raw), norm_ours(o_raw)
        if t == o:
            report.identical_notes += 1
            continue
        if not spec.items:
            pairs = [("document", t, o, {"type": "document"})]
        else:
            keys = [i.key for i in spec.items]
            ts, os_ = _split(t, len(keys)), _split(o, len(keys))
            if ts and os_:
                aligned = zip(keys, ts, os_, strict=True)
                pairs = [(refs[k]["type"], x, y, refs[k]) for k, x, y in aligned]
            else:  # cannot align the sources: the whole note against its first source
                pairs = [(refs[keys[0]]["type"], t, o, refs[keys[0]])]
        found: set[tuple[str, str]] = set()
        for kind, x, y, ref in pairs:
            for part in diff_parts(x, y, ref):
                if (kind, part) not in found:
                    found.add((kind, part))
                    report.add("notes", Finding(kind, part, f"note {number}", t, o))


def compare_bibliography(
    b: Batch, theirs: dict[str, str], ours: dict[str, str], report: Report
) -> None:
    refs = {r["id"]: r for r in b.refs}
    for key in sorted(set(theirs) | set(ours)):
        kind = refs[key]["type"]
        report.compared_entries += 1
        t, o = norm_theirs(theirs.get(key, "")), _common(ours.get(key, ""))
        if key in theirs and not t and o and kind in EMPTY_ENTRY_TYPES:
            report.empty_entries.append(key)  # a citeproc defect (oracle_switches)
            continue
        if t == o:
            report.identical_entries += 1
            continue
        if not t or not o:  # one side prints no entry: Chicago lists no interviews...
            parts = {"entry"}
        else:
            parts = diff_parts(t, o, refs[key], note=False)
        for part in parts:
            report.add("bibliography", Finding(kind, part, f"entry {key}", t, o))
    # the order, over the entries both sides print: the first place where they part
    printed = [k for k in theirs if norm_theirs(theirs[k]) and k in ours]
    mine = [k for k in ours if k in set(printed)]
    for index, (a, b_) in enumerate(zip(printed, mine, strict=True)):
        if a != b_:
            where = f"entry {index + 1} of {len(printed)}"
            t, o = norm_theirs(theirs[a]), _common(ours[b_])
            report.add("bibliography", Finding("all types", "order", where, t, o))
            break


# ---------------------------------------------------------------- the report
def _table(counts: Counts) -> list[str]:
    present = [p for p in PARTS if any(p in c for c in counts.values())]
    head = f"{'type':24}" + "".join(f"{p[:8]:>9}" for p in present)
    lines = [head]
    for kind in sorted(counts, key=lambda k: -sum(counts[k].values())):
        row = counts[kind]
        lines.append(f"{kind:24}" + "".join(f"{row.get(p, 0):>9}" for p in present))
    return lines


def render(report: Report, b: Batch, title: str, examples: int | None = None) -> str:
    """The counts, then examples of the `examples` most frequent differences (all: None)."""
    lines = [
        title,
        f"{b.citations} citations in {report.compared_notes} notes;"
        f" {report.identical_notes} notes identical;"
        f" {report.identical_entries} of {report.compared_entries} bibliography entries identical"
        f" ({len(report.empty_entries)} printed empty by citeproc, not compared:"
        f" {', '.join(report.empty_entries) or 'none'}).",
        "",
        "Notes that differ, by reference type and part:",
        *_table(report.notes),
        "",
        "Bibliography entries that differ, by reference type and part:",
        *_table(report.entries),
        "",
        "Examples (pandoc, then briefkit, as compared: after the normalisation):",
    ]
    ranked = sorted(
        report.examples.items(),
        key=lambda kv: (
            -(report.notes if kv[0][0] == "notes" else report.entries)[kv[0][1]][kv[0][2]]
        ),
    )
    for (section, kind, part), findings in ranked[:examples]:
        count = (report.notes if section == "notes" else report.entries)[kind][part]
        lines.append(f"- {section} / {kind} / {part} ({count}):")
        for f in findings:
            lines += [f"    {f.where}:", f"      pandoc:   {f.theirs}", f"      briefkit: {f.ours}"]
    return "\n".join(lines) + "\n"


def ratchet(now: Counts, before: Counts, section: str) -> tuple[list[str], list[str]]:
    worse, better = [], []
    for kind in sorted(set(now) | set(before)):
        for part in PARTS:
            n, was = now.get(kind, {}).get(part, 0), before.get(kind, {}).get(part, 0)
            if n > was:
                worse.append(f"{section} {kind}/{part}: {was} -> {n}")
            elif n < was:
                better.append(f"{section} {kind}/{part}: {was} -> {n}")
    return worse, better


def sorted_counts(counts: Counts) -> Counts:
    return {k: dict(sorted(counts[k].items())) for k in sorted(counts)}
