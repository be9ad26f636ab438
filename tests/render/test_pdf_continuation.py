"""A long note that does not fit under its call is continued on the next page
(`render.pdf.continuation`): the markup split on its own, then the two corpus briefings made
for it (tests/fixtures/layout-corpus/12-*, 13-*, English and Japanese) built and read back —
the note complete and in order across the two pages, its first part on the call's page, that
page full, the continuation unnumbered under a full-measure rule; and the Word file's
continuation separator, which makes Word and LibreOffice split notes the same way."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from briefkit.build.manifest import read_manifest
from briefkit.render.pdf import continuation
from briefkit.verify.pages import pages, squeeze
from briefkit.verify.pdflines import read_layout
from briefkit.verify.preflight import preflight
from tests.conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "layout-corpus"
BRIEFINGS = ("12-continued-note", "13-continued-note-ja", "15-continued-list-note")


# ---------------------------------------------------------------- the markup split
def _note(markup: str) -> ET.Element:
    return ET.fromstring(
        f'<p>Text<span class="footnote" id="note-1" data-note="1">{markup}</span> after.</p>'
    )


def _lines(*texts: str) -> list[continuation.Line]:
    return [continuation.Line(10.0, t, False) for t in texts]


def test_a_note_is_cut_after_its_printed_characters_inline_markup_kept() -> None:
    p = _note("Alpha <em>beta gamma</em> delta <a href='#x'>epsilon</a> zeta")
    undo = continuation.split(p, 1, _lines("Alpha beta", "gamma delta epsilon zeta"), 1)
    assert undo is not None
    first, rest = list(p)
    assert ET.tostring(first, encoding="unicode") == (
        '<span class="footnote" id="note-1" data-note="1">Alpha <em>beta</em></span>'
    )
    assert ET.tostring(rest, encoding="unicode") == (
        '<span class="footnote footnote-cont" data-note-cont="1"><em>gamma</em> delta '
        '<a href="#x">epsilon</a> zeta</span> after.'
    )
    undo.restore()
    assert [child.get("data-note") for child in p] == ["1"]
    assert "".join(p.itertext()) == "TextAlpha beta gamma delta epsilon zeta after."


def test_a_cut_in_a_tail_and_in_a_later_paragraph() -> None:
    p = _note(
        '<span class="footnote-para">One <b>two</b> three four.</span>'
        '<span class="footnote-para">Five six.</span>'
    )
    continuation.split(p, 1, _lines("One two three", "four. Five six."), 1)
    first, rest = list(p)
    assert "".join(first.itertext()) == "One two three"
    assert "".join(rest.itertext()) == "four.Five six."  # two paragraphs, as before
    assert [c.get("class") for c in rest] == ["footnote-para", "footnote-para"]
    p = _note(
        '<span class="footnote-para">One two.</span><span class="footnote-para">Three.</span>'
    )
    continuation.split(p, 1, _lines("One two.", "Three."), 1)
    assert ["".join(c.itertext()) for c in p] == ["One two.", "Three."]
    assert [c.get("class") for c in p[1]] == ["footnote-para"]


@pytest.mark.parametrize(
    ("texts", "fitting", "kept"),
    [
        (["a b", "c d", "e f", "g h", "i j"], 3, 3),
        (["a b", "c d", "e f", "g h", "i j"], 5, 3),  # two lines at least go on
        (["a b", "c d", "e f."], 2, None),  # a page each needs four lines
        (["a b", "c d", "e f.", "g h", "i j"], 3, 2),  # not at a sentence's end
        (["a b", "c d.", "e f.", "g h", "i j"], 3, 3),  # (unless that leaves one line)
        (["a b", "c d", "e f", "g h", "i j"], 1, None),  # two lines at least stay
    ],
)
def test_the_house_rule_chooses_where_the_note_breaks(
    texts: list[str], fitting: int, kept: int | None
) -> None:
    lines = _lines(*texts)
    assert continuation.choose(lines, fitting) == kept


def test_never_after_a_hyphenated_line() -> None:
    lines = [
        continuation.Line(10.0, t, t.endswith("\u2010")) for t in ["a", "b", "c\u2010", "d", "e"]
    ]
    assert continuation.choose(lines, 3) == 2


# ---------------------------------------------------------------- the corpus briefings
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    from typer.testing import CliRunner

    from briefkit.cli import app

    root = tmp_path_factory.mktemp("continued")
    (root / "briefkit.toml").write_text("", encoding="utf-8")
    (root / "content").mkdir()
    for stem in BRIEFINGS:
        shutil.copy(CORPUS / f"{stem}.md", root / "content")
    summary = root / "summary.json"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        args = ["build", "content", "-f", "pdf,docx", "--summary-json", str(summary)]
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stdout
    passes = {
        Path(b["source"]).stem: b["layout_passes"]
        for b in json.loads(summary.read_text(encoding="utf-8"))["briefings"]
    }
    return root, passes


@pytest.mark.parametrize("stem", BRIEFINGS)
def test_the_long_note_is_continued_complete_and_in_order(
    built: tuple[Path, dict[str, int]], stem: str
) -> None:
    root, passes = built
    data = (root / "output" / f"{stem}.pdf").read_bytes()
    manifest = read_manifest(root / "output", stem)
    assert manifest is not None
    expected = manifest.expected
    number, text = max(expected.pdf_notes, key=lambda note: len(note[1]))
    assert len(text) > 600  # the long note
    layout = read_layout(data)
    split = pages(layout, expected)
    call_page = next(p for p in split if number in p.note_starts)
    nxt = split[call_page.number]
    # its first part at the foot of the page that calls it (the call is there: no finding)
    start = call_page.notes.index(call_page.note_starts[number])
    first = squeeze("".join(line.text for line in call_page.notes[start:]))
    assert first.startswith(str(number))
    first = first[len(str(number)) :].removeprefix(".")
    # the rest at the top of the next page's note area, with no number, before its own notes
    later = [nxt.notes.index(line) for line in nxt.note_starts.values()]
    rest_lines = nxt.notes[: min(later, default=len(nxt.notes))]
    rest = squeeze("".join(line.text for line in rest_lines))
    assert rest_lines and not rest[0].isdigit()
    assert first + rest == squeeze(text)
    assert 0.2 < len(first) / len(squeeze(text)) < 0.8
    assert len(call_page.notes[start:]) >= 2 and len(rest_lines) >= 2
    # the page that calls it is full: its text runs down to the note area
    body_line = call_page.body[-1].bottom - call_page.body[-2].bottom
    gap = call_page.notes[0].top - call_page.body[-1].bottom
    # (a list's items end sentences: the house rule keeps the first part from ending on one
    # where a line earlier does, which can cost one note line more than in running text)
    assert gap < (3.0 if "list" in stem else 2.5) * body_line
    assert preflight(data, expected) == []
    # the continuation's rule runs the full measure; the page's own notes have the short one
    left = min(line.x0 for line in call_page.body)
    right = max(line.x1 for line in call_page.body)
    short = _rule(data, call_page.number, call_page.body[-1].bottom, call_page.notes[0].top)
    full = _rule(data, nxt.number, nxt.body[-1].bottom, nxt.notes[0].top)
    assert short < 0.4 * (right - left) and full > 0.97 * (right - left)
    assert passes[stem] <= 3  # the layout, the probe, the split


def _rule(data: bytes, page: int, top: float, bottom: float) -> float:
    """The longest run of dark pixels on one row between `top` and `bottom` (points)."""
    import pypdfium2 as pdfium

    scale = 2.0
    image = pdfium.PdfDocument(data)[page - 1].render(scale=scale).to_pil().convert("L")
    longest = 0
    for y in range(int(top * scale), int(bottom * scale) + 1):
        run = best = 0
        for x in range(image.width):
            run = run + 1 if image.getpixel((x, y)) < 160 else 0
            best = max(best, run)
        longest = max(longest, best)
    return longest / scale


@pytest.mark.parametrize("stem", BRIEFINGS)
def test_the_word_file_has_a_continuation_separator(
    built: tuple[Path, dict[str, int]], stem: str
) -> None:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(built[0] / "output" / f"{stem}.docx") as docx:
        notes = ET.fromstring(docx.read("word/footnotes.xml"))
        settings = ET.fromstring(docx.read("word/settings.xml"))
    kinds = {n.get(f"{w}type"): n for n in notes.iter(f"{w}footnote")}
    cont = kinds["continuationSeparator"]
    assert cont.find(f".//{w}continuationSeparator") is not None
    listed = {n.get(f"{w}id") for n in settings.iter(f"{w}footnote")}
    assert cont.get(f"{w}id") in listed


def test_verify_reads_a_continued_note_as_printed_whole(
    built: tuple[Path, dict[str, int]],
) -> None:
    """`verify` finds each note's text in the PDF; a continued note's two parts count as
    one, in order, a page apart (a note with a part missing still fails: tests/verify)."""
    from briefkit.verify.outputs import verify_pdf

    root, _ = built
    for stem in BRIEFINGS:
        path = root / "output" / f"{stem}.pdf"
        manifest = read_manifest(root / "output", stem)
        assert manifest is not None
        assert verify_pdf(path, path.read_bytes(), manifest.expected) == []
        number, _ = max(manifest.expected.pdf_notes, key=lambda note: len(note[1]))
        notes = [
            (n, t + " A sentence not printed.") if n == number else (n, t)
            for n, t in manifest.expected.pdf_notes
        ]
        changed = manifest.expected.model_copy(update={"print_notes": notes})
        problems = verify_pdf(path, path.read_bytes(), changed)
        assert [d.message for d in problems if f"note {number} " in d.message]
