"""A number and its counter (2024年, 3月, 第89巻, 120頁) never split across lines, in the PDF
(a Japanese bibliography printed "（2024年3" at a line's end and "月）" at the next one's start).

A sweep of lead-in lengths moves the date through every position of a line; the lines read back
from the PDF must never end with a digit (or 第) where the next starts with a counter (or digit).
"""

from __future__ import annotations

import itertools
import re

import pytest

from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import house_style, resolve_file
from tests.pdfread import read_pages

UNITS = "年月日号巻頁"
SPLIT = re.compile(r"[0-9０-９第]$")
STARTS = re.compile(rf"^[{UNITS}0-9０-９]")
SENTENCE = "同誌第89巻第44号（2024年3月5日）の120頁に掲載された報告は、防衛協力の現状を論じている。"


@pytest.mark.parametrize("lead", range(0, 40, 3))
def test_no_number_is_split_from_its_counter(project: Project, lead: int) -> None:
    text = ("あ" * lead + SENTENCE) * 3
    path = project.write("content/n.md", f"---\ntitle: 数字\nlang: ja\n---\n{text}\n")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    data = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(project.root,))).data
    lines = [ln.text.strip() for page in read_pages(data) for ln in page.lines]
    body = [ln for ln in lines if "あ" in ln or "年" in ln or "報告" in ln]
    assert len(body) >= 3
    for above, below in itertools.pairwise(body):
        assert not (SPLIT.search(above) and STARTS.match(below)), (above, below)
    assert "2024年3月5日" in "".join(lines)  # the joiner prints and copies as nothing
