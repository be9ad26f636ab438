"""Japanese citation conventions: the briefing's language decides the form of every note
(punctuation, dates, terms, quotation marks); a source's language only how its own title is
treated (never recased unless English, shown with its translation where the languages differ)."""

from __future__ import annotations

from briefkit import ir
from tests.conftest import Project
from tests.helpers import resolve_file, resolve_with_refs

REFS = """
- id: mod
  type: webpage
  author: [{literal: 防衛省}]
  title: 小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について
  issued: 2025-11-01
  URL: https://www.mod.go.jp/j/approach/exchange/dialogue/j-asean/admm_plus_12.html
  language: ja
- id: ogi
  type: report
  author: [{family: 小木, given: 洋人}, {family: 井上, given: 麟太郎}]
  title: 衰退から拡大へ："需要超過"時代の防衛産業
  publisher: 地経学研究所
  issued: 2025-10-24
  URL: https://instituteofgeoeconomics.org/x.pdf
  language: ja
- id: kyodo
  type: article-newspaper
  title: トランプ氏念頭に安全保障を協議
  container-title: 共同通信
  issued: 2024-11-21
  language: ja
- id: book
  type: book
  author: [{family: 庄司, given: 智孝}]
  title: 南シナ海問題の構図
  publisher: 名古屋大学出版会
  issued: 2022
- id: journal
  type: article-journal
  author: [{family: 山田, given: 太郎}, {family: 佐藤, given: 花子}, {family: 鈴木, given: 一郎},
           {family: 高橋, given: 次郎}]
  title: 拡大ASEAN国防相会議の機能
  container-title: 国際安全保障
  volume: 50
  issue: 3
  issued: 2022-12
  page: 45-67
- id: romanised
  type: webpage
  author: [{literal: Ministry of Defense}]
  title: Boei kyoryoku kyoka no tameno nichi ASEAN inishiativu
  title-translated: Japan-ASEAN Initiative
  URL: https://www.mod.go.jp/j/jasmine.pdf
  language: ja
- id: en
  type: webpage
  author: [{literal: ADMM}]
  title: About the ASEAN Defence Ministers’ Meeting Plus
  URL: https://admm.asean.org/about.html
"""


def notes(project: Project, body: str, lang: str) -> list[str]:
    doc = resolve_with_refs(project, body, REFS, f"lang: {lang}\n")
    return [ir.note_text(n) for n in doc.notes]


def test_japanese_sources_in_a_japanese_briefing(project: Project) -> None:
    body = (
        "一[@mod]。二[@mod, p. 3]。三[@ogi, 12-14]。四[@kyodo]。五[@book, chap. 3]。"
        "六[@journal, 50]。七[@en]。八[@mod]。九^[注記。]十[@en]。"
    )
    assert notes(project, body, "ja") == [
        "防衛省「小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について」2025年11月1日、"
        "https://www.mod.go.jp/j/approach/exchange/dialogue/j-asean/admm_plus_12.html。",
        "同上、3頁。",
        "小木洋人・井上麟太郎『衰退から拡大へ：「需要超過」時代の防衛産業』"
        "（地経学研究所、2025年10月24日）、12–14頁、https://instituteofgeoeconomics.org/x.pdf。",
        "「トランプ氏念頭に安全保障を協議」『共同通信』2024年11月21日。",
        "庄司智孝『南シナ海問題の構図』（名古屋大学出版会、2022年）、第3章。",
        "山田太郎ほか「拡大ASEAN国防相会議の機能」『国際安全保障』第50巻第3号（2022年12月）、50頁。",
        # an English source takes the Japanese form in a Japanese briefing (its title as written)
        "ADMM「About the ASEAN Defence Ministers’ Meeting Plus」https://admm.asean.org/about.html。",
        "防衛省「小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について」。",
        "注記。",
        "ADMM「About the ASEAN Defence Ministers’ Meeting Plus」。",
    ]


YOMIURI = """
- id: yomiuri
  type: article-newspaper
  title: 日米同盟の新たな段階
  title-translated: A New Stage for the Japan-US Alliance
  container-title: 読売新聞
  issued: 2023-07-12
  language: ja
"""


def test_forms_follow_the_briefing_not_the_source(project: Project) -> None:
    # (the reproduction: a Japanese-script source in an English briefing was printed
    # in Japanese form, its translation dropped, and "See 同上." followed it)
    body = "One.[@book] Two.[@romanised] Three.[@book; @en] Four.[@yomiuri] Five.[^x]"
    body += "\n\n[^x]: See [@yomiuri]."
    project.write("content/refs.yaml", REFS + YOMIURI)
    path = project.write("content/b.md", f"---\ntitle: T\nbibliography: refs.yaml\n---\n{body}\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    assert [ir.note_text(n) for n in doc.notes] == [
        # the original script kept, in English punctuation; the name in its own order
        "庄司智孝, 南シナ海問題の構図 (名古屋大学出版会, 2022).",
        # a romanised Japanese title with its gloss
        "Ministry of Defense, “Boei kyoryoku kyoka no tameno nichi ASEAN inishiativu” "
        "[Japan-ASEAN Initiative], https://www.mod.go.jp/j/jasmine.pdf.",
        "庄司, 南シナ海問題の構図; ADMM, “About the ASEAN Defence Ministers’ Meeting Plus,” "
        "https://admm.asean.org/about.html.",
        # the translation in brackets, an English date
        "“日米同盟の新たな段階” [A New Stage for the Japan-US Alliance], 読売新聞, July 12, 2023.",
        "See ibid.",
    ]
    newspaper = [n for n in ir.walk(doc.notes[3].blocks) if isinstance(n, ir.Emph)]
    assert [ir.plain_text(e.children) for e in newspaper] == ["読売新聞"]  # italic, as Chicago


def test_a_prose_note_with_a_japanese_citation(project: Project) -> None:
    body = "本文。[^n]\n\n[^n]: 詳しくは、[@ogi]を参照。"
    (text,) = notes(project, body, "ja")
    assert text == (
        "詳しくは、小木洋人・井上麟太郎『衰退から拡大へ：「需要超過」時代の防衛産業』"
        "（地経学研究所、2025年10月24日）、https://instituteofgeoeconomics.org/x.pdf"
        "を参照。"
    )


def test_japanese_masthead_date_and_labels(project: Project) -> None:
    path = project.write(
        "content/j.md",
        "---\ntitle: 題\nlang: ja-JP\ndate: 2025-11-01\n"
        "author: [{family: 小熊, given: 真也}]\n---\n本文。\n",
    )
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    assert doc.meta.date_display == "2025年11月1日"
    assert doc.meta.labels["notes"] == "注" and doc.meta.labels["profile"] == "プロフィール"
    assert doc.meta.authors[0].name == "小熊真也"


EDITED = """
- id: eds
  type: book
  editor: [{family: Hamilton, given: Claire}, {family: Watanabe, given: Kenji}]
  title: Maritime Infrastructure
  publisher: Cambridge University Press
  issued: 2019
- id: one
  type: book
  editor: [{family: 田中, given: 亮}]
  title: 海洋安全保障
  publisher: 有斐閣
  issued: 2020
- id: chap
  type: chapter
  author: [{family: Öztürk, given: Selim}]
  title: Cables as Chokepoints
  container-title: Maritime Infrastructure
  editor: [{family: Watanabe, given: Kenji}]
  publisher: Cambridge University Press
  issued: 2019
"""


def test_editors_standing_for_the_author_take_the_term_close(project: Project) -> None:
    # (found with an unseen briefing: "Hamilton, Claire・Watanabe, Kenji、編『…』", a 、 before
    # 編 where a chapter's editors print "Watanabe, Kenji編" and the seed style none)
    body = "一[@eds, 5]。二[@one]。三[@chap, 104]。"
    doc = resolve_with_refs(project, body, EDITED, "lang: ja\nbibliography-section: true\n")
    assert [ir.note_text(n) for n in doc.notes] == [
        "Hamilton, Claire・Watanabe, Kenji編『Maritime Infrastructure』"
        "（Cambridge University Press、2019年）、5頁。",
        "田中亮編『海洋安全保障』（有斐閣、2020年）。",
        "Öztürk, Selim「Cables as Chokepoints」Watanabe, Kenji編『Maritime Infrastructure』"
        "（Cambridge University Press、2019年）、104頁。",
    ]
    assert [ir.plain_text(e.inlines) for e in doc.bibliography] == [
        "Hamilton, Claire・Watanabe, Kenji編『Maritime Infrastructure』"
        "Cambridge University Press、2019年。",
        "Öztürk, Selim「Cables as Chokepoints」Watanabe, Kenji編『Maritime Infrastructure』"
        "Cambridge University Press、2019年。",
        "田中亮編『海洋安全保障』有斐閣、2020年。",
    ]


def test_english_editors_standing_for_the_author_keep_the_comma(project: Project) -> None:
    doc = resolve_with_refs(project, "One.[@eds]", EDITED, "bibliography-section: true\n")
    assert [ir.note_text(n) for n in doc.notes] == [
        "Claire Hamilton and Kenji Watanabe, eds., Maritime Infrastructure "
        "(Cambridge University Press, 2019)."
    ]
    assert [ir.plain_text(e.inlines) for e in doc.bibliography][:1] == [
        "Hamilton, Claire, and Kenji Watanabe, eds. Maritime Infrastructure. "
        "Cambridge University Press, 2019."
    ]


def test_a_latin_prefix_keeps_the_space_it_was_typed_with(project: Project) -> None:
    # (found with an unseen briefing: "12頁；see alsoKato, Haruki「…」")
    body = (
        "一[@book, 12; see also @en]。二[cf. @book]。三[e.g., @mod]。四[参照、@en]。"
        "五[see @kyodo]。六[*see* @journal, 3]。"
    )
    assert notes(project, body, "ja") == [
        "庄司智孝『南シナ海問題の構図』（名古屋大学出版会、2022年）、12頁；see also "
        "ADMM「About the ASEAN Defence Ministers’ Meeting Plus」https://admm.asean.org/about.html。",
        "cf. 庄司『南シナ海問題の構図』。",
        "e.g., 防衛省「小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について」2025年11月1日、"
        "https://www.mod.go.jp/j/approach/exchange/dialogue/j-asean/admm_plus_12.html。",
        # a Japanese prefix, and a Latin one before a bracket, are set close
        "参照、ADMM「About the ASEAN Defence Ministers’ Meeting Plus」。",
        "see「トランプ氏念頭に安全保障を協議」『共同通信』2024年11月21日。",
        "see 山田太郎ほか「拡大ASEAN国防相会議の機能」『国際安全保障』"
        "第50巻第3号（2022年12月）、3頁。",
    ]
