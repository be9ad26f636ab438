"""Property tests: whatever a content file holds, loading, resolving and rendering HTML either
succeed or report diagnostics — never an unhandled exception. A fixed budget runs in
`make test`; `make fuzz` runs a longer one (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.errors import Diagnostics
from briefkit.load.document import load_document
from briefkit.render.html.page import render_html
from briefkit.resolve.resolver import resolve
from tests.helpers import house_style

STYLE = house_style()
MARKDOWN_BITS = [
    "[@a]",
    "[@b, p. 5]",
    "[see @a; -@b]",
    "@a [p. 3]",
    "[^n]",
    "[^m]",
    "^[inline [@a]]",
    "\n\n[^n]: note",
    "\n\n[^n]: dup",
    "*",
    "**",
    "_",
    "`",
    "#",
    "## ",
    "> ",
    "- ",
    "1. ",
    "[",
    "]",
    "(",
    ")",
    "![img](x.png)",
    "[link](https://e.org)",
    "[js](javascript:x)",
    "<b>",
    "</b>",
    "<script>",
    "<!--",
    "|a|b|\n|-|-|\n",
    "```",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "\\",
    "{",
    "}",
    "é",
    "日本",
    "\u0007",
    "\u200b",
    "'",
    '"',
    "--",
    "...",
    "@{k}",
    "[@",
]
YAML_BITS = [
    "title: T\n",
    "title: [a, b]\n",
    "title: \n",
    "author: X\n",
    "author:\n  - name: Y\n",
    "author: {family: F}\n",
    "date: 2025-13-40\n",
    "date: 2025\n",
    "lang: 12\n",
    "references:\n  - id: a\n    title: A\n",
    "references:\n  - id: a\n",
    "references: 5\n",
    "bibliography: nope.yaml\n",
    "bibliography: [../x.bib]\n",
    "style: nope\n",
    "x: [\n",
    ": :\n",
    "- a\n",
    "publisher: {phones: {a: 1}}\n",
    "subtitel: s\n",
    "&a [*a]\n",
    "raw-html: safe\n",
    "raw-html: bogus\n",
    "keywords: a, b\n",
    "'unterminated\n",
]

markdown = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=12)), max_size=40
).map("".join)
front = st.lists(st.sampled_from(YAML_BITS), max_size=8).map("".join)


def run(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "briefkit.toml").write_text("", encoding="utf-8")
        path = root / "b.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        diags = Diagnostics()
        doc = load_document(path, root, diags)
        if doc is None:
            assert diags.has_errors
            return
        resolved = resolve(doc, STYLE, diags)
        render_html(resolved, STYLE)
        for d in diags:
            assert d.code and d.message


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(front, markdown)
def test_any_briefing_loads_resolves_and_renders_or_reports(fm: str, body: str) -> None:
    run(f"---\n{fm}---\n{body}\n")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all(text: str) -> None:
    run(text)
