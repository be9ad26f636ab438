"""Build stage: build manifests — what each briefing was built from, and what its outputs say.

Consumes what a build of one briefing read and wrote (input files, rendered bytes, the resolved
document, diagnostics); produces `<output>/.briefkit/<stem>.json`, written after its outputs and
read back by incremental builds (`up_to_date`), `watch` and `verify`:
- `inputs`: every file the build read (briefing, references, images, house-style files) with
  its SHA-256, plus the briefkit version and the options — the key of incremental builds;
- `outputs`: each written file, by its name in the output folder, with its SHA-256 — a build
  that finds them unchanged and its inputs unchanged has nothing to do;
- `expected`: the notes (also as the PDF prints them), links, metadata — what `verify` checks.
Paths are relative to the project root (built-in styles: absolute); one file per briefing.

A manifest is untrusted input: read under the containment rule (`paths.read_contained`),
validated by the models below (unknown keys, wrong types refused), the files it names read under
that rule too (inputs in the project or built-in styles, outputs by a relative name in the
output folder). One that fails is out of date with a `manifest.invalid` warning at it; one of
another schema (another briefkit) silently out of date.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from briefkit import __version__, paths
from briefkit.build.sources import FORMATS, Format, own_folder_problem
from briefkit.codes import Code
from briefkit.errors import Diagnostic, Severity, SourceLocation

MANIFEST_DIR = ".briefkit"
SCHEMA: Final = 3  # 2: relative paths, validated; 3: the PDF's note text (also in `Manifest`)
# Inputs are hashed under the largest cap of the kinds a build reads (the manifest does not say
# which each is): a file swapped in since it was read is read no further than this.
INPUT_KINDS = ("briefing", "references", "image", "style", "font", "template")
INPUT_KIND = max(INPUT_KINDS, key=paths.SIZE_CAPS.__getitem__)


# A pure memo, so module-level: it reads briefkit's own code (an edit is seen by the next process)
@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """briefkit's version and a fingerprint of its code: an upgrade, or an edit in a source
    checkout, makes every output out of date (every stage's code: the package, not build/)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- the schema
def _plain_name(value: str) -> str:
    """A path as a manifest may name it: never empty, never a NUL, never a `..` step."""
    if not value or "\x00" in value:
        raise ValueError("is empty or holds a NUL character")
    if ".." in PurePosixPath(value).parts or ".." in PureWindowsPath(value).parts:
        raise ValueError("holds a '..' step")
    return value


def _is_relative(value: str) -> bool:
    """Relative on every platform (a Windows name such as `\\x` or `C:x` is not)."""
    windows = PureWindowsPath(value)
    return not (PurePosixPath(value).root or windows.root or windows.drive)


def _relative_name(value: str) -> str:
    """An output: a name inside the output folder."""
    if not _is_relative(_plain_name(value)):
        raise ValueError("is absolute: only names inside the output folder are honoured")
    return value


PlainName = Annotated[str, AfterValidator(_plain_name)]
RelativeName = Annotated[str, AfterValidator(_relative_name)]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
InputDigest = Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")]  # '': was missing
OptionValue = str | int | list[str] | None  # what `BuildOptions.key` holds


class _Record(BaseModel):
    # strict: a number where a text belongs (or the reverse) is refused, not converted
    model_config = ConfigDict(extra="forbid", strict=True)


class Expected(_Record):
    """What every output of a briefing must carry (`verify` checks it)."""

    notes: list[tuple[int, str]] = Field(default_factory=list)
    print_notes: list[tuple[int, str]] = Field(default_factory=list)  # with list markers
    links: list[str] = Field(default_factory=list)
    title: str = ""
    subtitle: str = ""
    authors: list[str] = Field(default_factory=list)
    date: str | None = None
    lang: str = "en"
    keywords: list[str] = Field(default_factory=list)
    source_lines: list[tuple[int, str]] = Field(default_factory=list)  # where preflight points

    @property
    def pdf_notes(self) -> list[tuple[int, str]]:  # render.notetext; `notes` if none recorded
        return self.print_notes or self.notes


class Output(_Record):
    path: RelativeName  # the file's name in the output folder
    sha256: Digest


class Recorded(_Record):
    """A diagnostic of the build, replayed when the briefing is skipped (never opened)."""

    severity: Literal["error", "warning"]
    code: Code
    message: str
    path: PlainName | None = None  # relative to the project root when inside it
    line: int = Field(0, ge=0)
    col: int = Field(0, ge=0)
    hint: str | None = None

    @classmethod
    def of(cls, d: Diagnostic, root: Path) -> Recorded:
        path, line, col = (
            (record_name(d.loc.path, root), d.loc.line, d.loc.col) if d.loc else (None, 0, 0)
        )
        return cls(
            severity=d.severity.value,
            code=d.code,
            message=d.message,
            path=path,
            line=line,
            col=col,
            hint=d.hint,
        )

    def diagnostic(self, root: Path) -> Diagnostic:
        loc = SourceLocation(root / self.path, self.line, self.col) if self.path else None
        return Diagnostic(Severity(self.severity), self.code, self.message, loc, self.hint)


class Manifest(_Record):
    source: str  # the briefing, as named on the command line
    stem: PlainName
    version: str
    options: dict[str, OptionValue]
    inputs: dict[PlainName, InputDigest]  # name -> sha256 (see `input_files`)
    outputs: dict[Format, Output]
    expected: Expected
    diagnostics: list[Recorded] = Field(default_factory=list)
    partners: list[PlainName] = Field(default_factory=list)  # other language editions
    schema_version: Literal[3] = Field(alias="schema")  # = SCHEMA

    def to_json(self) -> str:
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------- names and hashes
def record_name(path: Path, root: Path) -> str:
    """How a manifest names `path`: relative to the project root (POSIX) when inside it, else
    absolute (a built-in style's files)."""
    path = Path(os.path.abspath(path))  # no '..' step, which a manifest may not hold
    for inside, base in ((path, root), (path.resolve(), root.resolve())):
        try:
            return inside.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def input_roots(root: Path) -> list[Path]:
    """Where the inputs a manifest names may lie: where a build may read (the containment
    rule, `paths.py`): the project and the built-in styles."""
    return [root, paths.builtin_styles_dir()]


def input_files(manifest: Manifest, root: Path) -> list[tuple[Path, str]]:
    """The inputs a manifest names, as paths, with their SHA-256. ManifestError for a name
    outside the input roots (by name here; where links lead is checked when they are read)."""
    roots = input_roots(root)
    found: list[tuple[Path, str]] = []
    for name, digest in manifest.inputs.items():
        path = Path(name)
        absolute = path.is_absolute()
        if not (any(path.is_relative_to(r) for r in roots) if absolute else _is_relative(name)):
            raise ManifestError("inputs: a name outside the project and its house styles")
        found.append((root / path, digest))
    return found


def file_hash(path: Path, roots: Sequence[Path], kind: str) -> str | None:
    """SHA-256 of a file read under the containment rule; None when it does not exist, and
    ContainmentError when it may not be read (outside `roots`, not a regular file, too big)."""
    try:
        return sha256(paths.read_contained(path, roots, kind))
    except paths.ContainmentError as exc:
        if exc.code == "file.missing":
            return None
        raise


def input_hashes(files: Iterable[Path], root: Path) -> dict[str, str]:
    """SHA-256 of every input file, by its manifest name (a file that is missing, or may not
    be read, hashes to '', so that the next build sees a change)."""
    roots = input_roots(root)
    out: dict[str, str] = {}
    for path in sorted(set(files)):
        try:
            digest = file_hash(path, roots, INPUT_KIND) or ""
        except paths.ContainmentError:
            digest = ""
        out[record_name(path, root)] = digest
    return out


def style_files(style_dir: Path) -> list[Path]:
    return [p for p in sorted(style_dir.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]


# ---------------------------------------------------------------- reading
class ManifestError(Exception):
    """Why a manifest is not to be trusted (a `manifest.invalid` warning), and where."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def manifest_path(out_dir: Path, stem: str) -> Path:
    return out_dir / MANIFEST_DIR / f"{stem}.json"


def folder_problem(out_dir: Path) -> Diagnostic | None:
    """An `output.unsafe` error when `<out_dir>/.briefkit` is a symbolic link or not a folder:
    briefkit then neither reads manifests through it nor writes into it."""
    problem = own_folder_problem(out_dir / MANIFEST_DIR)
    return None if problem is None else unsafe_folder(out_dir, problem)


def unsafe_folder(out_dir: Path, problem: str) -> Diagnostic:
    where = SourceLocation(out_dir / MANIFEST_DIR, 1, 1)
    hint = "remove it: briefkit makes the folder again, as its own"
    return Diagnostic(Severity.ERROR, "output.unsafe", problem, where, hint)


def invalid(path: Path, message: str, line: int = 1, col: int = 1) -> Diagnostic:
    return Diagnostic(
        Severity.WARNING,
        "manifest.invalid",
        f"build manifest not trusted: {message}",
        SourceLocation(path, line, col),
        "the briefing is rebuilt and its manifest written anew",
    )


def load_manifest(out_dir: Path, stem: str) -> tuple[Manifest | None, Diagnostic | None]:
    """The briefing's manifest, if there is one to trust; otherwise None and, for a manifest
    that is not to be trusted, why (`manifest.invalid` at it, or `output.unsafe`). None alone:
    no manifest yet, or one of another schema. Nothing but the manifest is read."""
    unsafe = folder_problem(out_dir)
    if unsafe is not None:
        return None, unsafe
    path = manifest_path(out_dir, stem)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, invalid(path, f"it cannot be examined ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):  # never followed, wherever it points
        return None, invalid(path, "it is a symbolic link")
    try:
        data = paths.read_contained(path, [out_dir], "manifest")
    except paths.ContainmentError as exc:
        if exc.code == "file.missing":  # removed meanwhile
            return None, None
        return None, invalid(path, f"it {exc.message}")
    try:
        return parse_manifest(data, stem), None
    except ManifestError as exc:
        return None, invalid(path, exc.message, exc.line, exc.col)


def read_manifest(out_dir: Path, stem: str) -> Manifest | None:
    return load_manifest(out_dir, stem)[0]  # without saying why not (watch, tests)


def parse_manifest(data: bytes, stem: str) -> Manifest | None:
    """A manifest from its bytes; None for one of another schema, ManifestError for one that
    is not valid (the first problem, located when it can be)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        raise ManifestError("it is not UTF-8", line, exc.start - before.rfind(b"\n")) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"it is not JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except (ValueError, RecursionError):  # a number past Python's digit limit, nesting too deep
        raise ManifestError("it is not JSON briefkit can read") from None
    if not isinstance(raw, dict):
        raise ManifestError("it is not a JSON object")
    schema = raw.get("schema")
    if type(schema) is int and schema != SCHEMA:
        return None  # another briefkit's manifest: out of date, nothing to report
    try:
        manifest = Manifest.model_validate_json(text)
    except ValidationError as exc:
        raise ManifestError(_first_problem(exc)) from None
    if manifest.stem != stem:
        raise ManifestError("it is the manifest of another briefing")
    return manifest


# The parts of a validation error's location that are briefkit's own names; any other (a key
# the manifest made up, a path) is not repeated in the message.
_OWN_NAMES = {"schema", *FORMATS}
_OWN_NAMES.update(*(m.model_fields for m in (Manifest, Expected, Output, Recorded)))


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    loc = [p for p in first["loc"] if p != "[key]"]  # a key's own problem: the key's place
    where = ".".join(str(p) if isinstance(p, int) or p in _OWN_NAMES else "…" for p in loc)
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where or 'the manifest'}: {message.lower()[:1]}{message[1:]}{more}"


INPUTS = ("an input", "the project and its house styles")
OUTPUTS = ("an output", "the output folder")


def _named(
    path: Path, roots: Sequence[Path], kind: str | None, what: str, where: str
) -> str | None:
    """The SHA-256 of a file a manifest names (None: missing; no `kind`: only checked that it
    lies inside `roots`); ManifestError when it may not be read."""
    try:
        if kind is None:
            paths.contained(path, roots)
            return None
        return file_hash(path, roots, kind)
    except paths.ContainmentError as exc:
        if exc.code == "file.missing":
            return None
        outside = exc.code == "path.outside-project"
        why = f"lies outside {where} (symlinks are followed)" if outside else exc.message
        raise ManifestError(f"{what} it names {why}") from None


def up_to_date(
    manifest: Manifest, out_dir: Path, options: Mapping[str, object], root: Path
) -> bool:
    """Nothing to do: same briefkit, options and inputs, and outputs as they were written.

    Every file the manifest names is checked first, whatever else differs; one that may not be
    read (outside the project and its house styles, or the output folder; a device, FIFO or
    socket; too large) raises ManifestError. A missing file is a change, not a problem.
    """
    in_roots, out_roots = input_roots(root), [out_dir]
    inputs = input_files(manifest, root)
    outputs = {fmt: (out_dir / e.path, e.sha256) for fmt, e in manifest.outputs.items()}
    for path, _ in inputs:
        _named(path, in_roots, None, *INPUTS)
    for path, _ in outputs.values():
        _named(path, out_roots, None, *OUTPUTS)
    if manifest.version != code_version() or manifest.options != options:
        return False
    for path, digest in inputs:
        if _named(path, in_roots, INPUT_KIND, *INPUTS) != digest:
            return False
    formats = options.get("formats")
    for fmt in formats if isinstance(formats, list) else []:
        entry = outputs.get(fmt)
        if entry is None or _named(entry[0], out_roots, "output", *OUTPUTS) != entry[1]:
            return False
    return True
