"""Line typography in all three formats (issue 16): URLs break only where CMOS 14.18 allows
and copy exactly, note calls are tied to their word, body text is hyphenated by the house's
region and rules, foreign-language runs carry `lang`; Word's numbering and note indents.

Read back from the outputs: the PDF's text lines (pypdfium2, pdfminer), the HTML (lxml), the
Word XML. Briefings: tests/fixtures/typography/ and the example commentary."""

from __future__ import annotations

import dataclasses
import itertools
import re
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pyphen
import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.model.housestyle import HouseStyle, Typography
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx_bytes
from briefkit.render.html.page import render_html
from briefkit.render.pdf.page import render_pdf_bytes
from briefkit.urls import split_urls, url_break_points, url_segments
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages
from tests.render.docxread import NS, read_docx, text, w

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "typography"
SEED = ROOT / "content" / "japan-asean-defense-cooperation.md"
WJ, SHY = "\u2060", "\u00ad"


@cache
def briefing(path: Path) -> ir.ResolvedDocument:
    doc, diags = resolve_file(path, path.parent)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    return doc


@cache
def pdf_lines(path: Path) -> list[str]:
    data = render_pdf_bytes(briefing(path), house_style()).data
    pdf = pdfium.PdfDocument(data)
    return [ln for page in pdf for ln in page.get_textpage().get_text_range().splitlines()]


def addresses(doc: ir.ResolvedDocument) -> list[str]:
    """Every URL the briefing prints: link texts that are addresses, bare addresses."""
    found = []
    blocks = [*doc.body, *(b for n in doc.notes for b in n.blocks)]
    for line in ir.blocks_text(blocks).split("\n"):
        found += [p for p, is_url in split_urls(line) if is_url]
    return sorted(set(found))


CORPUS = [SEED, FIXTURES / "long-urls.md", FIXTURES / "mixed-lang.md"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_pdf_urls_break_only_at_cmos_points_and_copy_exactly(path: Path) -> None:
    doc = briefing(path)
    urls = addresses(doc)
    assert urls, "the briefing prints addresses"
    text = "\n".join(pdf_lines(path))
    for url in urls:
        # the URL's characters in order, a line break allowed between any two
        pattern = "\n?".join(re.escape(c) for c in url)
        match = re.search(pattern, text)
        assert match is not None, url
        printed = match.group()
        assert printed.replace("\n", "") == url  # copies as the exact URL: nothing added
        breaks, offset = [], 0
        for piece in printed.split("\n")[:-1]:
            offset += len(piece)
            breaks.append(offset)
        allowed = set(url_break_points(url))
        assert set(breaks) <= allowed, (url, printed)


def test_the_example_commentary_breaks_its_long_urls() -> None:
    """The seed's notes hold addresses longer than a line: they do break, at CMOS points."""
    text = "\n".join(pdf_lines(SEED))
    url = "https://asean.org/wp-content/uploads/2025/11/JOINT-STATEMENT-BY-THE-ASEAN-DEFENCE-MINISTERS-MEETING-PLUS-ADMM-PLUS.pdf"
    match = re.search("\n?".join(re.escape(c) for c in url), text)
    assert match is not None and "\n" in match.group()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_pdf_every_call_sits_right_after_text_on_its_line(path: Path) -> None:
    """No call starts a line or stands alone on one: the character printed just before each
    call (a raised 6.5 pt digit) is on the same line and touches it."""
    data = render_pdf_bytes(briefing(path), house_style()).data
    seen = 0
    for page in read_pages(data):
        chars = page.chars

        def is_call(c: object) -> bool:
            return abs(c.size - 6.5) < 0.4 and c.get_text().isdigit()  # type: ignore[attr-defined]

        for c in chars:
            if not is_call(c):
                continue
            left = [
                b
                for b in chars
                if b is not c
                and b.x1 <= c.x0 + 0.5
                and c.x0 - b.x1 < 2.0
                and b.y0 - 0.2 <= c.y0 <= b.y1
            ]
            if any(is_call(b) for b in left):
                continue  # the second digit of "12"
            seen += 1
            assert any(b.size > 9 for b in left), (page.number, c.get_text())
    assert seen == len(briefing(path).notes)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_every_call_is_joined_to_what_precedes_it(media: str) -> None:
    doc = briefing(FIXTURES / "long-urls.md")
    page = render_html(doc, house_style(), media)  # type: ignore[arg-type]
    call = '<a class="note-ref"' if media == "screen" else '<span class="footnote"'
    assert page.count(call) == len(doc.notes) == 5
    assert page.count(WJ + call) == page.count(call)
    tree = lxml_html.fromstring(page)
    if media == "screen":  # the call's own text is its number only
        calls = tree.xpath('//a[@role="doc-noteref"]')
        assert [c.text_content() for c in calls] == [str(n) for n in range(1, 6)]


def test_html_urls_are_pieces_joined_by_wbr_and_copy_exactly() -> None:
    doc = briefing(FIXTURES / "long-urls.md")
    for media in ("screen", "print"):
        tree = lxml_html.fromstring(render_html(doc, house_style(), media))  # type: ignore[arg-type]
        urls = tree.xpath('//*[contains(concat(" ", @class, " "), " url ")]')
        assert len(urls) >= 6
        for el in urls:
            address = el.text_content()
            assert el.get("href") in (None, address)
            # (libxml2 does not know `<wbr>` is empty: it nests what follows; hence .//)
            pieces = [s.text_content() for s in el.xpath(".//span")]
            assert "".join(pieces) == address  # no character added (`<wbr>` has none)
            assert len(el.xpath(".//wbr")) == len(url_segments(address)) - 1
            assert SHY not in address


def print_page(style: HouseStyle) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(render_html(briefing(FIXTURES / "long-urls.md"), style, "print"))


def with_typography(**rules: object) -> HouseStyle:
    style = house_style()
    meta = style.meta.model_copy(update={"typography": Typography.model_validate(rules)})
    return dataclasses.replace(style, meta=meta)


def hyphenated(path: Path) -> list[list[tuple[str, str]]]:
    """The PDF's hyphenated body lines, per run of consecutive ones: (before, after) the
    hyphen of each split word."""
    data = render_pdf_bytes(briefing(path), house_style()).data
    runs: list[list[tuple[str, str]]] = []
    for page in read_pages(data):
        body = [ln.text.strip() for ln in page.lines if abs(ln.size - 10) < 0.3]
        run: list[tuple[str, str]] = []
        for line, after in itertools.pairwise([*body, ""]):
            m = re.search(r"(\w+)\u2010$", line)  # WeasyPrint's hyphen, U+2010
            if m and after[:1].islower():
                run.append((m.group(1), re.match(r"\w+", after).group()))  # type: ignore[union-attr]
            elif run:
                runs.append(run)
                run = []
    return runs


def test_body_paragraphs_carry_the_houses_region_and_protected_words() -> None:
    tree = print_page(house_style())
    paras = tree.xpath('//div[@class="body"]//p')
    assert paras and {p.get("lang") for p in paras} == {"en-US"}  # American patterns
    spans = [s.text_content() for s in tree.xpath('//span[@class="nohy"]')]
    nohy = {w for s in spans for w in re.findall(r"\w+", s)}
    assert {"Philippines", "Atlantic", "Cabinet"} - nohy == {"Cabinet"}  # not in the body
    # five letters: print.css never hyphenates it anyway, so it starts or ends no span (it
    # may stand inside one, between two protected words: one span for the run)
    ends = {w for s in spans for w in (re.findall(r"\w+", s)[:1] + re.findall(r"\w+", s)[-1:])}
    assert "Japan" not in ends
    # a span holds no word that may be hyphenated: only protected ones and short ones
    assert all(w[:1].isupper() or len(w) < 6 for w in nohy), sorted(nohy)
    for el in tree.xpath("//h2|//h3|//*[@class='footnote']|//*[contains(@class,'url')]"):
        assert not el.xpath('.//span[@class="nohy"]')  # not body text: never hyphenated
    # the screen page leaves hyphenation to the browser
    screen = render_html(briefing(FIXTURES / "long-urls.md"), house_style(), "screen")
    assert 'class="nohy"' not in screen and 'lang="en-US"' not in screen


def test_house_switches_region_capitals_length_and_off() -> None:
    british = print_page(with_typography(english="GB"))
    assert {p.get("lang") for p in british.xpath('//div[@class="body"]//p')} == {"en-GB"}
    capitals = print_page(with_typography(**{"hyphenate-capitalized": True}))
    assert not capitals.xpath('//span[@class="nohy"]')
    longer = print_page(with_typography(**{"hyphenate-min-length": 9}))
    protected = {
        w
        for s in longer.xpath('//span[@class="nohy"]')
        for w in re.findall(r"\w+", s.text_content())
    }
    assert "ministry" in protected and "summary" in protected  # 8 and 7 letters
    assert "communication" not in protected
    off = print_page(with_typography(hyphenate=False))
    assert {p.get("class") for p in off.xpath('//div[@class="body"]//p')} == {"nohy"}


@pytest.mark.parametrize("path", CORPUS[:2], ids=lambda p: p.stem)
def test_pdf_hyphenates_american_points_never_capitals_at_most_two_in_a_row(
    path: Path,
) -> None:
    american = pyphen.Pyphen(lang="en_US", left=2, right=3)
    runs = hyphenated(path)
    for run in runs:
        assert len(run) <= 2, run
        for before, after in run:
            word = before + after
            assert not word[0].isupper(), word
            assert len(word) >= 6 and len(before) >= 2 and len(after) >= 3, word
            assert len(before) in american.positions(word.lower()), (before, after)
    if path == SEED:
        assert runs  # the seed does hyphenate


def test_japanese_runs_in_an_english_page_carry_lang() -> None:
    doc = briefing(FIXTURES / "mixed-lang.md")
    tree = lxml_html.fromstring(render_html(doc, house_style(), "screen"))
    spans = {s.text_content(): s.get("lang") for s in tree.xpath("//span[@lang]")}
    assert spans["防衛白書"] == "ja" and spans["同志国"] == "ja" and spans["국방"] == "ko"
    # every CJK character on the page sits inside an element that says its language
    cjk = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
    for node in tree.xpath("//body//text()"):
        if cjk.search(node):
            owner = node.getparent()
            assert owner.xpath("ancestor-or-self::*[@lang][1]/@lang")[0] in ("ja", "ko")
    # a Japanese briefing needs no spans: the page is Japanese
    ja = briefing(SEED.with_name("japan-asean-defense-cooperation.ja.md"))
    assert '<span lang="ja">' not in render_html(ja, house_style(), "screen")


# ---------------------------------------------------------------- Word
@cache
def word(path: Path):  # type: ignore[no-untyped-def]
    return read_docx(render_docx_bytes(briefing(path), house_style()).data)


def test_word_urls_carry_no_width_breaks_at_cmos_points_only() -> None:
    pkg = word(FIXTURES / "long-urls.md")
    raw = "".join(
        t.text or ""
        for part in ("word/document.xml", "word/footnotes.xml")
        for t in pkg.xml(part).iter(w("t"))
    )
    urls = addresses(briefing(FIXTURES / "long-urls.md"))
    assert len(urls) >= 5
    for url in urls:
        match = re.search("[\u200c\u200d]*".join(re.escape(c) for c in url), raw)
        assert match is not None, url
        optional, forbidden, at = set(), set(), 0
        for ch in match.group():
            if ch == "\u200c":
                optional.add(at)  # Word's No-Width Optional Break
            elif ch == "\u200d":
                forbidden.add(at)  # Word's No-Width Non Break
            else:
                at += 1
        assert optional == set(url_break_points(url)), url
        # the non-breaks stand only where Word would break on its own: after / and -
        assert all(url[i - 1] in "/-" for i in forbidden), url
    # what the reader sees is the URL exactly
    notes = text(pkg.xml("word/footnotes.xml"))
    assert "https://www.cas.go.jp/jp/ryodo/taiou/senkaku/senkaku.html" in notes


def test_word_nested_numbered_lists_count_as_the_pdf_does() -> None:
    pkg = word(FIXTURES / "long-urls.md")
    numbering = pkg.xml("word/numbering.xml")
    document = pkg.xml("word/document.xml")
    levels = {}
    for p in document.iter(w("p")):
        num = p.find("w:pPr/w:numPr", NS)
        if num is not None:
            levels[text(p).strip()] = (
                num.find("w:ilvl", NS).get(w("val")),
                num.find("w:numId", NS).get(w("val")),
            )
    ilvl, num_id = levels["its background;"]
    assert ilvl == "1"
    (inst,) = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)
    lvl = inst.find("w:lvlOverride/w:lvl", NS)
    assert lvl.find("w:numFmt", NS).get(w("val")) == "decimal"
    assert lvl.find("w:lvlText", NS).get(w("val")) == "%2."  # 1. 2. 3., not a) b) c)


def test_word_a_notes_second_paragraph_keeps_the_text_indent() -> None:
    pkg = word(FIXTURES / "long-urls.md")
    (note,) = pkg.xml("word/footnotes.xml").xpath("w:footnote[@w:id='1']", namespaces=NS)
    first, second = note.findall("w:p", NS)
    assert first.find("w:pPr/w:ind", NS) is None  # the style's hanging indent: "1." column
    ind = second.find("w:pPr/w:ind", NS)
    styles = pkg.xml("word/styles.xml")
    (style,) = styles.xpath("w:style[@w:styleId='FootnoteText']", namespaces=NS)
    left = style.find("w:pPr/w:ind", NS).get(w("left"))
    assert (ind.get(w("left")), ind.get(w("firstLine"))) == (left, "0")


def test_word_hyphenates_by_the_house() -> None:
    pkg = word(FIXTURES / "long-urls.md")
    settings = pkg.xml("word/settings.xml")
    assert settings.find("w:autoHyphenation", NS) is not None
    assert settings.find("w:consecutiveHyphenLimit", NS).get(w("val")) == "2"
    assert settings.find("w:doNotHyphenateCaps", NS) is not None
    assert settings.find("w:themeFontLang", NS).get(w("val")) == "en-US"
    names = [child.tag.split("}")[1] for child in settings]
    assert names.index("autoHyphenation") < names.index("consecutiveHyphenLimit")
    assert names.index("doNotHyphenateCaps") < names.index("characterSpacingControl")


MONTHS = "January February March April May June July August September October November December"


def test_no_break_spaces_hold_in_all_three_formats() -> None:
    """The citation engine puts no-break spaces in "November 1" and "p. 5": no format breaks
    a line there."""
    doc = briefing(SEED)
    lines = [ln.rstrip() for ln in pdf_lines(SEED)]
    for line, after in itertools.pairwise(lines):
        if after[:1].isdigit():
            assert not line.endswith(("p.", *MONTHS.split())), (line, after)
    page = render_html(doc, house_style(), "screen")
    assert "November\u00a01" in page and "p.\u00a05" in page
    assert "November\u00a01" in text(word(SEED).xml("word/footnotes.xml"))


def test_word_a_space_before_a_call_does_not_break(project) -> None:  # type: ignore[no-untyped-def]
    path = project.write(
        "content/s.md",
        "---\ntitle: Spaces\n---\n\nBefore its call [^1] and after.\n\n[^1]: One.\n",
    )
    pkg = read_docx(render_docx_bytes(briefing(path), house_style()).data)
    (ref,) = pkg.xml("word/document.xml").iter(w("footnoteReference"))
    before = ref.getparent().getprevious()
    assert text(before) == "Before its call\u00a0"  # a no-break space: the call keeps its word


@pytest.mark.xfail(
    strict=True,
    reason="known, not fixed (2026-12-03): WeasyPrint 70 breaks the line after this note call "
    "at the first hyphenation point ('A deliber-') with room for five more words, and "
    "justification spreads it; `hyphens: none` on the paragraph sets it right. Found with an "
    "unseen briefing; neither briefkit's note-area nor its relayout shortcut is the cause",
)
def test_no_loose_line_after_a_note_call(project) -> None:  # type: ignore[no-untyped-def]
    source = Path(__file__).parent.parent / "fixtures" / "typography" / "loose-line-after-call.md"
    path = project.write("content/s.md", source.read_text(encoding="utf-8"))
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    pages = read_pages(render_pdf_bytes(doc, house_style(), RenderOptions()).data)
    (line,) = [ln for ln in pages[0].lines if ln.text.strip().startswith("caused")]
    assert "deliberate" in line.text  # the line holds what fits, not "caused by … A deliber-"
