"""The seed commentary's 13 notes, exactly as the `commentary` style prints them.

Two checks: a golden file (regenerate with `pytest --update-golden`, then review the diff), and
a comparison with the seed's own printed notes in which the *only* differences allowed are the
house choices documented in templates/commentary/citations.yaml.
"""

from __future__ import annotations

import re

from briefkit import ir
from tests.conftest import GOLDEN, REPO, SEED, SEED_TEXT
from tests.helpers import normalize, resolve_file, seed_notes


def resolved_notes() -> list[str]:
    doc, diags = resolve_file(SEED, REPO)
    assert doc is not None and not diags.items, [d.format() for d in diags]
    return [ir.note_text(n) for n in doc.notes]


def test_seed_notes_match_the_golden_file(update_golden: bool) -> None:
    golden = GOLDEN / "seed-notes.txt"
    text = "".join(f"{i}\t{t}\n" for i, t in enumerate(resolved_notes(), 1))
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def house_form(seed_note: str) -> str:
    """The seed's note with the house style's documented choices applied."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", seed_note)  # bare URLs, never <...>
    text = re.sub(r"\. (https?://)", r", \1", text)  # ", " before every URL
    text = text.replace("], (", "] (").replace("2025). https", "2025), https")  # Chicago report
    return normalize(text)


def test_seed_notes_differ_from_the_seed_only_by_documented_house_choices() -> None:
    printed = seed_notes(SEED_TEXT.read_text(encoding="utf-8"))
    assert sorted(printed) == list(range(1, 14))
    ours = resolved_notes()
    assert len(ours) == 13
    for number, text in enumerate(ours, 1):
        assert normalize(text) == house_form(printed[number]), f"note {number}"


def test_note_six_is_the_short_form_of_note_four() -> None:
    notes = resolved_notes()
    assert notes[5] == (
        "Ministry of Defense, “Minister of Defense Koizumi’s Participation in the "
        "12th ASEAN Defence Ministers’ Meeting Plus.”"
    )
    assert notes[3].startswith(notes[5][:-2])
