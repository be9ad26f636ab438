"""Verify stage helper: the captions of figures and tables, read back from each output.

Consumes the bytes of the HTML, PDF and Word outputs of one briefing and produces diagnostics
when they do not number and caption their figures and tables alike: the HTML page's
`<figcaption>`s and table `<caption>`s, in order, are the reference ("Figure 1. The map");
Word's Caption paragraphs must read the same, in the same order, and the PDF's text must hold
each of them, in order.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.lang import WORD_JOINER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def html_captions(data: bytes, calls: bool = False) -> list[str]:
    """The captions' text; a note called in one is left out (Word's call is a number field)
    unless `calls`: the PDF prints the call's number in the line."""
    from lxml import html

    page = html.fromstring(data)
    out = []
    for caption in page.xpath("//figure/figcaption | //table/caption"):
        if not calls:
            for call in caption.xpath('.//a[contains(@class, "note-ref")]'):
                call.drop_tree()
        out.append(_squash(caption.text_content().replace(WORD_JOINER, "")))
    return out


def docx_captions(data: bytes) -> list[str]:
    from lxml import etree

    from briefkit.verify.tables import stories as docx_stories

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        stories = docx_stories(zf)  # the body, then the notes
        styles = etree.fromstring(zf.read("word/styles.xml"))
    ids = {
        s.get(W + "styleId")
        for s in styles.iter(W + "style")
        if (
            s.find(W + "name") is not None
            and s.find(W + "name").get(W + "val", "").lower() == "caption"
        )
    }
    out = []
    for p in (p for story in stories for p in story.iter(W + "p")):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in ids:
            out.append(_squash("".join(t.text or "" for t in p.iter(W + "t"))))
    return out


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return _squeeze(
        "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    )


def compare_captions(
    outputs: dict[str, tuple[Path, bytes]], pdf: str | None = None
) -> list[Diagnostic]:
    """`pdf`: the PDF's `pdf_text`, when the caller has read it already."""
    if "html" not in outputs:
        return []
    reference = html_captions(outputs["html"][1])
    out: list[Diagnostic] = []
    if "docx" in outputs:
        path, data = outputs["docx"]
        found = docx_captions(data)
        for index, (want, got) in enumerate(zip(reference, found, strict=False), 1):
            if want != got:
                out.append(_problem(path, f"docx: caption {index} is '{got}', the HTML's '{want}'"))
        if len(found) != len(reference):
            out.append(
                _problem(path, f"docx: {len(found)} captions, the HTML has {len(reference)}")
            )
    if "pdf" in outputs:
        path, data = outputs["pdf"]
        text = pdf if pdf is not None else pdf_text(data)
        position = 0
        printed = html_captions(outputs["html"][1], calls=True)
        for index, (want, with_calls) in enumerate(zip(reference, printed, strict=True), 1):
            at = text.find(_squeeze(with_calls), position)
            if at < 0:
                out.append(_problem(path, f"pdf: caption {index} '{want}' is not printed"))
            else:
                position = at + len(_squeeze(with_calls))
    return out


def _problem(path: Path, message: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "verify.mismatch", message, SourceLocation(path, 1, 1))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _squeeze(text: str) -> str:
    """Text without any whitespace (the PDF's line breaks and hyphenation points vary)."""
    return re.sub(r"\s+", "", text)
