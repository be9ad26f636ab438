"""Edition pairs: each output links to the other language's, and `check` compares sources."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

from lxml import html as lxml_html
from pypdf import PdfReader

from tests.conftest import REPO, Project

STEM = "japan-asean-defense-cooperation"


def seed_pair(project: Project) -> None:
    for name in (f"{STEM}.md", f"{STEM}.references.yaml", f"{STEM}.ja.md"):
        shutil.copy(REPO / "content" / name, project.root / "content" / name)


def pdf_uris(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(a.get_object()["/A"]["/URI"])
        for p in reader.pages
        for a in p.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    }


def docx_targets(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
    return set(re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels))


def test_the_seed_editions_link_to_each_other_in_every_format(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    seed_pair(project)
    result = cli("build")
    assert result.exit_code == 0 and "0 warnings" in result.stdout, result.stderr
    out = project.root / "output"
    for stem, other, lang in ((STEM, f"{STEM}.ja", "ja"), (f"{STEM}.ja", STEM, "en")):
        page = lxml_html.fromstring((out / f"{stem}.html").read_bytes())
        assert page.xpath(f'//link[@rel="alternate"][@hreflang="{lang}"]/@href') == [
            f"{other}.html"
        ]
        (line,) = page.xpath('//p[@class="edition"]')
        assert line.get("lang") == lang and line.xpath(".//a/@href") == [f"{other}.html"]
        uris = pdf_uris((out / f"{stem}.pdf").read_bytes())
        assert f"{other}.pdf" in uris
        assert not [u for u in uris if u.startswith("file:")]  # no path of the build machine
        assert f"{other}.docx" in docx_targets((out / f"{stem}.docx").read_bytes())
    english = lxml_html.fromstring((out / f"{STEM}.html").read_bytes())
    assert english.xpath('//p[@class="edition"]//a/text()') == ["日ASEAN防衛協力の現状"]
    assert "日本語版" in english.xpath('//p[@class="edition"]/span/text()')[0]


def test_editions_citing_different_sources_are_reported(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "content/refs.yaml",
        "- id: a\n  type: webpage\n  title: A\n  URL: https://e.org/a\n"
        "- id: b\n  type: webpage\n  title: B\n  URL: https://e.org/b\n"
        "- id: c\n  type: webpage\n  title: C\n  URL: https://e.org/c\n",
    )
    project.write("content/en.md", "---\ntitle: E\nbibliography: refs.yaml\n---\nA.[@a] B.[@b]\n")
    project.write(
        "content/ja.md",
        "---\ntitle: J\nlang: ja\ntranslation-of: en.md\n"
        "bibliography: refs.yaml\n---\nA。[@a] C。[@c]\n",
    )
    result = cli("check")
    lines = [ln for ln in result.stderr.splitlines() if "edition.sources-differ" in ln]
    assert lines == [
        "content/ja.md:4:17: warning[edition.sources-differ]: this edition cites c, "
        "which en.md does not; does not cite b"
    ]
    assert cli("check", "--strict").exit_code == 1
    # a partial translation is only held to citing nothing the original does not
    project.write(
        "content/ja.md",
        "---\ntitle: J\nlang: ja\ntranslation-of: {path: en.md, "
        "excerpt: true}\nbibliography: refs.yaml\n---\nA。[@a]\n",
    )
    assert "edition.sources-differ" not in cli("check").stderr


def test_a_missing_edition_is_a_located_error(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write(
        "content/ja.md", "---\ntitle: J\nlang: ja\ntranslation-of: gone.md\n---\n本文。\n"
    )
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "content/ja.md:4:17: error[edition.missing]: edition 'gone.md' not found" in result.stderr
    )


def test_a_new_translation_makes_the_original_out_of_date(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    project.write("content/en.md", "---\ntitle: E\n---\nText.\n")
    assert "1 built" in cli("build", "-f", "html").stdout
    assert "1 up to date" in cli("build", "-f", "html").stdout
    project.write("content/ja.md", "---\ntitle: J\nlang: ja\ntranslation-of: en.md\n---\n本文。\n")
    again = cli("build", "-f", "html")
    assert "2 built, 0 up to date" in again.stdout
    page = (project.root / "output" / "en.html").read_text(encoding="utf-8")
    assert 'hreflang="ja" href="ja.html"' in page
