"""Hard cases for page-bottom notes: many notes on one page, long URLs, Japanese titles,
a note longer than a page, and resources that must not be fetched."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render import RenderOptions
from briefkit.render.pdf.page import render_pdf_bytes
from tests.conftest import Project
from tests.helpers import resolve_file
from tests.pdfread import calls, footnotes, read_pages, squeeze

MM = 72 / 25.4
LONG_URL = "https://example.org/" + "verylongsegmentwithoutanyseparators" * 4 + "/end.pdf"
REFS = f"""
- id: jp
  type: book
  author: [{{family: 小川, given: 博}}]
  title: 防衛協力強化のための日ASEANイニシアティブ
  title-translated: Japan-ASEAN Initiative for Enhanced Defense Cooperation
  publisher: 防衛省
  issued: 2023
  language: ja
- id: long
  type: webpage
  author: [{{literal: Example Institute}}]
  title: A Source With a Very Long Address
  URL: {LONG_URL}
- id: deep
  type: webpage
  title: Deep Path
  URL: https://www.example.go.jp/j/approach/exchange/dialogue/j-asean/pdf/2025/11/documents/annex/a_very_long_file_name_with_underscores_and-dashes.pdf
"""


def build(project: Project, body: str) -> tuple[ir.ResolvedDocument, bytes, tuple]:
    project.write("content/refs.yaml", REFS)
    path = project.write(
        "content/s.md",
        "---\ntitle: Stress\nseries: Test Series\nbibliography: refs.yaml\n---\n" + body,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    out = render_pdf_bytes(doc, style, RenderOptions(roots=(project.root,)))
    return doc, out.data, out.diagnostics


def check_placement(doc: ir.ResolvedDocument, data: bytes) -> None:
    pages = read_pages(data)
    note_page, call_page, texts = {}, {}, {}
    for page in pages:
        for n, text in footnotes(page, 8.0).items():
            note_page.setdefault(n, page.number)
            texts[n] = texts.get(n, "") + text
        for n in calls(page, 6.5):
            call_page.setdefault(n, page.number)
        for ch in page.chars:
            assert 22 * MM - 0.5 <= ch.x0 and ch.x1 <= page.width - 22 * MM + 0.5, ch.get_text()
    assert note_page == call_page == {n.number: note_page[n.number] for n in doc.notes}
    for note in doc.notes:
        assert squeeze(texts[note.number]) == squeeze(ir.note_text(note))


def test_many_notes_long_urls_and_japanese_titles(project: Project) -> None:
    sentences = []
    for i in range(40):
        cite = [f"[@jp, p. {i + 1}]", "[@long]", "[@deep]", f"^[Short note {i}.]"][i % 4]
        sentences.append(f"Sentence number {i} makes a claim that needs a source.{cite}")
    body = (
        "# One\n\n" + " ".join(sentences[:20]) + "\n\n# Two\n\n" + " ".join(sentences[20:]) + "\n"
    )
    doc, data, diags = build(project, body)
    assert diags == ()
    check_placement(doc, data)
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+")[-1]
        for p in reader.pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert any("CJK" in f for f in fonts), fonts  # Japanese set in a CJK font, never tofu
    text = "".join(p.extract_text() for p in reader.pages)
    assert "防衛協力強化のための日ASEANイニシアティブ" in text.replace("\n", "")


def test_a_note_longer_than_a_page_is_a_located_warning(project: Project) -> None:
    # WeasyPrint (70) does not split a note across pages: one longer than a page is clipped,
    # so the build says so, at the note
    huge = " ".join(f"Word{i} of a note that never ends." for i in range(700))
    _, _, diags = build(project, f"# Only\n\nText.^[{huge}] More text.[@deep]\n")
    too_long = [d for d in diags if d.code == "pdf.note-too-long"]
    assert len(too_long) == 1 and "note 1 " in too_long[0].message
    assert too_long[0].severity.value == "warning"
    assert too_long[0].loc is not None and (too_long[0].loc.line, too_long[0].loc.col) == (8, 6)


def test_remote_and_outside_resources_are_never_fetched(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a build tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    style_dir = project.root / "templates" / "remote"
    import shutil

    from tests.conftest import REPO

    shutil.copytree(REPO / "templates" / "commentary", style_dir)
    css = style_dir / "html" / "print.css"
    css.write_text(
        css.read_text(encoding="utf-8")
        + '\n@import url("https://example.org/evil.css");\n'
        + 'body { background: url("https://example.org/track.png"); }\n'
        + '.title { background: url("file:///etc/passwd"); }\n',
        encoding="utf-8",
    )
    (style_dir / "style.yaml").write_text("name: remote\n", encoding="utf-8")
    project.write("content/refs.yaml", REFS)
    path = project.write("content/r.md", "---\ntitle: R\nstyle: remote\n---\nText.\n")
    doc, _diags = resolve_file(path, project.root)
    assert doc is not None
    style = load_style("remote", project.root, Diagnostics())
    assert style is not None
    out = render_pdf_bytes(doc, style, RenderOptions(roots=(project.root,)))
    assert out.data.startswith(b"%PDF")
