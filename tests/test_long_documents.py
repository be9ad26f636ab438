"""A long report (160 notes, 60 sources, 40 sections) comes out with the right sequence."""

from __future__ import annotations

from lxml import html as lxml_html

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from briefkit.render.html.page import render_html
from tests.conftest import Project
from tests.helpers import resolve_file


def long_report(
    project: Project, sections: int = 40, notes: int = 160, sources: int = 60
) -> ir.ResolvedDocument:
    refs = "\n".join(
        f"- id: s{i}\n  type: {'book' if i % 3 == 0 else 'webpage'}\n"
        f"  author: [{{family: Author{i}, given: Ann}}]\n  title: Title {i}\n"
        f"  publisher: Press\n  issued: {2000 + i % 25}\n  URL: https://example.org/{i}\n"
        for i in range(sources)
    )
    project.write("content/refs.yaml", refs)
    body: list[str] = []
    n = 0
    for s in range(sections):
        body.append(f"## Section {s + 1}\n")
        para = []
        for _ in range(notes // sections):
            src = (n * 7) % sources
            if n % 10 == 9:
                para.append(f"Claim {n}.^[An author note {n}.]")
            elif n % 5 == 1:
                para.append(
                    f"Claim {n}.[@s{(n - 1) * 7 % sources}, p. {n}]"
                )  # same source as before
            else:
                para.append(f"Claim {n}.[@s{src}]")
            n += 1
        body.append(" ".join(para) + "\n")
    path = project.write(
        "content/long.md", "---\ntitle: Long\nbibliography: refs.yaml\n---\n" + "\n".join(body)
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not [d for d in diags if d.is_error]
    return doc


def test_numbering_and_positions_in_a_long_report(project: Project) -> None:
    doc = long_report(project)
    assert [n.number for n in doc.notes] == list(range(1, 161))
    assert len([b for b in doc.body if isinstance(b, ir.Heading)]) == 40
    texts = [ir.note_text(n) for n in doc.notes]
    for i, text in enumerate(texts):
        if i % 10 == 9:
            assert text == f"An author note {i}."
        elif i % 5 == 1:
            assert text == f"Ibid., p. {i}."  # always right after a single-source note
    first_seen: set[int] = set()
    for i, text in enumerate(texts):
        if i % 10 == 9 or i % 5 == 1:
            continue
        src = (i * 7) % 60
        if src not in first_seen:
            assert text.startswith(f"Ann Author{src}, ")
        elif not text.startswith("Ibid."):
            assert text.startswith(f"Author{src}, ")
        first_seen.add(src)
    style = load_style("commentary", project.root, Diagnostics())
    assert style is not None
    page = lxml_html.fromstring(render_html(doc, style).encode())
    assert len(page.xpath('//*[@role="doc-endnotes"]//li')) == 160
