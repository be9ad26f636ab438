"""Where things are: the project root, its content, output and house-style folders.

A project is the nearest folder above a briefing (or the working directory) that holds a
`briefkit.toml`, a `pyproject.toml`, a `.git` or a `templates/` folder. Every path a build may
read must lie inside the project or inside a house-style folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from briefkit.codes import Code

MARKERS = ("briefkit.toml", "pyproject.toml", ".git", "templates")
DEFAULT_CONTENT = "content"
DEFAULT_OUTPUT = "output"
DEFAULT_STYLE = "commentary"


def find_project_root(start: Path) -> Path:
    """The nearest ancestor of `start` holding a project marker; `start`'s folder otherwise."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if any((candidate / m).exists() for m in MARKERS):
            return candidate
    return folder


def builtin_styles_dir() -> Path:
    """House styles shipped with briefkit (inside the wheel, or `templates/` of a checkout)."""
    here = Path(__file__).resolve().parent
    bundled = here / "_templates"
    if bundled.is_dir():
        return bundled
    return here.parents[1] / "templates"


def style_search_path(project_root: Path) -> list[Path]:
    """Project styles first (a copied, edited style wins), then the built-in ones."""
    dirs = [project_root / "templates", builtin_styles_dir()]
    out: list[Path] = []
    for d in dirs:
        d = d.resolve()
        if d not in out:
            out.append(d)
    return out


def resolved(path: Path) -> Path:
    """`path` with its links followed, or made absolute where they cannot be (a symlink
    loop): a key to tell two namings of one file apart, for a file that may not be readable."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the containment rule
# Every file briefkit opens goes through `read_contained`: resolved (symlinks followed), inside
# one of the allowed roots (the project, or the built-in styles), a regular file (never a
# device, FIFO or socket, which could hang a build or feed it without end), and no larger than
# the cap of its kind (docs/limits.md). Opening with O_NONBLOCK and checking the opened file
# (fstat) closes the gap between the check and the read: a FIFO swapped in after the check
# cannot block, and a file that grows is cut at the cap.
MiB = 1024 * 1024
SIZE_CAPS: dict[str, int] = {
    "briefing": 16 * MiB,  # a 2 MB Markdown report (2,555 notes) is the largest measured
    "references": 64 * MiB,  # a 10,000-item CSL YAML library is 1.5 MB
    "image": 20 * MiB,
    "style": 4 * MiB,  # style.yaml, citations*.yaml, strings, CSS, page template
    "font": 32 * MiB,
    "template": 16 * MiB,  # template.docx
    "manifest": 16 * MiB,
    "output": 512 * MiB,  # a built file read back by verify
}


class ContainmentError(Exception):
    """A path the containment rule refuses: `code` is the diagnostic code to report."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def contained(path: Path, roots: Iterable[Path]) -> Path:
    """`path` resolved, if it lies inside one of `roots`; ContainmentError otherwise."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise ContainmentError("file.missing", "not found") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop, a bad name
        raise ContainmentError("file.unreadable", f"cannot resolve: {exc}") from None
    if not any(_inside(target, root) for root in roots):
        raise ContainmentError(
            "path.outside-project", "lies outside the project (symlinks are followed)"
        )
    return target


def read_contained(path: Path, roots: Iterable[Path], kind: str) -> bytes:
    """The bytes of `path` under the containment rule (see above); ContainmentError names
    what is wrong. `kind` picks the size cap."""
    target = contained(path, roots)
    cap = SIZE_CAPS[kind]
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | _NOFOLLOW)
    except OSError as exc:
        raise ContainmentError("file.unreadable", f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ContainmentError("path.not-a-file", "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ContainmentError(
                "path.not-a-file", "is not a regular file (a device, FIFO or socket)"
            )
        if info.st_size > cap:
            raise ContainmentError("input.too-large", _too_large(kind, cap))
        data = _read_fd(fd, cap + 1)
    except OSError as exc:
        raise ContainmentError("file.unreadable", f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise ContainmentError("input.too-large", _too_large(kind, cap))
    return data


def _read_fd(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(limit - size, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(kind: str, cap: int) -> str:
    return f"is larger than the {cap // MiB} MiB a {kind} file may have (docs/limits.md)"


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root.resolve())
    except ValueError:
        return False
    return True


# O_NOFOLLOW: the resolved path has no links left; one planted since is refused, not followed
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
