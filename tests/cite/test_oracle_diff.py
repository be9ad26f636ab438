"""The Chicago oracle's own machinery: normalisation, classification and the ratchet."""

from __future__ import annotations

from tests.cite.oracle_diff import diff_parts, norm_ours, norm_theirs, ratchet
from tests.cite.oracle_refs import Ref, batch

REF: Ref = {
    "id": "r",
    "type": "report",
    "title": "Maritime Security",
    "author": [{"family": "Shoji", "given": "Tomotaka"}],
    "publisher": "Lowy Institute",
    "publisher-place": "Sydney",
    "issued": {"date-parts": [[2020, 12, 23]]},
    "URL": "https://www.example.org/r.html",
}


def test_only_the_house_choices_are_normalised() -> None:
    # access dates, n.d., the separator before a URL, pandoc's parentheses in a footnote
    assert norm_theirs("A, “T,” n.d., accessed May 1, 2020, https://x.org/a.") == (
        "A, “T,” https://x.org/a."
    )
    assert norm_theirs("A. “T.” *Site*. https://x.org/a.") == "A. “T.” *Site*, https://x.org/a."
    assert norm_theirs("On this point, (Doe, “T,” 5).") == "On this point, Doe, “T,” 5."
    assert norm_ours("Doe, “T,” pp. 5–7. <https://x.org/a>") == "Doe, “T,” 5–7, https://x.org/a"
    # Chicago's own page ranges and italics are not touched
    assert norm_theirs("*T*, 129–52.") == "*T*, 129–52."


def test_differences_are_classified_by_part() -> None:
    full = "Tomotaka Shoji, *Maritime Security* (Lowy Institute, 2020), 5."
    assert diff_parts(full, full, REF) == set()
    assert diff_parts(
        full, "Tomotaka Shoji, “Maritime Security” (Lowy Institute, 2020), 5.", REF
    ) == {"styling"}
    assert diff_parts(
        full, "Tomotaka Shoji, *Maritime Security* (Sydney: Lowy Institute, 2020), 5.", REF
    ) == {"publisher"}
    assert diff_parts(
        full, "Tomotaka Shoji, *Maritime Security* (Lowy Institute, December 23, 2020), 5.", REF
    ) == {"date"}
    assert diff_parts("Ibid., 5.", "Shoji, *Maritime Security*, 5.", REF) == {"position"}
    assert diff_parts("Shoji, Tomotaka, and A B.", "Shoji, Tomotaka and A B.", REF) == {"names"}


def test_the_ratchet_fails_on_a_rise_and_reports_a_fall() -> None:
    before = {"book": {"title": 3, "date": 2}}
    worse, better = ratchet({"book": {"title": 4, "date": 1}}, before, "notes")
    assert worse == ["notes book/title: 3 -> 4"]
    assert better == ["notes book/date: 2 -> 1"]
    worse, _ = ratchet({"chapter": {"names": 1}}, before, "notes")
    assert worse == ["notes chapter/names: 0 -> 1"]


def test_the_generator_is_deterministic() -> None:
    a, b = batch(7, per_type=3, notes=50), batch(7, per_type=3, notes=50)
    assert a.csl_json() == b.csl_json() and a.markdown("r.json") == b.markdown("r.json")
    assert batch(8, per_type=3, notes=50).csl_json() != a.csl_json()
