"""One definition of CJK text (briefkit.lang), shared by the citation engine and Word."""

from __future__ import annotations

import pytest

from briefkit.cite.names import full_name
from briefkit.lang import CJK_RUN, is_cjk, primary_subtag, tie_numbers
from briefkit.model.reference import Name


@pytest.mark.parametrize(
    "text",
    [
        "ひらがな",
        "カタカナ",
        "漢字",
        "\u3400",  # extension A
        "\U00020bb7",  # 𠮷, extension B: in Japanese family names
        "\uf9dc",  # a compatibility ideograph
        "「」",  # CJK punctuation only
        "\u3000",  # the ideographic space
        "ＡＢＣ",  # full-width Latin
        "ｶﾀｶﾅ",  # half-width katakana
        "한국어",
        "Tokyo 東京",
    ],
)
def test_japanese_scripts_and_punctuation_are_cjk(text: str) -> None:
    assert is_cjk(text)


@pytest.mark.parametrize("text", [None, "", "Tokyo", "Ōsaka – “quoted”", "Ελληνικά"])
def test_other_text_is_not_cjk(text: str | None) -> None:
    assert not is_cjk(text)


def test_cjk_runs_take_japanese_punctuation_with_the_text_around_it() -> None:
    text = "See 『南シナ海』（2022年）, p. 3"
    assert CJK_RUN.findall(text) == ["『南シナ海』（", "年）"]


def test_a_name_in_supplementary_ideographs_is_written_family_first_without_a_space() -> None:
    assert full_name(Name(family="\U00020bb7", given="\U0002000b")) == "\U00020bb7\U0002000b"
    assert full_name(Name(family="Shoji", given="Tomotaka")) == "Tomotaka Shoji"


def test_primary_subtag() -> None:
    assert [primary_subtag(t) for t in ("ja-JP", "EN", "zh-Hant-TW", "")] == ["ja", "en", "zh", ""]


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("2024年3月5日", "2024\u2060年3\u2060月5\u2060日"),
        ("第89巻第44号、120頁", "第\u206089\u2060巻第\u206044\u2060号、120\u2060頁"),
        ("（２００８年）", "（２００８\u2060年）"),
        ("3 months in 2024", "3 months in 2024"),  # no CJK: untouched
        ("ASEAN 10か国", "ASEAN 10か国"),  # か is no counter here
    ],
)
def test_numbers_are_tied_to_their_counters(text: str, tied: str) -> None:
    assert tie_numbers(text) == tied
