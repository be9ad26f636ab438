"""Render stage helper: pictures, inline in their paragraph, with alt text.

Consumes an `ir.Image` and the bytes the load stage read into `doc.assets`; produces a run
holding a `wp:inline` drawing, related from the part that shows it. The alt text goes into
`wp:docPr/@descr`, which Word reads aloud and shows as the picture's description. SVG and
WebP, which python-docx cannot read, are embedded as PNGs drawn from them
(`render.docx.raster`); a picture that still cannot be embedded prints its alt text instead,
with a warning.

Sizes follow the PDF: a raster picture is its pixels at 96 an inch (CSS px), scaled down,
keeping its proportions, to the column's width and to `ctx.picture_height_emu` (the text
area's height; a figure's cap while the block writer writes one, `FIGURE_HEIGHT_EMU`).
"""

from __future__ import annotations

import io
import struct

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.oxml.shape import CT_Inline
from docx.parts.story import StoryPart
from docx.shared import Emu

from briefkit import ir
from briefkit.render.docx.context import Context
from briefkit.render.docx.oxml import Element, el, xml_safe
from briefkit.render.docx.raster import png_for_word

EMU_PER_PX = 914400 // 96  # a CSS pixel, 1/96 inch
# print.css: `figure img { max-height: 85mm }`, so that a figure shares its page with text
FIGURE_HEIGHT_EMU = 85 * 36000


def fit(cx: int, cy: int, width: int, height: int) -> tuple[int, int]:
    """(cx, cy) scaled down, both sides alike, to at most `width` wide and `height` tall."""
    scale = min(1.0, width / cx if cx > 0 else 1.0, height / cy if cy > 0 else 1.0)
    if scale >= 1.0:
        return cx, cy
    return max(round(cx * scale), 1), max(round(cy * scale), 1)


def picture_run(ctx: Context, part: StoryPart, image: ir.Image) -> Element | None:
    """A `w:r` holding the picture, or None when there is nothing Word can show."""
    asset = ctx.doc.assets.get(image.asset)
    if asset is None:  # the load stage has reported it
        return None
    # python-docx reads neither SVG nor WebP: Word gets a PNG drawn from it (render.docx.raster)
    png = png_for_word(asset) if asset.media_type in ("image/svg+xml", "image/webp") else None
    try:
        rid, picture = part.get_or_add_image(io.BytesIO(png or asset.data))
    # python-docx's header parsers fail in assorted ways on damaged files (a bad chunk name
    # is a UnicodeDecodeError, a short header a struct error): all mean "cannot embed"
    except (
        UnrecognizedImageError,
        UnexpectedEndOfFileError,
        InvalidImageStreamError,
        ValueError,
        IndexError,
        struct.error,
    ):
        ctx.warn(
            "docx.image-format",
            f"cannot embed {asset.path.name} ({asset.media_type}): not an image python-docx "
            "can read; its alt text is printed",
            hint="use PNG, JPEG or GIF for pictures that must appear in Word",
        )
        return None
    if asset.media_type != "image/svg+xml":
        # the PDF sizes a picture at 96 pixels an inch (CSS px; WeasyPrint's image-resolution
        # 1dppx), whatever resolution the file records; python-docx takes the file's, or 72
        # dpi when it records none, which printed such a PNG a third larger than the PDF
        cx, cy = picture.px_width * EMU_PER_PX, picture.px_height * EMU_PER_PX
    else:  # drawn by render.docx.raster, whose recorded resolution keeps the CSS size
        cx, cy = int(picture.width), int(picture.height)
    cx, cy = fit(cx, cy, ctx.text_width_emu, ctx.picture_height_emu)
    shape_id = ctx.docpr_id()
    inline = CT_Inline.new_pic_inline(shape_id, rid, asset.path.name, Emu(cx), Emu(cy))
    for side in ("distT", "distB", "distL", "distR"):
        # as Word writes them; without them LibreOffice adds the floating-picture gap
        inline.set(side, "0")
    doc_pr = inline.docPr
    doc_pr.set("name", f"Picture {shape_id}")
    doc_pr.set("descr", xml_safe(image.alt))
    if image.title:
        doc_pr.set("title", xml_safe(image.title))
    run = el("w:r")
    drawing = el("w:drawing")
    drawing.append(inline)
    run.append(drawing)
    return run
