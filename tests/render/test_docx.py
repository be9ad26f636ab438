"""The seed's Word file, read back as XML: real footnotes identical to the HTML notes, live
links, page fields, A4 and the PDF's margins, the house styles, core properties, the page's
front and back matter in order, byte-identical rebuilds, and a python-docx round trip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.model.housestyle import HouseStyle
from briefkit.render import RenderOptions
from briefkit.render.docx import render_docx_bytes
from briefkit.render.html.page import render_html
from tests.conftest import REPO, SEED, SEED_TEXT
from tests.helpers import house_style, normalize, resolve_file, seed_body_paragraphs
from tests.render.docxread import (
    NS,
    Docx,
    note_texts,
    paragraphs,
    read_docx,
    squash,
    style_ids,
    style_of,
    text,
    w,
)

MM_TWIPS = 1440 / 25.4


@pytest.fixture(scope="module")
def style() -> HouseStyle:
    return house_style()


@pytest.fixture(scope="module")
def seed(style: HouseStyle) -> tuple[ir.ResolvedDocument, bytes, Docx]:
    doc, _ = resolve_file(SEED, REPO)
    assert doc is not None
    rendered = render_docx_bytes(doc, style, RenderOptions(roots=(REPO,)))
    assert rendered.diagnostics == ()
    return doc, rendered.data, read_docx(rendered.data)


def html_notes(doc: ir.ResolvedDocument, style: HouseStyle) -> dict[int, str]:
    page = lxml_html.fromstring(render_html(doc, style).encode())
    out = {}
    for li in page.xpath('//section[@role="doc-endnotes"]//li'):
        for back in li.xpath('.//a[@role="doc-backlink"]'):
            back.drop_tree()
        out[int(li.get("value"))] = squash(li.text_content())
    return out


def test_thirteen_real_footnotes_equal_to_the_html_notes(seed: tuple, style: HouseStyle) -> None:
    doc, _, pkg = seed
    footnotes = pkg.xml("word/footnotes.xml")
    ids = style_ids(pkg.xml("word/styles.xml"))
    notes = note_texts(footnotes)
    assert list(notes) == list(range(1, 14))
    expected = {n.number: ir.note_text(n) for n in doc.notes}
    assert notes == expected
    assert notes == html_notes(doc, style)
    # the separator and continuation separator Word needs, with the ids Word gives them
    special = {n.get(w("type")): n.get(w("id")) for n in footnotes.iterfind("w:footnote", NS)}
    assert special["separator"] == "-1" and special["continuationSeparator"] == "0"
    for note in footnotes.iterfind("w:footnote", NS):
        if note.get(w("type")) is None:
            first = note.find("w:p", NS)
            assert style_of(first) == ids["footnote text"]
            mark = first.find("w:r", NS)
            assert mark.find("w:footnoteRef", NS) is not None
            assert mark.find("w:rPr/w:rStyle", NS).get(w("val")) == ids["footnote reference"]


def test_references_run_in_note_order_with_the_reference_style(seed: tuple) -> None:
    _, _, pkg = seed
    document = pkg.xml("word/document.xml")
    ids = style_ids(pkg.xml("word/styles.xml"))
    refs = list(document.iter(w("footnoteReference")))
    assert [int(r.get(w("id"))) for r in refs] == list(range(1, 14))
    for ref in refs:
        assert ref.get(w("customMarkFollows")) is None  # Word's own count is the IR's
        run = ref.getparent()
        assert run.find("w:rPr/w:rStyle", NS).get(w("val")) == ids["footnote reference"]
    # one sequence for the whole document, never restarted
    settings = pkg.xml("word/settings.xml")
    assert settings.find("w:footnotePr/w:numRestart", NS).get(w("val")) == "continuous"
    assert [f.get(w("id")) for f in settings.iterfind("w:footnotePr/w:footnote", NS)] == [
        "-1",
        "0",
    ]
    # the relationship and content type that make the part a footnotes part
    assert "word/footnotes.xml" in pkg.related("word/document.xml", "footnotes")
    types = pkg.xml("[Content_Types].xml")
    override = types.find("ct:Override[@PartName='/word/footnotes.xml']", NS)
    assert override.get("ContentType").endswith("wordprocessingml.footnotes+xml")


def test_every_url_in_the_notes_and_the_publisher_site_is_a_live_link(seed: tuple) -> None:
    doc, _, pkg = seed
    ids = style_ids(pkg.xml("word/styles.xml"))

    def links(part: str) -> dict[str, str]:
        rels = pkg.rels(part)
        out = {}
        for link in pkg.xml(part).iter(w("hyperlink")):
            rel = rels[link.get(f"{{{NS['r']}}}id")]
            assert rel.type == "hyperlink" and rel.external
            for run in link.iterfind("w:r", NS):
                assert run.find("w:rPr/w:rStyle", NS).get(w("val")) == ids["hyperlink"]
            out[text(link)] = rel.target
        return out

    note_links = links("word/footnotes.xml")
    urls = [
        word.rstrip(".,")
        for note in doc.notes
        for word in ir.note_text(note).split()
        if word.startswith("https://")
    ]
    assert len(urls) == 11
    for url in urls:
        assert note_links.get(url) == url
    assert links("word/document.xml") == {"www.nids.mod.go.jp": "https://www.nids.mod.go.jp"}


def test_a4_with_the_pdf_margins_running_head_and_page_numbers(seed: tuple) -> None:
    _, _, pkg = seed
    sect = pkg.xml("word/document.xml").find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    for side, mm in (("top", 24), ("bottom", 24), ("left", 22), ("right", 22)):
        assert abs(int(margins.get(w(side))) / MM_TWIPS - mm) < 0.05, side
    assert sect.find("w:titlePg", NS) is not None  # a first page of its own
    kinds = {}
    for ref in sect:
        if ref.tag in (w("headerReference"), w("footerReference")):
            rel = pkg.rels("word/document.xml")[ref.get(f"{{{NS['r']}}}id")]
            kinds[(rel.type, ref.get(w("type")))] = pkg.xml(f"word/{rel.target}")
    assert text(kinds[("header", "default")]) == "NIDS Commentary\tJapan-ASEAN Defense Cooperation"
    assert text(kinds[("header", "first")]) == ""  # no running head on page 1, as in the PDF
    for kind in ("default", "first"):
        footer = kinds[("footer", kind)]
        fields = [f.get(w("instr")).strip() for f in footer.iter(w("fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        (p,) = footer.iter(w("p"))
        shown = "".join(
            f"<{c.get(w('instr')).strip()}>" if c.tag == w("fldSimple") else text(c) for c in p
        )
        assert shown == "<PAGE> / <NUMPAGES>"  # "n / N", like the PDF


def test_the_house_styles_are_in_styles_xml(seed: tuple) -> None:
    _, _, pkg = seed
    styles = pkg.xml("word/styles.xml")
    ids = style_ids(styles)
    for name in (
        "Normal",
        "Body Text",
        "Title",
        "Subtitle",
        "heading 1",
        "heading 2",
        "heading 3",
        "Quote",
        "List Bullet",
        "List Number",
        "footnote text",
        "footnote reference",
        "Hyperlink",
        "Series Line",
        "Byline",
        "Profile Heading",
        "Profile",
        "Disclaimer",
        "Rights",
        "Publisher",
    ):
        assert name.lower() in ids, name

    def prop(sid: str, path: str, attr: str = "val") -> str | None:
        node = styles.find(f"w:style[@w:styleId='{sid}']/{path}", NS)
        return node.get(w(attr)) if node is not None else None

    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:sz", NS).get(w("val")) == "20"  # body 10 pt
    fonts = defaults.find("w:rFonts", NS)
    assert fonts.get(w("ascii")) == "Noto Serif"
    assert fonts.get(w("eastAsia")) == "Noto Serif CJK JP"
    # `lang: en` in the house's region: Word's proofing tools and hyphenation are American
    assert defaults.find("w:lang", NS).get(w("val")) == "en-US"
    assert prop(ids["footnote text"], "w:rPr/w:sz") == "16"  # notes 8 pt
    assert prop(ids["footnote reference"], "w:rPr/w:vertAlign") == "superscript"
    h1 = ids["heading 1"]
    assert prop(h1, "w:rPr/w:rFonts", "ascii") == "Noto Sans"
    assert prop(h1, "w:rPr/w:rFonts", "eastAsia") == "Noto Sans CJK JP"
    assert prop(h1, "w:rPr/w:color") == "1F4E79"
    # every style a paragraph or run of the document names is defined
    used = set()
    for part in ("word/document.xml", "word/footnotes.xml"):
        root = pkg.xml(part)
        used |= {s.get(w("val")) for s in root.iter(w("pStyle"), w("rStyle"), w("tblStyle"))}
    assert used <= set(ids.values())


def test_core_properties_are_the_briefings(seed: tuple) -> None:
    doc, data, pkg = seed
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == doc.meta.title_text
    assert props.author == "OGUMA Shinya"
    assert props.subject == doc.meta.subtitle_text
    assert props.keywords == "ASEAN, ADMM-Plus, Japan, defense cooperation, Indo-Pacific"
    assert props.language == "en"
    first_day = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    assert props.created == first_day and props.modified == first_day  # never the build time
    assert props.last_modified_by == "briefkit"
    assert props.last_printed is None
    today = dt.date.today()
    for name, content in pkg.files.items():
        if name.endswith(".xml") or name.endswith(".rels"):
            assert today.isoformat().encode() not in content, name


def test_front_and_back_matter_in_the_page_order(seed: tuple) -> None:
    doc, _, pkg = seed
    ids = style_ids(pkg.xml("word/styles.xml"))
    paras = [(sid, t) for sid, t in paragraphs(pkg.xml("word/document.xml")) if t.strip()]
    expected = [
        ("series line", "NIDS Commentary\tNovember 2025"),
        ("title", doc.meta.title_text),
        ("subtitle", doc.meta.subtitle_text),
        (
            "byline",
            "Research Fellow, Defense Policy Division, Policy Studies Department OGUMA Shinya",
        ),
        ("heading 1", "Introduction"),
        ("heading 1", "The Increasing Rigidity of ADMM-Plus"),
        ("heading 1", "Japan\u2019s Positive Stance with Respect to ASEAN"),
        ("heading 1", "ASEAN Continues to be Important: Working Toward Further Cooperation"),
        ("profile heading", "PROFILE"),
        ("profile name", "OGUMA Shinya"),
        ("profile", "Research Fellow, Defense Policy Division, Policy Studies Department"),
        ("profile", f"Field of expertise: {doc.meta.authors[0].expertise}"),
        (
            "disclaimer",
            "The views expressed in this paper do not represent the official views "
            "of the National Institute for Defense Studies.",
        ),
        ("rights", "We do not permit any unauthorized reproduction or unauthorized copying"),
        ("publisher", "Planning and Coordination Office"),
        ("publisher", "National Institute for Defense Studies"),
        ("publisher", "Telephone (direct) : 03-3260-3011"),
        ("publisher", "Telephone (general) : 03-3268-3111 (ext. 29177)"),
        ("publisher", "National Institute for Defense Studies website: www.nids.mod.go.jp"),
    ]
    positions = []
    for name, line in expected:
        hits = [i for i, (sid, t) in enumerate(paras) if sid == ids[name] and t == line]
        assert len(hits) == 1, (name, line)
        positions.append(hits[0])
    assert positions == sorted(positions)
    assert paras[0][0] == ids["series line"] and paras[-1][0] == ids["publisher"]
    # the byline's name is in the bold "Byline Name" style, after the role
    byline = next(
        p for p in pkg.xml("word/document.xml").iter(w("p")) if style_of(p) == ids["byline"]
    )
    last = byline.findall("w:r", NS)[-1]
    assert text(last) == "OGUMA Shinya"
    assert last.find("w:rPr/w:rStyle", NS).get(w("val")) == ids["byline name"]
    # no placeholder is left anywhere
    for name, content in pkg.files.items():
        assert b"{{" not in content and b"{%" not in content, name


def test_every_body_paragraph_of_the_seed_is_in_body_text(seed: tuple) -> None:
    _, _, pkg = seed
    ids = style_ids(pkg.xml("word/styles.xml"))
    wanted = {ids["body text"], ids["heading 1"]}
    body = normalize(
        " ".join(t for sid, t in paragraphs(pkg.xml("word/document.xml")) if sid in wanted)
    ).replace("'", "")
    for paragraph in seed_body_paragraphs(SEED_TEXT.read_text(encoding="utf-8")):
        assert normalize(paragraph).replace("'", "") in body, paragraph[:60]


def test_two_builds_are_byte_identical(seed: tuple, style: HouseStyle) -> None:
    doc, data, _ = seed
    again = render_docx_bytes(doc, style).data
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])


def test_a_python_docx_round_trip_keeps_the_footnotes(seed: tuple, tmp_path: Path) -> None:
    doc, data, _ = seed
    source = tmp_path / "seed.docx"
    source.write_bytes(data)
    again = tmp_path / "again.docx"
    reopened = docx.Document(str(source))
    reopened.add_paragraph("An editor's addition.")
    reopened.save(str(again))
    pkg = read_docx(again.read_bytes())
    assert note_texts(pkg.xml("word/footnotes.xml")) == {
        n.number: ir.note_text(n) for n in doc.notes
    }
    refs = [int(r.get(w("id"))) for r in pkg.xml("word/document.xml").iter(w("footnoteReference"))]
    assert refs == list(range(1, 14))
    assert "word/footnotes.xml" in pkg.related("word/document.xml", "footnotes")
    assert len([r for r in pkg.rels("word/footnotes.xml").values() if r.type == "hyperlink"]) == 11


def test_briefkit_build_writes_word(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", str(SEED), "-f", "docx", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "japan-asean-defense-cooperation.docx"
    pkg = read_docx(written.read_bytes())
    assert len(note_texts(pkg.xml("word/footnotes.xml"))) == 13
    assert not (tmp_path / "japan-asean-defense-cooperation.html").exists()
