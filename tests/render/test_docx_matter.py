"""The author profiles in Word (render/docx/matter.py): a bordered box each, each kept on one
page, and the page free to break between two profiles and before the disclaimer."""

from __future__ import annotations

from lxml import etree

from briefkit.render.docx import render_docx
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.render.docxread import read_docx, style_ids, style_of, text, w

AUTHORS = "".join(
    f"  - family: {family}\n    given: {given}\n    position: Fellow\n"
    f"    affiliation: Probe\n    expertise: {field}\n"
    for family, given, field in (("Tanaka", "Ken", "Maritime"), ("Park", "Ji-ho", "Alliances"))
)
BRIEFING = f"""---
title: Profiles
lang: en
author:
{AUTHORS}disclaimer: The views are the authors' own.
---
Text.
"""


def keeps_with_next(p: etree._Element, styles: etree._Element) -> bool:
    """Whether `p` keeps with the next paragraph: its own `w:keepNext`, else its style's
    (along `w:basedOn`)."""
    own = p.find(f"{w('pPr')}/{w('keepNext')}")
    if own is not None:
        return own.get(w("val"), "1") not in ("0", "false")
    sid = style_of(p)
    while sid:
        style = styles.find(f"{w('style')}[@{w('styleId')}='{sid}']")
        keep = style.find(f"{w('pPr')}/{w('keepNext')}")
        if keep is not None:
            return keep.get(w("val"), "1") not in ("0", "false")
        based = style.find(w("basedOn"))
        sid = based.get(w("val")) if based is not None else None
    return False


def test_each_profile_is_its_own_box_kept_together_not_chained(project: Project) -> None:
    path = project.write("content/p.md", BRIEFING)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors, [d.format() for d in diags]
    pkg = read_docx(render_docx(doc, house_style().docx_template).data)
    styles = pkg.xml("word/styles.xml")
    ids = style_ids(styles)
    profile_ids = {ids["profile heading"], ids["profile name"], ids["profile"]}
    paras = list(pkg.xml("word/document.xml").find(w("body")).iter(w("p")))
    first = next(i for i, p in enumerate(paras) if style_of(p) in profile_ids)
    run = paras[first : first + 9]  # two profiles of 4 paragraphs, one between them
    assert [style_of(p) in profile_ids for p in run] == [True] * 4 + [False] + [True] * 4
    between = run[4]
    # unbordered: Word and LibreOffice drew the two profiles, whose paragraphs share the
    # Profile style's border, as one box
    assert not text(between) and between.find(f"{w('pPr')}/{w('pBdr')}") is None
    assert style_of(run[5]) == ids["profile heading"] and text(run[6]) == "Ji-ho Park"
    # each profile held together, its last paragraph free of the next: the two profiles and
    # the disclaimer were one block kept with the next, moved whole to a new page
    one = [True, True, True, False]
    assert [keeps_with_next(p, styles) for p in run] == [*one, False, *one]
    assert style_of(paras[first + 9]) == ids["disclaimer"]
