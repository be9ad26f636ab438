"""Render stage: the front and back matter of the page, from `DocumentMeta`, in Word.

Consumes the resolved document's metadata, whose printed words are all decided already
(labels in the briefing's language, the date as displayed, author roles, the publisher's
website label); produces paragraphs in the house styles, in the order of the HTML page
(templates/commentary/html/page.html.j2): byline; abstract, body, bibliography; author
profiles, disclaimer, rights, publisher block.
"""

from __future__ import annotations

from briefkit import ir
from briefkit.render.docx import boxes
from briefkit.render.docx.blocks import BlockWriter
from briefkit.render.docx.inlines import Fmt
from briefkit.render.docx.links import hyperlink
from briefkit.render.docx.oxml import Element, el, paragraph

PROFILE_GAP = 20  # twips (1 pt): the paragraph between two profiles only parts their borders


class MatterWriter:
    def __init__(self, blocks: BlockWriter) -> None:
        self.w = blocks
        self.doc = blocks.ctx.doc
        self.meta = blocks.ctx.doc.meta
        self.labels = self.meta.labels
        self.styles = blocks.ctx.styles

    def _text(self, style: str, text: str, char_style: str | None = None) -> list[Element]:
        fmt = Fmt(style=self.styles.id(char_style, "character")) if char_style else None
        return self.w.inl.runs([ir.Text(text)], style, fmt)

    def _para(
        self, style_name: str, *pieces: tuple[str, str | None], ppr: tuple[Element, ...] = ()
    ) -> Element:
        """A paragraph of plain text pieces, each with an optional character style."""
        style = self.styles.id(style_name)
        p = paragraph(style, *ppr)
        for text, char_style in pieces:
            for run in self._text(style, text, char_style):
                p.append(run)
        return p

    # ------------------------------------------------------------ front
    def editions(self) -> list[Element]:
        """A line per other language edition, linking to its Word file beside this one."""
        sep = self.labels.get("label-separator", ": ")
        return [
            self._link_para("Byline", e.label + sep, e.title, f"{e.stem}.docx")
            for e in self.meta.editions
        ]

    def byline(self) -> list[Element]:
        """One line per author: role, then the name in bold, right-aligned (as in the PDF)."""
        out = self.editions()
        for author in self.meta.authors:
            pieces: list[tuple[str, str | None]] = []
            if author.role:
                pieces.append((author.role + " ", None))
            pieces.append((author.name, "Byline Name"))
            # the style's space after comes once, under the last author (as the PDF's byline
            # block), not under each: Word's "don't add space between paragraphs of the same style"
            out.append(self._para("Byline", *pieces, ppr=(el("w:contextualSpacing"),)))
        return out

    def body(self) -> list[Element]:
        """Everything after the masthead, in the page's order."""
        w = self.w
        out: list[Element] = []
        if self.meta.abstract:
            out.extend(w.blocks(self.meta.abstract, self.styles.id("Abstract")))
        out.extend(w.blocks(self.doc.body))
        out.extend(self.bibliography())
        profiles = [p for p in map(self.profile, self.meta.authors) if p]
        for i, profile in enumerate(profiles):
            if i:
                # the Profile styles share one border, which Word and LibreOffice draw
                # around neighbouring paragraphs as one box: an unbordered paragraph
                # between two authors keeps a box each (the PDF's margin is the heading's)
                out.append(boxes.gap(self.styles.id("Body Text"), PROFILE_GAP))
            out.extend(profile)
        if self.meta.disclaimer:
            out.extend(w.blocks(self.meta.disclaimer, self.styles.id("Disclaimer")))
        if self.meta.rights:
            out.extend(w.blocks(self.meta.rights, self.styles.id("Rights")))
        out.extend(self.publisher())
        return out

    # ------------------------------------------------------------ back
    def bibliography(self) -> list[Element]:
        if not self.doc.bibliography:
            return []
        label = self.labels.get("bibliography", "Bibliography")
        out = [self.w.para(self.styles.id("Heading 1"), [ir.Text(label)])]
        style = self.styles.id("Bibliography")
        out.extend(self.w.para(style, entry.inlines) for entry in self.doc.bibliography)
        return out

    def profile(self, author: ir.AuthorMeta) -> list[Element]:
        """The bordered profile box: label, name, role, field of expertise."""
        if not (author.position or author.affiliation or author.expertise):
            return []
        out = [
            self._para("Profile Heading", (self.labels.get("profile", "PROFILE"), None)),
            self._para("Profile Name", (author.name, None)),
        ]
        if author.role:
            out.append(self._para("Profile", (author.role, None)))
        if author.expertise:
            label = self.labels.get("expertise", "Field of expertise")
            sep = self.labels.get("label-separator", ": ")
            out.append(self._para("Profile", (f"{label}{sep}{author.expertise}", None)))
        # the styles keep each paragraph with the next, which holds a profile together
        # (print.css `.profile { break-inside: avoid }`) but chained every profile and the
        # disclaimer after them into one block too tall to break, moved whole to a new page:
        # a profile's last paragraph lets the page break after it, whatever the template says
        out[-1] = BlockWriter._with_ppr(out[-1], el("w:keepNext", {"w:val": "0"}))
        return out

    def publisher(self) -> list[Element]:
        pub = self.meta.publisher
        if pub is None:
            return []
        out: list[Element] = []
        if pub.office:
            out.append(self._para("Publisher", (pub.office, None)))
        if pub.name:
            out.append(self._para("Publisher", (pub.name, "Publisher Name")))
        if pub.address:
            out.append(self._para("Publisher", (pub.address, None)))
        for phone in pub.phones:
            sep = self.labels.get("phone-separator", " : ")
            text = f"{phone.label}{sep}{phone.number}" if phone.label else phone.number
            out.append(self._para("Publisher", (text, None)))
        if pub.email:
            out.append(self._link_para("Publisher", "", pub.email, f"mailto:{pub.email}"))
        if pub.website:
            sep = self.labels.get("label-separator", ": ")
            label = f"{pub.website_label}{sep}" if pub.website_label else ""
            if pub.website_url:  # the link policy's answer; a refused address is only text
                out.append(self._link_para("Publisher", label, pub.website, pub.website_url))
            else:
                out.append(self._para("Publisher", (label + pub.website, None)))
        return out

    def _link_para(self, style_name: str, label: str, text: str, url: str) -> Element:
        """A paragraph in `style_name`: `label` as plain text, then `text` linking to `url`."""
        p = self._para(style_name, (label, None)) if label else self._para(style_name)
        link_style = self.styles.id("Hyperlink", "character")
        style = self.styles.id(style_name)
        runs = self.w.inl.runs([ir.Text(text)], style, Fmt(style=link_style, in_link=True))
        p.append(hyperlink(self.w.inl.part, url, runs))
        return p
