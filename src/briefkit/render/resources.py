"""Render stage: what the renderers make from a house style's files, held by one explicit object.

Consumes house-style folders (their `html/`, CSS, fonts and Word template); produces, per
folder and on first use, what is costly to make again for every briefing: the HTML page's
sandboxed Jinja template and the screen CSS (`render.html`), WeasyPrint's parsed style sheets
and the fonts their `@font-face` rules load (`render.pdf`), the Word template's bytes
(`render.docx`).

`RenderResources` is owned by whoever runs renderers and passed to them: a build `Pipeline`
(one run), a `watch` session (kept across its runs, and told which styles changed:
`invalidate`), the PDF worker process (its own, warm across rebuilds). Renderers called without
one make a throwaway one, so a library caller never sees stale files. Nothing here is a module
global: forgetting a style is dropping its entry, not walking `sys.modules`.

Each renderer names what it keeps with a `Slot` (a name and how to make the value from the
style's `StyleResources`), so this module knows no renderer and imports nothing heavy (the PDF
worker imports it before WeasyPrint). Style files are read through `StyleResources.file`, which
refuses a path that resolves outside the style's folder (a symlink out): house styles are
untrusted content (docs/guide/house-styles.md, "What a house style can do").
"""

from __future__ import annotations

import atexit
import functools
import gc
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from briefkit.errors import BriefkitError, ExitCode, SourceLocation
from briefkit.paths import ContainmentError, is_within, read_contained

T = TypeVar("T")


@dataclass(frozen=True, eq=False)  # compared by identity: each slot is one module constant
class Slot(Generic[T]):
    """One kind of thing a renderer keeps per house style, and how to make it."""

    name: str
    make: Callable[[StyleResources], T]


class StyleResources:
    """What the renderers made from one house style's folder (absolute, symlinks resolved)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[Slot[object], object] = {}

    def get(self, slot: Slot[T]) -> T:
        """The slot's value, made on first use. A failure is not kept: the next call retries
        (after the user fixed the file)."""
        key = cast(Slot[object], slot)
        if key not in self._made:
            self._made[key] = slot.make(self)
        return cast(T, self._made[key])

    def made(self) -> list[str]:
        """The names of the slots made so far (what a warm-up preloaded, say)."""
        return sorted(slot.name for slot in self._made)

    def file(self, *parts: str) -> Path | None:
        """`folder/parts` if it is a file (None if there is none). A path that resolves outside
        the style's folder, through a symlink, is refused with a located error."""
        path = self.folder.joinpath(*parts)
        if not is_within(path, self.folder):
            raise BriefkitError(
                f"house style file '{'/'.join(parts)}' lies outside the style's folder (a "
                "link out of it); a house style reads only its own files",
                ExitCode.CONTENT,
                SourceLocation(path, 1, 1),
                "style.invalid",
            )
        return path if path.exists() else None

    def read_bytes(self, *parts: str) -> bytes | None:
        """The bytes of a style file (None if there is none); see `file`. Read under the
        containment rule: a regular file, under the size cap of its kind."""
        path = self.file(*parts)
        if path is None:
            return None
        kind = "template" if path.suffix == ".docx" else "style"
        try:
            return read_contained(path, (self.folder,), kind)
        except ContainmentError as exc:
            raise BriefkitError(
                f"house style file {exc.message}",
                ExitCode.CONTENT,
                SourceLocation(path, 1, 1),
                "style.unreadable" if exc.code == "file.unreadable" else exc.code,
            ) from exc

    def read_text(self, *parts: str) -> str | None:
        """A style file as UTF-8 text with its line ends made `\\n`, as Python's text files
        read (None if there is none); see `file`."""
        data = self.read_bytes(*parts)
        if data is None:
            return None
        try:
            return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            raise BriefkitError(
                f"cannot read house style file: {exc}",
                ExitCode.CONTENT,
                SourceLocation(self.folder.joinpath(*parts), 1, 1),
                "style.unreadable",
            ) from exc


class RenderResources:
    """The `StyleResources` of every house style used so far, by folder."""

    def __init__(self) -> None:
        self._styles: dict[Path, StyleResources] = {}
        _LIVE.add(self)

    @staticmethod
    def _key(folder: Path) -> Path:
        return Path(os.path.realpath(folder))

    def style(self, folder: Path) -> StyleResources:
        """The resources of the house style in `folder` (made empty on first use)."""
        key = self._key(folder)
        found = self._styles.get(key)
        if found is None:
            _release_at_exit()
            found = self._styles[key] = StyleResources(key)
        return found

    def invalidate(self, folder: Path) -> None:
        """Forget what was made from one style's files (one of them changed)."""
        self._styles.pop(self._key(folder), None)

    def clear(self) -> None:
        """Forget every style."""
        self._styles.clear()

    def loaded(self) -> dict[Path, list[str]]:
        """Style folder -> the names of the slots made from it."""
        return {folder: style.made() for folder, style in self._styles.items() if style.made()}


# Every live RenderResources, weakly: not a cache (nothing is found through it), only so that
# what they hold can be freed before the interpreter shuts down (below).
_LIVE: weakref.WeakSet[RenderResources] = weakref.WeakSet()


@functools.cache  # registers once per process, when the first style is used
def _release_at_exit() -> None:
    atexit.register(_release)


def _release() -> None:
    """Free what the renderers hold while their libraries are still loaded: WeasyPrint's
    font configurations fail noisily when finalised during interpreter shutdown."""
    for resources in list(_LIVE):
        resources.clear()
    gc.collect()
