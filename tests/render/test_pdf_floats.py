"""A figure too tall for what is left of a page moves past the paragraph after it, which fills
the page instead (render/html/floats.py marks the print page, render/pdf/floats.py moves it).
WeasyPrint has no page floats: without this the figure opens the next page and the page before
stays a third blank (found with an unseen briefing, where `verify` reported it underfull).
The layout is kept only if the figure still opens the same page and the page before is fuller;
nothing moves where both the caption and the paragraph call notes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from briefkit import ir
from briefkit.render import Rendered, RenderOptions
from briefkit.render.html.page import render_html
from briefkit.render.pdf.page import render_pdf_bytes
from tests.helpers import house_style, resolve_file
from tests.pdfread import Page, calls, read_pages, squeeze


def _png() -> bytes:
    """A bar chart of 900 x 420 pixels: as tall, at the page's width, as most charts."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 420), "white")
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((120, 180, 260, 330)):
        draw.rectangle((120 + i * 180, 380 - height, 220 + i * 180, 380), fill=(40, 80, 140))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


WORDS = (
    "Maritime capacity building has become a central strand of Japan's regional policy, and its "
    "instruments have multiplied. "
)


def _briefing(root: Path, after: str, caption: str = "Budget by year.") -> ir.ResolvedDocument:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "budget.png").write_bytes(_png())
    paras = "\n\n".join((WORDS * 5) + f"Paragraph {i}." for i in range(4))
    refs = "references:\n  - {id: a, type: book, title: A Book, publisher: Pub}\n"
    text = (
        f"---\ntitle: Figures That Move\nseries: Test\n{refs}---\n# One\n\n{paras}\n\n"
        f"![{caption}](budget.png)\n\n{after}\n\nA closing paragraph of its own.\n"
    )
    path = root / "content" / "fig.md"
    path.write_text(text, encoding="utf-8")
    doc, diags = resolve_file(path, root)
    assert doc is not None, [d.format() for d in diags]
    return doc


def _pdf(root: Path, doc: ir.ResolvedDocument) -> tuple[Rendered, list[Page]]:
    made = render_pdf_bytes(doc, house_style(), RenderOptions(roots=(root,)))
    return made, read_pages(made.data)


def _where(pages: list[Page], text: str) -> list[int]:
    """The pages whose text holds `text` (spaces and line breaks aside)."""
    return [p.number for p in pages if squeeze(text) in squeeze(" ".join(x.text for x in p.lines))]


FILLER = WORDS * 5 + "This paragraph follows the figure and fills the page before it."


def test_the_paragraph_after_a_figure_fills_the_page_the_figure_left(tmp_path: Path) -> None:
    made, pages = _pdf(tmp_path, _briefing(tmp_path, FILLER))
    assert _where(pages, "fills the page before it.") == [1]  # printed once, on page 1
    assert _where(pages, "Figure 1. Budget by year.") == [2]
    assert _where(pages, "A closing paragraph") == [2]
    assert made.layout_passes == 2 and made.diagnostics == ()
    # the page before the figure ends within a fifth of its text area of the foot
    body = [ln for ln in pages[0].lines if ln.size > 9 and "/" not in ln.text]
    assert min(ln.y0 for ln in body) < 0.3 * pages[0].height


def test_a_move_that_would_carry_the_figure_a_page_further_is_not_kept(tmp_path: Path) -> None:
    long = " ".join([WORDS * 60, "The end of a long paragraph."])
    made, pages = _pdf(tmp_path, _briefing(tmp_path, long))
    assert _where(pages, "Figure 1. Budget by year.") == [2]
    text = squeeze(" ".join(ln.text for ln in pages[1].lines))
    assert text.index(squeeze("Figure 1. Budget")) < text.index("Maritimecapacity")  # in place
    assert made.layout_passes == 2  # tried once, and the first layout kept


def test_a_long_paragraph_moved_up_keeps_the_figure_on_its_page(tmp_path: Path) -> None:
    """The paragraph fills page 1 and runs on; the figure follows it on page 2."""
    long = " ".join([WORDS * 30, "The end of a long paragraph."])
    made, pages = _pdf(tmp_path, _briefing(tmp_path, long))
    assert _where(pages, "Figure 1. Budget by year.") == [2]
    text = squeeze(" ".join(ln.text for ln in pages[1].lines))
    assert text.index(squeeze("The end of a long paragraph.")) < text.index(squeeze("Figure 1."))
    assert made.layout_passes == 2 and made.diagnostics == ()


def test_notes_of_the_paragraph_moved_up_stay_in_order_on_their_page(tmp_path: Path) -> None:
    cited = WORDS * 3 + "A claim.[@a, 4] Another claim.^[A note of its own.] " + FILLER
    made, pages = _pdf(tmp_path, _briefing(tmp_path, cited))
    assert made.diagnostics == ()  # every note on its call's page
    assert _where(pages, "Another claim.") == [1]  # the paragraph came up before the figure
    assert _where(pages, "A Book (Pub), p. 4.") == _where(pages, "A note of its own.") == [1]
    assert calls(pages[0], call_size=6.5) == [1, 2]


@pytest.mark.parametrize(
    ("after", "caption", "moves"),
    [
        (FILLER, "Budget by year.", True),
        ("A claim.[@a]", "Budget by year.", True),  # only the paragraph calls a note
        ("A claim.", "Budget by year.[@a]", True),  # only the caption does
        ("A claim.[@a, 5]", "Budget by year.[@a, 4]", False),  # both: their order would turn
        ("## Next section", "Budget by year.", False),  # never out of its section
    ],
)
def test_the_print_page_gives_room_to_move_only_where_it_may(
    tmp_path: Path, after: str, caption: str, moves: bool
) -> None:
    doc = _briefing(tmp_path, after, caption)
    page = render_html(doc, house_style(), media="print")
    assert page.count('data-float-copy="1" style="display: none"') == int(moves)
    assert page.count('data-float="1"') == page.count('data-float-block="1"') == int(moves)
    assert "data-float" not in render_html(doc, house_style(), media="screen")


def test_every_block_prints_once_whatever_the_mix(tmp_path: Path) -> None:
    """Random mixes of paragraphs (with and without notes), figures, lists and headings: the
    hidden copies never print, a moved block prints once, and every note stays on its page."""
    import random

    rng = random.Random(7)
    png = _png()
    for trial in range(10):
        root = tmp_path / str(trial)
        (root / "content").mkdir(parents=True)
        (root / "content" / "c.png").write_bytes(png)
        blocks, marks = [], []
        for i in range(rng.randint(6, 14)):
            kind, mark = rng.choice(["p", "p", "note", "figure", "list", "heading"]), f"Zq{i}qZ"
            blocks.append(
                {
                    "p": WORDS * rng.randint(1, 6) + mark + ".",
                    "note": WORDS * rng.randint(1, 4) + mark + ".^[A note.]",
                    "figure": f"![Chart {mark}.](c.png)",
                    "list": f"- {mark} one\n- two",
                    "heading": f"## Part {mark}",
                }[kind]
            )
            marks.append(mark)
        path = root / "content" / "f.md"
        path.write_text("---\ntitle: F\nseries: T\n---\n\n" + "\n\n".join(blocks) + "\n", "utf-8")
        doc, diags = resolve_file(path, root)
        assert doc is not None, [d.format() for d in diags]
        made, pages = _pdf(root, doc)
        printed = squeeze(" ".join(x.text for p in pages for x in p.lines))
        assert {m: printed.count(m) for m in marks} == dict.fromkeys(marks, 1), trial
        assert made.diagnostics == (), trial
