"""Hostile and careless content: it builds, and nothing dangerous or lost comes out of it;
nothing outside the project is read or written (a canary beside it, by content and atime), and
the output set of another briefing built before it is left byte for byte."""

from __future__ import annotations

import socket
import threading

import pytest
from lxml import html as lxml_html

from tests.build.manifests import Previous, previous_set
from tests.conftest import Project

HOSTILE = """---
title: "Hostile <script>alert('t')</script>"
references:
  - id: evil
    type: webpage
    title: Evil source
    URL: "javascript:alert('ref')"
---
# Hello <img src=x onerror=alert(1)>

Text <script>document.cookie</script> with <a href="javascript:alert(2)" onclick="x()">a link</a>
and [a bad link](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)
and <span onmouseover="alert(4)">hover</span> and <iframe src="https://evil.example"></iframe>.
A citation of the evil source.[@evil] A control character: \u0007 here.

<div onclick="alert(5)"><script>alert(6)</script></div>

<svg onload="alert(7)"><circle r="5"/></svg>
"""


def built_page(project: Project, cli, text: str) -> tuple[object, object]:  # type: ignore[no-untyped-def]
    previous = previous_set(project, cli, "prev")
    project.write("content/h.md", text)
    result = cli("build", "-f", "html")
    assert result.exit_code == 0, result.stderr
    previous.intact()  # prev.html, its manifest; the canary
    page = lxml_html.fromstring((project.root / "output" / "h.html").read_bytes())
    return page, result


def test_scripts_handlers_and_dangerous_links_never_reach_the_page(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    page, result = built_page(project, cli, HOSTILE)
    scripts = page.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert not page.xpath("//iframe | //svg | //img | //object | //embed")
    handlers = [a for el in page.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    hrefs = page.xpath("//@href") + page.xpath("//@src")
    assert not [
        h for h in hrefs if h.strip().lower().startswith(("javascript", "vbscript", "data:"))
    ]
    codes = [
        line.split("[")[1].split("]")[0]
        for line in result.stderr.splitlines()  # type: ignore[attr-defined]
        if ": warning[" in line
    ]
    assert "html.raw" in codes and "link.unsafe" in codes and "text.control-char" in codes
    assert "ref.invalid-url" in codes
    body = page.xpath('//div[@class="body"]')[0].text_content()
    assert "\u0007" not in body and "A citation of the evil source." in body


def test_safe_mode_keeps_only_the_safe_subset(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    page, _ = built_page(
        project,
        cli,
        HOSTILE.replace("---\n#", "raw-html: safe\n---\n#", 1).replace(
            'title: "Hostile', 'title: "Safe', 1
        ),
    )
    assert not page.xpath("//div[@class='body']//script | //iframe | //svg")
    assert not [a for el in page.iter() for a in el.attrib if a.lower().startswith("on")]


def test_no_network_connection_during_a_build_naming_remote_resources(
    project: Project,
    cli,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    previous: Previous = previous_set(project, cli, "prev", formats="html,pdf,docx")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    project.write(
        "content/r.md",
        """---
title: Remote things
bibliography: refs.yaml
---
See [the site](https://example.org/page) and the source.[@web]
""",
    )
    project.write(
        "content/refs.yaml",
        "- id: web\n  type: webpage\n  title: W\n  URL: https://example.org/w.pdf\n",
    )
    project.write("content/img.md", "---\ntitle: I\n---\n![x](https://example.org/x.png)\n")
    result = cli("build")
    assert result.exit_code == 1  # the remote image is refused, located
    assert "content/img.md:4:1: error[asset.remote]" in result.stderr
    assert (project.root / "output" / "r.html").is_file()
    assert (project.root / "output" / "r.pdf").is_file()
    assert attempts == []
    previous.intact()
    assert not (project.root / "output" / "img.html").exists()  # the refused one: nothing


def test_concurrent_builds_into_one_folder_do_not_corrupt_each_other(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    from briefkit.build.pipeline import Pipeline

    previous = previous_set(project, cli, "prev")

    project.write("content/a.md", "---\ntitle: A\n---\n" + "Alpha text. " * 400 + "\n")
    out = project.root / "output"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            for _ in range(3):
                Pipeline().build(project.root / "content" / "a.md", ["html"], out, False)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    page = (out / "a.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and page.count("Alpha text.") == 400
    assert sorted(p.name for p in out.iterdir()) == [".briefkit", "a.html", "prev.html"]  # no temp
    previous.intact()
