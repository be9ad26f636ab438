"""`briefkit watch`'s library half: each change rebuilds exactly the briefings it affects, an
edited house style is read again, and real file events arrive through watchfiles."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from briefkit.build.pipeline import BuildOptions
from briefkit.build.watch import Watcher, changes, cycles
from tests.conftest import REPO, Project


def briefing(name: str, bib: str, style: str = "commentary", cite: str = "a") -> str:
    return f"---\ntitle: {name}\nstyle: {style}\nbibliography: {bib}\n---\n\nText.[@{cite}]\n"


def refs(title: str) -> str:
    return f"- id: a\n  type: book\n  title: {title}\n  issued: 2001\n"


@pytest.fixture
def watched(project: Project) -> Watcher:
    """a.md and b.md share shared.yaml; c.md has its own references and a project style."""
    shutil.copytree(REPO / "templates" / "commentary", project.root / "templates" / "mine")
    (project.root / "templates" / "mine" / "style.yaml").write_text(
        "name: mine\n", encoding="utf-8"
    )
    project.write("content/shared.yaml", refs("Shared"))
    project.write("content/own.yaml", refs("Own"))
    project.write("content/a.md", briefing("A", "shared.yaml"))
    project.write("content/b.md", briefing("B", "shared.yaml"))
    project.write("content/c.md", briefing("C", "own.yaml", style="mine"))
    watcher = Watcher([Path("content")], BuildOptions(("html",), Path("output")))
    first = watcher.build_all()
    assert [r.failed(False) for r in first.results] == [False, False, False]
    return watcher


def names(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def rebuilt(watcher: Watcher, *changed: str) -> list[str]:
    cycle = watcher.rebuild([Path(c) for c in changed])
    return [r.source.name for r in cycle.rebuilt]


def test_a_briefing_change_rebuilds_that_briefing(watched: Watcher, project: Project) -> None:
    project.write("content/a.md", briefing("A changed", "shared.yaml"))
    assert rebuilt(watched, "content/a.md") == ["a.md"]
    html = (project.root / "output" / "a.html").read_text(encoding="utf-8")
    assert "A changed" in html


def test_a_references_file_rebuilds_the_briefings_that_use_it(
    watched: Watcher, project: Project
) -> None:
    project.write("content/shared.yaml", refs("Shared, revised"))
    assert rebuilt(watched, "content/shared.yaml") == ["a.md", "b.md"]
    project.write("content/own.yaml", refs("Own, revised"))
    assert rebuilt(watched, "content/own.yaml") == ["c.md"]
    assert "Own, revised" in (project.root / "output" / "c.html").read_text(encoding="utf-8")


def test_a_style_file_rebuilds_its_briefings_with_the_new_css(
    watched: Watcher, project: Project
) -> None:
    css = project.root / "templates" / "mine" / "html" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.watch-test-rule { color: red; }\n")
    assert rebuilt(watched, str(css)) == ["c.md"]
    assert ".watch-test-rule" in (project.root / "output" / "c.html").read_text(encoding="utf-8")
    assert ".watch-test-rule" not in (project.root / "output" / "a.html").read_text(
        encoding="utf-8"
    )
    # a new file in the style folder (in no manifest yet) still counts as a style change
    (project.root / "templates" / "mine" / "fonts" / "extra.txt").write_text("x")
    assert rebuilt(watched, "templates/mine/fonts/extra.txt") == []  # inputs unchanged: skipped
    assert names(watched.affected([Path("templates/mine/fonts/extra.txt")])[0]) == ["c.md"]


def test_unrelated_files_rebuild_nothing(watched: Watcher, project: Project) -> None:
    project.write("content/notes.txt", "to do\n")
    cycle = watched.rebuild([Path("content/notes.txt")])
    assert cycle.results == [] and names(cycle.changed) == ["notes.txt"]
    gone = watched.rebuild([Path("content/.a.md.swp-deleted")])
    assert gone.changed == []  # an editor's temporary file, already gone: not reported


def test_new_removed_and_failing_briefings(watched: Watcher, project: Project) -> None:
    project.write("content/d.md", briefing("D", "missing.yaml"))
    cycle = watched.rebuild([Path("content/d.md")])
    assert [(r.source.name, r.failed(False)) for r in cycle.results] == [("d.md", True)]
    # d failed, so its manifest says nothing: any change retries it, and creating the
    # references file it names makes it build
    project.write("content/missing.yaml", refs("Found"))
    retried = watched.rebuild([Path("content/missing.yaml")])
    assert [(r.source.name, r.failed(False)) for r in retried.results] == [("d.md", False)]
    (project.root / "content" / "b.md").unlink()
    removed = watched.rebuild([Path("content/b.md")])
    assert names(removed.removed) == ["b.md"] and removed.results == []


def test_watch_roots_cover_content_and_styles_not_outputs(
    watched: Watcher, project: Project
) -> None:
    roots = watched.watch_roots()
    root = project.root.resolve()
    assert root / "content" in roots
    assert root / "templates" / "mine" in roots
    assert not any(r == root / "output" or root / "output" in r.parents for r in roots)


def test_real_file_events_arrive_in_batches(project: Project) -> None:
    target = project.write("content/a.md", "---\ntitle: A\n---\n")
    out = project.root / "output"
    out.mkdir()
    stop = threading.Event()
    batches: list[set[Path]] = []
    started = threading.Event()

    def consume() -> None:
        started.set()
        for batch in changes([project.root.resolve() / "content", out], out, stop):
            batches.append(batch)
            if any(p.name == "a.md" for p in batch):
                stop.set()

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    started.wait(5)
    # keep saving until the watcher (which starts in its thread) has seen a save: no fixed sleep
    deadline = threading.Event()
    for i in range(100):
        (out / f"ignored-{i}.html").write_text("output")  # outputs never count
        target.write_text(f"---\ntitle: A {i}\n---\n", encoding="utf-8")
        if stop.wait(0.2) or deadline.is_set():
            break
    stop.set()
    thread.join(10)
    seen = {p.name for batch in batches for p in batch}
    assert "a.md" in seen
    assert not any(name.startswith("ignored-") for name in seen)


def test_a_new_translation_rebuilds_its_original(watched: Watcher, project: Project) -> None:
    project.write(
        "content/a.ja.md",
        "---\ntitle: A (ja)\nlang: ja\ntranslation-of: a.md\nbibliography: shared.yaml\n---\n\n"
        "本文。[@a]\n",
    )
    cycle = watched.rebuild([Path("content/a.ja.md")])
    assert sorted(r.source.name for r in cycle.rebuilt) == ["a.ja.md", "a.md"]
    assert "a.ja.html" in (project.root / "output" / "a.html").read_text(encoding="utf-8")
    # from now on the two are each other's inputs: a change to one rebuilds the other
    project.write("content/a.md", briefing("A, revised", "shared.yaml"))
    again = watched.rebuild([Path("content/a.md")])
    assert sorted(r.source.name for r in again.rebuilt) == ["a.ja.md", "a.md"]


def test_a_session_notices_a_references_file_created_in_another_folder(project: Project) -> None:
    """a.md names ../shared/refs.yaml before it exists: the session watches shared/ too, and
    creating the file (a real file event) makes a.md build."""
    (project.root / "shared").mkdir()
    project.write("content/a.md", briefing("A", "../shared/refs.yaml"))
    watcher = Watcher([Path("content")], BuildOptions(("html",), Path("output")))
    assert [r.failed(False) for r in watcher.build_all().results] == [True]
    assert project.root.resolve() / "shared" in watcher.watch_roots()
    stop = threading.Event()
    seen: list[tuple[str, bool]] = []

    def run() -> None:
        for cycle in cycles(watcher, stop):
            seen.extend((r.source.name, r.failed(False)) for r in cycle.results)
            if ("a.md", False) in seen:
                stop.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    target = project.root / "shared" / "refs.yaml"
    for i in range(100):  # save until the session (starting in its thread) has seen it
        target.write_text(refs(f"Shared {i}"), encoding="utf-8")
        if stop.wait(0.2):
            break
    stop.set()
    thread.join(10)
    assert ("a.md", False) in seen
    assert (project.root / "output" / "a.html").is_file()


def test_a_style_edited_during_watch_reaches_every_format_through_the_warm_worker(
    project: Project,
) -> None:
    """The session's PDF worker preloads the built-in style; editing a project style's print
    CSS, page template and Word template makes the next rebuild read them, in the worker too,
    while what the worker holds for the built-in style stays warm."""
    from briefkit.render.pdf.worker import PdfWorker, builtin_style_dirs
    from tests.render.test_resources import A4_WIDTH, A5_WIDTH, edit_style, outputs

    mine = project.root / "templates" / "mine"
    shutil.copytree(REPO / "templates" / "commentary", mine)
    (mine / "style.yaml").write_text("name: mine\n", encoding="utf-8")
    project.write("content/own.yaml", refs("Own"))
    project.write("content/c.md", briefing("C", "own.yaml", style="mine"))
    builtin = builtin_style_dirs()[0].parent
    worker = PdfWorker(builtin_style_dirs())
    try:
        worker.warming.result()
        assert worker.loaded() == {
            builtin: ["pdf:counters", "pdf:fonts", "pdf:stylesheets"]
        }  # the warm-up
        opts = BuildOptions(("html", "pdf", "docx"), Path("output"))
        watcher = Watcher([Path("content")], opts, worker)
        assert [r.failed(False) for r in watcher.build_all().results] == [False]
        html, width, document = outputs(project)
        assert width == pytest.approx(A4_WIDTH, abs=1) and 'data-edited="7"' not in html
        assert set(worker.loaded()) == {builtin, mine.resolve()}

        edit_style(mine)
        changed = [mine / "html" / "print.css", mine / "html" / "page.html.j2"]
        cycle = watcher.rebuild([*changed, mine / "template.docx"])
        assert cycle.styles_changed and [r.source.name for r in cycle.rebuilt] == ["c.md"]
        html, width, document = outputs(project)
        assert width == pytest.approx(A5_WIDTH, abs=1)  # laid out in the worker
        assert 'data-edited="7"' in html and ".edited-rule" in html
        assert b"DOCX-EDITED-7" in document
        assert worker.loaded()[builtin] == [
            "pdf:counters",
            "pdf:fonts",
            "pdf:stylesheets",
        ]  # left warm
    finally:
        worker.close()


def test_a_save_made_before_the_watches_are_in_place_is_caught(
    watched: Watcher, project: Project
) -> None:
    # saved after the first build and before watching starts: no file event will ever say so
    project.write("content/shared.yaml", refs("Saved at once"))
    stop = threading.Event()
    guard = threading.Timer(10, stop.set)  # a regression ends the session instead of hanging
    guard.start()
    first = next(cycles(watched, stop), None)  # comes once the watches are in place
    stop.set()
    guard.cancel()
    assert first is not None and first.catch_up
    assert sorted(r.source.name for r in first.rebuilt) == ["a.md", "b.md"]
    assert "Saved at once" in (project.root / "output" / "a.html").read_text(encoding="utf-8")


def test_a_bibliography_outside_the_project_installs_no_watches(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Zotero's folder, say, beside the project with hundreds of subfolders: the build refuses
    the file (outside the project), so the session watches nothing there."""
    elsewhere = tmp_path_factory.mktemp("zotero")
    for i in range(300):
        (elsewhere / f"storage{i}").mkdir()
    (elsewhere / "library.yaml").write_text(refs("Outside"), encoding="utf-8")
    project.write("content/a.md", briefing("A", str(elsewhere / "library.yaml")))
    watcher = Watcher([Path("content")], BuildOptions(("html",), Path("output")))
    assert [r.failed(False) for r in watcher.build_all().results] == [True]
    roots = watcher.watch_roots()
    assert roots == [project.root.resolve() / "content"]
    assert not any(r == elsewhere or elsewhere in r.parents for r in roots)
    # inside the project, a missing references folder is still watched once it exists
    (project.root / "refs").mkdir()
    project.write("content/a.md", briefing("A", "../refs/library.yaml"))
    watcher.rebuild([Path("content/a.md")])
    assert project.root.resolve() / "refs" in watcher.watch_roots()


@pytest.mark.parametrize("when", ["at-once", "after-watching"])
def test_saves_made_the_moment_watch_starts_are_all_seen(project: Project, when: str) -> None:
    """Five saves, the first as the process starts (during its first build) or right after it
    says it is watching; the page always ends with the last one (a real process)."""
    from tests.cli.test_watch import STARTUP, Running, until

    source = project.write("content/a.md", "---\ntitle: A\n---\nVersion zero.\n")
    page = project.root / "output" / "a.html"
    running = Running(["watch", "-f", "html"], project.root)
    try:
        if when == "after-watching":
            until(lambda: "watching" in running.text(), STARTUP, running)
        for i in range(1, 6):
            source.write_text(f"---\ntitle: A\n---\nVersion {i}.\n", encoding="utf-8")
            time.sleep(0.1)
        until(
            lambda: page.is_file() and "Version 5." in page.read_text(encoding="utf-8"),
            STARTUP,
            running,
        )
    finally:
        running.close()
