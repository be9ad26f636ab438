"""The citation formatter: forms by position, affixes, every reference type, style switches."""

from __future__ import annotations

import shutil

from lxml import html as lxml_html

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render.html.page import render_html
from tests.conftest import REPO, Project
from tests.helpers import resolve_file

REFS = """
- id: doe
  type: book
  author: [{family: Doe, given: Jane}]
  title: "Regional Order: A History"
  title-short: Regional Order
  publisher: Press
  publisher-place: Tokyo
  issued: 2020-05-01
- id: mod
  type: webpage
  author: [{literal: Ministry of Defense}]
  title: A Page
  issued: 2021-05-04
  URL: https://example.org/page
- id: roe
  type: article-journal
  author: [{family: Roe, given: Rick}]
  title: "Why Hedge?"
  container-title: Asian Survey
  volume: 61
  issue: 3
  issued: 2021
  page: 400-420
"""


def notes(project: Project, body: str, front: str = "") -> list[str]:
    project.write("content/refs.yaml", REFS)
    path = project.write(
        "content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n" + front + "---\n" + body
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return [ir.note_text(n) for n in doc.notes]


def test_the_position_sequence(project: Project) -> None:
    body = (
        "1[@doe, p. 3] 2[@doe, p. 3] 3[@doe, p. 7] 4[@doe] 5[@mod] 6[@doe; @mod] 7[@mod]"
        " 8^[An author note.] 9[@mod] 10[see @roe, 402, for the data]"
        " 11[^n] 12[@doe, chap. 2]\n\n[^n]: As argued by [@roe, 410]. Compare [@roe, 410].\n"
    )
    assert notes(project, body) == [
        "Jane Doe, Regional Order: A History (Press, 2020), p. 3.",  # first; no place (CMOS 18)
        "Ibid.",  # same source, same locator
        "Ibid., p. 7.",  # same source, another locator
        "Doe, Regional Order.",  # had a locator, this one has none: not ibid
        "Ministry of Defense, “A Page,” May 4, 2021, https://example.org/page.",
        "Doe, Regional Order; Ministry of Defense, “A Page.”",  # two sources in one citation
        "Ministry of Defense, “A Page.”",  # previous note cited two sources: no ibid
        "An author note.",
        "Ministry of Defense, “A Page.”",  # the author note in between blocks ibid
        "See Rick Roe, “Why Hedge?” Asian Survey 61, no. 3 (2021): 402, for the data.",
        "As argued by ibid., p. 410. Compare ibid.",  # in a footnote: inline, lower case
        "Doe, Regional Order, chap. 2.",
    ]


def test_quotation_marks_and_punctuation(project: Project) -> None:
    result = notes(project, "A[@roe] B[@roe, 401] C[@mod]\n")
    # Chicago drops the comma after a title ending in a question mark: “Why Hedge?” Asian
    assert result[0].startswith("Rick Roe, “Why Hedge?” Asian Survey 61, no. 3 (2021): 400–420")


def test_style_switches_via_a_copied_house_style(project: Project) -> None:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    cfg = style / "citations.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("ibid:\n  enabled: true", "ibid:\n  enabled: false")
    text = text.replace("form: bare ", "form: angle")
    text = text.replace("subsequent: short ", "subsequent: near-note")
    text = text.replace("near-note-distance: 5", "near-note-distance: 1")
    cfg.write_text(text, encoding="utf-8")
    (style / "style.yaml").write_text(
        (style / "style.yaml")
        .read_text(encoding="utf-8")
        .replace("name: commentary", "name: mine"),
        encoding="utf-8",
    )
    result = notes(project, "1[@mod] 2[@mod] 3[@doe] 4[@doe] 5[@roe] 6[@mod]\n", "style: mine\n")
    assert result == [
        "Ministry of Defense, “A Page,” May 4, 2021, <https://example.org/page>.",
        "Ministry of Defense, “A Page.”",  # no ibid: short form (near: previous note)
        "Jane Doe, Regional Order: A History (Press, 2020).",
        "Doe, Regional Order.",
        "Rick Roe, “Why Hedge?” Asian Survey 61, no. 3 (2021): 400–420.",
        # last cited four notes back, beyond near-note-distance 1: full form again
        "Ministry of Defense, “A Page,” May 4, 2021, <https://example.org/page>.",
    ]


def test_bibliography_section_sorted_by_author(project: Project) -> None:
    project.write("content/refs.yaml", REFS)
    path = project.write(
        "content/b.md",
        "---\ntitle: T\nbibliography: refs.yaml\n"
        "bibliography-section: true\n---\n[@roe] [@mod] [@doe]\n",
    )
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    assert [ir.plain_text(e.inlines) for e in doc.bibliography] == [
        "Doe, Jane. Regional Order: A History. Press, 2020.",
        "Ministry of Defense. “A Page.” May\u00a04, 2021, https://example.org/page.",
        "Roe, Rick. “Why Hedge?” Asian Survey 61, no.\u00a03 (2021): 400–420.",
    ]
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    page = lxml_html.fromstring(render_html(doc, style).encode())
    (section,) = page.xpath('//*[@role="doc-bibliography"]')
    assert section.xpath(".//h2/text()") == ["Bibliography"]
    assert len(section.xpath(".//li")) == 3


def test_names_in_cjk_script_print_family_first_without_a_space() -> None:
    from briefkit.cite.names import full_name, name_list
    from briefkit.model.citestyle import Names
    from briefkit.model.reference import Name

    assert full_name(Name(family="小川", given="博")) == "小川博"
    assert full_name(Name(family="Ogawa", given="Hiroshi")) == "Hiroshi Ogawa"
    two = [Name(family="小川", given="博"), Name(family="Doe", given="Jane")]
    assert name_list(two, Names()) == "小川博 and Jane Doe"


def test_and_others_prints_et_al_as_pandocs_citeproc_does(project: Project) -> None:
    """BibTeX's `and others` (a last literal name "others" in CSL-JSON) is more names than are
    written: "et al." however short the list, never dropped (pandoc 3.9's citeproc with
    chicago-notes-bibliography.csl prints these same strings)."""
    project.write(
        "content/refs.bib",
        "@book{lot, author = {Lotman, Yu. and others}, title = {Stat'i},\n"
        "  publisher = {Aleksandra}, year = {1992}}\n"
        "@book{two, author = {Brown, Keith and Anderson, Anne and others}, title = {Two},\n"
        "  publisher = {P}, year = {2006}}\n",
    )
    path = project.write(
        "content/b.md",
        "---\ntitle: T\nbibliography: refs.bib\nbibliography-section: true\n---\n"
        "A.[^1] B.[^2] C.[^3]\n\n[^1]: [@lot].\n[^2]: [@two].\n[^3]: [@lot].\n",
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    assert [ir.note_text(n) for n in doc.notes] == [
        "Yu. Lotman et al., Stat’i (Aleksandra, 1992).",
        "Keith Brown et al., Two (P, 2006).",
        "Lotman et al., Stat’i.",
    ]
    assert [ir.plain_text(e.inlines) for e in doc.bibliography] == [
        "Brown, Keith, Anne Anderson, et al. Two. P, 2006.",
        "Lotman, Yu. et al. Stat’i. Aleksandra, 1992.",
    ]
