"""Word output of every IR node kind, of Japanese text, and of the template machinery
(placeholders split across runs, fields, missing styles, the generator script)."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefkit import ir
from briefkit.errors import BriefkitError, Diagnostics, SourceLocation
from briefkit.load.styles import load_style
from briefkit.model.housestyle import HouseStyle
from briefkit.render.docx import render_docx
from briefkit.render.docx.oxml import qn
from briefkit.render.docx.template import TemplateFiller
from tests.conftest import REPO, Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import NS, Docx, read_docx, style_ids, style_of, text, w


def png(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


T = ir.Text


@pytest.fixture
def style() -> HouseStyle:
    return house_style()


def small_doc(project: Project, body: str = "Text.") -> ir.ResolvedDocument:
    path = project.write("content/x.md", f"---\ntitle: All\nlang: en\n---\n{body}\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    return doc


def every_kind(doc: ir.ResolvedDocument) -> ir.ResolvedDocument:
    """The seed's meta with a body holding every block and inline kind once or more."""
    image = ir.Image("pic", "A map of the region", "Map")
    inlines: tuple[ir.Inline, ...] = (
        T("plain "),
        ir.Emph((T("emph"),)),
        ir.Strong((T("strong"),)),
        ir.Strikeout((T("struck"),)),
        ir.SmallCaps((T("small caps"),)),
        ir.Superscript((T("sup"),)),
        ir.Subscript((T("sub"),)),
        ir.Code("code()"),
        ir.Link((T("a link"),), "https://example.org/x", "Example"),
        ir.Link((T("to the heading"),), "#sec-one"),
        image,
        ir.LineBreak(),
        T("after the break"),
        ir.NoteRef(1),
    )
    note = ir.Note(
        1,
        "footnote",
        (
            ir.Paragraph((T("See "), ir.Link((T("this"),), "https://note.example/y"))),
            ir.BlockQuote((ir.Paragraph((T("quoted one"),)), ir.Paragraph((T("quoted two"),)))),
        ),
        SourceLocation(doc.source),
    )
    body: tuple[ir.ResolvedBlock, ...] = (
        ir.Heading(1, (T("One"),), "sec-one"),
        ir.Paragraph(inlines),
        ir.Heading(2, (T("Two"),), "sec-two"),
        ir.BlockQuote((ir.Paragraph((T("quoted"),)),)),
        ir.BulletList(((ir.Paragraph((T("bullet a"),)),), (ir.Paragraph((T("bullet b"),)),))),
        ir.OrderedList(
            (
                (
                    ir.Paragraph((T("first"),)),
                    ir.OrderedList(((ir.Paragraph((T("nested"),)),),)),
                ),
                (ir.Paragraph((T("second"),)), ir.Paragraph((T("more of second"),))),
            ),
            start=3,
        ),
        ir.CodeBlock("line 1\n  line 2\n", "python"),
        ir.ThematicBreak(),
        ir.Figure(image, (T("A map of the region"),)),
        ir.Table(
            ((cell(T("left")), cell(T("right"))),),
            ((cell(T("a")), cell(T("1"))), (cell(T("b")), cell(T("2")))),
            ("left", "right"),
        ),
    )
    asset = ir.Asset(Path("pic.png"), "image/png", png())
    return dataclasses.replace(doc, body=body, notes=(note,), assets={"pic": asset})


def cell(*inlines: ir.Inline) -> ir.Cell[ir.Inline]:
    return ir.Cell((ir.Paragraph(inlines),))


def render(doc: ir.ResolvedDocument, style: HouseStyle) -> Docx:
    rendered = render_docx(doc, style.docx_template)
    assert rendered.diagnostics == ()
    return read_docx(rendered.data)


def test_every_node_kind_renders(project: Project, style: HouseStyle) -> None:
    pkg = render(every_kind(small_doc(project)), style)
    document = pkg.xml("word/document.xml")
    ids = style_ids(pkg.xml("word/styles.xml"))
    (para,) = [p for p in document.iter(w("p")) if text(p).startswith("plain ")]

    def run_of(fragment: str) -> etree._Element:
        return next(r for r in para.iter(w("r")) if text(r) == fragment)

    for fragment, prop in (
        ("emph", "w:i"),
        ("strong", "w:b"),
        ("struck", "w:strike"),
        ("small caps", "w:smallCaps"),
    ):
        assert run_of(fragment).find(f"w:rPr/{prop}", NS) is not None, fragment
    assert run_of("sup").find("w:rPr/w:vertAlign", NS).get(w("val")) == "superscript"
    assert run_of("sub").find("w:rPr/w:vertAlign", NS).get(w("val")) == "subscript"
    assert run_of("code()").find("w:rPr/w:rStyle", NS).get(w("val")) == ids["verbatim char"]
    external, internal = para.findall("w:hyperlink", NS)
    rel = pkg.rels("word/document.xml")[external.get(f"{{{NS['r']}}}id")]
    assert (rel.target, rel.external, external.get(w("tooltip"))) == (
        "https://example.org/x",
        True,
        "Example",
    )
    assert internal.get(w("anchor")) == "_sec_one"
    marks = [b.get(w("name")) for b in document.iter(w("bookmarkStart"))]
    assert marks == ["_sec_one", "_sec_two"]
    assert para.find(".//w:br", NS) is not None and "after the break" in text(para)
    assert [r.get(w("id")) for r in para.iter(w("footnoteReference"))] == ["1"]
    notes = pkg.xml("word/footnotes.xml")
    link = notes.find(".//w:hyperlink", NS)
    assert pkg.rels("word/footnotes.xml")[link.get(f"{{{NS['r']}}}id")].target == (
        "https://note.example/y"
    )
    # in a note, a quotation keeps the note's style and is indented, paragraph by paragraph,
    # from the note's text (283: "footnote text"'s 5 mm) by the quotation's 567
    quoted = [p for p in notes.iter(w("p")) if text(p).startswith("quoted")]
    assert [style_of(p) for p in quoted] == [ids["footnote text"]] * 2
    assert [p.find("w:pPr/w:ind", NS).get(w("left")) for p in quoted] == ["850", "850"]
    # pictures: inline in the paragraph and alone in a figure, alt text in wp:docPr/@descr
    doc_prs = list(document.iter(f"{{{NS['wp']}}}docPr"))
    assert [d.get("descr") for d in doc_prs] == ["A map of the region"] * 2
    assert [d.get("id") for d in doc_prs] == ["1", "2"]  # sequential, unique
    assert [n for n in pkg.files if n.startswith("word/media/")] == ["word/media/image1.png"]

    styles = [(style_of(p), text(p)) for p in document.iter(w("p"))]
    assert (ids["heading 1"], "One") in styles and (ids["heading 2"], "Two") in styles
    assert (ids["quote"], "quoted") in styles
    assert (ids["list bullet"], "bullet a") in styles
    assert (ids["list number"], "first") in styles
    assert (ids["list continue"], "more of second") in styles
    assert (ids["source code"], "line 1\n  line 2") in styles
    assert (ids["thematic break"], "") in styles
    assert (ids["caption"], "A map of the region") in styles
    figure = next(p for p in document.iter(w("p")) if style_of(p) == ids["figure"])
    assert figure.find(".//w:drawing", NS) is not None
    table = document.find(".//w:tbl", NS)
    assert [text(c) for c in table.iter(w("tc"))] == ["left", "right", "a", "1", "b", "2"]
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
    right = [p for p in table.iter(w("p")) if text(p) in ("right", "1", "2")]
    assert {p.find("w:pPr/w:jc", NS).get(w("val")) for p in right} == {"right"}


def test_lists_use_real_numbering_that_restarts(project: Project, style: HouseStyle) -> None:
    pkg = render(every_kind(small_doc(project)), style)
    document = pkg.xml("word/document.xml")
    numbering = pkg.xml("word/numbering.xml")

    def num_of(fragment: str) -> tuple[int, int]:
        p = next(p for p in document.iter(w("p")) if text(p) == fragment)
        pr = p.find("w:pPr/w:numPr", NS)
        return int(pr.find("w:numId", NS).get(w("val"))), int(pr.find("w:ilvl", NS).get(w("val")))

    def level_format(num_id: int, level: int) -> str:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        abstract = num.find("w:abstractNumId", NS).get(w("val"))
        lvl = numbering.find(
            f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='{level}']", NS
        )
        return lvl.find("w:numFmt", NS).get(w("val"))

    bullet_a, bullet_b = num_of("bullet a"), num_of("bullet b")
    assert bullet_a == bullet_b and level_format(*bullet_a) == "bullet"
    first, second, nested = num_of("first"), num_of("second"), num_of("nested")
    assert first == second and level_format(*first) == "decimal"
    assert nested[1] == 1 and nested[0] != first[0]  # a nested list restarts, one level in
    start = numbering.find(
        f"w:num[@w:numId='{first[0]}']/w:lvlOverride[@w:ilvl='0']/w:startOverride", NS
    )
    assert start.get(w("val")) == "3"


def test_no_list_item_is_left_alone_by_a_page_break(project: Project, style: HouseStyle) -> None:
    # as in the PDF: the first item keeps with the next, the paragraph before the last with it
    document = render(every_kind(small_doc(project)), style).xml("word/document.xml")
    kept = {
        text(p): p.find("w:pPr/w:keepNext", NS) is not None
        for p in document.iter(w("p"))
        if text(p) in ("bullet a", "bullet b", "first", "nested", "second", "more of second")
    }
    assert kept == {
        "bullet a": True,  # first of two, and the one before the last
        "bullet b": False,
        "first": True,
        "nested": True,  # the outer list's paragraph before its last item
        "second": False,
        "more of second": False,
    }


def test_japanese_text_gets_the_east_asian_font(project: Project, style: HouseStyle) -> None:
    doc = small_doc(project, "# 防衛協力\n\nThe word 防衛 means “defense”.")
    pkg = render(doc, style)
    document = pkg.xml("word/document.xml")
    runs = {text(r): r for r in document.iter(w("r")) if text(r)}
    for fragment, font in (("防衛協力", "Noto Sans CJK JP"), ("防衛", "Noto Serif CJK JP")):
        fonts = runs[fragment].find("w:rPr/w:rFonts", NS)
        assert fonts.get(w("eastAsia")) == font and fonts.get(w("hint")) == "eastAsia"
        assert runs[fragment].find("w:rPr/w:lang", NS).get(w("eastAsia")) == "ja-JP"
    # the Latin text around it keeps the Latin fonts (quotes would turn full-width otherwise)
    assert runs[" means “defense”."].find("w:rPr/w:rFonts", NS) is None


def test_a_second_call_of_a_note_prints_its_number_without_a_second_note(
    project: Project, style: HouseStyle
) -> None:
    doc = every_kind(small_doc(project))
    para = ir.Paragraph((T("Again"), ir.NoteRef(1)))
    pkg = render(dataclasses.replace(doc, body=(*doc.body, para)), style)
    document = pkg.xml("word/document.xml")
    assert len(list(document.iter(w("footnoteReference")))) == 1
    last = next(p for p in document.iter(w("p")) if text(p).startswith("Again"))
    assert text(last) == "Again1"


def paragraph_of(*runs: tuple[str, str]) -> etree._Element:
    xml = "".join(
        f'<w:r><w:rPr><w:{prop}/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>'
        if prop
        else f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>'
        for t, prop in runs
    )
    body = etree.fromstring(f'<w:body xmlns:w="{NS["w"]}"><w:p>{xml}</w:p></w:body>')
    return body


def test_placeholders_split_across_runs_are_filled(project: Project) -> None:
    filler = TemplateFiller(
        {"series": "NIDS <Commentary> & co", "date": "November 2025", "number": "", "n": "7"}
    )
    # Word split "{{ series }}" into three runs (spell-checking, an edit in the middle)
    body = paragraph_of(("{{ ser", "b"), ("ies", ""), (" }} of {{ date }}", "i"))
    filler.fill(body, [], {})
    (p,) = body.iter(qn("w:p"))
    assert text(p) == "NIDS <Commentary> & co of November 2025"
    assert len(p.findall("w:r", NS)) == 1  # merged into the first run, which keeps its format
    assert p.find("w:r/w:rPr/w:b", NS) is not None
    assert b"&lt;Commentary&gt; &amp; co" in etree.tostring(p)
    # placeholders whole in their runs keep each run's own formatting
    body = paragraph_of(("{{ series }}", "b"), (" No. {{ n }}", "i"))
    filler.fill(body, [], {})
    runs = body.findall(".//w:r", NS)
    assert [text(r) for r in runs] == ["NIDS <Commentary> & co", " No. 7"]
    assert runs[1].find("w:rPr/w:i", NS) is not None
    # a block split over runs, and a paragraph left empty by it, which goes
    body = paragraph_of(("{% if number %}No. ", ""), ("{{ number }}{% endif %}", "b"))
    filler.fill(body, [], {})
    assert body.find("w:p", NS) is None


def test_page_placeholders_become_fields() -> None:
    body = paragraph_of(("Page {{ page }} of {{ pages }}", "b"))
    TemplateFiller({}).fill(etree.Element(qn("w:body")), [body], {})
    (p,) = body.iter(qn("w:p"))
    pieces = [f"<{c.get(w('instr')).strip()}>" if c.tag == w("fldSimple") else text(c) for c in p]
    assert pieces == ["Page ", "<PAGE>", " of ", "<NUMPAGES>"]
    for field in p.iterfind("w:fldSimple", NS):  # the field's result keeps the run's format
        assert field.find("w:r/w:rPr/w:b", NS) is not None


def test_unknown_placeholders_and_unsafe_values(project: Project) -> None:
    body = paragraph_of(("{{ nonsense }}", ""))
    with pytest.raises(BriefkitError, match="nonsense"):
        TemplateFiller({}).fill(body, [], {})
    body = paragraph_of(("{{ t }}", ""))
    TemplateFiller({"t": "a\x0bb\x00c"}).fill(body, [], {})  # not allowed in XML: dropped
    assert text(body) == "abc"
    body = paragraph_of(("{{ t.__class__.__mro__ }}", ""))
    with pytest.raises(BriefkitError):  # the sandbox refuses to reach into Python objects
        TemplateFiller({"t": "x"}).fill(body, [], {})


def test_a_template_lacking_a_style_is_refused_by_name(
    project: Project, style: HouseStyle, tmp_path: Path
) -> None:
    broken = tmp_path / "template.docx"
    with zipfile.ZipFile(style.docx_template) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:name w:val="Byline"', b'w:name w:val="Other"')
            dst.writestr(info, data)
    with pytest.raises(BriefkitError, match=r"lacks these styles: Byline \("):
        render_docx(small_doc(project), broken)


def test_the_committed_template_is_the_generators_output(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_docx_template", REPO / "tools" / "make_docx_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from briefkit.render.docx.package import write_zip

    generated = write_zip(module.parts())
    committed = (REPO / "templates" / "commentary" / "template.docx").read_bytes()
    assert generated == committed, "run .venv/bin/python tools/make_docx_template.py"
    with zipfile.ZipFile(io.BytesIO(committed)) as zf:
        assert b"{{ body }}" in zf.read("word/document.xml")


def test_a_project_style_without_a_word_template_fails_clearly(
    project: Project, style: HouseStyle
) -> None:
    shutil.copytree(style.path, project.root / "templates" / "mine")
    (project.root / "templates" / "mine" / "template.docx").unlink()
    mine = load_style("mine", project.root, Diagnostics())
    assert mine is not None
    with pytest.raises(BriefkitError, match="no Word template"):
        render_docx(small_doc(project), mine.docx_template)


def test_calls_out_of_order_print_the_irs_numbers(project: Project, style: HouseStyle) -> None:
    """Word numbers references without a custom mark 1, 2, 3... in order; a call that would
    get another number than the IR's carries the IR's number as its mark."""
    doc = small_doc(project)
    loc = SourceLocation(doc.source)
    notes = tuple(
        ir.Note(n, "footnote", (ir.Paragraph((T(f"note {n}"),)),), loc) for n in (1, 2, 3)
    )
    body = (ir.Paragraph((T("a"), ir.NoteRef(2), T("b"), ir.NoteRef(1), T("c"), ir.NoteRef(3))),)
    pkg = render(dataclasses.replace(doc, body=body, notes=notes), style)
    refs = [
        (r.get(w("id")), r.get(w("customMarkFollows")), text(r.getparent()))
        for r in pkg.xml("word/document.xml").iter(w("footnoteReference"))
    ]
    assert refs == [("2", "1", "2"), ("1", None, ""), ("3", "1", "3")]
    footnotes = pkg.xml("word/footnotes.xml")
    marks = {
        n.get(w("id")): (n.find(".//w:footnoteRef", NS) is not None, text(n).split("\t")[0])
        for n in footnotes.iterfind("w:footnote", NS)
        if n.get(w("type")) is None
    }
    assert marks == {"2": (False, "2"), "1": (True, ""), "3": (False, "3")}


def test_unreadable_pictures_and_unreferenced_notes_are_reported(
    project: Project, style: HouseStyle
) -> None:
    doc = small_doc(project)
    loc = SourceLocation(doc.source)
    broken = ir.Asset(Path("bad.png"), "image/png", b"\x89PNG\r\n\x1a\nnot really")
    body = (ir.Paragraph((T("see "), ir.Image("bad", "the alt text"))),)
    note = ir.Note(1, "footnote", (ir.Paragraph((T("never called"),)),), loc)
    rendered = render_docx(
        dataclasses.replace(doc, body=body, notes=(note,), assets={"bad": broken}),
        style.docx_template,
    )
    assert [d.code for d in rendered.diagnostics] == [
        "docx.image-format",
        "docx.note-unreferenced",
    ]
    assert rendered.diagnostics[1].loc == loc
    document = read_docx(rendered.data).xml("word/document.xml")
    assert any(text(p) == "see the alt text" for p in document.iter(w("p")))


def test_pictures_wider_than_the_text_are_scaled_to_it(project: Project, style: HouseStyle) -> None:
    doc = small_doc(project)
    wide = ir.Asset(Path("wide.png"), "image/png", png(3000, 600))
    body = (ir.Figure(ir.Image("wide", "wide"), ()),)
    pkg = render(dataclasses.replace(doc, body=body, assets={"wide": wide}), style)
    extent = pkg.xml("word/document.xml").find(".//wp:extent", NS)
    width_mm = int(extent.get("cx")) / 36000
    assert abs(width_mm - 166) < 0.1  # A4 less 2 x 22 mm
    assert abs(int(extent.get("cy")) / int(extent.get("cx")) - 0.2) < 0.001


def test_a_source_date_epoch_build_sets_only_the_modification_date(
    project: Project, style: HouseStyle
) -> None:
    import datetime as dt

    import docx

    path = project.write("content/d.md", "---\ntitle: D\ndate: 2024\n---\nText.\n")
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    plain = docx.Document(io.BytesIO(render_docx(doc, style.docx_template).data))
    assert plain.core_properties.created == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert plain.core_properties.modified == plain.core_properties.created
    data = render_docx(doc, style.docx_template, modified="2026-01-15").data
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert props.modified == dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def test_svg_and_webp_pictures_are_embedded_as_pngs_of_their_size(
    project: Project, style: HouseStyle
) -> None:
    # before, both printed their alt text in Word, with a docx.image-format warning (found on
    # tests/fixtures/new-briefings/cbam-lng.md, whose chart is an SVG)
    from PIL import Image

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="3cm" viewBox="0 0 8 4">'
        b'<rect width="4" height="4" fill="#ff0000"/><rect x="4" width="4" height="4"/></svg>'
    )
    webp = io.BytesIO()
    Image.new("RGB", (96, 48), (0, 128, 0)).save(webp, "WEBP", lossless=True)
    doc = small_doc(project)
    assets = {
        "chart": ir.Asset(Path("chart.svg"), "image/svg+xml", svg),
        "photo": ir.Asset(Path("photo.webp"), "image/webp", webp.getvalue()),
    }
    body = (
        ir.Figure(ir.Image("chart", "a chart"), ()),
        ir.Figure(ir.Image("photo", "a photo"), ()),
    )
    rendered = render_docx(dataclasses.replace(doc, body=body, assets=assets), style.docx_template)
    assert [d.code for d in rendered.diagnostics] == []
    pkg = read_docx(rendered.data)
    extents = [
        (int(e.get("cx")), int(e.get("cy")))
        for e in pkg.xml("word/document.xml").iterfind(".//wp:extent", NS)
    ]
    # 240 CSS px wide (2.5 in), 3 cm high (113.4 px); the WebP 96 by 48 px at 96 dpi (1 in)
    assert [(round(cx / 9144), round(cy / 9144)) for cx, cy in extents] == [(250, 118), (100, 50)]
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as zf:
        media = sorted(n for n in zf.namelist() if n.startswith("word/media/"))
        chart = Image.open(io.BytesIO(zf.read(media[0])))
    assert [n.rsplit(".", 1)[1] for n in media] == ["png", "png"]
    assert chart.size == (480, 227)  # drawn at twice the CSS resolution
    assert chart.convert("RGB").getpixel((100, 100)) == (255, 0, 0)  # red left, black right
    assert chart.convert("RGB").getpixel((380, 100)) == (0, 0, 0)
