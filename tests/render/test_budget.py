"""House-style templates run under a time and an output budget (`render.budget`): a runaway
loop, a huge value made at once, or a template that includes itself is a located
`style.invalid` error, in the page template and in the Word template's placeholders alike,
and the build is not held up (a SIGALRM guard protects CI should the budget fail)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from briefkit.errors import BriefkitError
from briefkit.render import budget
from briefkit.render.budget import BoundedImmutableSandbox, BudgetExceeded, render_bounded
from briefkit.render.docx.template import TemplateFiller
from tests.conftest import REPO, Project
from tests.test_bounded_catalogue import guard, snapshot

NESTED = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
HUGE = {
    "repeat": "{{ 'x' * 10**10 }}",
    "power": "{{ (2**100000)**100000 }}",
    "center": "{{ 'x'|center(1000000000) }}",
    "format-method": "{{ '{:>999999999}'.format(1) }}",
    "format-filter": "{{ '%999999999s'|format(1) }}",
    "replace": "{{ ('x' * 100000).replace('x', 'y' * 100000) }}",
    "list-repeat": "{{ (range(10)|list) * 100000000 }}",
}


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "TEMPLATE_SECONDS", 1.0)


def sandbox() -> BoundedImmutableSandbox:
    env = BoundedImmutableSandbox()
    env.bound_filters()
    return env


def test_a_nested_loop_is_stopped_at_the_time_budget(quick: None) -> None:
    with guard(30), pytest.raises(BudgetExceeded, match="ran for more than 1 s"):
        render_bounded(sandbox().from_string(NESTED), {})


def test_output_past_the_budget_is_stopped() -> None:
    template = sandbox().from_string("{% for a in range(99999) %}{{ 'y' * 99 }}{% endfor %}")
    with guard(30), pytest.raises(BudgetExceeded, match="output passed 1,000 characters"):
        render_bounded(template, {}, max_chars=1000)


@pytest.mark.parametrize("source", HUGE.values(), ids=HUGE.keys())
def test_an_operation_making_a_huge_value_is_refused_before_it_runs(source: str) -> None:
    with guard(30), pytest.raises(BudgetExceeded):
        render_bounded(sandbox().from_string(source), {})


@pytest.mark.parametrize(
    ("source", "out"),
    [
        ("{{ 'ab' * 3 }}", "ababab"),
        ("{{ 2 ** 10 }}", "1024"),
        ("{{ '%s-%s'|format(1, 2) }}", "1-2"),
        ("{{ 'x'|center(5) }}", "  x  "),
        ("{{ '{:>4}'.format(7) }}", "   7"),
        ("{% for i in range(3) %}{{ loop.index }}{% endfor %}", "123"),
    ],
)
def test_ordinary_templates_are_unchanged(source: str, out: str) -> None:
    assert render_bounded(sandbox().from_string(source), {}) == out


def test_the_word_templates_placeholders_are_bounded_too(quick: None) -> None:
    filler = TemplateFiller({"title": "T"})
    with guard(30), pytest.raises(BriefkitError, match="Word template: cannot fill"):
        filler._render(NESTED)
    with pytest.raises(BriefkitError, match="would make a value"):
        filler._render(HUGE["repeat"])
    assert filler._render("{{ title }}") == "T"


@pytest.mark.parametrize(
    "line",
    [NESTED, HUGE["repeat"], HUGE["center"], '{% include "page.html.j2" %}'],
    ids=["nested-loop", "repeat", "center", "self-include"],
)
def test_a_runaway_page_template_is_a_located_style_error(
    project: Project, cli: Any, quick: None, line: str
) -> None:
    style = project.root / "templates" / "house"
    shutil.copytree(REPO / "templates" / "commentary", style)
    page = style / "html" / "page.html.j2"
    original = page.read_text(encoding="utf-8")
    project.write("content/a.md", "---\ntitle: T\nstyle: house\n---\nText.\n")
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    before = snapshot(project.root / "output")
    page.write_text(f"{line}\n{original}", encoding="utf-8")
    with guard():
        result = cli("build", "-f", "html,pdf,docx")
    assert result.exit_code == 1, result.stderr
    assert "templates/house/html/page.html.j2:1:1: error[style.invalid]: template error: " in (
        result.stderr
    )
    assert "internal error" not in result.stderr
    assert snapshot(project.root / "output") == before


def test_a_runaway_word_placeholder_is_a_located_style_error(
    project: Project, cli: Any, quick: None
) -> None:
    import io
    import zipfile

    style = project.root / "templates" / "house"
    shutil.copytree(REPO / "templates" / "commentary", style)
    good = (style / "template.docx").read_bytes()
    project.write("content/a.md", "---\ntitle: T\nstyle: house\nseries: S\n---\nText.\n")
    assert cli("build", "-f", "docx").exit_code == 0
    before = snapshot(project.root / "output")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "word/document.xml":
                assert b"{{ series }}" in data
                data = data.replace(b"{{ series }}", NESTED.encode() + b"{{ series }}", 1)
            w.writestr(info.filename, data)
    (style / "template.docx").write_bytes(out.getvalue())
    with guard():
        result = cli("build", "-f", "docx")
    assert result.exit_code == 1, result.stderr
    assert (
        "templates/house/template.docx:1:1: error[style.invalid]: Word template: cannot fill"
        in (result.stderr)
    )
    assert "ran for more than 1 s" in result.stderr
    assert snapshot(project.root / "output") == before
