"""House styles are untrusted content: a hostile page template (a project copies a style into
its own `templates/` and may edit it) can neither run a command, nor read a file outside its
style's `html/` folder, nor crash the build. Every such attempt is a located `style.invalid`
error (exit 1), and nothing from outside the project reaches an output."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import Markup

from briefkit.render.html.page import page_context
from briefkit.render.resources import RenderResources
from tests.conftest import REPO, SEED, Project
from tests.helpers import house_style, resolve_file

SECRET = "OUTSIDE-SECRET-5150"


@dataclasses.dataclass
class Hostile:
    project: Project
    style: Path  # templates/mine
    outside: Path  # a file beside the project, never to be read
    inside: Path  # a file in the project root, outside the style: not to be read either
    canary: Path  # created by any command the template manages to run

    def page(self, *lines: str) -> int:
        """Replace the style's page template with `lines` between two of ours; returns the
        line number of the first of them."""
        text = "\n".join(["<!DOCTYPE html>", "<html>", *lines, "</html>", ""])
        (self.style / "html" / "page.html.j2").write_text(text, encoding="utf-8")
        return 3


@pytest.fixture
def hostile(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    (style / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    project.write("content/b.md", "---\ntitle: T\nstyle: mine\n---\n\nText.\n")
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # not below the project
    outside = elsewhere / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    inside = project.root / "outside.txt"
    inside.write_text(SECRET, encoding="utf-8")
    return Hostile(project, style, outside, inside, elsewhere / "CANARY")


def atime_is_recorded(folder: Path) -> bool:
    """Whether reading a file in `folder` moves its access time (not on noatime mounts)."""
    probe = folder / "atime-probe.txt"
    probe.write_text("probe", encoding="utf-8")
    stat = probe.stat()
    os.utime(probe, ns=(stat.st_mtime_ns - 10**10, stat.st_mtime_ns))
    before = probe.stat().st_atime_ns
    probe.read_text(encoding="utf-8")
    moved = probe.stat().st_atime_ns != before
    probe.unlink()
    return moved


GADGETS = {
    "subclasses": "<p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p>",
    "popen": "{{ cycler.__init__.__globals__.os.popen('touch CANARY_PATH').read() }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('touch CANARY_PATH') }}",
    "format-string": "{{ '{0.__class__.__init__.__globals__}'.format(meta) }}",
    "attr-filter": "{{ (meta | attr('__class__')).__init__.__globals__ }}",
    "mutate-context": "{{ labels.update({'notes': 'hacked'}) }}",
    "include-parent": "{% include '../../../outside.txt' %}",
    "include-above-project": "{% include '../../../../outside.txt' %}",
    "include-absolute": "{% include 'OUTSIDE_PATH' %}",
    "import-outside": "{% import '../../../../outside.txt' as x %}",
    "extends-outside": "{% extends '../../../../outside.txt' %}",
    "include-symlink": "{% include 'partial.html.j2' %}",
    "undefined": "{{ no_such_value.title }}",
    "raises": "{{ 1 // 0 }}",
    "recursion": "{% include 'page.html.j2' %}",
}


@pytest.mark.parametrize("name", sorted(GADGETS))
def test_a_hostile_page_template_is_a_located_style_error(
    hostile: Hostile,
    cli,  # type: ignore[no-untyped-def]
    name: str,
) -> None:
    gadget = GADGETS[name]
    gadget = gadget.replace("CANARY_PATH", str(hostile.canary))
    gadget = gadget.replace("OUTSIDE_PATH", str(hostile.outside))
    line = hostile.page("<body>", gadget, "</body>") + 1
    # a symlink inside html/ pointing out of the project
    (hostile.style / "html" / "partial.html.j2").symlink_to(hostile.outside)
    check_atime = atime_is_recorded(hostile.outside.parent)
    atimes = {}
    for path in (hostile.outside, hostile.inside):  # a read now would move them
        stat = path.stat()
        os.utime(path, ns=(stat.st_mtime_ns - 10**10, stat.st_mtime_ns))
        atimes[path] = path.stat().st_atime_ns

    result = cli("build", "-j", "1")  # html, pdf and docx

    assert result.exit_code == 1, result.stdout + result.stderr
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "internal error" not in text
    where = re.escape(f"templates/mine/html/page.html.j2:{line}:1")
    assert re.search(rf"^{where}: error\[style\.invalid\]: template error: ", result.stderr, re.M)
    assert SECRET not in text
    # no command ran, the files outside the style were not read, and nothing was written
    assert not hostile.canary.exists()
    if check_atime:  # before the content is read below
        assert {p: p.stat().st_atime_ns for p in atimes} == atimes
    assert hostile.outside.read_bytes() == SECRET.encode()
    out = hostile.project.root / "output"
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert written == []


def test_what_the_sandbox_refuses_is_named(hostile: Hostile, cli) -> None:  # type: ignore[no-untyped-def]
    hostile.page("{{ ''.__class__ }}")
    result = cli("build", "-f", "html", "-j", "1")
    assert "access to attribute '__class__' of 'str' object is unsafe" in result.stderr
    (hostile.style / "html" / "partial.html.j2").symlink_to(hostile.outside)
    hostile.page("{% include 'partial.html.j2' %}")
    result = cli("build", "-f", "html", "-j", "1")
    assert "'partial.html.j2' lies outside the house style's html/ folder" in result.stderr


def test_an_error_in_an_included_template_is_located_there(hostile: Hostile, cli) -> None:  # type: ignore[no-untyped-def]
    partial = hostile.style / "html" / "partial.html.j2"
    hostile.page("{% include 'partial.html.j2' %}")
    partial.write_text("<p>fine</p>\n{{ nope }}\n", encoding="utf-8")
    result = cli("build", "-f", "html", "-j", "1")
    assert result.exit_code == 1
    assert "templates/mine/html/partial.html.j2:2:1: error[style.invalid]: template error: " in (
        result.stderr
    )
    partial.write_text("<p>fine</p>\n\n{% if %}\n", encoding="utf-8")  # a syntax error
    result = cli("build", "-f", "html", "-j", "1")
    assert result.exit_code == 1
    assert "templates/mine/html/partial.html.j2:3:1: error[style.template]:" in result.stderr


@pytest.mark.parametrize("name", ["html/style.css", "html/print.css", "template.docx"])
def test_a_style_file_linked_out_of_the_style_is_refused(
    hostile: Hostile,
    cli,  # type: ignore[no-untyped-def]
    name: str,
) -> None:
    target = hostile.style / name
    target.unlink()
    target.symlink_to(hostile.outside)
    result = cli("build", "-j", "1")
    assert result.exit_code == 1, result.stderr
    assert f"templates/mine/{name}:1:1: error[style.invalid]: " in result.stderr
    assert SECRET not in result.stdout + result.stderr
    out = hostile.project.root / "output"
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_a_style_may_include_its_own_files_and_links_within_itself(hostile: Hostile, cli) -> None:  # type: ignore[no-untyped-def]
    html = hostile.style / "html"
    (html / "parts").mkdir()
    (html / "parts" / "footer.html.j2").write_text(
        "<p class='own'>{{ meta.title_text }} / {{ labels.get('notes') }}</p>\n", encoding="utf-8"
    )
    (html / "alias.html.j2").symlink_to(html / "parts" / "footer.html.j2")
    hostile.page("<body>", "{% include 'parts/footer.html.j2' %}", "{% include 'alias.html.j2' %}")
    result = cli("build", "-f", "html", "-j", "1")
    assert result.exit_code == 0, result.stderr
    page = (hostile.project.root / "output" / "b.html").read_text(encoding="utf-8")
    assert page.count("<p class='own'>T / Notes</p>") == 2


def leaves(value: object, seen: set[int] | None = None) -> Iterator[object]:
    """Every value reachable from `value` through dataclass fields, mappings and sequences."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from leaves(getattr(value, f.name), seen)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(k, seen)
            yield from leaves(v, seen)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from leaves(v, seen)
    else:
        yield value


@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_template_context_holds_only_plain_values(media: str) -> None:
    """No path, file or function in what a template sees: nothing it could call to reach the
    machine (the sandbox refuses `_` attributes; this keeps the rest harmless)."""
    doc, _ = resolve_file(SEED, REPO)
    style = house_style()
    files = RenderResources().style(style.path)
    context = page_context(doc, media, None, files)  # type: ignore[arg-type]
    kinds = {type(v) for v in leaves(context)}
    assert kinds <= {str, int, bool, type(None), Markup}, kinds
    assert {type(v) for v in leaves(doc.meta)} <= {str, int, bool, type(None)}
