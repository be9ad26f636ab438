"""Render stage helper (Word): a PNG for a picture Word cannot embed as it is.

Consumes an `ir.Asset` the load stage read and checked (an SVG without entities, a WebP
Pillow decodes); produces PNG bytes whose resolution makes the picture print at the size the
HTML page and the PDF give it (an SVG's own width and height, in CSS pixels), or None. An SVG
is drawn as the PDF draws it, by WeasyPrint, on a page of its own size (fetching nothing: a
`data:` URL only), then rasterised by PDFium at twice the CSS resolution; python-docx reads
neither SVG nor WebP, and without this the picture's alt text stood in for it in Word.
"""

from __future__ import annotations

import base64
import io
import re

from briefkit import ir

SCALE = 2  # raster pixels per CSS pixel: 192 dpi, sharp in print and on screen
MOST = 4096  # the longest side of a raster, in pixels
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
_UNITS |= {"in": 96.0, "em": 16.0, "ex": 8.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*$")


def png_for_word(asset: ir.Asset) -> bytes | None:
    """PNG bytes for an SVG or WebP picture, None for any other (or one that fails)."""
    try:
        if asset.media_type == "image/webp":
            return _webp_png(asset.data)
        if asset.media_type == "image/svg+xml":
            return _svg_png(asset.data)
    except Exception:  # a picture that cannot be drawn prints its alt text
        return None
    return None


def _webp_png(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        dpi = image.info.get("dpi", (96, 96))
        image.save(out, "PNG", dpi=dpi)
        return out.getvalue()


def svg_size(data: bytes) -> tuple[float, float]:
    """The SVG's width and height in CSS pixels: its `width` and `height`, else its viewBox,
    else CSS's default size of a replaced element (300 by 150)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if v]
    ratio = box[3] / box[2] if len(box) == 4 and box[2] > 0 and box[3] > 0 else None

    def length(name: str) -> float | None:
        match = _LENGTH.match(root.get(name) or "")
        if not match or match[2] not in _UNITS:
            return None  # missing, or a percentage: the viewBox decides
        return float(match[1]) * _UNITS[match[2]] or None

    width, height = length("width"), length("height")
    if width and not height and ratio:
        height = width * ratio
    if height and not width and ratio:
        width = height / ratio
    if not (width and height) and len(box) == 4 and box[2] > 0 and box[3] > 0:
        width, height = box[2], box[3]
    return (width or 300.0), (height or 150.0)


def _svg_png(data: bytes) -> bytes:
    import pypdfium2 as pdfium

    from briefkit.render import weasylibs

    weasyprint = weasylibs.load()

    width, height = svg_size(data)
    source = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    page = (
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }} html, body {{ margin: 0 }}"
        f" img {{ display: block; width: {width}px; height: {height}px }}</style>"
        f'<img src="{source}" alt="">'
    )
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    pdf = weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    scale = min(SCALE, MOST / max(width, height))
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=scale * 96 / 72)  # per point: 1 CSS px = 0.75 pt
        image = bitmap.to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    dpi = round(96 * scale)
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()
