"""Optional oracle: positions, names and dates agree with pandoc's citeproc.

Runs with the pandoc of the test environment (the pypandoc-binary wheel; BRIEFKIT_PANDOC or
PATH otherwise), and is skipped only when none can be had.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefkit.cite.dates import format_date
from briefkit.cite.names import name_list
from briefkit.cite.positions import Position, PositionTracker
from briefkit.model.citestyle import Dates, Names
from briefkit.model.reference import Reference
from tests.conftest import REPO
from tests.oracles import pandoc

PANDOC = pandoc()
pytestmark = pytest.mark.skipif(not PANDOC, reason="pandoc is not installed")

REFS = [
    {
        "id": "two",
        "type": "book",
        "title": "T",
        "issued": {"date-parts": [[2020, 5, 1]]},
        "author": [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Rick"}],
    },
    {
        "id": "three",
        "type": "book",
        "title": "T",
        "issued": {"date-parts": [[2019, 11]]},
        "author": [
            {"family": "Ogi", "given": "Hirohito"},
            {"family": "Inoue", "given": "Rintaro"},
            {"family": "Berg", "given": "Jan", "non-dropping-particle": "van den"},
        ],
    },
    {
        "id": "four",
        "type": "book",
        "title": "T",
        "issued": {"date-parts": [[2018]]},
        "author": [{"family": f"A{i}", "given": "B"} for i in range(4)],
    },
    {
        "id": "org",
        "type": "webpage",
        "title": "T",
        "issued": {"date-parts": [[2025, 11, 1]]},
        "author": [{"literal": "Ministry of Defense"}],
    },
]
# (citation markdown, [(key, locator)]) in note order; one citation per note
SEQUENCE = [
    ("[@two]", [("two", None)]),
    ("[@two]", [("two", None)]),
    ("[@two, 5]", [("two", "5")]),
    ("[@two, 5]", [("two", "5")]),
    ("[@two]", [("two", None)]),
    ("[@three]", [("three", None)]),
    ("[@three; @four]", [("three", None), ("four", None)]),
    ("[@four]", [("four", None)]),
    ("[@org, 7]", [("org", "7")]),
    ("[@org, 8]", [("org", "8")]),
    ("[@two; @two, 9]", [("two", None), ("two", "9")]),
    ("[@four]", [("four", None)]),
]


def pandoc_notes(tmp_path: Path) -> list[str]:
    import json

    (tmp_path / "refs.json").write_text(json.dumps(REFS), encoding="utf-8")
    body = " ".join(f"Claim {i}.{cite}" for i, (cite, _) in enumerate(SEQUENCE))
    (tmp_path / "in.md").write_text(body + "\n", encoding="utf-8")
    out = subprocess.run(
        [
            str(PANDOC),
            "in.md",
            "--citeproc",
            "--bibliography",
            "refs.json",
            "--csl",
            str(REPO / "tests" / "fixtures" / "oracle-note.csl"),
            "-t",
            "plain",
            "--wrap=none",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return [m.group(1).strip() for m in re.finditer(r"^\[\d+\] (.*)$", out, re.M)]


def ours() -> list[str]:
    refs = {r["id"]: Reference.model_validate(r) for r in REFS}
    tracker = PositionTracker()
    words = {
        Position.IBID: "IBID",
        Position.IBID_WITH_LOCATOR: "IBID-WITH-LOCATOR",
        Position.SUBSEQUENT: "SUBSEQUENT",
    }
    notes = []
    for number, (_, items) in enumerate(SEQUENCE, 1):
        parts = []
        for index, (key, locator) in enumerate(items):
            pos = tracker.observe(key, number, index, len(items), locator)
            if pos.position is Position.FIRST:
                ref = refs[key]
                parts.append(
                    " | ".join(
                        ["FIRST", name_list(ref.author, Names()), format_date(ref.issued, Dates())]
                    ).replace("\u00a0", " ")  # "May\u00a01": pandoc's plain text has a space
                )
            else:
                parts.append(words[pos.position])
        notes.append(" ; ".join(parts))
    return notes


def test_positions_names_and_dates_match_pandoc(tmp_path: Path) -> None:
    theirs = pandoc_notes(tmp_path)
    assert theirs == ours()
