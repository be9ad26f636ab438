"""Write the `commentary` house style's Word template, templates/commentary/template.docx.

Run with the project's Python: `.venv/bin/python tools/make_docx_template.py`. The template is
generated, not edited in Word, so that every style and measurement can be reviewed here and the
file is byte-identical from run to run (fixed zip dates, no build time). It holds:

- every style the Word renderer uses, under the names Word gives them ("heading 1",
  "footnote text", "Quote", "List Bullet"...) plus the house's own ("Series Line", "Byline",
  "Profile", "Disclaimer", "Rights", "Publisher"...), with the PDF's look (print.css):
  Noto Serif 10 pt body, Noto Sans headings in #1f4e79, 8 pt notes; East-Asian text in
  Noto Serif/Sans CJK JP (w:rFonts/@w:eastAsia);
- A4 with the PDF's margins (24 mm top and bottom, 22 mm left and right), a running head
  (series, short title) from page 2 on, "n / N" page numbers in the footer;
- bullet and decimal numbering definitions for lists;
- the first page's masthead as text placeholders, filled by the renderer with Jinja:
  `{{ series }}`, `{{ date }}`, `{{ title }}`, `{{ subtitle }}`, `{{ byline }}`, `{{ body }}`,
  and in the header and footer `{{ short_title }}`, `{{ page }}`, `{{ pages }}`.

An editor may restyle the template in Word; the renderer only needs the style names and the
placeholders to stay.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefkit.render.docx.package import write_zip  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_template_styles import (  # noqa: E402
    ACCENT,
    DECL,
    FOOTER_DIST,
    HEADER_DIST,
    MARGIN_LR,
    MARGIN_TB,
    NS,
    PAGE_H,
    PAGE_W,
    numbering_xml,
    styles_xml,
)

OUT = ROOT / "templates" / "commentary" / "template.docx"


def settings_xml() -> str:
    return (
        DECL
        + f"<w:settings {NS}>"
        + '<w:zoom w:percent="100"/>'
        + '<w:defaultTabStop w:val="720"/>'
        + "<w:autoHyphenation/>"
        + '<w:characterSpacingControl w:val="doNotCompress"/>'
        + "<w:compat>"
        # a justified line that ends in a line break is not stretched (as in the PDF)
        + "<w:doNotExpandShiftReturn/>"
        + '<w:compatSetting w:name="compatibilityMode"'
        + ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        + "</w:compat>"
        + '<w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
        + '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        + "</w:settings>"
    )


def font_table_xml() -> str:
    fonts = [
        ("Noto Serif", None, "roman", "variable"),
        ("Noto Sans", None, "swiss", "variable"),
        ("Courier New", None, "modern", "fixed"),
        ("Noto Serif CJK JP", "80", "roman", "variable"),
        ("Noto Sans CJK JP", "80", "swiss", "variable"),
    ]
    out = [DECL, f"<w:fonts {NS}>"]
    for name, charset, family, pitch in fonts:
        out.append(f'<w:font w:name="{name}">')
        if charset:
            out.append(f'<w:charset w:val="{charset}"/>')
        out.append(f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out)


def p(style_id: str, runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs}</w:p>'


def r(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{props}<w:t{space}>{text}</w:t></w:r>"


def document_xml() -> str:
    series_line = p(
        "SeriesLine",
        r("{{ series }}", '<w:rStyle w:val="SeriesName"/>')
        + r("{% if number %}  {{ number_display }}{% endif %}")
        + "<w:r><w:tab/></w:r>"
        + r("{{ date }}", '<w:rStyle w:val="SeriesDate"/>'),
    )
    sect = (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rId5"/>'
        '<w:headerReference w:type="first" r:id="rId6"/>'
        '<w:footerReference w:type="default" r:id="rId7"/>'
        '<w:footerReference w:type="first" r:id="rId8"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TB}" w:right="{MARGIN_LR}" w:bottom="{MARGIN_TB}"'
        f' w:left="{MARGIN_LR}" w:header="{HEADER_DIST}" w:footer="{FOOTER_DIST}" w:gutter="0"/>'
        '<w:cols w:space="720"/>'
        "<w:titlePg/>"
        "</w:sectPr>"
    )
    return (
        DECL
        + f"<w:document {NS}><w:body>"
        + series_line
        + p("Title", r("{{ title }}"))
        + p("Subtitle", r("{{ subtitle }}"))
        + p("Byline", r("{{ byline }}"))
        + p("BodyText", r("{{ body }}"))
        + sect
        + "</w:body></w:document>"
    )


def header_xml(first: bool) -> str:
    if first:  # the first page has no running head, as in the PDF
        runs = ""
    else:
        series = f'<w:caps/><w:color w:val="{ACCENT}"/><w:spacing w:val="9"/>'
        runs = r("{{ series }}", series) + "<w:r><w:tab/></w:r>" + r("{{ short_title }}")
    return DECL + f"<w:hdr {NS}>" + p("Header", runs) + "</w:hdr>"


def footer_xml() -> str:
    # `{{ page }}` and `{{ pages }}` become PAGE and NUMPAGES fields when the renderer fills
    # the template, so an editor can move them as text
    return DECL + f"<w:ftr {NS}>" + p("Footer", r("{{ page }} / {{ pages }}")) + "</w:ftr>"


CT = "application/vnd.openxmlformats-officedocument"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_PARTS = [  # (rId, relationship type, part name, content type)
    ("rId1", "styles", "styles.xml", f"{CT}.wordprocessingml.styles+xml"),
    ("rId2", "settings", "settings.xml", f"{CT}.wordprocessingml.settings+xml"),
    ("rId3", "numbering", "numbering.xml", f"{CT}.wordprocessingml.numbering+xml"),
    ("rId4", "fontTable", "fontTable.xml", f"{CT}.wordprocessingml.fontTable+xml"),
    ("rId5", "header", "header1.xml", f"{CT}.wordprocessingml.header+xml"),
    ("rId6", "header", "header2.xml", f"{CT}.wordprocessingml.header+xml"),
    ("rId7", "footer", "footer1.xml", f"{CT}.wordprocessingml.footer+xml"),
    ("rId8", "footer", "footer2.xml", f"{CT}.wordprocessingml.footer+xml"),
]


def content_types_xml() -> str:
    overrides = [
        ("/word/document.xml", f"{CT}.wordprocessingml.document.main+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{CT}.extended-properties+xml"),
        *((f"/word/{name}", ct) for _, _, name, ct in WORD_PARTS),
    ]
    return (
        DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        + '.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in sorted(overrides))
        + "</Types>"
    )


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    return (
        DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
        + "</Relationships>"
    )


def core_xml() -> str:
    # fixed values: the renderer replaces title, author, dates... with the briefing's
    return (
        DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        + 'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        + 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "<dc:title>NIDS Commentary (briefkit template)</dc:title>"
        + "<dc:creator>briefkit</dc:creator>"
        + "<cp:lastModifiedBy>briefkit</cp:lastModifiedBy>"
        + "<cp:revision>1</cp:revision>"
        + '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        + '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
        + "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        DECL
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        + 'properties"><Application>briefkit</Application><DocSecurity>0</DocSecurity>'
        + "</Properties>"
    )


def parts() -> list[tuple[str, bytes]]:
    package_rels = [
        ("rId1", f"{RT}/officeDocument", "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("rId3", f"{RT}/extended-properties", "docProps/app.xml"),
    ]
    word_rels = [(i, f"{RT}/{t}", name) for i, t, name, _ in WORD_PARTS]
    files = {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": rels_xml(package_rels),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": rels_xml(word_rels),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/header1.xml": header_xml(first=False),
        "word/header2.xml": header_xml(first=True),
        "word/footer1.xml": footer_xml(),
        "word/footer2.xml": footer_xml(),
    }
    return [(name, text.encode("utf-8")) for name, text in files.items()]


def main() -> None:
    OUT.write_bytes(write_zip(parts()))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
