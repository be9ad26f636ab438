"""A catalogue of broken briefings: each stops the build with exit 1, a located diagnostic with
its exact code and message, no traceback, nothing written to the output folder (the set of a
clean build before it is left byte for byte) and nothing outside the project read or written
(a canary beside it, by content and atime)."""

from __future__ import annotations

import re

import pytest

from tests.build.manifests import previous_set
from tests.conftest import Project

GOOD_REFS = "- id: real2024\n  type: webpage\n  title: Real\n  URL: https://example.org\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)

# name -> (files, (path, line, col, code, message))
CASES: dict[str, tuple[dict[str, str | bytes], tuple[str, int, int, str, str]]] = {
    "malformed-yaml": (
        {"b.md": "---\ntitle: T\nauthor: [a, b\n---\nText.\n"},
        (
            "b.md",
            3,
            9,
            "frontmatter.syntax",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
    ),
    "empty-file": ({"b.md": ""}, ("b.md", 1, 1, "file.empty", "briefing is empty")),
    "not-utf8": (
        {"b.md": b"---\ntitle: caf\xe9\n---\n"},
        ("b.md", 2, 11, "file.encoding", "briefing is not valid UTF-8 (byte 0xe9)"),
    ),
    "binary": (
        {"b.md": b"\x89PNG\r\n\x1a\n\x00\x00"},
        ("b.md", 3, 1, "file.binary", "briefing is binary, not text"),
    ),
    "no-title": (
        {"b.md": "---\nsubtitle: S\n---\nText.\n"},
        ("b.md", 2, 1, "frontmatter.invalid", "missing required field 'title'"),
    ),
    "bad-date": (
        {"b.md": "---\ntitle: T\ndate: 2025-02-30\n---\nText.\n"},
        ("b.md", 3, 7, "frontmatter.invalid", "date: 2025-02-30 is not a calendar date"),
    ),
    "unknown-key-strict": (  # a warning; --strict makes it fail
        {"b.md": "---\ntitle: T\nseires: S\n---\nText.\n"},
        ("b.md", 3, 1, "frontmatter.unknown-key", "unknown key 'seires'"),
    ),
    "unknown-citation": (
        {
            "b.md": "---\ntitle: T\nbibliography: r.yaml\n---\nText [@reel2024].\n",
            "r.yaml": GOOD_REFS,
        },
        ("b.md", 5, 8, "cite.unknown-key", "unknown reference 'reel2024'"),
    ),
    "undefined-footnote": (
        {"b.md": "---\ntitle: T\n---\nText.[^gone]\n"},
        ("b.md", 4, 6, "note.undefined", "footnote [^gone] is not defined"),
    ),
    "unused-definition-strict": (
        {"b.md": "---\ntitle: T\n---\nText.\n\n[^spare]: Never called.\n"},
        ("b.md", 6, 1, "note.unused", "footnote [^spare] is defined but never called"),
    ),
    "duplicate-id": (
        {
            "b.md": "---\ntitle: T\nbibliography: r.yaml\n---\n[@real2024]\n",
            "r.yaml": GOOD_REFS + GOOD_REFS,
        },
        (
            "r.yaml",
            5,
            7,
            "ref.duplicate-id",
            "duplicate reference id 'real2024' (first defined at content/r.yaml:1:7)",
        ),
    ),
    "references-missing": (
        {"b.md": "---\ntitle: T\nbibliography: gone.yaml\n---\nText.\n"},
        ("b.md", 3, 15, "ref.file-missing", "bibliography file 'gone.yaml' not found"),
    ),
    "references-not-a-list": (
        {"b.md": "---\ntitle: T\nbibliography: r.yaml\n---\nText.\n", "r.yaml": "id: x\n"},
        (
            "r.yaml",
            1,
            1,
            "ref.not-a-list",
            "a references file must hold a list of references (found a dict)",
        ),
    ),
    "reference-wrong-type": (
        {
            "b.md": "---\ntitle: T\nbibliography: r.yaml\n---\n[@x]\n",
            "r.yaml": "- id: x\n  type: book\n  title: [1, 2]\n",
        },
        (
            "r.yaml",
            3,
            10,
            "ref.invalid-field",
            "reference 'x': title: Input should be a valid string",
        ),
    ),
    "image-missing": (
        {"b.md": "---\ntitle: T\n---\n![A chart](chart.png)\n"},
        ("b.md", 4, 1, "asset.missing", "image 'chart.png' not found"),
    ),
    "image-outside": (
        {"b.md": "---\ntitle: T\n---\nSee ![x](../../etc/x.png)\n"},
        ("b.md", 4, 5, "asset.outside-project", "image '../../etc/x.png' lies outside the project"),
    ),
    "image-remote": (
        {"b.md": "---\ntitle: T\n---\n![x](https://example.org/x.png)\n"},
        ("b.md", 4, 1, "asset.remote", "image 'https://example.org/x.png' is not a local file"),
    ),
    "unknown-style": (
        {"b.md": "---\ntitle: T\nstyle: comentary\n---\nText.\n"},
        ("b.md", 3, 8, "style.unknown", "no house style named 'comentary'"),
    ),
    "broken-template": (
        {
            "b.md": "---\ntitle: T\nstyle: mine\n---\nText.\n",
            "../templates/mine/style.yaml": "name: mine\n",
            "../templates/mine/citations.yaml": "layouts: {default: {parts: [title]}}\n",
            "../templates/mine/html/page.html.j2": "<html>\n{% if x %}\n</html>\n",
            # words for the briefing's language: without them, style.language-fallback first
            "../templates/mine/strings/en.yaml": "notes: Notes\n",
        },
        (
            "templates/mine/html/page.html.j2",
            3,
            1,
            "style.template",
            "template error: Unexpected end of template. Jinja was looking for the following "
            "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is "
            "'if'.",
        ),
    ),
    "style-placeholder": (
        {
            "b.md": "---\ntitle: T\nstyle: mine\n---\nText.\n",
            "../templates/mine/style.yaml": "name: mine\n",
            "../templates/mine/citations.yaml": (
                "dates: {day-month-year: '{mon} {day}, {year}'}\n"
                "layouts: {default: {parts: [title]}}\n"
            ),
            "../templates/mine/html/page.html.j2": "<html></html>\n",
        },
        (
            "templates/mine/citations.yaml",
            1,
            25,
            "style.invalid",
            "dates.day-month-year: unknown placeholder '{mon}' in '{mon} {day}, {year}'",
        ),
    ),
    "style-unknown-part": (
        {
            "b.md": "---\ntitle: T\nstyle: mine\n---\nText.\n",
            "../templates/mine/style.yaml": "name: mine\n",
            "../templates/mine/citations.yaml": "layouts: {default: {parts: [title, autor]}}\n",
            "../templates/mine/html/page.html.j2": "<html></html>\n",
        },
        (
            "templates/mine/citations.yaml",
            1,
            36,
            "style.invalid",
            "layouts.default.parts: unknown layout part 'autor' (known: accessed, archive, "
            "author, author-short, authority, collection, container, date, document-container, "
            "edition, editors, event, genre, interview-place, interviewer, journal, link, "
            "locator, medium, note, number, pages, paper-edition, place, publication, publisher, "
            "released, section, series, software-version, statute, statute-pinpoint, "
            "statute-year, title, title-short, translators, untitled-facts, version, volume, "
            "volume-locator)",
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_briefing(project: Project, cli, name: str) -> None:  # type: ignore[no-untyped-def]
    files, (path, line, col, code, message) = CASES[name]
    previous = previous_set(project, cli, "b")  # the same briefing, before it broke
    for rel, content in files.items():
        target = project.root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if name == "image-outside":
        (project.root.parent / "etc").mkdir(exist_ok=True)
        (project.root.parent / "etc" / "x.png").write_bytes(PNG)
    result = cli("build", "--strict")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    where = path if path.startswith("templates/") else f"content/{path}"
    pattern = re.compile(
        rf"^{re.escape(where)}:{line}:{col}: error\[{re.escape(code)}\]: "
        rf"{re.escape(message)}$",
        re.M,
    )
    assert pattern.search(result.stderr), result.stderr
    previous.unchanged()
