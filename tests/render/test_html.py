"""The seed's HTML page, read back with lxml and compared with what the content says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render.html.page import render_html
from tests.conftest import REPO, SEED, SEED_TEXT, Project
from tests.helpers import house_style, normalize, resolve_file, seed_body_paragraphs


@pytest.fixture(scope="module")
def seed() -> tuple[ir.ResolvedDocument, object]:
    doc, _diags = resolve_file(SEED, REPO)
    assert doc is not None
    style = house_style()
    page = lxml_html.fromstring(render_html(doc, style).encode("utf-8"))
    return doc, page


def text_of(el: object) -> str:
    return " ".join(el.text_content().split())  # type: ignore[attr-defined]


def test_thirteen_notes_in_order_with_calls_and_back_links(seed: tuple) -> None:
    doc, page = seed
    (endnotes,) = page.xpath('//*[@role="doc-endnotes"]')
    items = endnotes.xpath(".//li")
    assert [li.get("id") for li in items] == [f"note-{i}" for i in range(1, 14)]
    calls = page.xpath('//a[@role="doc-noteref"]')
    assert [c.text_content() for c in calls] == [str(i) for i in range(1, 14)]
    for i, (call, li) in enumerate(zip(calls, items, strict=True), 1):
        assert call.get("href") == f"#note-{i}"
        (back,) = li.xpath('.//a[@role="doc-backlink"]')
        assert back.get("href") == f"#{call.get('id')}"
        assert back.get("aria-label") == "Back to text"
    texts = [text_of(li).rstrip("\u21a9\ufe0e").strip() for li in items]
    assert texts == [ir.note_text(n) for n in doc.notes]


def test_note_urls_are_live_links(seed: tuple) -> None:
    doc, page = seed
    for note in doc.notes:
        text = ir.note_text(note)
        (li,) = page.xpath(f'//li[@id="note-{note.number}"]')
        hrefs = [a.get("href") for a in li.xpath(".//a") if a.get("role") != "doc-backlink"]
        for word in text.split():
            if word.startswith("https://"):
                assert word.rstrip(".,") in hrefs


def test_front_and_back_matter_of_the_seed(seed: tuple) -> None:
    _, page = seed
    assert page.get("lang") == "en"
    header = page.xpath("//header")[0]
    assert text_of(header.xpath('.//*[@class="series"]')[0]) == "NIDS Commentary"
    assert (
        text_of(header.xpath(".//h1")[0]) == "The Current State of Japan-ASEAN Defense Cooperation"
    )
    assert normalize(text_of(header.xpath('.//*[@class="subtitle"]')[0])) == (
        "An Assessment of the 12th ADMM-Plus and the 9th ASEAN-Japan Defence Ministers' "
        "Informal Meeting"
    )
    assert text_of(header.xpath('.//*[@class="byline"]')[0]) == (
        "Research Fellow, Defense Policy Division, Policy Studies Department OGUMA Shinya"
    )
    profile = page.xpath("//aside")[0]
    assert [text_of(p) for p in profile.xpath(".//p")] == [
        "PROFILE",
        "OGUMA Shinya",
        "Research Fellow, Defense Policy Division, Policy Studies Department",
        "Field of expertise: Japan's security policy, Indo-Pacific region security, "
        "foreign policy analysis",
    ]
    footer = page.xpath("//footer")[0]
    assert text_of(footer.xpath('.//*[@class="disclaimer"]')[0]) == (
        "The views expressed in this paper do not represent the official views of the "
        "National Institute for Defense Studies."
    )
    assert text_of(footer.xpath('.//*[@class="rights"]')[0]) == (
        "We do not permit any unauthorized reproduction or unauthorized copying"
    )
    publisher = [text_of(s) for s in footer.xpath(".//address/span")]
    assert publisher == [
        "Planning and Coordination Office",
        "National Institute for Defense Studies",
        "Telephone (direct) : 03-3260-3011",
        "Telephone (general) : 03-3268-3111 (ext. 29177)",
        "National Institute for Defense Studies website: www.nids.mod.go.jp",
    ]
    assert footer.xpath(".//address//a/@href") == ["https://www.nids.mod.go.jp"]


def test_every_body_paragraph_of_the_seed_is_on_the_page(seed: tuple) -> None:
    _, page = seed
    (body_el,) = page.xpath('//div[@class="body"]')
    body_el = lxml_html.fromstring(lxml_html.tostring(body_el))  # a copy to strip note calls from
    for call in body_el.xpath('.//a[@role="doc-noteref"]'):
        call.drop_tree()
    # every word and punctuation mark, ignoring which quotation marks are used (the seed leaves
    # one quotation unclosed; the content file nests it properly)
    body = normalize(text_of(body_el)).replace("'", "")
    for paragraph in seed_body_paragraphs(SEED_TEXT.read_text(encoding="utf-8")):
        # the seed breaks two paragraphs across pages; every line must still be found
        assert normalize(paragraph).replace("'", "") in body, paragraph[:60]
    headings = [text_of(h) for h in page.xpath('//div[@class="body"]//h2')]
    assert headings == [
        "Introduction",
        "The Increasing Rigidity of ADMM-Plus",
        "Japan's Positive Stance with Respect to ASEAN".replace("'", "\u2019"),
        "ASEAN Continues to be Important: Working Toward Further Cooperation",
    ]


def test_semantic_structure(seed: tuple) -> None:
    _, page = seed
    assert page.xpath("//main/article/header")
    assert len(page.xpath('//div[@class="body"]/section')) == 4
    assert page.xpath("//article/aside[@class='profile']")
    assert page.xpath("//article/footer")


def test_metadata_tags_and_json_ld(seed: tuple) -> None:
    _, page = seed

    def meta(attr: str, name: str) -> list[str]:
        return page.xpath(f'//meta[@{attr}="{name}"]/@content')

    assert meta("name", "citation_title") == [
        "The Current State of Japan-ASEAN Defense Cooperation"
    ]
    assert meta("name", "citation_author") == ["Oguma, Shinya"]
    assert meta("name", "citation_publication_date") == ["2025/11"]
    assert meta("name", "author") == ["OGUMA Shinya"]
    assert meta("name", "description")[0].startswith("An Assessment of the 12th ADMM-Plus")
    assert meta("property", "og:title") == meta("name", "citation_title")
    assert meta("property", "og:type") == ["article"]
    csp = meta("http-equiv", "Content-Security-Policy")[0]
    assert "default-src 'none'" in csp and "script-src" not in csp
    (ld,) = page.xpath('//script[@type="application/ld+json"]/text()')
    data = json.loads(ld)
    assert data["@type"] == "Report" and data["headline"] == meta("name", "citation_title")[0]
    assert data["author"][0]["name"] == "OGUMA Shinya" and data["datePublished"] == "2025-11"
    assert page.xpath("//style") and not page.xpath("//link[@rel='stylesheet']")


def test_content_cannot_inject_markup(project: Project) -> None:
    path = project.write(
        "content/x.md",
        """
        ---
        title: "<script>alert(1)</script> T"
        ---
        Text <img src=x onerror=alert(1)> and [link](javascript:alert(1)).
        """,
    )
    doc, _ = resolve_file(path, project.root)
    assert doc is not None
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    page = lxml_html.fromstring(render_html(doc, style).encode())
    assert [s.get("type") for s in page.xpath("//script")] == ["application/ld+json"]
    assert not page.xpath("//img") and not page.xpath("//@onerror")
    assert not [h for h in page.xpath("//a/@href") if h.startswith("javascript")]
    assert "<script>alert(1)</script> T" in page.xpath("//title")[0].text


def test_every_node_kind_renders(project: Project, tmp_path: Path) -> None:
    (project.root / "content" / "pic.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
        )
    )
    path = project.write(
        "content/x.md",
        """
        ---
        title: All
        ---
        # H

        *e* **s** ~~d~~ `c` [l](https://e.org) line\\
        break^[note]

        > q

        1. o

        - b

        ```
        code
        ```

        ---

        | a |
        |---|
        | b |

        ![cap](pic.png)
        """,
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None, [d.format() for d in diags]
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    page = lxml_html.fromstring(render_html(doc, style).encode())
    for tag in (
        "em",
        "strong",
        "del",
        "code",
        "a",
        "br",
        "blockquote",
        "ol",
        "ul",
        "pre",
        "hr",
        "table",
        "figure",
        "img",
        "figcaption",
    ):
        assert page.xpath(f"//div[@class='body']//{tag}"), tag
    assert page.xpath("//img/@src")[0].startswith("data:image/png;base64,")
