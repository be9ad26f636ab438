"""A copied house style with a mistake in it: `check` and `build` exit 1 with a located
`style.invalid` error at the offending string or part name, and a hint with what is allowed —
never an internal error.

Each case copies the built-in `commentary` style into the project's templates/, plants one
mistake in one of its files and runs the CLI; the expected line and column are those of the
planted text in the copied file."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefkit.cite.parts import PARTS
from briefkit.errors import Diagnostics
from briefkit.load.styles import load_style
from tests.conftest import REPO, Project

KNOWN = ", ".join(sorted(PARTS))
BRIEFING = """---
title: T
style: mine
references:
  - id: mod
    type: webpage
    author: [{literal: Ministry of Defense}]
    title: A Page
    issued: 2021-05-04
    URL: https://example.org/page
  - id: jp
    type: book
    author: [{family: 小川, given: 博}]
    title: 題名の本
    publisher: 出版社
    issued: 2020-04
---
Text.[@mod, p. 3] More.[@jp]
"""


@dataclass(frozen=True)
class Plant:
    file: str  # in templates/mine/
    old: str  # replaced, once, by
    new: str
    at: str  # the text of `new` (unique in the file) where the error is located
    message: str
    hint: str


CASES = {
    "unknown-placeholder": Plant(
        "citations.yaml",
        '"{month} {day}, {year}"',
        '"{mon} {day}, {year}"',
        '"{mon}',
        "dates.day-month-year: unknown placeholder '{mon}' in '{mon} {day}, {year}'",
        "did you mean '{month}'? this setting may use {month}, {day}, {year}",
    ),
    "unclosed-brace": Plant(
        "citations.ja.yaml",
        'year: "{year}年"',
        'year: "{year年"',
        '"{year年"',
        "dates.year: malformed template '{year年': expected '}' before end of string",
        "this setting may use {year}; write {{ and }} for a literal brace",
    ),
    "lone-closing-brace": Plant(
        "citations.yaml",
        '"{month} {year}"',
        '"{month}} {year}"',
        '"{month}}',
        "dates.month-year: malformed template '{month}} {year}': Single '}' encountered in "
        "format string",
        "this setting may use {month}, {year}; write {{ and }} for a literal brace",
    ),
    "positional": Plant(
        "citations.ja.yaml",
        '"{year}年{month}月"',
        '"{0}年{month}月"',
        '"{0}年{month}月"',
        "dates.month-year: positional placeholder '{0}' in '{0}年{month}月'",
        "this setting may use {month}, {year}",
    ),
    "conversion": Plant(
        "citations.ja.yaml",
        'edited-by: "{names}編"',
        'edited-by: "{names!r}編"',
        '"{names!r}編"',
        "terms.edited-by: conversion '!r' in '{names!r}編' is not supported",
        "this setting may use {names}",
    ),
    "format-spec": Plant(
        "citations.ja.yaml",
        'issue: "第{issue}号"',
        'issue: "第{issue:>10}号"',
        '"第{issue:>10}号"',
        "journal.issue: format spec ':>10' in '第{issue:>10}号' is not supported",
        "this setting may use {issue}",
    ),
    "no-close-name": Plant(
        "citations.ja.yaml",
        'edition: "第{n}版"',
        'edition: "第{number}版"',
        '"第{number}版"',
        "terms.edition: unknown placeholder '{number}' in '第{number}版'",
        "this setting may use {n}, {ordinal}",
    ),
    "locator-format": Plant(
        "citations.ja.yaml",
        '"{value}{label}"',
        '"{value}{lable}"',
        '"{value}{lable}"',
        "locator-format: unknown placeholder '{lable}' in '{value}{lable}'",
        "did you mean '{label}'? this setting may use {label}, {value}",
    ),
    "locator-label": Plant(
        "citations.ja.yaml",
        'page: ["{value}頁", "{value}頁"]',
        'page: ["{value}頁", "{page}頁"]',
        '"{page}頁"',
        "locator-labels.page: unknown placeholder '{page}' in '{page}頁'",
        "this setting may use {value}",
    ),
    "pydantic-context-key": Plant(  # braces named like the error's context stay as written
        "citations.yaml",
        '"{month} {year}"',
        '"{hint} {message}"',
        '"{hint}',
        "dates.month-year: unknown placeholder '{hint}' in '{hint} {message}'",
        "this setting may use {month}, {year}",
    ),
    "strings-label": Plant(
        "strings/ja.yaml",
        'role: "{affiliation} {position}"',
        'role: "{affiliation} {posiiton}"',
        '"{affiliation} {posiiton}"',
        "role: unknown placeholder '{posiiton}' in '{affiliation} {posiiton}'",
        "did you mean '{position}'? this setting may use {position}, {affiliation}",
    ),
    "strings-label-malformed": Plant(
        "strings/en.yaml",
        'website: "{publisher} website"',
        'website: "{publisher website"',
        '"{publisher website"',
        "website: malformed template '{publisher website': expected '}' before end of string",
        "this setting may use {publisher}; write {{ and }} for a literal brace",
    ),
    "style-yaml-label": Plant(
        "style.yaml",
        "name: mine\n",
        'name: mine\nlabels:\n  en:\n    website: "{name} website"\n',
        '"{name} website"',
        "labels.en.website: unknown placeholder '{name}' in '{name} website'",
        "this setting may use {publisher}",
    ),
    "unknown-layout-part": Plant(
        "citations.yaml",
        "parts: [author, title, journal, locator, link]",
        "parts: [author, title, jurnal, locator, link]",
        "jurnal",
        f"layouts.article-journal.parts: unknown layout part 'jurnal' (known: {KNOWN})",
        "did you mean 'journal'?",
    ),
    "unknown-short-part": Plant(
        "citations.ja.yaml",
        "short: [author-short, title-short, locator]",
        "short: [author-short, title-shrt, locator]",
        "title-shrt",
        f"short: unknown layout part 'title-shrt' (known: {KNOWN})",
        "did you mean 'title-short'?",
    ),
}


def copy_style(project: Project) -> Path:
    style = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", style)
    meta = style / "style.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("name: commentary", "name: mine"),
        encoding="utf-8",
    )
    project.write("content/b.md", BRIEFING)
    return style


def plant(style: Path, case: Plant) -> tuple[int, int]:
    """Replace `old` by `new` in the copied file; the 1-based line and column of `at`."""
    path = style / case.file
    text = path.read_text(encoding="utf-8")
    assert text.count(case.old) == 1, case.old
    text = text.replace(case.old, case.new)
    path.write_text(text, encoding="utf-8")
    assert text.count(case.at) == 1, case.at
    index = text.index(case.at)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def test_the_copied_style_builds_as_it_is(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    copy_style(project)
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_mistake_in_a_copied_style_is_located(  # type: ignore[no-untyped-def]
    project: Project, cli, name: str, command: str
) -> None:
    case = CASES[name]
    line, col = plant(copy_style(project), case)
    result = cli(command)
    assert result.exit_code == 1, result.stderr
    output = result.stderr + result.stdout
    assert "internal error" not in output and "Traceback" not in output
    expected = (
        f"templates/mine/{case.file}:{line}:{col}: error[style.invalid]: {case.message}\n"
        f"  hint: {case.hint}"
    )
    assert re.search(rf"^{re.escape(expected)}$", result.stderr, re.M), result.stderr
    assert result.stderr.count("error[") == 1, result.stderr
    out = project.root / "output"
    assert not out.exists() or not any(out.iterdir())


def test_load_style_reports_every_bad_part_name_and_returns_nothing(project: Project) -> None:
    style = copy_style(project)
    cfg = style / "citations.yaml"
    text = cfg.read_text(encoding="utf-8").replace(
        "parts: [author, title, date,", "parts: [autor, titel, date,"
    )
    cfg.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    assert load_style("mine", project.root, diags) is None
    found = {(d.code, d.message.split(" (known")[0], d.hint) for d in diags}
    assert (
        "style.invalid",
        "layouts.default.parts: unknown layout part 'autor'",
        "did you mean 'author'?",
    ) in found
    assert (
        "style.invalid",
        "layouts.default.parts: unknown layout part 'titel'",
        "did you mean 'title'?",
    ) in found
    assert all(d.loc is not None and d.loc.line > 1 for d in diags)
