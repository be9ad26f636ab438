"""Parse stage: TeX math (`$…$`, `$$…$$`) checked and converted to MathML.

Consumes the TeX source of one formula and produces its MathML (latex2mathml, a maintained
pure-Python converter), or the reason it is malformed, which the Markdown converter reports as a
located `math.invalid` error. The MathML travels in the IR (`ir.Math.mathml`), so every
renderer prints the same formula: HTML as MathML, the PDF as a vector drawing of that MathML
(ziamath, in the renderer), Word as the TeX source (see docs/guide/content-format.md).
"""

from __future__ import annotations

import re

from lxml import etree

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# the presentation elements latex2mathml writes; anything else (a tag written inside
# \text{...}, which the converter copies unescaped) makes the formula malformed, never markup
_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt"
    " mroot mstyle merror mpadded mphantom mfenced menclose mtable mtr mtd mlabeledtr"
    " mmultiscripts mprescripts none semantics annotation".split()
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_UNKNOWN = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
_ENV = re.compile(r"\\(begin|end)\{([^}]*)\}")


def to_mathml(tex: str, display: bool) -> tuple[str, str | None]:
    """(MathML, None), or ("", why) when `tex` is not well-formed TeX math."""
    why = _structure(tex)
    if why is not None:
        return "", why
    import latex2mathml.converter  # lazy: only documents with math pay for the import

    try:
        mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception as exc:
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__).lower()
        return "", name.removesuffix(" error") or "malformed"
    unknown = _UNKNOWN.search(mathml)
    if unknown:
        return "", f"unknown TeX command {unknown.group(1)}"
    return _clean(mathml)


def _clean(mathml: str) -> tuple[str, str | None]:
    """The MathML re-serialised from its parsed tree: only MathML elements, no event or link
    attributes, text escaped, so the HTML page can hold it as markup."""
    try:
        root = etree.fromstring(mathml.encode(), _PARSER)
    except etree.XMLSyntaxError:
        return "", "a <, > or & that is not TeX (write \\lt, \\gt or \\&)"
    for node in root.iter():
        if not isinstance(node.tag, str):  # a comment or processing instruction
            return "", "a <, > or & that is not TeX (write \\lt, \\gt or \\&)"
        name = etree.QName(node).localname
        if name not in _ELEMENTS:
            return "", "a <, > or & that is not TeX (write \\lt, \\gt or \\&)"
        for attr in list(node.attrib):
            if attr.lower().startswith("on") or "href" in attr.lower() or "src" in attr.lower():
                del node.attrib[attr]
    return etree.tostring(root, encoding="unicode"), None


def _structure(tex: str) -> str | None:
    """Unbalanced braces or environments, which the converter would silently accept."""
    depth = 0
    escaped = False
    for ch in tex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return "a } closes no {"
    if depth:
        return "a { is never closed"
    stack: list[str] = []
    for m in _ENV.finditer(tex):
        if m.group(1) == "begin":
            stack.append(m.group(2))
        elif not stack or stack.pop() != m.group(2):
            return f"\\end{{{m.group(2)}}} does not match a \\begin"
    if stack:
        return f"\\begin{{{stack[-1]}}} is never ended"
    return None
