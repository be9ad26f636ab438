"""Locators as notes print them: a bare roman numeral is a page, as a bare arabic number is."""

from __future__ import annotations

from briefkit import ir
from tests.conftest import Project
from tests.helpers import resolve_with_refs

REFS = """
- id: eds
  type: book
  editor: [{family: Hamilton, given: Claire}, {family: Watanabe, given: Kenji}]
  title: Maritime Infrastructure
  publisher: Cambridge University Press
  issued: 2019
- id: kato
  type: article-journal
  author: [{family: Kato, given: Haruki}]
  title: Cable Diplomacy
  container-title: Asia Policy
  volume: 19
  issue: 1
  issued: 2024
"""


def notes(project: Project, body: str, lang: str = "en") -> list[str]:
    doc = resolve_with_refs(project, body, REFS, f"lang: {lang}\n")
    return [ir.note_text(n) for n in doc.notes]


def test_a_bare_roman_numeral_is_a_page_in_english(project: Project) -> None:
    # (found with an unseen briefing: "…2019), xii–xv." beside "pp. 112–15", and "iv." alone)
    body = (
        "A.[@eds, xii--xv] B.[@kato, iv] C.[@eds, 112--115] D.[@kato, XII-XV]"
        " E.[@eds, iv, vi--xi] F.[@kato, xi, will be entirely suffix]"
    )
    assert notes(project, body) == [
        # CMOS 9.64 condenses arabic ranges only: the roman one keeps both ends whole
        "Claire Hamilton and Kenji Watanabe, eds., Maritime Infrastructure "
        "(Cambridge University Press, 2019), pp. xii–xv.",
        "Haruki Kato, “Cable Diplomacy,” Asia Policy 19, no. 1 (2024): iv.",
        "Hamilton and Watanabe, Maritime Infrastructure, pp. 112–15.",
        "Kato, “Cable Diplomacy,” pp. XII–XV.",
        "Hamilton and Watanabe, Maritime Infrastructure, pp. iv, vi–xi.",
        # followed by words it is the suffix, as pandoc reads it
        "Kato, “Cable Diplomacy,” xi, will be entirely suffix.",
    ]


def test_a_bare_roman_numeral_is_a_page_in_japanese(project: Project) -> None:
    # (was "（…2019年）, xii–xv。": an ASCII comma and no 頁)
    body = "一[@kato, xii--xv]。二[@kato, 3]。三[@kato, iv]。"
    assert notes(project, body, "ja") == [
        "Kato, Haruki「Cable Diplomacy」『Asia Policy』第19巻第1号（2024年）、xii–xv頁。",
        "同上、3頁。",
        "同上、iv頁。",
    ]
