"""Render stage helpers: building WordprocessingML elements with lxml.

Consumes tag names in prefix form ("w:p") and plain strings; produces lxml elements in the
namespaces Word uses. Child order inside `w:pPr` and `w:rPr` is fixed by the schema, and
Word rejects a file that breaks it, so properties are always built in schema order here.
Text is made XML-safe (characters XML 1.0 forbids are dropped) before it reaches lxml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeAlias

from docx.oxml.parser import oxml_parser

# lxml, python-docx's XML layer, ships no type hints (mypy may be told so in pyproject)
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

# the type of every element we build or read (lxml's, untyped for mypy: see the import)
Element: TypeAlias = etree._Element
XMLSyntaxError = etree.XMLSyntaxError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W, "r": R, "wp": WP, "a": A, "pic": PIC, "xml": XML}

# XML 1.0 allows tab, newline, carriage return and most of the BMP; nothing else below 0x20.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def qn(tag: str) -> str:
    """'w:p' -> '{http://...main}p'."""
    prefix, _, local = tag.partition(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def el(tag: str, attrs: Mapping[str, str] | None = None, *children: Element) -> Element:
    """A new element; attribute names in prefix form too ('w:val').

    Made by python-docx's parser, so the element has the class python-docx would give it
    (a `w:p` is a `CT_P`) and the document stays usable through python-docx's API."""
    node = oxml_parser.makeelement(qn(tag), nsmap={"w": W, "r": R})
    for name, value in (attrs or {}).items():
        node.set(qn(name) if ":" in name else name, value)
    for child in children:
        node.append(child)
    return node


def xml_safe(text: str) -> str:
    return _XML_UNSAFE.sub("", text)


def append_text(run: Element, text: str) -> None:
    """Text into a run: tabs become `w:tab`, newlines `w:br`, the rest `w:t` (spaces kept)."""
    for i, line in enumerate(xml_safe(text).replace("\r\n", "\n").split("\n")):
        if i:
            run.append(el("w:br"))
        for j, chunk in enumerate(line.split("\t")):
            if j:
                run.append(el("w:tab"))
            if chunk:
                t = el("w:t")
                t.text = chunk
                if chunk != chunk.strip():
                    t.set(qn("xml:space"), "preserve")
                run.append(t)


def text_run(text: str, rpr: Element | None = None) -> Element:
    run = el("w:r")
    if rpr is not None and len(rpr):
        run.append(rpr)
    append_text(run, text)
    return run


def run_text(run: Element) -> str:
    """What a run shows, with tabs and breaks as characters (the inverse of `append_text`)."""
    out: list[str] = []
    for child in run:
        if child.tag == qn("w:t"):
            out.append(child.text or "")
        elif child.tag == qn("w:tab"):
            out.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
    return "".join(out)


# schema order of the paragraph and run properties we write (CT_PPrBase, CT_RPr)
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers"
    " pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct"
    " autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing"
    " mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl"
    " divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint"
    " noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u"
    " effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()


def props(tag: str, children: list[Element]) -> Element:
    """`w:pPr` or `w:rPr` holding `children`, sorted into schema order."""
    order = PPR_ORDER if tag == "w:pPr" else RPR_ORDER
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    node = el(tag)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(order))):
        node.append(child)
    return node


def paragraph(style_id: str | None, *extra_ppr: Element) -> Element:
    """An empty `w:p` in paragraph style `style_id` (None: the default style)."""
    p = el("w:p")
    children = [el("w:pStyle", {"w:val": style_id})] if style_id else []
    children.extend(extra_ppr)
    if children:
        p.append(props("w:pPr", children))
    return p
