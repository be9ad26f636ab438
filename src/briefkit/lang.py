"""Languages and scripts, shared by every stage: which text is CJK, and a tag's primary subtag.

Consumes plain strings; produces booleans, patterns and subtags. One definition of "CJK text"
serves the citation engine (names written family-first, the Japanese citation variant) and the
Word renderer (runs set in the paragraph's East-Asian font), so that both agree on every
character.
"""

from __future__ import annotations

import re

KANA = "\u3040-\u30ff"  # hiragana and katakana (with the middle dot ・ and the long vowel ー)
HANGUL = "\u1100-\u11ff\uac00-\ud7af"  # jamo and syllables

# Every script and punctuation block a Japanese (or Chinese, Korean) text is set in: Japanese
# text mixes kana, ideographs, CJK punctuation (、。「」, the ideographic space) and full-width
# forms (（）、ＡＢＣ), and names use rare ideographs (𠮷, from the supplementary planes).
CJK = (
    "\u1100-\u11ff"  # Hangul jamo
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    f"{KANA}"
    "\u3100-\u31ff"  # bopomofo, Hangul compatibility jamo, kanbun, strokes, small katakana
    "\u3200-\u33ff"  # enclosed CJK letters (㈱), CJK compatibility (㍻)
    "\u3400-\u4dbf"  # CJK ideographs extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms (vertical punctuation)
    "\uff00-\uffef"  # halfwidth and fullwidth forms
    "\U00020000-\U0003ffff"  # CJK ideographs extensions B and later
)
CJK_RUN = re.compile(f"[{CJK}]+")
KANA_CHAR = re.compile(f"[{KANA}]")
HANGUL_CHAR = re.compile(f"[{HANGUL}]")


WORD_JOINER = "\u2060"
# A number and the CJK counter after it (2024年, 3月, 第12号, 120頁), and 第 before its number,
# are one unit a line never breaks inside (JLREQ 3.1.10; Pango breaks between a digit and an
# ideograph, and printed "2024年3" at a line's end and "月" at the next one's start).
_COUNTERS = "年月日号巻頁節条項章回部編版人件倍時分秒円％"
_NUMBER_UNIT = re.compile(rf"(?<=[0-9０-９])(?=[{_COUNTERS}])|(?<=第)(?=[0-9０-９])")


def tie_numbers(text: str) -> str:
    """`text` with a word joiner inside each number-and-counter unit (it prints nothing, and
    the PDF's text does not carry it: so the PDF only; a browser and Word would copy it)."""
    return _NUMBER_UNIT.sub(WORD_JOINER, text) if CJK_RUN.search(text) else text


def is_cjk(text: str | None) -> bool:
    """True when the text holds Chinese, Japanese or Korean script or punctuation."""
    return text is not None and CJK_RUN.search(text) is not None


def primary_subtag(lang: str) -> str:
    """The primary language subtag, lower-cased: `ja-JP` -> `ja`, `EN` -> `en`."""
    return lang.split("-")[0].lower()
