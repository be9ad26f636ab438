"""Render stage: a formula's MathML -> Word's own math (OMML, `m:oMath` / `m:oMathPara`).

Consumes the MathML that parse made once for every `ir.Math` (the same markup the HTML page
carries) and produces one OMML element for a paragraph: Word shows it as an editable equation,
not as TeX. The conversion is mathml-to-omml's (MIT, pure Python, the maintained fork of
mathml2omml); briefkit only wraps its string output in the math namespace. A formula it cannot
convert returns None and the caller prints the TeX, so no content is lost.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from math_ml2omml import convert  # type: ignore[import-untyped, unused-ignore]

from briefkit.render.docx.oxml import Element, XMLSyntaxError

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_WRAP = f'<m:wrap xmlns:m="{M}">%s</m:wrap>'


def omml(mathml: str, display: bool) -> Element | None:
    """`m:oMath` (inline) or `m:oMathPara` (display, its own line) for `mathml`."""
    if not mathml:
        return None
    try:
        text = convert(mathml)
        wrapped = etree.fromstring(_WRAP % text)
    except (ValueError, XMLSyntaxError, KeyError, IndexError, AttributeError, TypeError):
        # the converter meets MathML it does not know: print the TeX instead (caller)
        return None
    if len(wrapped) != 1:
        return None
    node: Element = wrapped[0]
    if display and node.tag == f"{{{M}}}oMath":
        para: Element = etree.Element(f"{{{M}}}oMathPara", nsmap={"m": M})
        para.append(node)
        return para
    return node
