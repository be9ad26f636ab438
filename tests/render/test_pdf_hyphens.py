"""At most two hyphenated lines in a row in the PDF by the relayout of `render.pdf.hyphens` (the
way on WeasyPrint versions `render.pdf.hyphen_limit` was not verified against, and its safety
net), on a narrow measure that makes hyphen ladders, read back from the PDF; and the preflight's
`preflight.hyphen-ladder` finding, which reports one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from briefkit.build.manifest import Expected
from briefkit.render.pdf import hyphen_limit, hyphens
from briefkit.render.pdf.layout import lay_out
from briefkit.verify.pdflines import read_layout
from briefkit.verify.preflight import preflight

LONG = (
    "Interoperability considerations notwithstanding, multilateral institutionalization "
    "characteristically overshadows implementation, administrative responsibilities and "
    "parliamentary accountability; intergovernmental negotiations concerning "
    "infrastructure modernization, telecommunications standardization and environmental "
    "sustainability repeatedly demonstrated extraordinary organizational complexity. "
)


@pytest.fixture(autouse=True)
def relayout() -> Iterator[None]:
    """These tests are of the relayout: the rule applied as lines are made is off."""
    hyphen_limit.uninstall()
    yield
    hyphen_limit.install()


SHORT = "The ministers met again in May and agreed on a plan for the next two years. "


def _render(body: str) -> Any:
    """`render(extra_css)` over a 42 mm measure, justified and hyphenated (American)."""
    weasyprint = pytest.importorskip("weasyprint")
    page = (
        "<html lang='en-US'><head><style>@page { size: 80mm 120mm; margin: 8mm; }"
        " body { font-family: 'Noto Serif', serif; font-size: 10pt; line-height: 1.4; }"
        " p { margin: 0 0 .5em; text-align: justify; hyphens: auto; width: 42mm; }"
        f"</style></head><body>{body}</body></html>"
    )
    html = weasyprint.HTML(string=page)

    def render(extra: str) -> Any:
        return html.render(stylesheets=[weasyprint.CSS(string=extra)] if extra else [])

    return render


def _hyphen_runs(data: bytes) -> list[int]:
    """The lengths of the runs of lines ended by an added hyphen, as printed."""
    runs, run = [], 0
    for page in read_layout(data).pages:
        for line in page:
            if line.text.rstrip().endswith(("\x02", "\u2010")):
                run += 1
            elif run:
                runs.append(run)
                run = 0
    return runs


def _words(data: bytes) -> str:
    text = "".join(line.text for page in read_layout(data).pages for line in page)
    return re.sub(r"[\s\x02\u2010\u00ad]+", "", text)


def test_a_hyphen_ladder_is_undone_and_the_text_kept() -> None:
    render = _render(f"<p>{LONG * 3}</p><p>{LONG * 2}</p>")
    before = render("")
    assert hyphens.ladders(before)  # the narrow measure makes ladders...
    stock = before.write_pdf()
    assert max(_hyphen_runs(stock)) > 2
    found = [f for f in preflight(stock, Expected()) if f.code == "preflight.hyphen-ladder"]
    assert found and found[0].page == 1 and "hyphenated lines in a row" in found[0].message
    document, placed = lay_out(render)
    data = document.write_pdf()
    assert max(_hyphen_runs(data)) <= 2  # ...the relayout leaves none
    assert hyphens.ladders(document) == []
    assert [f for f in preflight(data, Expected()) if f.code == "preflight.hyphen-ladder"] == []
    assert _words(data) == _words(stock)  # every word printed, in order
    assert _hyphen_runs(data)  # hyphenation itself is kept, only the ladders go
    assert 2 <= placed.passes <= 4


def test_text_without_a_ladder_is_laid_out_once() -> None:
    render = _render(f"<p>{SHORT * 12}</p>")
    document, placed = lay_out(render)
    assert placed.passes == 1 and hyphens.ladders(document) == []


def test_the_word_kept_whole_is_the_one_the_ladder_broke_not_one_in_a_note() -> None:
    p = ET.fromstring(
        '<p>Alpha responsibilities <span data-note="1">responsibilities</span> and '
        "<em>more</em> responsibilities here.</p>"
    )
    assert hyphens.keep_whole(p, "responsibilities", 1)
    marked = [e for e in p.iter() if e.get(hyphens.MARK) is not None]
    assert len(marked) == 1 and marked[0].text == "responsibilities"
    assert "".join(p.itertext()) == (
        "Alpha responsibilities responsibilities and more responsibilities here."
    )
    assert p[-1] is marked[0] and marked[0].tail == " here."  # the one after <em>more</em>
    assert not hyphens.keep_whole(p, "absent", 0)
