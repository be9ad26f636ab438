"""Load stage: the project's shared (series) library -> references a briefing may cite.

A project declares its series library in `briefkit.toml` at the project root:

    [references]
    library = ["references/series.bib", "references/zotero.json"]

Every briefing of the project may then cite any entry of those files without naming them in
its front matter. Consumes the project root, the briefing's citation keys and its language;
produces `LocatedReference`s marked `shared` (see model.library.build_shared_library for how
their problems are reported). Each file is parsed once per process however many briefings a
batch builds (keyed by path, size and modification time). The SHA-256 of the bytes read of
each library file, and of `briefkit.toml` when it names one, go to the caller's `digests` for
the build manifest: a library edited after the build read it leaves the briefing out of date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from briefkit import ir
from briefkit.errors import Diagnostic, Diagnostics, SourceLocation
from briefkit.load.config import CONFIG, parse_config
from briefkit.model.library import LocatedReference, build_shared_library
from briefkit.parse.items import RawItem
from briefkit.parse.references import read_reference_file
from briefkit.paths import is_within

# (path, size, mtime, language) -> the parsed items, the parse's problems, the read bytes' hash
_CACHE: dict[tuple[Path, int, int, str], tuple[list[RawItem], list[Diagnostic], str]] = {}
_CACHE_FILES = 8


# the loader's reader of text files (load.document.read_text_file: contained, capped, UTF-8),
# passed in so that this module and the briefing loader do not import each other
Reader = Callable[..., str | None]


def library_files(
    root: Path, diags: Diagnostics, read: Reader, digests: dict[Path, str] | None = None
) -> list[Path]:
    """The files `briefkit.toml` names under `[references] library`, inside the project
    (and, in `digests`, the hash of the `briefkit.toml` read, when it names any)."""
    path = root / CONFIG
    if not path.is_file():
        return []
    read_digest: dict[Path, str] = {}
    text = read(path, diags, CONFIG, roots=(root,), kind="references", digests=read_digest)
    if not text or not text.strip(" \n#"):
        return []
    config = parse_config(path, text, diags)
    if config is None:
        return []
    section = config.data.get("references", {})
    names = section.get("library", []) if isinstance(section, dict) else []
    # one file written as a string is what `library = "lib.bib"` plainly means: read as a
    # one-item list (documented), not refused over the brackets
    if isinstance(names, str):
        names = [names]
    where = config.where("references", "library")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        diags.error(
            "config.invalid",
            "[references] library must be a list of file names",
            where,
            'library = ["references/series.bib"]',
        )
        return []
    files: list[Path] = []
    for name in names:
        target = (root / name).resolve()
        if not is_within(target, root):
            diags.error(
                "asset.outside-project",
                f"library file '{name}' lies outside the project",
                where,
                "keep the series library inside the project folder",
            )
        elif not target.is_file():
            diags.error(
                "ref.file-missing",
                f"library file '{name}' not found",
                where,
                f"names are relative to the folder of {CONFIG}",
            )
        else:
            files.append(target)
    # a project without a library rebuilds on no edit of briefkit.toml, unless the file drew a
    # warning: its fix must rebuild the briefing, not replay the warning from the manifest
    if (files or config.problems) and digests is not None:
        digests.update(read_digest)
    return files


def cited_keys(blocks: Iterable[ir.SourceBlock]) -> dict[str, SourceLocation]:
    """Each key the blocks cite, with its first citation's location."""
    keys: dict[str, SourceLocation] = {}
    for node in ir.walk(blocks):
        if isinstance(node, ir.Cite):
            for item in node.items:
                keys.setdefault(item.key, item.loc)
    return keys


def shared_library(
    root: Path,
    cited: Mapping[str, SourceLocation],
    diags: Diagnostics,
    read: Reader,
    lang: str = "en",
    digests: dict[Path, str] | None = None,
) -> tuple[dict[str, LocatedReference], list[Path]]:
    """The valid shared entries (for this briefing's citations) and the files they came from;
    `digests` gets the hash of each file's bytes as read (see the module docstring)."""
    found: dict[Path, str] = {}
    files = library_files(root, diags, read, found)
    raw: list[RawItem] = []
    for path in files:
        items, digest = _parsed(path, root, diags, lang, read)
        raw.extend(items)
        if digest:
            found[path] = digest
    if digests is not None:
        digests.update(found)
    return build_shared_library(raw, cited, diags), files


def _parsed(
    path: Path, root: Path, diags: Diagnostics, lang: str, read: Reader
) -> tuple[list[RawItem], str]:
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns, lang)
    if key not in _CACHE:
        private = Diagnostics()
        digest: dict[Path, str] = {}
        text = read(path, private, "library file", roots=(root,), kind="references", digests=digest)
        items = read_reference_file(path, text, private, lang=lang) if text is not None else []
        for old in [k for k in _CACHE if k[0] == path]:  # an edited file: drop its old parse
            del _CACHE[old]
        while len(_CACHE) >= _CACHE_FILES:
            del _CACHE[next(iter(_CACHE))]
        # the hash of the bytes this parse came from: a later build that reuses the parse
        # records them too ('' if it could not be read: always out of date)
        _CACHE[key] = (items, list(private.items), digest.get(path, ""))
    items, problems, read_hash = _CACHE[key]
    # what the parser could not read (a broken entry, a file that is not text) concerns no
    # citation of this briefing: one warning each, not a stop; the parser's own warnings about
    # entries this briefing may not cite are left to `briefkit refs LIBRARY` (but not a guessed
    # encoding)
    for p in problems:
        if p.is_error:
            diags.warning(p.code, f"{p.message} (in the shared library; left out)", p.loc, p.hint)
        elif p.code == "ref.encoding":  # a guessed encoding concerns every entry: said each time
            diags.warning(p.code, p.message, p.loc, p.hint)
    return items, read_hash
