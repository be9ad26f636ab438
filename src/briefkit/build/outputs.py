"""Build stage: a briefing's outputs as one set, and the lock that serialises its builds.

Consumes the rendered bytes of every format and the manifest's bytes; produces them in the
output folder, all or nothing. Every file is first staged beside its target (a temporary name
made with O_EXCL, written and fsynced), the files already there are kept under a second name
(a hard link), and only then is each staged file renamed over its target, the manifest last.
A failure at any step (a full disk, a folder swapped for a link) undoes what was done: the new
set is never partly visible and the previous set stays whole. A kill between two renames is the
one case left; the manifest, renamed last, then still describes the previous set, so `verify`
names the mixture.

Builds into the same folder (two CI jobs, two terminals, the workers of `--jobs`) take turns
writing their sets: `folder_lock` holds an fcntl lock on `<output>/.briefkit` while one set is
written (a few renames; rendering runs in parallel), so two builds of the same briefing leave
the set written last, whole. The other waits for it (`BRIEFKIT_LOCK_TIMEOUT` seconds, 600 by
default), then gives up with `OutputLocked` (an `output.locked` error).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefkit.build.sources import UnsafeFolder, own_folder_problem

try:  # POSIX only: where there is no fcntl (Windows), builds are not serialised
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms CI runs
    fcntl = None  # type: ignore[assignment]

OWN_FOLDER = ".briefkit"  # = manifest.MANIFEST_DIR (manifest imports this module's siblings)
LOCK_TIMEOUT = 600.0  # seconds a build waits for another build of the same briefing
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class OutputLocked(Exception):
    """Another build of the same briefing held the lock for longer than the timeout."""

    def __init__(self, lock: Path, waited: float) -> None:
        super().__init__(f"another build into this folder held {lock} for {waited:.0f} s")
        self.lock, self.waited = lock, waited


def lock_timeout() -> float:
    """`BRIEFKIT_LOCK_TIMEOUT` (seconds; 0: do not wait), else LOCK_TIMEOUT. A value that is
    not a number is ignored (the default applies): a lock is no place to fail a build."""
    raw = os.environ.get("BRIEFKIT_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return LOCK_TIMEOUT
    return value if 0 <= value < float("inf") else LOCK_TIMEOUT


def open_own_folder(out_dir: Path) -> int:
    """`<out_dir>/.briefkit`, made if missing, opened without following a link (UnsafeFolder
    when it is a link or not a folder, then or when opened)."""
    folder = out_dir / OWN_FOLDER
    out_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # mkdir follows no link: what stands is checked
        folder.mkdir()
    problem = own_folder_problem(folder)
    if problem is not None:
        raise UnsafeFolder(errno.ENOTDIR, problem, str(folder))
    try:
        return os.open(folder, os.O_RDONLY | os.O_CLOEXEC | _DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeFolder(errno.ENOTDIR, "is a symbolic link", str(folder)) from None
        raise


@contextlib.contextmanager
def folder_lock(out_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock (an fcntl lock on its `.briefkit` folder itself, so no
    lock file is left behind), waiting up to `timeout` seconds."""
    if fcntl is None:
        yield
        return
    wait = lock_timeout() if timeout is None else timeout
    fd = open_own_folder(out_dir)
    try:
        started = time.monotonic()
        delay = 0.01
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= wait:
                    raise OutputLocked(out_dir / OWN_FOLDER, waited) from None
                time.sleep(min(delay, max(wait - waited, 0.001)))
                delay = min(delay * 2, 0.25)
        yield  # the lock goes with the descriptor: closing it (or dying) releases it
    finally:
        os.close(fd)


@dataclass
class _Slot:
    dir_fd: int
    name: str
    data: bytes
    staged: str = ""
    kept: str = ""  # the previous file's second name ('' when there was none)
    move: bool = False  # no hard links here: the previous file is moved aside, not linked
    moved: bool = False
    placed: bool = False


def _exists(dir_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _free_name(dir_fd: int, name: str, kind: str) -> str:
    for _ in range(100):
        candidate = f".{name}.{secrets.token_hex(6)}.{kind}"
        if not _exists(dir_fd, candidate):
            return candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name", name)


def _stage(slot: _Slot) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | _NOFOLLOW
    for _ in range(100):  # O_EXCL: a name already taken, even by a dangling link, is skipped
        slot.staged = f".{slot.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(slot.staged, flags, 0o600, dir_fd=slot.dir_fd)
            break
        except FileExistsError:
            continue
    else:
        slot.staged = ""
        raise FileExistsError(errno.EEXIST, "no free temporary name", slot.name)
    with os.fdopen(fd, "wb") as fh:
        fh.write(slot.data)
        fh.flush()
        os.fsync(fh.fileno())
        os.fchmod(fh.fileno(), 0o644)


# a file system without hard links (FAT, some network shares) says so with one of these
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def _keep(slot: _Slot) -> None:
    """A second name for the file at the target, so that it can be put back: a hard link,
    or, where the file system has none, the file itself is moved aside when it is replaced."""
    try:
        info = os.stat(slot.name, dir_fd=slot.dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "a folder stands at an output's name", slot.name)
    kept = _free_name(slot.dir_fd, slot.name, "old")
    try:
        os.link(
            slot.name, kept, src_dir_fd=slot.dir_fd, dst_dir_fd=slot.dir_fd, follow_symlinks=False
        )
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        slot.move = True
    slot.kept = kept


def _place(slot: _Slot) -> None:
    if slot.move:  # the previous file goes aside first: for a moment there is none
        os.replace(slot.name, slot.kept, src_dir_fd=slot.dir_fd, dst_dir_fd=slot.dir_fd)
        slot.moved = True
    os.replace(slot.staged, slot.name, src_dir_fd=slot.dir_fd, dst_dir_fd=slot.dir_fd)
    slot.placed = True


def _undo(slots: Sequence[_Slot]) -> None:
    """Put the previous set back (renames and unlinks need no free space)."""
    for slot in reversed(slots):
        with contextlib.suppress(OSError):
            if slot.kept and (slot.placed or slot.moved):
                os.replace(slot.kept, slot.name, src_dir_fd=slot.dir_fd, dst_dir_fd=slot.dir_fd)
                slot.kept = ""
            elif slot.placed:
                os.unlink(slot.name, dir_fd=slot.dir_fd)
    _tidy(slots)


def _tidy(slots: Sequence[_Slot]) -> None:
    for slot in slots:
        for name in (slot.staged if not slot.placed else "", slot.kept):
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=slot.dir_fd)


def write_set(out_dir: Path, files: dict[str, bytes], manifest: tuple[str, bytes]) -> None:
    """Write `files` (name -> bytes, in `out_dir`) and the manifest (name, bytes, in
    `.briefkit`) as one set: all of them, or none and the previous set as it was. OSError (or
    UnsafeFolder) says why not."""
    out_dir.mkdir(parents=True, exist_ok=True)
    own = open_own_folder(out_dir)
    try:
        out = os.open(out_dir, os.O_RDONLY | os.O_CLOEXEC | _DIRECTORY)
    except BaseException:
        os.close(own)
        raise
    slots = [_Slot(out, name, data) for name, data in files.items()]
    slots.append(_Slot(own, *manifest))  # last: it says which set is in place
    folders = {out: out_dir, own: out_dir / OWN_FOLDER}
    current = slots[0]
    try:
        for current in slots:
            _stage(current)
        for current in slots:
            _keep(current)
        for current in slots:
            _place(current)
        for fd in (out, own):
            with contextlib.suppress(OSError):  # not every file system syncs a folder
                os.fsync(fd)
    except OSError as exc:
        _undo(slots)
        exc.filename = str(folders[current.dir_fd] / current.name)  # the output, not a temp
        exc.filename2 = None
        raise
    except BaseException:
        _undo(slots)
        raise
    else:
        _tidy(slots)
    finally:
        os.close(out)
        os.close(own)
