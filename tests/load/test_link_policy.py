"""The one link policy (urls.py) for every field that becomes a link, in all three formats:
refused targets are reported once, at their place, and are never a live link anywhere."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

import pytest
from lxml import html as lxml_html

from briefkit.urls import is_safe_url
from tests.conftest import CliResult, Project

Cli = Callable[..., CliResult]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", True),
        ("mailto:press@example.org", True),
        ("editions/ja.html", True),
        ("#section", True),
        ("ftp://example.org/file", False),
        ("file:///etc/passwd", False),
        ("file://127.0.0.1/share/x.docm", False),
        ("//127.0.0.1/share/x.docm", False),
        ("\\\\127.0.0.1\\share\\x.docm", False),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,x", False),
    ],
)
def test_the_policy(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


BRIEF = """---
title: Links
url: "javascript:alert('page')"
author:
  - name: A. Writer
    url: "file:///home/writer"
publisher:
  name: Institute
  website: "\\\\\\\\127.0.0.1\\\\share\\\\x.docm"
---

Text.
"""


def test_front_matter_links_are_reported_and_never_linked(project: Project, cli: Cli) -> None:
    project.write("content/a.md", BRIEF)
    result = cli("build")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning[link.unsafe]" in line]
    assert [w.split(": warning")[0] for w in warnings] == [
        "content/a.md:3:6",
        "content/a.md:6:10",
        "content/a.md:9:12",
    ]
    out = project.root / "output"
    page = lxml_html.fromstring((out / "a.html").read_bytes())
    targets = page.xpath("//@href") + page.xpath("//@src")
    assert not [t for t in targets if not is_safe_url(t) and not t.startswith("data:image/")]
    assert "127.0.0.1" in page.text_content()  # the website is still printed, as text
    with zipfile.ZipFile(out / "a.docx") as docx:
        rels = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".rels"))
    assert "127.0.0.1" not in rels and "javascript" not in rels and "file:" not in rels
    from pypdf import PdfReader

    uris = [
        annot.get_object()["/A"].get("/URI", "")
        for pdf_page in PdfReader(out / "a.pdf").pages
        for annot in pdf_page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert not [u for u in uris if not is_safe_url(u)]
