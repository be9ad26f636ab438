"""Text in citations is typeset like body text: curly quotes, en-dash ranges, no-break spaces.

Read back from the resolved notes (`ir.blocks_text`, which keeps U+00A0, unlike `note_text`),
from the HTML page and from the Word file's footnotes.
"""

from __future__ import annotations

import shutil

import pytest
from lxml import html as lxml_html
from pydantic import ValidationError

from briefkit import ir
from briefkit.cite.locators import abbreviate_range, page_range
from briefkit.cite.typography import smart_quotes
from briefkit.model.citestyle import CitationStyle
from briefkit.render.docx import render_docx
from briefkit.render.html.page import render_html
from tests.conftest import REPO, SEED, Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import read_docx, w

NBSP = "\u00a0"
EN = (("\u201c", "\u201d"), ("\u2018", "\u2019"))
JA = (("「", "」"), ("『", "』"))

REFS = """
- id: roe
  type: article-journal
  author: [{family: O'Neil, given: Rick}]
  title: It's the "Regional" Order of the '90s
  container-title: Asian Survey
  volume: 61
  issue: 14
  issued: 2021
  page: 140-145
- id: mod
  type: webpage
  author: [{literal: Ministry of Defense}]
  title: The Ministers' "Page"
  publisher: O'Hara Press
  issued: 2025-11-21
  URL: https://example.org/it's-"here"
- id: book
  type: book
  author: [{family: Doe, given: Jane}]
  title: Order
  issued: 2020
"""


def write(project: Project, body: str, front: str = "") -> ir.ResolvedDocument:
    project.write("content/refs.yaml", REFS)
    path = project.write(
        "content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n" + front + "---\n" + body
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return doc


def notes(project: Project, body: str, front: str = "") -> list[str]:
    return [ir.blocks_text(n.blocks) for n in write(project, body, front).notes]


@pytest.mark.parametrize(
    ("text", "level", "marks", "expected"),
    [
        ("It's", 0, EN, "It’s"),
        ("O'Neil's", 0, EN, "O’Neil’s"),
        ("the '90s", 0, EN, "the ’90s"),
        ("Ministers' Meeting", 0, EN, "Ministers’ Meeting"),
        ('a "word"', 0, EN, "a “word”"),
        ('a "word"', 1, EN, "a ‘word’"),  # inside a quoted title
        ("a 'word'", 1, EN, "a ‘word’"),  # the depth decides, not the mark typed
        ("Defense \"Era 'One'\"", 1, EN, "Defense ‘Era “One”’"),
        ("a “word”", 1, EN, "a ‘word’"),
        ('(“x” and "y")', 0, EN, "(“x” and “y”)"),
        ('e: "juyo"', 1, JA, "e: 『juyo』"),
        ('e: "juyo"', 0, JA, "e: 「juyo」"),
        ("rock 'n' roll", 0, EN, "rock ’n’ roll"),
    ],
)
def test_smart_quotes(
    text: str, level: int, marks: tuple[tuple[str, str], tuple[str, str]], expected: str
) -> None:
    assert smart_quotes(text, level, *marks) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [  # CMOS 9.64's table
        ("3", "10", "10"),
        ("71", "72", "72"),
        ("96", "117", "117"),
        ("100", "104", "104"),
        ("1100", "1113", "1113"),
        ("101", "108", "8"),
        ("808", "833", "33"),
        ("1103", "1104", "4"),
        ("321", "328", "28"),
        ("498", "532", "532"),
        ("1087", "1089", "89"),
        ("140", "145", "45"),
        ("1496", "1504", "1504"),
        ("1498", "1503", "1503"),
        ("11564", "11615", "615"),
    ],
)
def test_chicago_abbreviates_inclusive_numbers(first: str, last: str, expected: str) -> None:
    assert abbreviate_range(first, last) == expected


@pytest.mark.parametrize("typed", ["12--14", "12-14", "12–14", "12 - 14", "12 -- 14", "12—14"])
def test_every_way_of_typing_a_range_prints_an_en_dash(typed: str) -> None:
    assert page_range(typed) == "12–14"
    wide = typed.replace("14", "145").replace("12", "140")
    assert page_range(wide, abbreviate=True) == "140–45"


def test_locators_are_ranges_with_the_plural_label_and_a_no_break_space(
    project: Project,
) -> None:
    body = (
        "1[@book, 12--14] 2[@mod, pp. 12--14, for details] 3[@roe, p. 12-14] 4[@mod, 12 - 14]"
        " 5[@book, 140-145] 6[@mod, p. 5] 7[@book, chap. 3] 8[@mod, sec. 2]\n"
    )
    result = notes(project, body)
    assert result[0] == f"Jane Doe, Order (2020), pp.{NBSP}12–14."
    assert result[1] == (
        f"Ministry of Defense, “The Ministers’ ‘Page,’” November{NBSP}21, 2025, O’Hara Press,"
        f' pp.{NBSP}12–14, https://example.org/it\'s-"here", for details.'
    )
    assert result[2].endswith("(2021): 12–14.")  # the journal prints the cited page bare
    assert result[3] == f"Ministry of Defense, “The Ministers’ ‘Page,’” pp.{NBSP}12–14."
    assert result[4] == f"Doe, Order, pp.{NBSP}140–45."
    assert result[5] == f"Ministry of Defense, “The Ministers’ ‘Page,’” p.{NBSP}5."
    assert result[6] == f"Doe, Order, chap.{NBSP}3."
    assert result[7] == f"Ministry of Defense, “The Ministers’ ‘Page,’” sec.{NBSP}2."


def test_titles_names_and_numbers_from_references(project: Project) -> None:
    (first,) = notes(project, "A claim.[@roe]\n")
    assert first == (
        f"Rick O’Neil, “It’s the ‘Regional’ Order of the ’90s,” Asian Survey 61, no.{NBSP}14"
        " (2021): 140–45."
    )


def test_urls_are_never_typeset(project: Project) -> None:
    doc = write(project, "A claim.[@mod]\n")
    (link,) = [n for n in ir.walk(doc.notes[0].blocks) if isinstance(n, ir.Link)]
    assert link.url == 'https://example.org/it\'s-"here"'
    assert ir.plain_text(link.children) == link.url


def test_the_running_head_gets_curly_quotes(project: Project) -> None:
    front = 'short-title: "Japan\'s \\"New\\" Hedge"\n'
    doc = write(project, "Text.\n", front)
    assert doc.meta.short_title == "Japan’s “New” Hedge"
    style = house_style()
    page = lxml_html.fromstring(render_html(doc, style).encode())
    (heading,) = page.xpath("//h1[@data-short-title]")
    assert heading.get("data-short-title") == "Japan’s “New” Hedge"


def test_a_japanese_short_title_nests_corner_brackets(project: Project) -> None:
    front = "lang: ja\nshort-title: 防衛協力の\"現状と'課題'\"\n"
    doc = write(project, "本文。\n", front)
    assert doc.meta.short_title == "防衛協力の「現状と『課題』」"


def test_html_and_word_keep_the_no_break_spaces(project: Project) -> None:
    doc = write(project, "One.[@mod, p. 5] Two.[@roe, 12]\n")
    style = house_style()
    page = lxml_html.fromstring(render_html(doc, style).encode())
    html_text = "".join(page.xpath("//body//text()"))
    assert f"p.{NBSP}5" in html_text and f"November{NBSP}21, 2025" in html_text
    assert f"no.{NBSP}14" in html_text
    pkg = read_docx(render_docx(doc, style.docx_template).data)
    word = "".join(t.text or "" for t in pkg.xml("word/footnotes.xml").iter(w("t")))
    assert f"p.{NBSP}5" in word and f"November{NBSP}21, 2025" in word
    assert "O’Hara Press" in word and "“The Ministers’ ‘Page,’”" in word


def test_the_seed_notes_carry_no_break_spaces() -> None:
    doc, _ = resolve_file(SEED, REPO)
    assert doc is not None
    texts = [ir.blocks_text(n.blocks) for n in doc.notes]
    assert f"Kyodo News, November{NBSP}21, 2024." in texts[1]
    assert f"October{NBSP}20, 2025, p.{NBSP}5, https://" in texts[11]


def copied_style(project: Project, edit: dict[str, str]) -> str:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    cfg = style / "citations.yaml"
    text = cfg.read_text(encoding="utf-8")
    for old, new in edit.items():
        assert old in text
        text = text.replace(old, new)
    cfg.write_text(text, encoding="utf-8")
    meta = style / "style.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("name: commentary", "name: mine"),
        encoding="utf-8",
    )
    return "style: mine\n"


def test_each_choice_is_a_switch(project: Project) -> None:
    front = copied_style(
        project,
        {
            "smart-quotes: true": "smart-quotes: false",
            "no-break-spaces: true": "no-break-spaces: false",
            "abbreviate-ranges: true": "abbreviate-ranges: false",
            "plural-labels: true": "plural-labels: false",
            "no-break-space: true": "no-break-space: false",
            'range-dash: "–"': 'range-dash: "-"',
        },
    )
    result = notes(project, "1[@mod, 140-145] 2[@roe]\n", front)
    assert result[0] == (
        "Ministry of Defense, “The Ministers' ‘Page,’” November 21, 2025, O'Hara Press,"
        ' p. 140-145, https://example.org/it\'s-"here".'
    )
    assert "no. 14 (2021): 140-145." in result[1]


def test_an_unknown_typography_switch_is_refused() -> None:
    with pytest.raises(ValidationError, match="range-dashes"):
        CitationStyle.model_validate(
            {"layouts": {"default": {"parts": ["title"]}}, "typography": {"range-dashes": "-"}}
        )


def test_a_double_hyphen_range_is_one_locator_for_ibid(project: Project) -> None:
    result = notes(project, "1[@book, 12--14] 2[@book, 12]\n")
    assert result[1] == f"Ibid., p.{NBSP}12."


def test_the_pdf_never_breaks_a_line_inside_a_locator_or_a_date(project: Project) -> None:
    from briefkit.render import RenderOptions
    from briefkit.render.pdf.page import render_pdf_bytes
    from tests.pdfread import read_pages

    refs = "".join(
        f"- id: r{i}\n  type: webpage\n  title: Page {i}\n  issued: 2025-11-{i % 28 + 1}\n"
        for i in range(40)
    )
    project.write("content/many.yaml", refs)
    cites = "; ".join(f"@r{i}, p. {i + 5}" for i in range(40))
    path = project.write(
        "content/b.md", f"---\ntitle: T\nbibliography: many.yaml\n---\nA claim.[{cites}]\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    rendered = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,)))
    lines = [ln.text.strip() for page in read_pages(rendered.data) for ln in page.lines]
    note = [ln for ln in lines if "Page" in ln or ln[:1].isdigit()]
    assert len(note) > 8  # the note runs over many lines, so there are breaks to test
    assert not [ln for ln in note if ln.endswith((" p.", "November"))]
    assert "p.\u00a05" in " ".join(note)  # the PDF's text keeps the character itself
