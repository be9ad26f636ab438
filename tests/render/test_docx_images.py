"""Pictures in Word at the PDF's size (render/docx/images.py): pixels at 96 an inch, whatever
resolution the file records, no wider than the column, a figure no taller than print.css's
85 mm, any picture no taller than the text area, both sides scaled alike."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from briefkit import ir
from briefkit.render.docx import render_docx
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import NS, read_docx

EMU_PER_MM = 36000


def png(width: int, height: int, dpi: int | None = None) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (31, 78, 121))
    image.save(out, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def extents_mm(project: Project, body: tuple[ir.ResolvedBlock, ...], assets: dict) -> list:
    path = project.write("content/x.md", "---\ntitle: Pictures\nlang: en\n---\nText.\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    doc = dataclasses.replace(doc, body=body, assets=assets)
    rendered = render_docx(doc, house_style().docx_template)
    assert rendered.diagnostics == ()
    found = read_docx(rendered.data).xml("word/document.xml").iterfind(".//wp:extent", NS)
    return [
        (round(int(e.get("cx")) / EMU_PER_MM, 1), round(int(e.get("cy")) / EMU_PER_MM, 1))
        for e in found
    ]


def asset(name: str, data: bytes) -> ir.Asset:
    return ir.Asset(Path(f"{name}.png"), "image/png", data)


def test_a_png_is_placed_at_96_pixels_an_inch_as_in_the_pdf(project: Project) -> None:
    # python-docx placed a PNG without a pHYs chunk at 72 dpi (400 px: 141 mm, against the
    # PDF's 106 mm) and one recording 300 dpi at 300 (51 mm); WeasyPrint takes neither
    assets = {"plain": asset("plain", png(400, 200)), "dense": asset("dense", png(400, 200, 300))}
    body = tuple(ir.Figure(ir.Image(name, name), ()) for name in assets)
    assert extents_mm(project, body, assets) == [(105.8, 52.9), (105.8, 52.9)]


def test_a_tall_figure_is_no_taller_than_85_mm_and_keeps_its_proportions(
    project: Project,
) -> None:
    # 300 by 900 px is 79 by 238 mm: it ran off the page in Word
    assets = {"tall": asset("tall", png(300, 900))}
    ((cx, cy),) = extents_mm(project, (ir.Figure(ir.Image("tall", "tall"), ()),), assets)
    assert cy == 85.0
    assert abs(cx / cy - 1 / 3) < 0.002


def test_a_picture_in_a_paragraph_is_no_taller_than_the_text_area(project: Project) -> None:
    # print.css caps only `figure img`; any picture must still fit the page: A4 less 2 x 24 mm
    assets = {"tall": asset("tall", png(300, 1500))}
    body = (ir.Paragraph((ir.Image("tall", "tall"),)),)
    ((cx, cy),) = extents_mm(project, body, assets)
    assert cy == 249.0
    assert abs(cx / cy - 0.2) < 0.002


def test_a_picture_wide_and_tall_is_scaled_once_to_the_tighter_side(project: Project) -> None:
    assets = {"big": asset("big", png(2000, 1600))}
    ((cx, cy),) = extents_mm(project, (ir.Figure(ir.Image("big", "big"), ()),), assets)
    assert cy == 85.0 and cx == 106.2  # the height binds: 166 mm wide would be 133 mm tall


def test_the_figure_cap_is_the_house_print_css() -> None:
    # render/docx/images.py FIGURE_HEIGHT_EMU copies this rule: the two must change together
    css = (house_style().path / "html" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"figure img \{[^}]*max-height: 85mm", css)
