"""Render stage: a formula's MathML -> Word's own math (OMML, `m:oMath` / `m:oMathPara`).

Consumes the MathML that parse made once for every `ir.Math` (the same markup the HTML page
carries) and produces one OMML element for a paragraph: Word shows it as an editable equation,
not as TeX. The conversion is mathml-to-omml's (MIT, pure Python, the maintained fork of
mathml2omml); briefkit only wraps its string output in the math namespace. A formula it cannot
convert returns None and the caller prints the TeX, so no content is lost.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from briefkit.render.docx.oxml import Element, XMLSyntaxError

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MML = "http://www.w3.org/1998/Math/MathML"
_OPENER = {")": "(", "]": "["}  # the closing bracket a script may sit on, and its opener
_WRAP = f'<m:wrap xmlns:m="{M}">%s</m:wrap>'


def omml(mathml: str, display: bool) -> Element | None:
    """`m:oMath` (inline) or `m:oMathPara` (display, its own line) for `mathml`."""
    if not mathml:
        return None
    # imported here: 28 ms (it unpickles its operator tables), paid only by a briefing with math
    from math_ml2omml import convert  # type: ignore[import-untyped, unused-ignore]

    try:
        text = convert(_regroup(mathml))
        wrapped = etree.fromstring(_WRAP % text)
    except (ValueError, XMLSyntaxError, KeyError, IndexError, AttributeError, TypeError):
        # the converter meets MathML it does not know: print the TeX instead (caller)
        return None
    if len(wrapped) != 1:
        return None
    node: Element = wrapped[0]
    _repair(node)
    if display and node.tag == f"{{{M}}}oMath":
        para: Element = etree.Element(f"{{{M}}}oMathPara", nsmap={"m": M})
        para.append(node)
        return para
    return node


def _regroup(mathml: str) -> str:
    """`(1+r)^t` with the script on the whole group, not on its `)`: latex2mathml (like TeX)
    writes `msup(mo ")", t)` after the group's other atoms, and LibreOffice, reading the OMML
    made of that, meets an opening bracket with no closing one in its group and prints "¿"
    instead of the rest of the formula (pandoc's Word files show the same). Word prints both
    forms alike; the regrouped one is also the formula's true structure."""
    try:
        root = etree.fromstring(mathml)
    except XMLSyntaxError:
        return mathml
    mo = f"{{{MML}}}mo"
    changed = False
    scripts = [f"{{{MML}}}{name}" for name in ("msup", "msub", "msubsup")]
    for script in list(root.iter(*scripts)):
        base = script[0] if len(script) else None
        close = (base.text or "").strip() if base is not None and base.tag == mo else ""
        parent = script.getparent()
        if close not in _OPENER or parent is None:
            continue
        siblings = list(parent)
        at, depth, start = siblings.index(script), 0, None
        for k in range(at - 1, -1, -1):
            text = (siblings[k].text or "").strip() if siblings[k].tag == mo else ""
            if text == close:
                depth += 1
            elif text == _OPENER[close]:
                if depth == 0:
                    start = k
                    break
                depth -= 1
        if start is None:
            continue  # a bracket closed with no opener at this level: left as written
        group = etree.Element(f"{{{MML}}}mrow")
        for node in siblings[start:at]:
            group.append(node)  # moved: lxml takes a node out of its old parent
        group.append(base)
        script.insert(0, group)
        changed = True
    return etree.tostring(root, encoding=str) if changed else mathml


def _m(tag: str) -> str:
    return f"{{{M}}}{tag}"


def _repair(root: Element) -> None:
    """What the converter leaves out of the OMML schema, put back: a square root (`m:rad`)
    needs its `m:deg`, hidden (else LibreOffice reads the radicand as the degree and prints
    an empty root); an empty limit of a sum or integral is hidden, not a placeholder box."""
    for rad in root.iter(_m("rad")):
        if rad.find(_m("deg")) is None:
            props = rad.find(_m("radPr"))
            if props is None:
                props = etree.SubElement(rad, _m("radPr"))
                rad.insert(0, props)
            etree.SubElement(props, _m("degHide")).set(_m("val"), "1")
            deg = etree.Element(_m("deg"))
            rad.insert(list(rad).index(props) + 1, deg)
    for nary in root.iter(_m("nary")):
        props = nary.find(_m("naryPr"))
        if props is None:
            continue
        for limit, hide in (("sub", "subHide"), ("sup", "supHide")):
            node = nary.find(_m(limit))
            if node is not None and len(node) == 0 and props.find(_m(hide)) is None:
                ctrl = props.find(_m("ctrlPr"))
                flag = etree.Element(_m(hide))
                flag.set(_m("val"), "1")
                if ctrl is not None:
                    ctrl.addprevious(flag)
                else:
                    props.append(flag)
