"""The seed's PDF, read back: notes at the foot of their pages, identical to the HTML notes,
nothing past the margins, outline, metadata, links, fonts, and page 1 against a reviewed image."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit import ir
from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import GOLDEN, REPO, SEED
from tests.helpers import house_style, resolve_file
from tests.pdfread import calls, footnotes, read_pages, squeeze

MM = 72 / 25.4
BODY, NOTE, CALL = 10.0, 8.0, 6.5  # font sizes set by templates/commentary/html/print.css


@pytest.fixture(scope="module")
def seed_pdf() -> tuple[ir.ResolvedDocument, bytes]:
    doc, _ = resolve_file(SEED, REPO)
    assert doc is not None
    style = house_style()
    rendered = render_pdf_bytes(doc, style, RenderOptions(roots=(REPO,)))
    assert rendered.diagnostics == ()
    return doc, rendered.data


def test_a4_and_three_to_seven_pages(seed_pdf: tuple) -> None:
    _, data = seed_pdf
    reader = PdfReader(io.BytesIO(data))
    assert 3 <= len(reader.pages) <= 7
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)


def test_every_note_sits_at_the_foot_of_the_page_that_calls_it(seed_pdf: tuple) -> None:
    doc, data = seed_pdf
    pages = read_pages(data)
    note_page: dict[int, int] = {}
    call_page: dict[int, int] = {}
    texts: dict[int, str] = {}
    for page in pages:
        for number, text in footnotes(page, NOTE).items():
            assert number not in note_page, f"note {number} printed twice"
            note_page[number] = page.number
            texts[number] = text
        for number in calls(page, CALL):
            call_page[number] = page.number
    assert sorted(note_page) == list(range(1, 14))
    assert sorted(call_page) == list(range(1, 14))
    assert note_page == call_page
    for note in doc.notes:  # identical to the HTML's notes, character for character
        assert squeeze(texts[note.number]) == squeeze(ir.note_text(note)), note.number


def test_notes_are_smaller_and_below_the_body(seed_pdf: tuple) -> None:
    _, data = seed_pdf
    for page in read_pages(data):
        body = [ln for ln in page.lines if abs(ln.size - BODY) < 0.3]
        notes = [ln for ln in page.lines if abs(ln.size - NOTE) < 0.3 and ln.text[:1].isdigit()]
        if body and notes:
            assert max(n.top for n in notes) < min(b.y0 for b in body)


def test_nothing_runs_past_the_margins(seed_pdf: tuple) -> None:
    _, data = seed_pdf
    for page in read_pages(data):
        for ch in page.chars:
            assert ch.x0 >= 22 * MM - 0.5, (page.number, ch.get_text())
            assert ch.x1 <= page.width - 22 * MM + 0.5, (page.number, ch.get_text())


def test_outline_metadata_links_and_fonts(seed_pdf: tuple) -> None:
    doc, data = seed_pdf
    reader = PdfReader(io.BytesIO(data))
    outline = reader.outline
    assert outline[0].title == doc.meta.title_text
    assert [o.title for o in outline[1]] == [
        "Introduction",
        "The Increasing Rigidity of ADMM-Plus",
        "Japan\u2019s Positive Stance with Respect to ASEAN",
        "ASEAN Continues to be Important: Working Toward Further Cooperation",
    ]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == doc.meta.title_text
    assert meta.author == "OGUMA Shinya"
    assert meta.subject == doc.meta.subtitle_text
    assert meta.get("/Keywords") == "ASEAN, ADMM-Plus, Japan, defense cooperation, Indo-Pacific"
    assert meta.creation_date is not None and meta.creation_date.date().isoformat() == "2025-11-01"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and "<xmp:CreateDate>2025-11</xmp:CreateDate>" in xmp
    uris = {
        a.get_object()["/A"]["/URI"]
        for p in reader.pages
        for a in p.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    }
    for note in doc.notes:
        for word in ir.note_text(note).split():
            if word.startswith("https://"):
                assert word.rstrip(".,") in uris
    assert "https://www.nids.mod.go.jp" in uris
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "every font is embedded"
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[1])
    assert {"Noto-Serif", "Noto-Sans-Bold"} <= fonts


def test_running_heads_and_page_numbers(seed_pdf: tuple) -> None:
    _, data = seed_pdf
    pages = read_pages(data)
    total = len(pages)
    for page in pages:
        texts = [ln.text.strip() for ln in page.lines]
        assert f"{page.number} / {total}" in texts
        head = squeeze(" ".join(ln.text for ln in page.lines if ln.top > page.height - 24 * MM))
        if page.number == 1:
            assert head == ""
        else:
            assert head == squeeze("NIDS COMMENTARY Japan-ASEAN Defense Cooperation")


def test_back_matter_in_the_seed_order(seed_pdf: tuple) -> None:
    _, data = seed_pdf
    text = squeeze("\n".join(ln.text for p in read_pages(data) for ln in p.lines))
    order = [
        "PROFILE",
        "OGUMA Shinya",
        "Field of expertise",
        "The views expressed in this paper",
        "We do not permit",
        "Planning and Coordination Office",
        "National Institute for Defense Studies website",
    ]
    positions = [text.rindex(squeeze(word)) for word in order]
    assert positions == sorted(positions)


def test_page_one_matches_the_reviewed_image(seed_pdf: tuple, update_golden: bool) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    from PIL import Image, ImageChops, ImageStat

    _, data = seed_pdf
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=60 / 72).to_pil().convert("L")
    golden: Path = GOLDEN / "seed-page1.png"
    if update_golden:
        image.save(golden)
    reference = Image.open(golden).convert("L")
    assert image.size == reference.size
    diff = ImageChops.difference(image, reference)
    mean = ImageStat.Stat(diff).mean[0]
    assert mean < 2.0, f"page 1 differs from the reviewed image (mean difference {mean:.2f})"


def test_an_archival_pdf_is_the_same_bytes_whatever_the_clock(project, cli) -> None:  # type: ignore[no-untyped-def]
    import time

    project.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2025-11-02\nreferences:\n  - {id: k, type: book, title: K}\n"
        "---\n\nText.[@k]\n",
    )
    built = []
    for _ in range(2):
        result = cli("build", "-f", "pdf", "--pdf-variant", "pdf/a-3u", "--force")
        assert result.exit_code == 0, result.stderr
        built.append((project.root / "output" / "a.pdf").read_bytes())
        time.sleep(1.1)  # a date taken from the clock would now differ by a second
    assert built[0] == built[1]
    reader = PdfReader(io.BytesIO(built[0]))
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = [names[i + 1].get_object() for i in range(0, len(names), 2)]
    assert [s["/F"] for s in specs] == ["a.md", "a.references.json"]
    for spec in specs:
        params = spec["/EF"]["/F"].get_object()["/Params"]
        assert (
            params["/CreationDate"].startswith("D:20251102")
            and params["/ModDate"] == (params["/CreationDate"])
        )


def test_a_large_image_inside_a_paragraph_keeps_to_the_measure(project) -> None:  # type: ignore[no-untyped-def]
    # Not a figure (text around it): a 3000 px wide picture used to run past the right margin.
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTFigure, LTImage
    from PIL import Image

    (project.root / "content").mkdir(exist_ok=True)
    out = io.BytesIO()
    Image.new("RGB", (3000, 400), (31, 78, 121)).save(out, "PNG")
    (project.root / "content" / "wide.png").write_bytes(out.getvalue())
    path = project.write(
        "content/x.md", "---\ntitle: X\n---\nBefore ![](wide.png) after the picture.\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    page = next(iter(extract_pages(io.BytesIO(data))))
    images = [
        o for o in page if isinstance(o, LTImage | LTFigure) and o.width > 100
    ]  # the picture, not a rule
    assert len(images) == 1
    assert images[0].x0 >= 22 * MM - 0.5 and images[0].x1 <= page.width - 22 * MM + 0.5


def test_a_code_line_longer_than_the_measure_wraps_inside_it(project) -> None:  # type: ignore[no-untyped-def]
    # A code block's long line used to run past the right margin and off the page (found in a
    # briefing no test had seen): every character now stays on the page, and all of it is there.
    line = "total = " + " + ".join(f"port_{i}_throughput" for i in range(24))
    unbroken = "https://example.org/" + "x" * 150  # no space to wrap at: broken anywhere
    path = project.write(
        "content/c.md", f"---\ntitle: Code\n---\nText.\n\n```\n{line}\n{unbroken}\n```\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    for page in read_pages(data):
        for ch in page.chars:
            assert ch.x1 <= page.width - 22 * MM + 0.5, (page.number, ch.get_text())
    text = "".join(squeeze(line.text) for p in read_pages(data) for line in p.lines)
    assert squeeze(line) in text and unbroken in text
