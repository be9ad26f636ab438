"""Word tables and what stands around them (render/docx/blocks.py, captions.py): a table's
caption keeps with the table, and a paragraph's space follows a table as it follows a box,
except where a caption (with its own space before) or a cell's end follows."""

from __future__ import annotations

from lxml import etree

from briefkit.render.docx import render_docx
from briefkit.render.docx.boxes import GAP
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import read_docx, text, w

TABLE = "| A | B |\n|---|---|\n| 1 | 2 |\n"


def body(project: Project, markdown: str) -> list[etree._Element]:
    path = project.write("content/t.md", f"---\ntitle: T\nlang: en\n---\n{markdown}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    pkg = read_docx(render_docx(doc, house_style().docx_template).data)
    return list(pkg.xml("word/document.xml").find(w("body")))


def is_gap(node: etree._Element) -> bool:
    spacing = node.find(f"{w('pPr')}/{w('spacing')}")
    return (
        node.tag == w("p")
        and not text(node)
        and spacing is not None
        and spacing.get(w("line")) == str(GAP)
        and spacing.get(w("lineRule")) == "exact"
    )


def test_a_tables_caption_keeps_with_the_table(project: Project) -> None:
    nodes = body(project, f"Text.\n\nTable: Meetings. {{#tbl:m}}\n\n{TABLE}")
    (table,) = [n for n in nodes if n.tag == w("tbl")]
    caption = table.getprevious()
    assert text(caption).endswith("Meetings.")
    # on the paragraph: LibreOffice stranded the caption at a page's foot with the style's
    assert caption.find(f"{w('pPr')}/{w('keepNext')}") is not None


def test_a_paragraphs_space_follows_a_table_without_a_caption(project: Project) -> None:
    nodes = body(project, f"{TABLE}\nAfter the table.\n")
    (table,) = [n for n in nodes if n.tag == w("tbl")]
    gap = table.getnext()
    assert is_gap(gap)  # before, "After the table." sat on the table's bottom rule
    assert text(gap.getnext()) == "After the table."


def test_no_gap_before_a_caption_or_inside_a_cell(project: Project) -> None:
    nodes = body(
        project,
        f"{TABLE}\n{TABLE}\nTable: Second. {{#tbl:s}}\n\n:::: box\n" + TABLE + "::::\n",
    )
    tables = [n for n in nodes if n.tag == w("tbl")]
    first, second, box = tables
    # the second table's caption follows the first directly: its space before is the gap
    assert text(first.getnext()).endswith("Second.")
    assert is_gap(second.getnext())
    inner = box.find(f".//{w('tc')}/{w('tbl')}")
    assert inner is not None  # the table in the box: a gap after it, in the box's cell
    assert is_gap(inner.getnext())
    for cell in first.iter(w("tc")):  # nothing but the cell's paragraph in a table's cell
        assert not any(is_gap(p) for p in cell.iter(w("p")))


def test_a_wide_list_label_gets_the_room_it_needs(project: Project) -> None:
    """Every level had a 283-twip hanging indent: "(b)" and "viii." ran into their text in
    Word's print ("(b)Letter b"). The label keeps its place and the text moves right; a list
    whose labels fit keeps the template's indent."""
    from briefkit.render.docx.numbering import label_width

    path = project.write(
        "content/t.md",
        "---\ntitle: T\n---\n(a) Letter a.\n(b) Letter b.\n\nText.\n\n"
        "i. One.\nii. Two.\niii. Three.\niv. Four.\nv. Five.\nvi. Six.\nvii. Seven.\n"
        "viii. Eight.\n\nText.\n\n1. One.\n2. Two.\n",
    )
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    pkg = read_docx(render_docx(doc, house_style().docx_template).data)
    numbering = pkg.xml("word/numbering.xml")
    hangings = {}
    for num in numbering.iter(w("num")):
        ind = num.find(f".//{w('lvl')}/{w('pPr')}/{w('ind')}")
        text_of = num.find(f".//{w('lvlText')}")
        fmt = num.find(f".//{w('numFmt')}")
        if ind is not None and text_of is not None and fmt is not None:
            key = (fmt.get(w("val")), text_of.get(w("val")))
            hangings[key] = (int(ind.get(w("left"))), int(ind.get(w("hanging"))))
    left, hanging = hangings[("lowerLetter", "(%1)")]
    assert hanging > label_width("(b)") and left - hanging == 425 - 283
    left, hanging = hangings[("lowerRoman", "%1.")]
    assert hanging > label_width("viii.") and left - hanging == 425 - 283
    assert ("decimal", "%1.") not in hangings  # 1. and 2. fit the template's 283


def test_japanese_is_set_at_the_print_pages_leading(project: Project) -> None:
    """Word set Japanese at the English leading (15 pt, the PDF's 1.5 at 10 pt) where the PDF
    has 1.8 (and 1.55 in notes): a Japanese briefing printed a page shorter, its lines tight."""

    def lines(lang: str) -> dict[str, str]:
        path = project.write(f"content/{lang}.md", f"---\ntitle: T\nlang: {lang}\n---\n本文。\n")
        doc, _ = resolve_file(path, project.root)
        assert doc is not None
        styles = read_docx(render_docx(doc, house_style().docx_template).data).xml(
            "word/styles.xml"
        )
        out = {}
        for style in styles.iter(w("style")):
            spacing = style.find(f"{w('pPr')}/{w('spacing')}")
            if spacing is not None and spacing.get(w("line")):
                out[style.get(w("styleId"))] = spacing.get(w("line"))
        return out

    en, ja = lines("en"), lines("ja")
    assert (en["BodyText"], ja["BodyText"]) == ("300", "360")
    assert (en["FootnoteText"], ja["FootnoteText"]) == ("220", "247")
    assert en["Heading1"] == ja["Heading1"]  # headings keep theirs


def _left(nodes: list[etree._Element], words: str) -> str | None:
    """The paragraph-level left indent of the paragraph holding `words` (None: its style's)."""
    (p,) = [n for n in nodes if n.tag == w("p") and words in text(n)]
    ind = p.find(f"{w('pPr')}/{w('ind')}")
    return None if ind is None else ind.get(w("left"))


def test_a_quotation_inside_a_quotation_is_set_deeper(project: Project) -> None:
    """The Quote style indents 1 cm (567 twips); the inner quotation had 567 given again, so
    it stood where the outer one stands (an unseen briefing, printed by LibreOffice)."""
    nodes = body(
        project,
        "> Outer words.\n>\n> > Inner words.\n\nTerm\n: Defined words.\n\n"
        "> Quoted term list:\n>\n> Word\n> : Quoted definition.\n",
    )
    assert _left(nodes, "Outer words.") is None  # the Quote style's own indent
    assert _left(nodes, "Inner words.") == "1134"
    assert _left(nodes, "Defined words.") == "567"  # a definition in the body, as before
    assert _left(nodes, "Quoted definition.") == "1134"  # a definition inside a quotation
