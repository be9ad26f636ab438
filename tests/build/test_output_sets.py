"""All-or-nothing output sets (`build.outputs`): a briefing's formats and its manifest are in
place together or not at all. A fault at every step of the writer, two builds of the same
briefing racing into one folder (50 times), and a real disk (a small tmpfs) filling up at
every point of a rebuild leave the previous set or the new one, whole: never a mixture, never
a temporary file."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefkit.build import outputs
from briefkit.build.manifest import read_manifest
from briefkit.build.outputs import OutputLocked, folder_lock, write_set
from briefkit.build.pipeline import BuildOptions, Pipeline
from briefkit.build.sources import UnsafeFolder
from briefkit.verify.outputs import verify_manifest
from tests.conftest import Project

Snapshot = dict[str, bytes]


def snapshot(out: Path) -> Snapshot:
    """Every file of the output folder and its `.briefkit`."""
    found: Snapshot = {}
    for folder in (out, out / ".briefkit"):
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                if p.is_file():
                    found[p.relative_to(out).as_posix()] = p.read_bytes()
    return found


def strays(out: Path) -> list[str]:
    return sorted(n for n in snapshot(out) if n.rsplit("/", 1)[-1].startswith("."))


# ---------------------------------------------------------------- the writer, fault by fault
OLD_SET = {"a.html": b"<html>old</html>", "a.pdf": b"%PDF old", "a.docx": b"PK old"}
NEW_SET = {"a.html": b"<html>new</html>", "a.pdf": b"%PDF new", "a.docx": b"PK new"}


def _set(files: dict[str, bytes], manifest: bytes) -> Snapshot:
    return {**files, ".briefkit/a.json": manifest}


class Fault:
    """Fails the `n`-th call of `name` in `os` (as seen by build.outputs) with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> None:
        self.calls, self.n, self.fired = 0, n, False
        real: Callable[..., Any] = getattr(os, name)

        def faulty(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.n:
                self.fired = True
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)

        monkeypatch.setattr(outputs.os, name, faulty)


def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without hard links (FAT, some network shares)."""

    def link(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(outputs.os, "link", link)


@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
@pytest.mark.parametrize("step", ["open", "fsync", "link", "replace"])
@pytest.mark.parametrize("previous", [True, False], ids=["rebuild", "fresh"])
def test_a_fault_at_any_step_leaves_the_previous_set_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, previous: bool, links: bool
) -> None:
    if not links:
        if step == "link":
            pytest.skip("no links to fail")
        no_hard_links(monkeypatch)
    out = tmp_path / "output"
    if previous:
        write_set(out, OLD_SET, ("a.json", b"{old}"))
    before = snapshot(out)
    n = 1
    while True:
        with monkeypatch.context() as m:
            fault = Fault(m, step, n)
            try:
                write_set(out, NEW_SET, ("a.json", b"{new}"))
            except OSError as exc:
                assert fault.fired and exc.errno == errno.ENOSPC
                assert snapshot(out) == before, f"{step} #{n}: a mixture"
                n += 1
                continue
        break
    assert snapshot(out) == _set(NEW_SET, b"{new}")  # once nothing fails, the new set
    assert n > 1 or (step == "link" and not previous)  # the fault was met at least once
    assert strays(out) == []


def test_a_folder_at_an_outputs_name_fails_the_set_and_undoes_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_set(out, OLD_SET, ("a.json", b"{old}"))
    (out / "a.docx").unlink()
    (out / "a.docx").mkdir()
    before = snapshot(out)
    with pytest.raises(OSError):
        write_set(out, NEW_SET, ("a.json", b"{new}"))
    assert snapshot(out) == before and strays(out) == []


def test_the_lock_is_not_taken_through_a_symlinked_own_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / ".briefkit").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeFolder), folder_lock(out):
        pass


def _hold(out: str, ready: Any, release: Any) -> None:
    with folder_lock(Path(out)):
        ready.set()
        release.wait(30)


def test_a_second_writer_waits_for_the_lock_then_reports_output_locked(tmp_path: Path) -> None:
    out = tmp_path / "output"
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(str(out), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(OutputLocked) as caught, folder_lock(out, timeout=0.3):
            pass
        assert caught.value.waited >= 0.3
        with folder_lock(tmp_path / "other", timeout=0):  # another folder does not wait
            pass
    finally:
        release.set()
        holder.join(30)
    with folder_lock(out, timeout=5):  # released when its holder is done
        pass
    assert sorted(p.name for p in out.rglob("*")) == [".briefkit"]  # no lock file left


# ---------------------------------------------------------------- two builds racing, 50 times
def _briefing(word: str, notes: int) -> str:
    body = "\n\n".join(f"{word} paragraph {i}.[^{i}]" for i in range(notes))
    defs = "\n".join(f"[^{i}]: {word} note {i}." for i in range(notes))
    return f"---\ntitle: {word}\n---\n{body}\n\n{defs}\n"


def _build_one(source: str, out: str, formats: tuple[str, ...], start: Any) -> None:
    start.wait(30)
    opts = BuildOptions(formats, Path(out), force=True)  # type: ignore[arg-type]
    result = Pipeline().build(Path(source), opts)
    os._exit(0 if not result.failed(False) else 1)


def consistent(out: Path, stem: str) -> list[str]:
    """verify's problems with the set in place (its manifest against its outputs)."""
    manifest = read_manifest(out, stem)
    assert manifest is not None, "no manifest in place"
    return [d.format() for d in verify_manifest(out, manifest)]


def race(project: Project, formats: tuple[str, ...], runs: int) -> Iterator[str]:
    """Two builds of briefings named alike (different words, different note counts) into one
    folder at once; yields the word of the set each run left."""
    a = project.write("content/one/same.md", _briefing("Alpha", 3))
    b = project.write("content/two/same.md", _briefing("Bravo", 5))
    out = project.root / "output"
    ctx = multiprocessing.get_context("fork")
    for _ in range(runs):
        start = ctx.Barrier(2)
        procs = [
            ctx.Process(target=_build_one, args=(str(src), str(out), formats, start))
            for src in (a, b)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
            assert p.exitcode == 0
        assert consistent(out, "same") == []
        assert strays(out) == []
        html = (out / "same.html").read_text(encoding="utf-8")
        yield "Alpha" if "Alpha paragraph" in html else "Bravo"


def test_two_builds_of_one_briefing_at_once_leave_one_consistent_set_50_times(
    project: Project,
) -> None:
    Pipeline().build(
        project.write("content/warm.md", _briefing("Warm", 1)),
        BuildOptions(("html", "docx"), project.root / "warm"),
    )  # imports, once
    winners = list(race(project, ("html", "docx"), 50))
    assert len(winners) == 50 and set(winners) <= {"Alpha", "Bravo"}


def test_two_builds_with_every_format_leave_one_consistent_set(project: Project) -> None:
    winners = list(race(project, ("html", "pdf", "docx"), 3))
    assert len(winners) == 3


# ---------------------------------------------------------------- a real disk filling up
def _mount(folder: Path, size: int) -> str | None:
    """A tmpfs of `size` bytes at `folder` (None), or why not."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return "needs root and mount(8) for a small tmpfs"
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", f"bk-{uuid.uuid4().hex[:6]}", folder],
        capture_output=True,
        text=True,
    )
    return None if done.returncode == 0 else f"cannot mount a tmpfs: {done.stderr.strip()}"


def _resize(folder: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", folder], check=True)


def _used(folder: Path) -> int:
    info = os.statvfs(folder)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    why = _mount(disk, 64 * 1024 * 1024)
    if why is not None:
        pytest.skip(f"disk-full test skipped: {why}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", disk], check=False)


def _digest(snap: Snapshot) -> str:
    return hashlib.sha256(repr(sorted(snap.items())).encode()).hexdigest()


def test_a_disk_full_at_any_point_of_a_rebuild_leaves_the_previous_set(
    project: Project, small_disk: Path
) -> None:
    out = small_disk / "output"
    source = project.write("content/full.md", _briefing("Before", 2))
    formats: tuple[Any, ...] = ("html", "pdf", "docx")
    first = Pipeline().build(source, BuildOptions(formats, out))
    assert not first.failed(False)
    before = snapshot(out)
    source.write_text(_briefing("After", 40), encoding="utf-8")
    page = 4096
    used = _used(small_disk)
    seen: set[str] = set()
    for extra in range(0, 400 * 1024, 12 * page):  # from no room at all to room for the set
        _resize(small_disk, used + extra)
        result = Pipeline().build(source, BuildOptions(formats, out, force=True))
        now = snapshot(out)
        if result.failed(False):
            assert now == before, f"{extra} bytes free: a mixture"
            codes = [d.code for d in result.diagnostics]
            assert codes == ["output.write-failed"], codes
            seen.add("refused")
        else:
            assert consistent(out, "full") == [], f"{extra} bytes free"
            seen.add("built")
            break
        assert strays(out) == []
    assert seen == {"refused", "built"}  # both sides of the edge were met


def test_a_disk_full_during_a_first_build_leaves_no_set(project: Project, small_disk: Path) -> None:
    out = small_disk / "output"
    source = project.write("content/fresh.md", _briefing("Fresh", 40))
    out.mkdir()
    _resize(small_disk, _used(small_disk) + 8 * 4096)
    result = Pipeline().build(source, BuildOptions(("html", "pdf", "docx"), out))
    assert result.failed(False) and result.render_failed
    assert [d.code for d in result.diagnostics] == ["output.write-failed"]
    assert snapshot(out) == {}


def test_a_failed_strict_rebuild_of_one_edition_leaves_the_other_editions_set(
    project: Project,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    from tests.conftest import REPO

    for name in ("", ".ja"):
        src = REPO / "content" / f"japan-asean-defense-cooperation{name}.md"
        shutil.copy(src, project.root / "content" / src.name)
    refs = "japan-asean-defense-cooperation.references.yaml"
    shutil.copy(REPO / "content" / refs, project.root / "content" / refs)
    assert cli("build", "-f", "html,docx").exit_code == 0
    out = project.root / "output"
    before = snapshot(out)
    ja = project.root / "content" / "japan-asean-defense-cooperation.ja.md"
    # an unknown front-matter key: a warning, so --strict fails the Japanese edition
    ja.write_text(ja.read_text(encoding="utf-8").replace("lang: ja", "lang: ja\nzzz: 1"), "utf-8")
    result = cli("build", "-f", "html,docx", "--strict", str(ja))
    assert result.exit_code == 1 and "frontmatter.unknown-key" in result.stderr
    assert snapshot(out) == before  # neither edition's outputs nor manifests were rewritten


def test_a_save_during_a_build_leaves_it_out_of_date_not_stale(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The briefing is saved again while its build runs (after it was read): the manifest must
    not claim the new text for outputs made from the old one, so the next build rebuilds."""
    from briefkit.build import pipeline

    source = project.write("content/a.md", _briefing("Old", 1))
    real = pipeline.resolve

    def resolve_then_save(*args: Any, **kwargs: Any) -> Any:
        resolved = real(*args, **kwargs)
        source.write_text(_briefing("New", 1), encoding="utf-8")  # the save, mid-build
        return resolved

    out = project.root / "output"
    opts = BuildOptions(("html",), out)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "resolve", resolve_then_save)
        assert not Pipeline().build(source, opts).failed(False)
    assert "Old paragraph" in (out / "a.html").read_text(encoding="utf-8")
    again = Pipeline().build(source, opts)
    assert not again.skipped  # not 'up to date': the file read was not the file saved
    assert "New paragraph" in (out / "a.html").read_text(encoding="utf-8")
