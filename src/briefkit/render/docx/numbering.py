"""Render stage helper: list numbering, as real Word numbering definitions.

Consumes the template's numbering part (`w:numbering`), which defines one bullet and one
decimal multi-level list (`w:abstractNum`); produces the `w:numId` each list paragraph points
to. Bullet lists share one instance. Every ordered list gets an instance of its own whose
level restarts at the list's start: in Word, paragraphs of one `w:num` continue one count
across the document, so two ordered lists sharing it would count on (3, 4… instead of 1, 2…).
"""

from __future__ import annotations

from copy import deepcopy

from briefkit import ir
from briefkit.errors import BriefkitError
from briefkit.render.docx.oxml import Element, el, qn
from briefkit.render.notetext import list_marker

_FORMATS: dict[ir.ListStyle, str] = {
    "decimal": "decimal",
    "lower-roman": "lowerRoman",
    "upper-roman": "upperRoman",
    "lower-alpha": "lowerLetter",
    "upper-alpha": "upperLetter",
}
_TEXTS: dict[ir.ListDelim, str] = {"period": "%%%d.", "paren": "%%%d)", "parens": "(%%%d)"}


def _level0_format(abstract: Element) -> str:
    fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
    return (fmt.get(qn("w:val")) if fmt is not None else None) or "decimal"


class Numbering:
    def __init__(self, root: Element) -> None:
        self.root = root
        formats = {
            a.get(qn("w:abstractNumId")): _level0_format(a)
            for a in root.iterfind(qn("w:abstractNum"))
        }
        self._bullet: int | None = None
        self._ordered_abstract: str | None = None
        self._max_id = 0
        for num in root.iterfind(qn("w:num")):
            num_id = int(num.get(qn("w:numId")) or 0)
            self._max_id = max(self._max_id, num_id)
            ref = num.find(qn("w:abstractNumId"))
            abstract = ref.get(qn("w:val")) if ref is not None else None
            kind = formats.get(abstract)
            if kind == "bullet" and self._bullet is None:
                self._bullet = num_id
            elif kind not in (None, "bullet", "none") and self._ordered_abstract is None:
                self._ordered_abstract = abstract
        if self._bullet is None or self._ordered_abstract is None:
            raise BriefkitError(
                "the Word template's numbering part needs a bullet list and a numbered list "
                "definition (regenerate it with tools/make_docx_template.py)"
            )

    def bullet(self) -> int:
        assert self._bullet is not None
        return self._bullet

    def ordered(
        self,
        start: int,
        level: int,
        style: ir.ListStyle = "decimal",
        delim: ir.ListDelim = "period",
        count: int = 1,
    ) -> int:
        """A new numbering instance of the ordered list, starting at `start` on `level`, in
        `style` (Word's lowerRoman, upperLetter...) with `delim` ("1.", "1)", "(1)"), its
        `count` items' widest label given the room it needs."""
        assert self._ordered_abstract is not None
        self._max_id += 1
        num = el("w:num", {"w:numId": str(self._max_id)})
        num.append(el("w:abstractNumId", {"w:val": self._ordered_abstract}))
        override = el("w:lvlOverride", {"w:ilvl": str(level)})
        override.append(el("w:startOverride", {"w:val": str(start)}))
        numbers = range(start, start + min(max(count, 1), 500))
        room = max(label_width(list_marker(n, style, delim)) for n in numbers) + _GAP
        text = _TEXTS[delim] % (level + 1)
        decimal = self._decimal_level(level, start, _FORMATS[style], text, room)
        if decimal is not None:
            override.append(decimal)
        num.append(override)
        # w:num elements follow the abstract ones; Word's own clean-up marker stays last
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.root.append(num)
        return self._max_id

    def _decimal_level(
        self, level: int, start: int, fmt_val: str, text_val: str, room: int = 0
    ) -> Element | None:
        """The template's definition of `level`, numbered "1." as the PDF numbers every
        level of a numbered list (the browser's default for nested `<ol>`), not "a)"/"i)";
        a fancy list's own style and delimiter where the author wrote one."""
        for abstract in self.root.iterfind(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) != self._ordered_abstract:
                continue
            for lvl in abstract.iterfind(qn("w:lvl")):
                if lvl.get(qn("w:ilvl")) != str(level):
                    continue
                fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
                if fmt is None or text is None:
                    return None
                same = fmt.get(qn("w:val")) == fmt_val and text.get(qn("w:val")) == text_val
                ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
                hanging = int(ind.get(qn("w:hanging"), "0")) if ind is not None else 0
                if same and start == 1 and room <= hanging:
                    return None  # already as the PDF prints it
                # (another start is in the level too: LibreOffice reads a note's list's start
                # there only, and printed a note's "3. 4." as "1. 2.")
                copy = deepcopy(lvl)
                for tag, value in (("start", str(start)), ("numFmt", fmt_val)):
                    node = copy.find(qn(f"w:{tag}"))
                    if node is not None:
                        node.set(qn("w:val"), value)
                node = copy.find(qn("w:lvlText"))
                if node is not None:
                    node.set(qn("w:val"), text_val)
                wide = copy.find(f"{qn('w:pPr')}/{qn('w:ind')}")
                if wide is not None and room > hanging:
                    # "(b)", "viii." or "10." is wider than the template's hanging indent:
                    # the text ran into the label ("(b)Letter"); the label stays where it
                    # starts and the text moves right
                    left = int(wide.get(qn("w:left"), "0"))
                    wide.set(qn("w:left"), str(left - hanging + room))
                    wide.set(qn("w:hanging"), str(room))
                return copy
        return None


# label widths in ems of the body's serif (Noto Serif at 10 pt: an em is 200 twips): near
# enough to give a label its room, never so wide that a short list is pushed far in
_EM = 200
_GAP = 100  # twips between the widest label and the text
_NARROW = {".": 0.27, ")": 0.35, "(": 0.35, "i": 0.3, "l": 0.3, "I": 0.38, "j": 0.3}


def label_width(label: str) -> int:
    """About how wide `label` prints, in twips."""
    ems = sum(_NARROW.get(c, 0.75 if c in "mwMW" else 0.68 if c.isupper() else 0.56) for c in label)
    return round(ems * _EM)


def num_pr(num_id: int, level: int) -> Element:
    """`w:numPr` for a list paragraph (level 0 is the outermost list)."""
    node = el("w:numPr")
    node.append(el("w:ilvl", {"w:val": str(min(level, 8))}))
    node.append(el("w:numId", {"w:val": str(num_id)}))
    return node
