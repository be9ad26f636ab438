"""`RenderResources`: what the renderers make from a house style's files is held by one object
per owner, made once per style, and made again only when that style is invalidated."""

from __future__ import annotations

import importlib
import io
import pkgutil
import shutil
import zipfile
from pathlib import Path

import pytest

import briefkit.render
from briefkit.build.pipeline import BuildOptions, Pipeline
from briefkit.errors import BriefkitError, ExitCode
from briefkit.render.resources import RenderResources, Slot, StyleResources
from tests.conftest import REPO, Project
from tests.pdfread import read_pages

A4_WIDTH, A5_WIDTH = 595.3, 419.5  # points


def counting_slot(made: list[Path]) -> Slot[str]:
    def make(style: StyleResources) -> str:
        made.append(style.folder)
        return f"made from {style.folder.name}"

    return Slot("test:counting", make)


def test_a_slot_is_made_once_per_style_until_that_style_is_invalidated(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    made: list[Path] = []
    slot = counting_slot(made)
    resources = RenderResources()
    assert resources.style(one).get(slot) == "made from one"
    assert resources.style(two / ".." / "one") is resources.style(one)  # keyed by real path
    resources.style(one).get(slot)
    resources.style(two).get(slot)
    assert made == [one.resolve(), two.resolve()]
    resources.invalidate(one)
    resources.style(one).get(slot)
    resources.style(two).get(slot)
    assert made == [one.resolve(), two.resolve(), one.resolve()]  # `two` was kept
    assert resources.loaded() == {
        one.resolve(): ["test:counting"],
        two.resolve(): ["test:counting"],
    }
    resources.clear()
    assert resources.loaded() == {}
    # another owner has its own: nothing is shared through the module
    RenderResources().style(one).get(slot)
    assert len(made) == 4


def test_a_failure_is_not_kept(tmp_path: Path) -> None:
    attempts: list[int] = []

    def make(style: StyleResources) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("broken file")
        return len(attempts)

    slot = Slot("test:flaky", make)
    style = RenderResources().style(tmp_path)
    with pytest.raises(ValueError):
        style.get(slot)
    assert style.get(slot) == 2 and style.get(slot) == 2


def test_style_files_are_read_only_inside_the_style_folder(tmp_path: Path) -> None:
    folder = tmp_path / "style"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "style.css").write_text("p { color: red; }\r\n", encoding="utf-8")
    (folder / "html" / "alias.css").symlink_to(folder / "html" / "style.css")  # inside: fine
    secret = tmp_path / "secret.css"
    secret.write_text("SECRET", encoding="utf-8")
    (folder / "html" / "print.css").symlink_to(secret)
    style = RenderResources().style(folder)
    assert style.read_text("html", "style.css") == "p { color: red; }\n"  # as Python reads text
    assert style.read_text("html", "alias.css") == "p { color: red; }\n"
    assert style.read_text("html", "missing.css") is None
    with pytest.raises(BriefkitError) as refused:
        style.read_text("html", "print.css")
    error = refused.value
    assert (error.code, error.exit_code) == ("style.invalid", ExitCode.CONTENT)
    assert error.loc is not None and error.loc.path == folder.resolve() / "html" / "print.css"
    assert "SECRET" not in str(error)


def test_no_render_module_memoises_what_a_style_file_decides() -> None:
    """What depends on a house style's files lives in RenderResources; the module-level memos
    left depend on no file: WeasyPrint's fetcher class, registering the exit hook once, and a
    formula's SVG drawing (made from its MathML alone)."""
    cached = []
    for info in pkgutil.walk_packages(briefkit.render.__path__, "briefkit.render."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", "") == info.name:
                cached.append(f"{info.name}.{name}")
    assert sorted(cached) == [
        "briefkit.render.html.math._svg",
        "briefkit.render.pdf.engine._fetcher_class",
        "briefkit.render.resources._release_at_exit",
    ]
    assert not hasattr(briefkit.render, "clear_caches")


# ---------------------------------------------------------------- two runs of a pipeline
@pytest.fixture
def mine(project: Project) -> Path:
    """A project with a copy of the built-in style, and a briefing that uses it."""
    folder = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", folder)
    (folder / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    project.write("content/c.md", "---\ntitle: C\nstyle: mine\n---\n\nText.\n")
    return folder


def edit_style(folder: Path) -> None:
    """The screen CSS, the print CSS (A5 pages), the page template and the Word template."""
    css = folder / "html" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.edited-rule { color: red; }\n")
    print_css = folder / "html" / "print.css"
    print_css.write_text(print_css.read_text(encoding="utf-8") + "\n@page { size: A5; }\n")
    page = folder / "html" / "page.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("<main>", '<main data-edited="7">'))
    template = folder / "template.docx"
    with zipfile.ZipFile(template) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ date }}", b"{{ date }} DOCX-EDITED-7")
            dst.writestr(info, data)


def outputs(project: Project) -> tuple[str, float, bytes]:
    out = project.root / "output"
    html = (out / "c.html").read_text(encoding="utf-8")
    width = read_pages((out / "c.pdf").read_bytes())[0].width
    with zipfile.ZipFile(io.BytesIO((out / "c.docx").read_bytes())) as docx:
        document = docx.read("word/document.xml")
    return html, width, document


def test_two_runs_see_an_edited_style_once_its_resources_are_dropped(
    project: Project, mine: Path
) -> None:
    opts = BuildOptions(("html", "pdf", "docx"), Path("output"), force=True)
    resources = RenderResources()
    first = Pipeline(resources=resources).build(Path("content/c.md"), opts)
    assert not first.failed(False), first.diagnostics
    html, width, document = outputs(project)
    assert ".edited-rule" not in html and 'data-edited="7"' not in html
    assert width == pytest.approx(A4_WIDTH, abs=1) and b"DOCX-EDITED-7" not in document
    assert resources.loaded()[mine.resolve()] == [
        "docx:template",
        "html:page-template",
        "html:screen-css",
        "pdf:counters",
        "pdf:fonts",
        "pdf:stylesheets",
    ]

    edit_style(mine)
    # the resources are the only place the old files live: a run that keeps them renders them
    Pipeline(resources=resources).build(Path("content/c.md"), opts)
    assert ".edited-rule" not in outputs(project)[0]
    # dropped (what `watch` does when a style file changes): every format reads the new files
    resources.invalidate(mine)
    second = Pipeline(resources=resources).build(Path("content/c.md"), opts)
    assert not second.failed(False), second.diagnostics
    html, width, document = outputs(project)
    assert ".edited-rule" in html and 'data-edited="7"' in html
    assert width == pytest.approx(A5_WIDTH, abs=1)
    assert b"DOCX-EDITED-7" in document


def test_a_fresh_pipeline_reads_the_style_again(project: Project, mine: Path) -> None:
    """Each `build` run owns its resources: nothing survives in the process between runs."""
    opts = BuildOptions(("html",), Path("output"), force=True)
    Pipeline().build(Path("content/c.md"), opts)
    edit_style(mine)
    Pipeline().build(Path("content/c.md"), opts)
    html = (project.root / "output" / "c.html").read_text(encoding="utf-8")
    assert '<main data-edited="7">' in html and ".edited-rule" in html
