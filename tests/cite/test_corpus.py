"""The citation corpus: six briefings (tests/fixtures/cite-corpus/, three in English and three
in Japanese, with sources in both scripts) that cite every CSL type a think tank cites, in
every position (first, short, ibid, ibid with a locator), with locators, several sources in
one note, citations inside footnotes and notes without any. They are built once with the CLI
(`briefkit build`), and every note and bibliography entry is read back from the HTML, the PDF
and the Word file and compared with the golden text in tests/cite/corpus/<briefing>.txt.

The golden files were written from a build and then checked by hand as a Chicago copy editor
checks a proof (CMOS 18 chap. 14; in a Japanese briefing the house's Japanese form,
citations.ja.yaml): `N<tab>` lines are the notes in order, `B<tab>` lines the bibliography;
*...* marks italics (HTML <em>, Word <w:i/>; the PDF is compared as text). Regenerate with
`pytest tests/cite/test_corpus.py --update-golden`, then review the diff line by line.
`verify` must report no problem on the outputs, and the build no warning.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "cite-corpus"
GOLDEN = Path(__file__).with_name("corpus")
BRIEFINGS = sorted(p.stem for p in CORPUS.glob("*.md"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from briefkit.cli import app

    out = tmp_path_factory.mktemp("corpus")
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output, result.output
    checked = runner.invoke(app, ["verify", str(out)])
    assert checked.exit_code == 0 and "0 problems" in checked.output, checked.output
    return out


def golden(name: str) -> tuple[list[str], list[str]]:
    lines = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    notes = [line[2:] for line in lines if line.startswith("N\t")]
    entries = [line[2:] for line in lines if line.startswith("B\t")]
    return notes, entries


# the invisible typesetting marks of the renderers: word joiner before a note call (HTML, PDF),
# Word's no-width optional break and non-break at a URL's break points
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200c\u200d"))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").translate(_INVISIBLE)).strip()


# ---------------------------------------------------------------- HTML
def _html_text(node: Any) -> str:
    out = [node.text or ""] if node.tag not in ("em", "i") else []
    if node.tag in ("em", "i"):
        return "*" + "".join(_html_text_inner(node)) + "*"
    for child in node:
        if child.get("role") == "doc-backlink":
            out.append(child.tail or "")
            continue
        out.append(_html_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _html_text_inner(node: Any) -> list[str]:
    out = [node.text or ""]
    for child in node:
        out += [_html_text(child), child.tail or ""]
    return out


def html_notes(data: bytes) -> tuple[list[str], list[str]]:
    page = lxml_html.fromstring(data)
    notes = [_squeeze(_html_text(li)) for li in page.xpath('//*[@role="doc-endnotes"]/ol/li')]
    bib = [_squeeze(_html_text(li)) for li in page.xpath('//*[@role="doc-bibliography"]//li')]
    return notes, bib


# ---------------------------------------------------------------- Word
def _runs(paragraph: Any) -> str:
    out: list[str] = []
    for run in paragraph.iter(W + "r"):
        props = run.find(W + "rPr")
        if props is not None and props.find(W + "rStyle") is not None:
            if props.find(W + "rStyle").get(W + "val") == "FootnoteReference":
                continue
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        italic = props is not None and props.find(W + "i") is not None
        out.append(f"*{text}*" if italic and text else text)
    return "".join(out)


def docx_notes(data: bytes) -> tuple[list[str], list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        document = etree.fromstring(zf.read("word/document.xml"))
        footnotes = etree.fromstring(zf.read("word/footnotes.xml"))
    bodies = {
        n.get(W + "id"): n
        for n in footnotes.findall(W + "footnote")
        if n.get(W + "type") in (None, "normal")
    }
    order = [r.get(W + "id") for r in document.iter(W + "footnoteReference")]
    notes = [_squeeze(" ".join(_runs(p) for p in bodies[i].iter(W + "p"))) for i in order]
    bib = []
    for p in document.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "Bibliography":
            bib.append(_squeeze(_runs(p)))
    return notes, bib


def _merge_italics(text: str) -> str:
    """Adjacent italic runs are one span: *a**b* is *ab*."""
    return text.replace("**", "")


# ---------------------------------------------------------------- PDF
def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_note_and_entry_in_every_format(name: str, built: Path, update_golden: bool) -> None:
    html = html_notes((built / f"{name}.html").read_bytes())
    if update_golden:
        lines = [f"N\t{n}" for n in html[0]] + [f"B\t{b}" for b in html[1]]
        (GOLDEN / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes, entries = golden(name)
    assert notes and entries, name
    assert html == (notes, entries), "html"
    docx = docx_notes((built / f"{name}.docx").read_bytes())
    assert ([_merge_italics(n) for n in docx[0]], [_merge_italics(b) for b in docx[1]]) == (
        notes,
        entries,
    ), "docx"
    text = pdf_text((built / f"{name}.pdf").read_bytes())
    for part in (notes, entries):  # each in its order (the PDF may print either first)
        at = 0
        for expected in part:
            plain = re.sub(r"\s+", "", expected.replace("*", ""))
            found = text.find(plain, at)
            assert found >= 0, f"pdf: not found in order: {expected}"
            at = found + len(plain)


def test_the_corpus_covers_every_type_in_both_languages() -> None:
    import yaml

    types = {
        ref["id"]: ref["type"]
        for path in CORPUS.glob("*.references.yaml")
        for ref in yaml.safe_load(path.read_text(encoding="utf-8"))["references"]
    }
    wanted = {
        "book", "chapter", "article-journal", "article-newspaper", "article-magazine",
        "webpage", "post-weblog", "report", "document", "legislation", "speech", "interview",
        "thesis", "dataset", "software", "personal_communication",
    }  # fmt: skip
    for lang in ("en", "ja"):
        cited: set[str] = set()
        for path in CORPUS.glob(f"{lang}-*.md"):
            keys = re.findall(r"@([\w-]+)", path.read_text(encoding="utf-8"))
            cited |= {types[k] for k in keys}
        assert cited == wanted, (lang, wanted - cited)
    scripts = {bool(re.search(r"[\u3040-\u9fff]", str(v))) for v in types}  # ids are Latin
    assert scripts == {False}
    titles = [
        ref.get("title", "")
        for path in CORPUS.glob("*.references.yaml")
        for ref in yaml.safe_load(path.read_text(encoding="utf-8"))["references"]
    ]
    assert any(re.search(r"[\u3040-\u9fff]", t) for t in titles)  # sources in both scripts
    assert any(re.fullmatch(r"[ -~’]+", t) for t in titles if t)
