"""CSL 1.0.2 positions from note numbers, including property tests on random sequences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefkit.cite.positions import Position, PositionTracker

F, S, I, IL = Position.FIRST, Position.SUBSEQUENT, Position.IBID, Position.IBID_WITH_LOCATOR  # noqa: E741


def run(seq: list[tuple]) -> list[Position]:
    """seq: (note, key, locator) per single-source citation."""
    t = PositionTracker()
    return [t.observe(k, n, 0, 1, loc).position for n, k, loc in seq]


def test_pandoc_citeproc_361_sequence() -> None:
    # the sequence of pandoc's test pandoc-citeproc-361, one note per citation
    seq = [
        (1, "a", None),
        (2, "a", "1"),
        (3, "a", "2"),
        (4, "a", "2"),
        (5, "a", "2"),
        (6, "a", "p. 2" and "2"),
        (7, "a", "2"),
        (8, "a", None),
        (9, "b", None),
        (10, "a", "3"),
        (11, "a", "3"),
    ]
    assert run(seq) == [F, IL, IL, I, I, I, I, S, F, S, I]


def test_note_gap_and_multi_source_notes_block_ibid() -> None:
    t = PositionTracker()
    assert t.observe("a", 1, 0, 1).position is F
    assert t.observe("a", 3, 0, 1).position is S  # note 2 (an author note) lies between
    assert t.observe("b", 4, 0, 2).position is F
    assert t.observe("a", 4, 1, 2).position is S  # previous cite in the citation is b
    assert t.observe("a", 5, 0, 1).position is S  # previous citation had two sources
    t2 = PositionTracker()
    t2.observe("a", 1, 0, 1)
    t2.observe("b", 1, 0, 1)  # a second citation in the same note
    assert t2.observe("b", 2, 0, 1).position is S  # note 1 cited several sources


def test_ibid_within_one_citation_and_within_one_note() -> None:
    t = PositionTracker()
    t.observe("a", 1, 0, 1)
    assert t.observe("a", 2, 0, 2).position is I
    assert t.observe("a", 2, 1, 2, "5").position is IL
    t.observe("c", 3, 0, 1)
    assert t.observe("c", 3, 0, 1, "7").position is IL  # same note, next citation


def test_near_note() -> None:
    t = PositionTracker(near_note_distance=2)
    t.observe("a", 1, 0, 1)
    t.observe("b", 2, 0, 1)
    assert t.observe("a", 3, 0, 1).near_note
    t.observe("b", 4, 0, 1)
    t.observe("b", 5, 0, 1)
    assert not t.observe("a", 6, 0, 1).near_note


cites = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from([None, "1", "2"]),
        st.integers(1, 2),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(cites)
def test_positions_obey_the_rules(seq: list[tuple]) -> None:
    t = PositionTracker(near_note_distance=3)
    note = 0
    seen: set[str] = set()
    prev: tuple | None = None  # (key, locator, note, size, sources-in-that-note)
    sources: dict[int, set[str]] = {}
    for gap, key, loc, size in seq:
        note += gap or 1 if gap else 0
        note = max(note, 1)
        pos = t.observe(key, note, 0, size, loc)
        if key not in seen:
            assert pos.position is F
        else:
            assert pos.position is not F
        if pos.position in (I, IL):
            assert prev is not None and prev[0] == key and prev[3] == 1
            assert note - prev[2] <= 1
            if note != prev[2]:
                assert len(sources[prev[2]]) == 1
            assert (pos.position is I) == (loc == prev[1])
        if pos.last_note is not None:
            assert pos.near_note == (note - pos.last_note <= 3)
        seen.add(key)
        sources.setdefault(note, set()).add(key)
        prev = (key, loc, note, size)
