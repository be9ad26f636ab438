"""Render stage helper: an `ir.Math` formula -> HTML markup, for the screen or for print.

Consumes the formula's MathML (made and sanitised by the parse stage, `parse.math`) and
produces markup. Browsers draw MathML, so the screen page holds it as is. WeasyPrint, which
lays out the print page for the PDF, has no MathML, so print gets the same MathML drawn as an
SVG image by ziamath (pure Python, glyph outlines of the STIX Two Math font): vector, selectable
as an image, the TeX source as its alt text. A formula whose TeX did not parse (an error was
reported) prints its source in code style.
"""

from __future__ import annotations

import base64
import re
import warnings
from functools import lru_cache
from typing import Literal

from markupsafe import Markup

_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
SIZE = 20.0  # ziamath's font size in SVG units: the drawing is scaled to 1em by CSS


def math_markup(tex: str, mathml: str, display: bool, media: Literal["screen", "print"]) -> Markup:
    kind = "math display" if display else "math"
    if not mathml:
        return Markup('<code class="math-source">%s</code>') % tex
    if media == "screen":
        return Markup('<span class="%s">%s</span>') % (kind, Markup(mathml))
    svg, width, height, depth = _svg(mathml)
    data = base64.b64encode(svg.encode()).decode("ascii")
    style = f"width:{width:.3f}em;height:{height:.3f}em;vertical-align:-{depth:.3f}em"
    return Markup(
        '<span class="%s"><img class="math-svg" alt="%s" style="%s"'
        ' src="data:image/svg+xml;base64,%s"></span>'
    ) % (kind, tex, style, data)


@lru_cache(maxsize=512)
def _svg(mathml: str) -> tuple[str, float, float, float]:
    """The SVG drawing and its width, height and depth below the baseline, in em."""
    with warnings.catch_warnings():
        # ziamath 0.13 finds its font with importlib.resources.path (deprecated, still works)
        warnings.simplefilter("ignore", DeprecationWarning)
        from ziamath.zmath import Math  # lazy: only documents with math load the math font

        svg = str(Math(mathml, size=SIZE).svg())
    m = _VIEWBOX.search(svg)
    if m is None:
        return svg, 1.0, 1.0, 0.0
    _, top, width, height = (float(v) for v in m.groups())
    return svg, width / SIZE, height / SIZE, max(0.0, (height + top) / SIZE)
