"""The styles, numbering and measurements of the `commentary` Word template.

Imported by tools/make_docx_template.py, which writes the template; kept apart so that the
house look (print.css translated into WordprocessingML) can be reviewed on its own. Sizes in
twips (1/20 pt) unless a name says otherwise; `w:sz` in half-points; borders in 1/8 pt.
"""

from __future__ import annotations

# ------------------------------------------------------------------ measurements (twips)
MM = 1440 / 25.4
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_TB, MARGIN_LR = round(24 * MM), round(22 * MM)  # print.css: margin 24mm 22mm
TEXT_W = PAGE_W - 2 * MARGIN_LR
HEADER_DIST, FOOTER_DIST = round(18 * MM), round(11 * MM)

ACCENT, INK, MUTED, RULE, WASH = "1F4E79", "1D1D1F", "5B5F66", "C9CCD1", "F3F5F8"

SERIF = (
    '<w:rFonts w:ascii="Noto Serif" w:hAnsi="Noto Serif" w:cs="Noto Serif"'
    ' w:eastAsia="Noto Serif CJK JP"/>'
)
SANS = (
    '<w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:cs="Noto Sans"'
    ' w:eastAsia="Noto Sans CJK JP"/>'
)
# no monospaced Noto in the house fonts: Courier New is on every Word machine, and
# LibreOffice maps it to the metric-compatible Liberation Mono
MONO = (
    '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"'
    ' w:eastAsia="Noto Sans CJK JP"/>'
)

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sz(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def spacing(before: int = 0, after: int = 0, line: int = 240, rule: str = "auto") -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'


def border(side: str, size_eighths: int, color: str, space_pt: int) -> str:
    return (
        f'<w:{side} w:val="single" w:sz="{size_eighths}" w:space="{space_pt}" w:color="{color}"/>'
    )


def style(
    kind: str,
    sid: str,
    name: str,
    *,
    based: str | None = None,
    nxt: str | None = None,
    ppr: str = "",
    rpr: str = "",
    tblpr: str = "",
    default: bool = False,
    priority: int | None = None,
    hidden: bool = False,
) -> str:
    """One `w:style`; `ppr`/`rpr` children must be given in schema order."""
    flag = ' w:default="1"' if default else ""
    head = f'<w:style w:type="{kind}"{flag} w:styleId="{sid}">'
    parts = [head, f'<w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    else:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    if tblpr:
        parts.append(tblpr)
    parts.append("</w:style>")
    return "".join(parts)


def para(sid: str, name: str, **kw: object) -> str:
    return style("paragraph", sid, name, **kw)  # type: ignore[arg-type]


def char(sid: str, name: str, **kw: object) -> str:
    return style("character", sid, name, **kw)  # type: ignore[arg-type]


KEEP = "<w:keepNext/><w:keepLines/>"
NOHYPH = "<w:suppressAutoHyphens/>"


def heading(level: int, size: float, color: str, before: int, after: int, italic: bool) -> str:
    rpr = SANS + "<w:b/><w:bCs/>" + ("<w:i/><w:iCs/>" if italic else "")
    rpr += f'<w:color w:val="{color}"/>' + sz(size)
    return para(
        f"Heading{level}",
        f"heading {level}",
        based="Normal",
        nxt="BodyText",
        priority=9,
        ppr=KEEP
        + NOHYPH
        + spacing(before, after, round(size * 1.3 * 20), "atLeast")
        + f'<w:outlineLvl w:val="{level - 1}"/>',
        rpr=rpr,
    )


def profile_box() -> str:
    # a box drawn by paragraph borders: consecutive paragraphs with identical borders and
    # indents share one box in Word and LibreOffice; the indents put the box's edges on the
    # text column's edges (the border stands `space` points outside the text)
    sides = "".join(
        border(side, 6, ACCENT, space)
        for side, space in (("top", 10), ("left", 12), ("bottom", 10), ("right", 12))
    )
    return f"<w:pBdr>{sides}</w:pBdr>"


PROFILE_IND = '<w:ind w:left="255" w:right="255"/>'


def styles_xml() -> str:
    styles = [
        # ---------------------------------------------------------------- defaults
        para(
            "Normal",
            "Normal",
            default=True,
            ppr="<w:widowControl/>" + spacing(0, 0, 300, "atLeast"),
            rpr=f'<w:color w:val="{INK}"/>',
        ),
        char(
            "DefaultParagraphFont", "Default Paragraph Font", default=True, priority=1, hidden=True
        ),
        style(
            "table",
            "TableNormal",
            "Normal Table",
            default=True,
            priority=99,
            hidden=True,
            tblpr='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>",
        ),
        style("numbering", "NoList", "No List", default=True, priority=99, hidden=True),
        # ---------------------------------------------------------------- masthead
        para(
            "SeriesLine",
            "Series Line",
            based="Normal",
            nxt="Title",
            ppr="<w:keepNext/>"
            + f"<w:pBdr>{border('bottom', 16, ACCENT, 4)}</w:pBdr>"
            + f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
            + NOHYPH
            + spacing(0, 454, 240),
            rpr=SANS + f'<w:color w:val="{ACCENT}"/><w:spacing w:val="6"/>' + sz(8),
        ),
        char("SeriesName", "Series Name", rpr='<w:b/><w:bCs/><w:caps/><w:spacing w:val="13"/>'),
        char("SeriesDate", "Series Date", rpr=f'<w:color w:val="{MUTED}"/>'),
        para(
            "Title",
            "Title",
            based="Normal",
            nxt="Subtitle",
            priority=10,
            ppr="<w:keepNext/><w:keepLines/>" + NOHYPH + spacing(0, 170, 475, "atLeast"),
            rpr=SANS + "<w:b/><w:bCs/>" + f'<w:color w:val="{INK}"/>' + sz(19),
        ),
        para(
            "Subtitle",
            "Subtitle",
            based="Normal",
            nxt="Byline",
            priority=11,
            ppr="<w:keepNext/><w:keepLines/>" + NOHYPH + spacing(0, 340, 324, "atLeast"),
            rpr=f'<w:color w:val="{MUTED}"/>' + sz(12),
        ),
        para(
            "Byline",
            "Byline",
            based="Normal",
            nxt="BodyText",
            ppr="<w:keepNext/>"
            + NOHYPH
            + spacing(0, 454, 270, "atLeast")
            + '<w:jc w:val="right"/>',
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(9),
        ),
        char("BylineName", "Byline Name", rpr=f'<w:b/><w:bCs/><w:color w:val="{INK}"/>'),
        para(
            "Abstract",
            "Abstract",
            based="Normal",
            nxt="BodyText",
            ppr=f'<w:shd w:val="clear" w:color="auto" w:fill="{WASH}"/>'
            + spacing(0, 110, 270, "atLeast")
            + '<w:ind w:left="113" w:right="113"/><w:jc w:val="both"/>',
            rpr=sz(9.5),
        ),
        # ---------------------------------------------------------------- body
        para(
            "BodyText",
            "Body Text",
            based="Normal",
            ppr=spacing(0, 110, 300, "atLeast") + '<w:jc w:val="both"/>',
        ),
        *(
            heading(level, size, color, before, after, italic)
            for level, size, color, before, after, italic in (
                (1, 11.5, ACCENT, 340, 142, False),
                (2, 10.5, INK, 240, 100, False),
                (3, 10, INK, 200, 80, False),
                (4, 10, INK, 160, 60, True),
                (5, 10, MUTED, 160, 60, True),
                (6, 10, MUTED, 160, 60, True),
            )
        ),
        para(
            "Quote",
            "Quote",
            based="BodyText",
            priority=29,
            ppr=f"<w:pBdr>{border('left', 18, RULE, 8)}</w:pBdr>"
            + spacing(0, 110, 300, "atLeast")
            + '<w:ind w:left="567" w:right="0"/>',
        ),
        para("ListBullet", "List Bullet", based="BodyText", ppr=spacing(0, 60, 300, "atLeast")),
        para("ListNumber", "List Number", based="BodyText", ppr=spacing(0, 60, 300, "atLeast")),
        para(
            "ListContinue",
            "List Continue",
            based="BodyText",
            ppr=spacing(0, 60, 300, "atLeast") + '<w:ind w:left="425"/>',
        ),
        para(
            "SourceCode",
            "Source Code",
            based="Normal",
            ppr="<w:keepLines/>"
            + f'<w:shd w:val="clear" w:color="auto" w:fill="{WASH}"/>'
            + NOHYPH
            + spacing(0, 110, 240)
            + '<w:ind w:left="113" w:right="113"/><w:jc w:val="left"/>',
            rpr=MONO + sz(8.5),
        ),
        char("VerbatimChar", "Verbatim Char", rpr=MONO + sz(9)),
        para(
            "ThematicBreak",
            "Thematic Break",
            based="Normal",
            nxt="BodyText",
            ppr=f"<w:pBdr>{border('bottom', 6, RULE, 1)}</w:pBdr>"
            + spacing(120, 240, 120, "exact")
            + f'<w:ind w:left="{TEXT_W // 3}" w:right="{TEXT_W // 3}"/>',
        ),
        para(
            "Figure",
            "Figure",
            based="Normal",
            nxt="Caption",
            ppr="<w:keepNext/>" + spacing(120, 60, 240) + '<w:jc w:val="center"/>',
        ),
        para(
            "Caption",
            "caption",
            based="Normal",
            nxt="BodyText",
            priority=35,
            ppr=NOHYPH + spacing(0, 240, 240) + '<w:jc w:val="center"/>',
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(8.5),
        ),
        para("TableText", "Table Text", based="Normal", ppr=spacing(40, 40, 240), rpr=sz(9)),
        para(
            "TableHeading",
            "Table Heading",
            based="TableText",
            ppr="<w:keepNext/>",
            rpr="<w:b/><w:bCs/>",
        ),
        style(
            "table",
            "BriefingTable",
            "Briefing Table",
            based="TableNormal",
            tblpr="<w:tblPr><w:tblBorders>"
            + border("top", 4, RULE, 0)
            + border("bottom", 4, RULE, 0)
            + border("insideH", 4, RULE, 0)
            + "</w:tblBorders></w:tblPr>",
        ),
        char("Hyperlink", "Hyperlink", priority=99, rpr=f'<w:color w:val="{ACCENT}"/>'),
        # ---------------------------------------------------------------- notes
        para(
            "FootnoteText",
            "footnote text",
            based="Normal",
            priority=99,
            ppr=NOHYPH
            + spacing(0, 57, 220, "atLeast")
            + '<w:ind w:left="283" w:hanging="283"/><w:jc w:val="left"/>',
            rpr=sz(8),
        ),
        char(
            "FootnoteReference",
            "footnote reference",
            priority=99,
            rpr='<w:vertAlign w:val="superscript"/>',
        ),
        para(
            "Bibliography",
            "Bibliography",
            based="Normal",
            priority=37,
            ppr=NOHYPH + spacing(0, 80, 260, "atLeast") + '<w:ind w:left="567" w:hanging="567"/>',
            rpr=sz(9),
        ),
        # ---------------------------------------------------------------- back matter
        para(
            "Profile",
            "Profile",
            based="Normal",
            ppr=KEEP + profile_box() + NOHYPH + spacing(0, 60, 255, "atLeast") + PROFILE_IND,
            rpr=SANS + sz(8.5),
        ),
        para(
            "ProfileHeading",
            "Profile Heading",
            based="Profile",
            nxt="ProfileName",
            ppr=spacing(454, 60, 255, "atLeast"),
            rpr=f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:spacing w:val="19"/>' + sz(8),
        ),
        para(
            "ProfileName",
            "Profile Name",
            based="Profile",
            nxt="Profile",
            rpr="<w:b/><w:bCs/>" + sz(10),
        ),
        para(
            "Disclaimer",
            "Disclaimer",
            based="Normal",
            ppr="<w:keepNext/><w:keepLines/>" + NOHYPH + spacing(340, 80, 240, "atLeast"),
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(8),
        ),
        para(
            "Rights",
            "Rights",
            based="Normal",
            ppr="<w:keepNext/><w:keepLines/>" + NOHYPH + spacing(0, 200, 240, "atLeast"),
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(8),
        ),
        para(
            "Publisher",
            "Publisher",
            based="Normal",
            ppr=KEEP
            + f"<w:pBdr>{border('top', 6, RULE, 6)}</w:pBdr>"
            + NOHYPH
            + spacing(0, 0, 240, "atLeast"),
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(8),
        ),
        char("PublisherName", "Publisher Name", rpr=f'<w:b/><w:bCs/><w:color w:val="{INK}"/>'),
        # ---------------------------------------------------------------- page furniture
        para(
            "Header",
            "header",
            based="Normal",
            priority=99,
            ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + spacing(0, 0, 240),
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(7.5),
        ),
        para(
            "Footer",
            "footer",
            based="Normal",
            priority=99,
            ppr=spacing(0, 0, 240) + '<w:jc w:val="center"/>',
            rpr=SANS + f'<w:color w:val="{MUTED}"/>' + sz(8),
        ),
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + SERIF
        + sz(10)
        + '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
        + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        + spacing(0, 0, 240)
        + "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return DECL + f"<w:styles {NS}>" + defaults + "".join(styles) + "</w:styles>"


def numbering_xml() -> str:
    """Bullets (abstractNum 0, num 1) and decimal numbers (abstractNum 1, num 2). The renderer
    adds a `w:num` with a start override for every ordered list that must restart."""
    bullets = ["\u2022", "\u2013", "\u25aa"]
    formats = [("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n})")]
    out = [DECL, f"<w:numbering {NS}>"]
    for abstract in (0, 1):
        out.append(f'<w:abstractNum w:abstractNumId="{abstract}">')
        out.append('<w:multiLevelType w:val="hybridMultilevel"/>')
        for lvl in range(9):
            if abstract == 0:
                fmt, text = "bullet", bullets[lvl % 3]
            else:
                fmt, pattern = formats[lvl % 3]
                text = pattern.format(n=lvl + 1)
            left = 425 * (lvl + 1)
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="283"/></w:pPr>'
                + (f"<w:rPr>{SERIF}</w:rPr>" if abstract == 0 else "")
                + "</w:lvl>"
            )
        out.append("</w:abstractNum>")
    out.append('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    out.append('<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    out.append("</w:numbering>")
    return "".join(out)
