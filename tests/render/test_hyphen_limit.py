"""At most two hyphenated lines in a row, decided as WeasyPrint makes the lines
(`render.pdf.hyphen_limit`): the first layout has no ladder, where the old way
(`render.pdf.hyphens`: the word kept whole, the document laid out again) needed a second; the
same words land on the same pages; on another WeasyPrint version the patch stays out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf import hyphen_limit, hyphens
from briefkit.render.pdf.layout import lay_out
from briefkit.render.pdf.page import render_pdf_bytes
from briefkit.verify.pdflines import read_layout
from tests.conftest import Project
from tests.helpers import resolve_file, verified_weasyprint
from tests.render.test_footnote_area import CORPUS
from tests.render.test_pdf_hyphens import LONG, _hyphen_runs, _render, _words

weasyprint, pytestmark = verified_weasyprint("the rule is not applied")


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    yield
    hyphen_limit.install()  # the process default again, for the tests that follow


def _pages(data: bytes) -> list[str]:
    """Each page's words in order, a word hyphenated at a line's end joined again."""
    out = []
    for page in read_layout(data).pages:
        text = "\n".join(line.text.rstrip() for line in page)
        text = re.sub(r"[\x02\u2010]\n", "", text)  # WeasyPrint's added hyphen, U+2010
        out.append(" ".join(text.split()))
    return out


def test_the_first_layout_has_no_ladder() -> None:
    render = _render(f"<p>{LONG * 3}</p><p>{LONG * 2}</p>")
    hyphen_limit.uninstall()
    stock = render("")
    assert hyphens.ladders(stock)  # the narrow measure makes ladders
    old, old_placed = lay_out(render)
    assert old_placed.passes >= 2  # the old way lays the document out again
    old_data = old.write_pdf()

    assert hyphen_limit.install()
    hyphen_limit.COUNTS.reset()
    first = render("")
    assert hyphens.ladders(first) == [] and hyphen_limit.COUNTS.limited > 0
    document, placed = lay_out(render)
    assert placed.passes == 1
    data = document.write_pdf()
    assert max(_hyphen_runs(data)) <= 2 and _hyphen_runs(data)  # hyphenation kept
    assert _words(data) == _words(stock.write_pdf()) == _words(old_data)


def test_a_third_line_keeps_its_word_whole_and_the_lines_before_as_they_were() -> None:
    """Up to the first ladder, the lines are stock WeasyPrint's; its third line is the same
    words without the broken one, which starts the next line whole."""
    render = _render(f"<p>{LONG * 3}</p>")
    hyphen_limit.uninstall()
    stock = [line.text.rstrip() for line in read_layout(render("").write_pdf()).pages[0]]
    hyphen_limit.install()
    new = [line.text.rstrip() for line in read_layout(render("").write_pdf()).pages[0]]
    ends = [line.endswith(("\x02", "\u2010")) for line in stock]
    third = next(i for i in range(2, len(stock)) if ends[i] and ends[i - 1] and ends[i - 2])
    assert new[:third] == stock[:third]
    kept, broken = stock[third].rsplit(" ", 1)
    assert new[third].replace(" ", "") == kept.replace(" ", "")  # (justified: spaces differ)
    assert new[third + 1].split(" ", 1)[0].startswith(broken[:-1])  # the word, whole
    assert not new[third + 1].split(" ", 1)[0].endswith(("\x02", "\u2010"))


@pytest.mark.parametrize("name", ["long-40", "long-notes", "dense"])
def test_the_same_words_on_the_same_pages(project: Project, name: str) -> None:
    path = CORPUS[name](project)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    options = RenderOptions(roots=(project.root,), modified="2025-11-01")
    hyphen_limit.uninstall()
    old = render_pdf_bytes(doc, style, options)
    assert hyphen_limit.install()
    hyphen_limit.COUNTS.reset()
    new = render_pdf_bytes(doc, style, options)
    assert _pages(old.data) == _pages(new.data)
    assert max(_hyphen_runs(new.data), default=0) <= 2
    if name == "long-40":  # one ladder: the old way's second layout is not needed
        assert hyphen_limit.COUNTS.limited > 0
        assert new.layout_passes == old.layout_passes - 1


def test_another_weasyprint_version_keeps_the_relayout(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.layout import inline

    stock = hyphen_limit.SWITCH.installed
    assert stock is not None or hyphen_limit.install()
    monkeypatch.setattr(weasyprint, "__version__", "0.1")
    assert hyphen_limit.install() is False
    assert inline.get_next_linebox.__module__ == "weasyprint.layout.inline"
    monkeypatch.undo()
    monkeypatch.setenv(hyphen_limit.ENV, "relayout")
    assert hyphen_limit.install() is False
    monkeypatch.delenv(hyphen_limit.ENV)
    assert hyphen_limit.install() is True
    assert inline.get_next_linebox.__module__ == hyphen_limit.__name__
