"""What the preview adds to a served page: a nonce'd reload script the page's CSP allows, a
banner after a failed build, and nothing else."""

from __future__ import annotations

import re

import pytest

from briefkit.preview.page import (
    BANNER_ID,
    ENDPOINT,
    PageStatus,
    error_page,
    index_page,
    relax_csp,
    serve_page,
)

SEED_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def directives(policy: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in policy.split(";") if p.strip()}


def test_relax_the_house_policy() -> None:
    got = directives(relax_csp(SEED_CSP, "N1"))
    assert got["script-src"] == ["'nonce-N1'"]
    assert got["connect-src"] == ["'self'"]
    assert got["style-src"] == ["'unsafe-inline'"]
    # everything else is kept as it was
    assert got["default-src"] == ["'none'"] and got["img-src"] == ["data:"]
    assert got["base-uri"] == ["'none'"] and got["form-action"] == ["'none'"]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # an existing script-src keeps its sources and gains the nonce
        ("script-src 'self'", {"script-src": ["'self'", "'nonce-N'"]}),
        # without default-src, what is not restricted stays unrestricted
        ("img-src data:", {"img-src": ["data:"]}),
        # a nonce in style-src disables 'unsafe-inline': not added (the banner is unstyled)
        (
            "default-src 'none'; style-src 'nonce-abc'",
            {
                "default-src": ["'none'"],
                "style-src": ["'nonce-abc'"],
                "script-src": ["'nonce-N'"],
                "connect-src": ["'self'"],
            },
        ),
        (
            "default-src *",
            {
                "default-src": ["*"],
                "script-src": ["*", "'nonce-N'"],
                "style-src": ["*", "'unsafe-inline'"],
            },
        ),
    ],
)
def test_relax_other_policies(policy: str, expected: dict[str, list[str]]) -> None:
    assert directives(relax_csp(policy, "N")) == expected


PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{SEED_CSP}">
<title>T</title></head>
<body class="x"><main><p>Text</p></main></body></html>
"""


def test_served_copy_has_script_allowed_by_its_csp() -> None:
    served = serve_page(PAGE.encode(), "brief", 7, PageStatus(), nonce="NONCE1").decode()
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', served)
    assert meta is not None
    policy = directives(meta.group(1))
    assert policy["script-src"] == ["'nonce-NONCE1'"] and policy["connect-src"] == ["'self'"]
    scripts = re.findall(r"<script nonce=\"([^\"]+)\">(.*?)</script>", served, re.S)
    assert [n for n, _ in scripts] == ["NONCE1"]
    assert ENDPOINT in scripts[0][1] and '"since": 7' in scripts[0][1]
    assert served.index("<script") > served.index("</main>")  # at the end of the body
    assert BANNER_ID not in served
    assert served.replace(scripts[0][1], "").count("Text") == 1  # the page itself is untouched


def test_failed_build_banner_escapes_the_messages() -> None:
    status = PageStatus(
        True, ("content/x.md:4:8: error[cite.unknown-key]: unknown reference '<b>'",)
    )
    served = serve_page(PAGE.encode(), "x", 2, status).decode()
    start = served.index(BANNER_ID)
    assert served.index('<body class="x">') < start < served.index("<main>")
    assert "error[cite.unknown-key]" in served and "&lt;b&gt;" in served and "<b>" not in served
    nonces = set(re.findall(r"nonce-([A-Za-z0-9_-]+)", served))
    assert len(nonces) == 1 and f'<script nonce="{nonces.pop()}">' in served


def test_generated_pages() -> None:
    status = PageStatus(
        True, ("x.md:1:1: error[frontmatter.missing]: briefing has no front matter",)
    )
    page = error_page("x", 3, status).decode()
    assert "frontmatter.missing" in page and "nothing has been built yet" in page
    index = index_page([("a", ["a.html", "a.pdf"], PageStatus()), ("x", [], status)], 5).decode()
    assert '<a href="a.html">html</a> <a href="a.pdf">pdf</a>' in index
    assert "failed (1 problem)" in index and '"since": 5' in index
