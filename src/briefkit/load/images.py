"""Load stage: images validated once, when the briefing is loaded, so that an image is either
carried into every format or refused, located, in all of them (WeasyPrint used to leave out
what it could not decode without a word, while the HTML and Word files kept it).

Consumes an image's bytes and media type; produces a problem (code and message) or None.
Raster images are decoded in full here with Pillow (a truncated or corrupt file fails now, not
in a renderer), after their header is checked against the briefing's limits: pixels per image
(a decompression bomb is refused before it is decoded) and decoded bytes for all its images.
SVG images are parsed as XML without entities or a DTD.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from briefkit import ir
from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.load.xmlcheck import xml_error
from briefkit.model.frontmatter import Limits
from briefkit.parse.mdblocks import ParsedBody

# entities (and a DTD's internal subset, where they are declared); a plain DOCTYPE naming the
# SVG 1.1 DTD, as Illustrator writes it, is harmless: no DTD is loaded
_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.I)
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}


@dataclass
class ImageBudget:
    """What a briefing's images may cost, decoded, and what they cost so far."""

    limits: Limits
    used: int = 0  # decoded bytes of the images accepted so far


Problem = tuple[Code, str]


def image_problem(data: bytes, media_type: str, budget: ImageBudget) -> Problem | None:
    """Why the image may not be used (code, message: 'image X ' + message), or None."""
    if media_type == "image/svg+xml":
        return _svg_problem(data)
    from PIL import Image, UnidentifiedImageError

    expected = _FORMATS.get(media_type)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[expected] if expected else None) as img:
                width, height = img.size
                pixels = width * height
                if pixels > budget.limits.image_pixels:
                    return "asset.too-large", (
                        f"has {width:,} × {height:,} pixels, more than the "
                        f"{budget.limits.image_pixels:,} briefkit decodes"
                    )
                decoded = pixels * max(len(img.getbands()), 1)
                if budget.used + decoded > budget.limits.image_memory:
                    limit = budget.limits.image_memory // (1024 * 1024)
                    return "asset.too-large", (
                        f"takes the briefing's images past {limit:,} MiB decoded"
                    )
                _load_strictly(img)  # the whole image: a truncated or corrupt one fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # Pillow's own guard, past 89 million pixels: the header is all it read
            return "asset.too-large", (
                f"has over {Image.MAX_IMAGE_PIXELS or 0:,} pixels, more than the "
                f"{budget.limits.image_pixels:,} briefkit decodes"
            )
        except UnidentifiedImageError:  # its message names an in-memory object, not the file
            return "asset.invalid", (
                f"cannot be decoded as {expected or media_type}: the file is damaged, or not "
                "an image of that kind"
            )
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            return "asset.invalid", f"is corrupt or truncated ({exc})"
    budget.used += decoded
    return None


def _load_strictly(img: Any) -> None:
    """Decode every pixel, a truncated file being an error. WeasyPrint, once imported, tells
    Pillow to accept truncated images (a process-wide switch): it is turned off while this
    image is decoded (loading runs in the build's main thread, never beside a PDF layout)."""
    from PIL import ImageFile

    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        img.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _svg_problem(data: bytes) -> Problem | None:
    if _ENTITIES.search(data):
        return "asset.invalid", "declares XML entities (refused: an SVG image needs none)"
    if (error := xml_error(data)) is not None:
        return "asset.invalid", f"is not well-formed SVG ({error})"
    return None


def report_missing_alt(body: ParsedBody, diags: Diagnostics) -> None:
    """One `asset.no-alt` warning per image that has no description: no alt text and no
    caption to stand for it (`![](map.png)`). A screen reader says nothing of it, and the
    PDF/UA file (the default PDF) then fails its check: WeasyPrint only logs that, so it is said
    here, at the image, once per file named."""
    where: dict[str, SourceLocation] = {}
    for src, loc in body.images:
        where.setdefault(src, loc)
    roots = [*body.blocks, *(b for d in body.definitions.values() for b in d.blocks)]
    told: set[str] = set()
    for node in ir.walk(roots):
        if isinstance(node, ir.Image) and not node.alt.strip() and node.asset not in told:
            told.add(node.asset)
            diags.warning(
                "asset.no-alt",
                f"image '{node.asset[:80]}' has no description for readers who cannot see it",
                where.get(node.asset),
                'write one: ![A map of the strait](map.png), or {alt="..."} after a '
                "captioned figure",
            )
