"""Render stage: the resolved document's notes -> Word's footnotes part and its references.

Consumes `ir.Note`s (numbered by `resolve`); produces `/word/footnotes.xml`, created on demand
and related from the document part, and the `w:footnoteReference` runs of the body. See
docs/dev/docx-footnotes.md for the XML and for why it is built this way. In short: Word
numbers footnotes itself, in order of reference; we use the note's number as `w:id` and write
each note when its first call is written, so Word's count is the IR's numbering. Should a
call ever come out of order, its reference carries the IR's number as a custom mark.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.parts.story import StoryPart

from briefkit import ir
from briefkit.render.docx.blocks import BlockWriter
from briefkit.render.docx.boxes import is_box
from briefkit.render.docx.context import Context
from briefkit.render.docx.inlines import Fmt, InlineWriter
from briefkit.render.docx.oxml import NSMAP, Element, el, paragraph, qn, text_run

# The separator (the short rule above the notes) and the continuation separator (the rule
# when a note runs on to the next page), with the ids older Word versions give them.
# the template's list levels: the number hangs 283 twips (5 mm) before the text, each level 425
# in (render.docx.numbering uses the template's definitions; tools/make_docx_template.py)
LIST_HANG, LIST_STEP = 283, 425
DEFAULT_FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{NSMAP["w"]}" xmlns:r="{NSMAP["r"]}" xmlns:wp="{NSMAP["wp"]}"
    xmlns:a="{NSMAP["a"]}" xmlns:pic="{NSMAP["pic"]}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
    w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
    w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
</w:footnotes>"""

# children of w:settings that come after w:footnotePr (schema order), to insert before
_AFTER_FOOTNOTE_PR = (
    "endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping"
    " doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions"
    " readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags"
    " decimalSymbol listSeparator"
).split()


class FootnotesPart(StoryPart):  # type: ignore[misc]  # python-docx is untyped
    """`/word/footnotes.xml`; a story part, so notes can hold links and pictures of their own.

    Deliberately not registered with python-docx's PartFactory: a document re-opened with
    python-docx keeps the part as an opaque blob and saves it back unchanged."""

    @classmethod
    def new(cls, package: Package, element: Element) -> FootnotesPart:
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, package)


def footnotes_part(document_part: DocumentPart) -> FootnotesPart:
    """The document's footnotes part, made on demand. A template saved by Word already has
    one: its separators are kept, its notes (there should be none) dropped."""
    element: Element = parse_xml(DEFAULT_FOOTNOTES.encode("utf-8"))
    for rid, rel in list(document_part.rels.items()):
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        old = rel.target_part
        old_element = getattr(old, "element", None)
        element = old_element if old_element is not None else parse_xml(old.blob)
        for note in element.findall(qn("w:footnote")):
            if note.get(qn("w:type"), "normal") == "normal":
                element.remove(note)
        del document_part.rels[rid]
    part = FootnotesPart.new(document_part.package, element)
    document_part.relate_to(part, RT.FOOTNOTES)
    _number_continuously(document_part.settings.element, element)
    return part


def _number_continuously(settings: Element, footnotes: Element) -> None:
    """`w:footnotePr` in the settings: decimal numbers from 1, never restarted, and the
    special notes listed as Word lists them."""
    old = settings.find(qn("w:footnotePr"))
    if old is not None:
        settings.remove(old)
    pr = el("w:footnotePr")
    pr.append(el("w:numFmt", {"w:val": "decimal"}))
    pr.append(el("w:numStart", {"w:val": "1"}))
    pr.append(el("w:numRestart", {"w:val": "continuous"}))
    for note in footnotes.findall(qn("w:footnote")):
        if note.get(qn("w:type"), "normal") != "normal":
            pr.append(el("w:footnote", {"w:id": note.get(qn("w:id")) or "0"}))
    successors = {qn(f"w:{name}") for name in _AFTER_FOOTNOTE_PR}
    for child in settings:
        if child.tag in successors:
            child.addprevious(pr)
            return
    settings.append(pr)


def _indent_table(tbl: Element, indent: int) -> None:
    """`tbl` (a box, made for the note's narrower column) `indent` twips in from the margin:
    `w:tblInd`, and its width in twips, since 100% of the column would overrun it."""
    pr = tbl.find(qn("w:tblPr"))
    if pr is None:
        return
    width = sum(int(c.get(qn("w:w")) or 0) for c in tbl.iterfind(f"{qn('w:tblGrid')}/*"))
    old = pr.find(qn("w:tblW"))
    new = el("w:tblW", {"w:w": str(width), "w:type": "dxa"})
    if old is not None:
        pr.replace(old, new)
    else:
        pr.insert(0, new)
    new.addnext(el("w:tblInd", {"w:w": str(indent), "w:type": "dxa"}))  # schema: after tblW


class NoteWriter:
    """Writes each note into the footnotes part when the body first calls it."""

    def __init__(self, ctx: Context, document_part: DocumentPart) -> None:
        self.ctx = ctx
        self.document_part = document_part
        self.notes = {note.number: note for note in ctx.doc.notes}
        self.part: FootnotesPart | None = None
        self.blocks: BlockWriter | None = None
        self.written: list[int] = []
        self.auto = 0  # references Word numbers itself: its next number is auto + 1
        self.ref_style = ctx.styles.id("Footnote Reference", "character")
        self.text_style = ctx.styles.id("Footnote Text")
        self.text_indent = ctx.styles.indent_left(self.text_style)
        self.code_style = ctx.styles.id("Source Code")

    def _writer(self) -> tuple[FootnotesPart, BlockWriter]:
        if self.part is None or self.blocks is None:
            self.part = footnotes_part(self.document_part)
            self.blocks = BlockWriter(InlineWriter(self.ctx, self.part, in_note=True))
        return self.part, self.blocks

    def call(self, number: int) -> Element:
        """The body's reference run for note `number`."""
        ref_rpr = Fmt(style=self.ref_style).rpr()
        note = self.notes.get(number)
        if note is None or number in self.written:
            # no such note, or a second call of one: Word allows one reference per footnote,
            # so the number is printed as the call is, without a second note
            return text_run(str(number), ref_rpr)
        # Word counts only references without a custom mark; so long as the IR's number is
        # the one Word will print, let Word number (and renumber, after an editor's changes)
        in_order = number == self.auto + 1
        self.auto += in_order
        self.written.append(number)
        self._write_note(note, custom_mark=not in_order)
        run = el("w:r")
        run.append(ref_rpr)
        ref = el("w:footnoteReference", {"w:id": str(number)})
        run.append(ref)
        if not in_order:  # Word would print another number: print the IR's
            ref.set(qn("w:customMarkFollows"), "1")
            text = el("w:t")
            text.text = str(number)
            run.append(text)
        return run

    def _write_note(self, note: ir.Note, custom_mark: bool) -> None:
        part, blocks = self._writer()
        footnote = el("w:footnote", {"w:id": str(note.number)})
        column = self.ctx.text_width_emu
        # the note's blocks stand at its text's indent (`_keep_indent`): a box or picture in
        # it is that much narrower than the page's column
        self.ctx.text_width_emu = max(column - int(self.text_indent or 0) * 635, 635)
        try:
            content = blocks.blocks(note.blocks, self.text_style)
        finally:
            self.ctx.text_width_emu = column
        if not content or content[0].tag != qn("w:p"):
            content.insert(0, paragraph(self.text_style))
        first = content[0]
        at = 1 if first.find(qn("w:pPr")) is not None else 0
        for i, run in enumerate(self._mark(note.number, custom_mark)):
            first.insert(at + i, run)
        for node in content[1:]:
            self._keep_indent(node)
        for node in content:
            footnote.append(node)
        part.element.append(footnote)

    def _keep_indent(self, p: Element) -> None:
        """A note's later paragraph starts at the text's indent, not at the hanging number's
        (the PDF's second paragraph lines up with the first one's text); a list, quotation or
        code block in the note is indented from there, as the PDF sets it, not from the page
        margin, and a box stands there too (`w:tblInd`: Word honours it; LibreOffice 7.4
        places a table in a note at the margin whatever its indent)."""
        if self.text_indent is None:
            return
        base = int(self.text_indent)
        if p.tag == qn("w:tbl") and is_box(p):  # the box's rule at the note's text too
            _indent_table(p, base)
            return
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if p.tag != qn("w:p") or ppr is None or style is None:
            return
        if style.get(qn("w:val")) == self.code_style:  # its own indent, from the note's text
            own_left = int(self.ctx.styles.indent_left(self.code_style) or 0)
            # firstLine 0: LibreOffice gave the line the note text's hanging indent without it
            ind = el("w:ind", {"w:left": str(base + own_left), "w:firstLine": "0"})
            BlockWriter._with_ppr(p, ind)
            return
        if style.get(qn("w:val")) != self.text_style:
            return
        own, num = ppr.find(qn("w:ind")), ppr.find(qn("w:numPr"))
        if own is not None:  # a quotation's or an item's own indent: from the note's text
            own.set(qn("w:left"), str(base + int(own.get(qn("w:left")) or 0)))
            return
        if num is not None:  # a list item: its number where the note's text starts
            level = num.find(qn("w:ilvl"))
            depth = int(level.get(qn("w:val")) or 0) if level is not None else 0
            left = base + LIST_HANG + LIST_STEP * depth
            ind = el("w:ind", {"w:left": str(left), "w:hanging": str(LIST_HANG)})
        else:
            ind = el("w:ind", {"w:left": self.text_indent, "w:firstLine": "0"})
        BlockWriter._with_ppr(p, ind)

    def _mark(self, number: int, custom: bool) -> list[Element]:
        """The note's own number at the start of its text, then a tab to the hanging indent
        of "Footnote Text" (the PDF's "1." column)."""
        rpr = Fmt(style=self.ref_style).rpr()
        if custom:
            mark = text_run(str(number), rpr)
        else:
            mark = el("w:r")
            mark.append(rpr)
            mark.append(el("w:footnoteRef"))
        tab = el("w:r")
        tab.append(el("w:tab"))
        return [mark, tab]

    def unreferenced(self) -> list[ir.Note]:
        return [n for n in self.ctx.doc.notes if n.number not in self.written]
