"""Render stage helper: pictures, inline in their paragraph, with alt text.

Consumes an `ir.Image` and the bytes the load stage read into `doc.assets`; produces a run
holding a `wp:inline` drawing, related from the part that shows it. The alt text goes into
`wp:docPr/@descr`, which Word reads aloud and shows as the picture's description. Pictures
wider than the text column are scaled down to it. SVG and WebP, which python-docx cannot read,
are embedded as PNGs drawn from them (`render.docx.raster`); a picture that still cannot be
embedded prints its alt text instead, with a warning.
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
    cx, cy = int(picture.width), int(picture.height)
    if cx > ctx.text_width_emu:
        cx, cy = ctx.text_width_emu, round(cy * ctx.text_width_emu / cx)
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
