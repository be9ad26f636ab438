"""Build stage: the build's inputs and outputs as plain files: which briefings, which formats,
which options, and how outputs and build manifests are written (atomically, never through a
symbolic link). Light on purpose (no models, no renderers): the CLI reads these before deciding
what to import, e.g. to start the PDF worker early.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import secrets
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from briefkit.errors import BriefkitError, Diagnostics, ExitCode, SourceLocation
from briefkit.paths import find_project_root, is_within, resolved
from briefkit.render import DEFAULT_PDF_VARIANT, PdfVariant

# An output format, by the name users give it (`-f html,pdf`) and its files' extension
Format = Literal["html", "pdf", "docx"]

# Every format briefkit builds, with the module and function that render it
FORMATS: dict[Format, tuple[str, str]] = {
    "html": ("briefkit.render.html.page", "render_html_bytes"),
    "pdf": ("briefkit.render.pdf.page", "render_pdf_bytes"),
    "docx": ("briefkit.render.docx", "render_docx_bytes"),
}
# Formats briefkit knows but cannot build yet (PDF and Word were, once): asked for, they are
# refused with a clear message instead of being skipped. None today.
COMING: frozenset[str] = frozenset()
SKIP_NAMES = {"readme.md", "changelog.md", "license.md"}


def available_formats() -> list[Format]:
    return list(FORMATS)


def parse_formats(text: str | None) -> list[Format]:
    """`html,pdf` -> ['html', 'pdf']; unknown or unavailable formats raise a usage error."""
    if not text:
        return available_formats()
    wanted: list[Format] = []
    for part in text.replace(" ", ",").split(","):
        given = part.strip().lower()
        if not given:
            continue
        if given in COMING:
            raise BriefkitError(
                f"format '{given}' is not available in this version of briefkit "
                f"(available: {', '.join(available_formats())})",
                ExitCode.USAGE,
            )
        name = next((known for known in FORMATS if known == given), None)
        if name is None:
            known = ", ".join([*FORMATS, *sorted(COMING)])
            raise BriefkitError(f"unknown format '{given}' (known: {known})", ExitCode.USAGE)
        if name not in wanted:
            wanted.append(name)
    if not wanted:
        raise BriefkitError("no format given", ExitCode.USAGE)
    return wanted


def discover(sources: Iterable[Path], diags: Diagnostics | None = None) -> list[Path]:
    """Briefing files: each file named, and every `.md` or `.qmd` (Quarto) under each folder
    named (sorted).

    In folders, README/CHANGELOG/LICENSE files and names starting with '_' or '.' are skipped.
    A symbolic link to a folder inside the project is followed (once: a link back to a folder
    already walked adds nothing); one to a folder outside it is not, with a warning in `diags`.
    """
    found: list[Path] = []
    for source in sources:
        if not source.exists():
            found.append(source)  # the load stage reports it, located, with the others
            continue
        if source.is_dir():
            root = find_project_root(Path(os.path.abspath(source)))
            found.extend(sorted(_walk(source, root, diags if diags is not None else Diagnostics())))
        else:
            found.append(source)
    unique: list[Path] = []
    seen: set[Path] = set()  # a briefing named twice (or through a link) is built once
    for path in found:
        key = resolved(path)  # a symlink loop too: the load stage reports that file
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _walk(folder: Path, root: Path, diags: Diagnostics) -> list[Path]:
    """The briefing files under `folder`, through symbolic links to folders of the project
    (Path.rglob follows none: a linked folder's briefings were skipped without a word)."""
    out: list[Path] = []
    walked: set[Path] = set()  # resolved folders: a link loop ends at the second visit
    todo = [folder]
    while todo:
        here = todo.pop()
        try:
            real = here.resolve(strict=True)
            entries = sorted(here.iterdir())
        except (OSError, RuntimeError):  # unreadable, or a loop of links: nothing to list
            continue
        if real in walked:
            continue
        walked.add(real)
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            if entry.is_dir():
                if entry.is_symlink() and not is_within(entry, root):
                    diags.warning(
                        "path.link-skipped",
                        f"'{entry.name}' links to a folder outside the project: not searched"
                        " for briefings",
                        SourceLocation(entry),
                        "move or copy the briefings into the project; builds read only inside it",
                    )
                else:
                    todo.append(entry)
            elif entry.suffix in (".md", ".qmd") and entry.name.lower() not in SKIP_NAMES:
                out.append(entry)  # a linked file is checked when it is read (load stage)
    return out


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[Format, ...]
    out_dir: Path
    strict: bool = False
    pdf_variant: PdfVariant = DEFAULT_PDF_VARIANT
    force: bool = False  # rebuild even when inputs and outputs are unchanged
    source_date_epoch: int | None = None  # SOURCE_DATE_EPOCH: the modification date to embed
    # caps raised on the command line (`--limit notes=20000`): (name, value) pairs, kept plain
    # here so that this module stays free of the models (model.frontmatter.Limits reads them)
    limits: tuple[tuple[str, int], ...] = ()

    def key(self) -> dict[str, Any]:
        """What, besides the input files, an output depends on (recorded in the manifest)."""
        return {
            "formats": list(self.formats),
            "pdf_variant": self.pdf_variant,
            "source_date_epoch": self.source_date_epoch,
        }

    def modified(self) -> str | None:
        if self.source_date_epoch is None:
            return None
        return (
            datetime.datetime.fromtimestamp(self.source_date_epoch, datetime.UTC).date().isoformat()
        )


# The caps `--limit` may raise: the names of `model.frontmatter.Limits` as the front matter
# spells them (tests/build/test_limits_option.py keeps the two lists equal)
LIMIT_NAMES = ("notes", "paragraphs", "image-pixels", "image-memory")


def parse_limits(specs: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """`--limit NAME=N` values, checked: a known name and a whole number above zero."""
    out: dict[str, int] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        name = name.strip().replace("_", "-")
        if not sep or name not in LIMIT_NAMES:
            raise BriefkitError(
                f"--limit {spec!r}: expected NAME=N with NAME one of {', '.join(LIMIT_NAMES)}",
                ExitCode.USAGE,
            )
        digits = value.strip().replace("_", "").replace(",", "")
        if not digits.isascii() or not digits.isdigit() or int(digits) <= 0:
            raise BriefkitError(
                f"--limit {spec!r}: {value.strip()!r} is not a whole number above zero",
                ExitCode.USAGE,
            )
        out[name] = int(digits)
    return tuple(sorted(out.items()))


# The last second a calendar date can carry (9999-12-31T23:59:59Z): Word's and PDF's dates
# hold four-digit years
LAST_EPOCH = 253_402_300_799


def parse_source_date_epoch(value: str | None) -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds): whole seconds since 1970, in ASCII digits, up
    to 9999-12-31; anything else is a usage error naming the value and the range."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > LAST_EPOCH:
        shown = value if len(value) <= 40 and value.isprintable() else repr(value[:40])
        raise BriefkitError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
            f"0 to {LAST_EPOCH} (9999-12-31) (got '{shown}')",
            ExitCode.USAGE,
        )
    return int(value)


class UnsafeFolder(OSError):
    """briefkit's own folder (`<output>/.briefkit`) is a symbolic link or not a folder: nothing
    is written through it."""


def own_folder_problem(folder: Path) -> str | None:
    """Why `folder` may not serve as briefkit's own (None: it may, or it does not exist yet).
    A symbolic link, wherever it points, or anything but a folder could lead writes elsewhere."""
    try:
        info = os.lstat(folder)
    except (FileNotFoundError, NotADirectoryError):  # made when needed (or the writer says why)
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; briefkit keeps its build manifests in a folder it makes"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder; briefkit keeps its build manifests in a folder it makes"
    return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# POSIX: the folder is opened once and the file is made and renamed relative to it (openat,
# renameat), so what the folder is cannot change between the check and the write
_AT = bool(_DIRECTORY) and all(
    f in os.supports_dir_fd for f in (os.open, os.rename, os.unlink)
)  # os.replace is os.rename's sibling: it takes the same dir fds, and is not listed


def write_atomic(target: Path, data: bytes, *, own_folder: bool = False) -> None:
    """Write via a temporary file in the same folder, then rename it over the target: a reader
    never sees half a file, and a symbolic link at the target's name is replaced, never written
    through.

    `own_folder`: the folder is briefkit's own (`<output>/.briefkit`): made here if missing, and
    refused (UnsafeFolder) when it is a symbolic link or not a folder. It is then opened without
    following links, so one swapped in after the check is refused too.
    """
    folder = target.parent
    if own_folder:
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir()
        except FileExistsError:  # mkdir follows no link: whatever stands there is checked
            pass
        problem = own_folder_problem(folder)
        if problem is not None:
            raise UnsafeFolder(errno.ENOTDIR, problem, str(folder))
    else:
        folder.mkdir(parents=True, exist_ok=True)
    if not _AT:
        _write_by_name(target, data)
        return
    flags = os.O_RDONLY | os.O_CLOEXEC | _DIRECTORY | (_NOFOLLOW if own_folder else 0)
    try:
        dir_fd = os.open(folder, flags)
    except OSError as exc:
        if own_folder and exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeFolder(
                errno.ENOTDIR, "is a symbolic link or not a folder", str(folder)
            ) from None
        raise
    try:
        _write_at(dir_fd, target.name, data)
    finally:
        os.close(dir_fd)


def _write_at(dir_fd: int, name: str, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | _NOFOLLOW
    for _ in range(100):  # O_EXCL: a name already taken, even by a dangling link, is skipped
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o600, dir_fd=dir_fd)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), 0o644)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        raise


def _write_by_name(target: Path, data: bytes) -> None:
    """Where folders cannot be opened (Windows): the same, by path names."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_file(target: Path, data: bytes) -> None:
    """`write_atomic` for a file the user named: a failure is a message, not a traceback."""
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise BriefkitError(f"cannot write {target}: {exc.strerror or exc}") from exc


def write_outputs(out_dir: Path, stem: str, rendered: dict[str, bytes]) -> dict[str, Path]:
    """All formats of one briefing are rendered before any is written."""
    written: dict[str, Path] = {}
    for name, data in rendered.items():
        target = out_dir / f"{stem}.{name}"
        write_atomic(target, data)
        written[name] = target
    return written


def check_out_dir(out_dir: Path, sources: Iterable[Path]) -> None:
    """Refuse an output folder inside a content folder: builds never write into content."""
    for source in sources:
        inside = (
            is_within(out_dir, source)
            if source.is_dir()
            else (out_dir.resolve() == source.resolve().parent)
        )
        if inside:
            folder = source if source.is_dir() else source.parent
            raise BriefkitError(
                f"output folder {out_dir} lies inside the content folder {folder}; "
                "choose another with -o",
                ExitCode.USAGE,
            )


def parse_shard(spec: str | None) -> tuple[int, int] | None:
    if not spec:
        return None
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise BriefkitError(f"--shard takes K/N, e.g. 1/4 (got '{spec}')", ExitCode.USAGE) from None
    if not (n >= 1 and 1 <= k <= n):
        raise BriefkitError(f"--shard {spec}: need 1 <= K <= N", ExitCode.USAGE)
    return k, n


def shard(paths: list[Path], spec: tuple[int, int] | None) -> list[Path]:
    """A stable 1/N of the briefings: the same on every runner, whatever the file order."""
    if spec is None:
        return paths
    k, n = spec

    def bucket(path: Path) -> int:
        digest = hashlib.sha256(path.as_posix().encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % n

    return [p for p in paths if bucket(p) == k - 1]


def effective_jobs(jobs: int) -> int:
    """`--jobs 0` (the default) uses every core; N caps the build at N processes."""
    return jobs if jobs > 0 else max(1, os.cpu_count() or 1)
