"""Render stage helper: the Word template's styles, looked up by the names Word gives them.

Consumes the template's `w:styles` element; produces style ids for the writers, the East-Asian
font each paragraph style resolves to, and the document language in the defaults. The
renderer uses styles, never direct formatting, for structure (editors restyle in Word), so a
style missing from a template is a render failure naming every missing style, not a silent
fallback to "Normal".
"""

from __future__ import annotations

from briefkit.errors import BriefkitError
from briefkit.render.docx.oxml import Element, el, props, qn

# Every style the renderer may use, by kind. Word stores some built-in names in lower case
# ("heading 1", "footnote text"); lookups ignore case, so either spelling works in a template.
PARAGRAPH_STYLES = (
    "Normal",
    "Body Text",
    "Title",
    "Subtitle",
    "Series Line",
    "Byline",
    "Abstract",
    *(f"Heading {n}" for n in range(1, 7)),
    "Quote",
    "List Bullet",
    "List Number",
    "List Continue",
    "Source Code",
    "Thematic Break",
    "Figure",
    "Caption",
    "Table Text",
    "Table Heading",
    "Footnote Text",
    "Bibliography",
    "Profile Heading",
    "Profile Name",
    "Profile",
    "Disclaimer",
    "Rights",
    "Publisher",
)
CHARACTER_STYLES = (
    "Footnote Reference",
    "Hyperlink",
    "Verbatim Char",
    "Byline Name",
    "Publisher Name",
)
TABLE_STYLES = ("Briefing Table",)


_BODY_LEADING = "300"  # twips: the template's body lines (10 pt at 1.5)
_NOTE_LEADING = "220"  # its notes' (8 pt at 1.38)


class StyleSheet:
    """Style ids by (kind, lower-case name), and fonts resolved along `w:basedOn`."""

    def __init__(self, styles: Element) -> None:
        self.root = styles
        self._ids: dict[tuple[str, str], str] = {}
        self._by_id: dict[str, Element] = {}
        for style in styles.iterfind(qn("w:style")):
            sid = style.get(qn("w:styleId")) or ""
            name = style.find(qn("w:name"))
            kind = style.get(qn("w:type")) or "paragraph"
            self._by_id[sid] = style
            if name is not None:
                self._ids.setdefault((kind, (name.get(qn("w:val")) or "").lower()), sid)

    def check(self) -> None:
        """Raise, naming them all, if styles the renderer uses are missing."""
        missing = [
            name
            for kind, names in (
                ("paragraph", PARAGRAPH_STYLES),
                ("character", CHARACTER_STYLES),
                ("table", TABLE_STYLES),
            )
            for name in names
            if (kind, name.lower()) not in self._ids
        ]
        if missing:
            raise BriefkitError(
                "the Word template lacks these styles: "
                + ", ".join(missing)
                + " (regenerate it with tools/make_docx_template.py, or add them in Word)"
            )

    def id(self, name: str, kind: str = "paragraph") -> str:
        try:
            return self._ids[(kind, name.lower())]
        except KeyError:
            raise BriefkitError(f"the Word template has no {kind} style '{name}'") from None

    def indent_left(self, style_id: str) -> str | None:
        """The left indent (twips) of a paragraph style, along `w:basedOn`."""
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen and sid in self._by_id:
            seen.add(sid)
            style = self._by_id[sid]
            ind = style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            left = None if ind is None else ind.get(qn("w:left")) or ind.get(qn("w:start"))
            if left:
                return str(left)
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return None

    def east_asian_font(self, style_id: str | None) -> str | None:
        """The `w:eastAsia` font a paragraph in `style_id` gets (style chain, then defaults)."""
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and sid in self._by_id:
            seen.add(sid)
            style = self._by_id[sid]
            fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None and fonts.get(qn("w:eastAsia")):
                return str(fonts.get(qn("w:eastAsia")))
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        default = self.root.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
        )
        font = default.get(qn("w:eastAsia")) if default is not None else None
        return str(font) if font else None

    def set_language(self, lang: str, latin: str = "en-US") -> None:
        """The document's language on every run by default (`w:lang` in the defaults). For a
        Japanese document that is `w:eastAsia`, and `w:val`, the language of Latin-script
        runs, is `latin` (the house's English), as Word's own Japanese documents have it: with
        `w:val="ja-JP"` LibreOffice broke English words anywhere ("Semico⏎nductor")."""
        defaults = self.root.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = el("w:docDefaults")
            self.root.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = el("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            rpr_default.append(rpr)
        node = rpr.find(qn("w:lang"))
        if node is None:
            node = el("w:lang")
            children = [*list(rpr), node]
            rpr_default.replace(rpr, props("w:rPr", children))
        # Word tags languages with a region ("ja-JP"); a bare "ja" is taken as Japanese-Japan
        tag = "ja-JP" if lang.lower() == "ja" else lang
        japanese = lang.lower().startswith("ja")
        node.set(qn("w:val"), latin if japanese else tag)
        if japanese:
            node.set(qn("w:eastAsia"), tag)
            self._japanese_leading()

    def _japanese_leading(self) -> None:
        """Japanese text set at the print page's leading: 1.8 lines for the body (print.css
        `body:lang(ja)`; the template's 15 pt is its English 1.5 at 10 pt) and 1.55 for notes
        (1.38 in English). Word printed a Japanese briefing a page shorter than its PDF, its
        lines tight. Only the template's own values are scaled: a user's template with other
        leading keeps it."""
        notes = self._ids.get(("paragraph", "footnote text"))
        for style in self.root.iterfind(qn("w:style")):
            spacing = style.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
            if spacing is None or spacing.get(qn("w:lineRule")) != "atLeast":
                continue
            line = spacing.get(qn("w:line"))
            if line == _BODY_LEADING:
                spacing.set(qn("w:line"), str(round(int(line) * 1.8 / 1.5)))
            elif style.get(qn("w:styleId")) == notes and line == _NOTE_LEADING:
                spacing.set(qn("w:line"), str(round(int(line) * 1.55 / 1.38)))
