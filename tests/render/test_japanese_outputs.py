"""A Japanese briefing in all three formats: Japanese conventions, CJK fonts, extractable text."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import html as lxml_html
from pypdf import PdfReader

from tests.cite.test_japanese import REFS
from tests.conftest import Project

BRIEF = """---
title: 日ASEAN防衛協力の現状
lang: ja
date: 2025-11
author:
  - family: 小熊
    given: 真也
    position: 研究員
    expertise: 日本の安全保障政策
bibliography: refs.yaml
---
# はじめに

秋は、ASEANを中心とする防衛外交の季節である[@mod]。英語の資料も引用する[@en]。詳しい議論は注を参照されたい[^n]。

[^n]: 防衛産業の生産能力については、[@ogi]を参照。
"""


def build(project: Project, cli) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    project.write("content/refs.yaml", REFS)
    project.write("content/ja.md", BRIEF)
    result = cli("build", "--strict")
    assert result.exit_code == 1  # --strict: the unused references are warnings
    result = cli("build")
    assert result.exit_code == 0, result.stderr
    return {
        ext: (project.root / "output" / f"ja.{ext}").read_bytes() for ext in ("html", "pdf", "docx")
    }


def test_html_is_japanese(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    page = lxml_html.fromstring(build(project, cli)["html"])
    assert page.get("lang") == "ja"
    notes = [
        li.text_content().strip().rstrip("\u21a9\ufe0e").strip()
        for li in page.xpath('//*[@role="doc-endnotes"]//li')
    ]
    assert notes[0].startswith(
        "防衛省「小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について」2025年11月1日、"
    )
    # an English source in a Japanese briefing takes the Japanese form (the briefing decides)
    assert notes[1].startswith("ADMM「About the ASEAN")
    assert notes[2].startswith("防衛産業の生産能力については、小木洋人・井上麟太郎『衰退から拡大へ")
    assert page.xpath('//h2[@id="notes-title"]/text()') == ["注"]
    assert page.xpath('//*[@class="profile-label"]/text()') == ["プロフィール"]
    assert page.xpath("//time/text()") == ["2025年11月"]
    css = page.xpath("//style/text()")[0]
    assert re.search(r":lang\(ja\)\s*\{[^}]*Noto Serif CJK JP", css)


def test_pdf_embeds_a_cjk_font_and_the_text_is_extractable(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(build(project, cli)["pdf"]))
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert "秋は、ASEANを中心とする防衛外交の季節である" in text
    assert "防衛省「小泉防衛大臣の第12回拡大ASEAN国防相会議への出席について」2025年11月1日" in text
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"]).split("+")[-1]] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    cjk = {name: embedded for name, embedded in fonts.items() if "CJK" in name}
    assert cjk and all(cjk.values()), fonts
    assert reader.trailer["/Root"]["/Lang"] == "ja"


def test_word_sets_the_east_asian_font_and_language(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    data = build(project, cli)["docx"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        document = zf.read("word/document.xml").decode()
        styles = zf.read("word/styles.xml").decode()
        notes = zf.read("word/footnotes.xml").decode()
    # Latin-script runs in the house's English, as Word's Japanese documents have it: with
    # w:val="ja-JP" LibreOffice broke English words in a Japanese note anywhere
    # ("Semico⏎nductor", tests/fixtures/new-briefings/semiconductors.ja.md)
    assert re.search(r'<w:lang [^>]*w:val="en-US"[^>]*w:eastAsia="ja-JP"', styles)
    assert 'w:eastAsia="Noto Serif CJK JP"' in document
    assert 'w:eastAsia="Noto Serif CJK JP"' in notes
    assert "『衰退から拡大へ" in notes
