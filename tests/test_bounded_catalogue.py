"""The attack catalogue, bounded-work and no-internal-error half (issue 18, items 5, 7, 10):
each case is run through the CLI and asserts the exit code, the diagnostic code and location,
that nothing outside the project was read or written (a canary beside it, by content and
atime), and that the previous output set is intact. Every case is refused within a generous
subprocess-free deadline: the in-process CLI runs under `guard()` (a SIGALRM), which protects CI
from hangs; timings are not asserted otherwise."""

from __future__ import annotations

import io
import shutil
import signal
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.build.manifests import Canary, canary_outside
from tests.conftest import REPO, Project

DEADLINE = 60  # seconds: no case may take longer before it is built or refused


@contextmanager
def guard(seconds: int = DEADLINE) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise TimeoutError(f"a catalogue case ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(out: Path) -> dict[str, bytes]:
    if not out.is_dir():
        return {}
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.fixture
def house(project: Project) -> Path:
    style = project.root / "templates" / "house"
    shutil.copytree(REPO / "templates" / "commentary", style)
    return style


GOOD = "---\ntitle: T\nstyle: house\n---\nHello.[^1]\n\n[^1]: A note.\n"


def run_case(
    project: Project, cli: Any, prepare: Callable[[], None], *args: str
) -> tuple[Any, dict[str, bytes], dict[str, bytes], Canary]:
    """A good build first (the previous set), then `prepare` makes the case, then a build."""
    canary = canary_outside(project)
    housed = (project.root / "templates" / "house").is_dir()
    project.write("content/a.md", GOOD if housed else GOOD.replace("style: house\n", ""))
    with guard():
        assert cli("build", "-f", "html,docx", "-j", "1").exit_code == 0
    out = project.root / "output"
    before = snapshot(out)
    prepare()
    with guard():
        result = cli("build", "-f", "html,pdf,docx", "-j", "1", *args)
    return result, before, snapshot(out), canary


def assert_refused(
    result: Any, before: dict[str, bytes], after: dict[str, bytes], canary: Canary, where: str
) -> None:
    assert result.exit_code == 1, result.stderr
    assert where in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert after == before  # the previous set, byte for byte
    assert canary.untouched()


# ---------------------------------------------------------------- front matter and options
@pytest.mark.parametrize("year", ["10000", "0", "-1"])
def test_an_out_of_range_date_is_refused_by_check(
    project: Project, cli: Any, house: Path, year: str
) -> None:
    def prepare() -> None:
        project.write("content/a.md", GOOD.replace("style: house", f"style: house\ndate: {year}"))

    result, before, after, canary = run_case(project, cli, prepare)
    where = f"content/a.md:4:7: error[frontmatter.invalid]: date: year {year} is not between"
    assert_refused(result, before, after, canary, where)
    checked = cli("check", "content/a.md")
    assert checked.exit_code == 1 and where in checked.stderr


@pytest.mark.parametrize(
    "value", ["99999999999999", "253402300800", "-1", "1e9", " 12", "١٢", "12abc"]
)
def test_an_odd_source_date_epoch_is_a_usage_error(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    project.write("content/a.md", GOOD.replace("style: house\n", ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = cli("build", "-f", "html")
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01" in result.stderr
    assert not (project.root / "output").exists()


def test_the_last_source_date_epoch_builds(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("content/a.md", GOOD.replace("style: house\n", ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert cli("build", "-f", "html,docx").exit_code == 0
    html = (project.root / "output" / "a.html").read_text(encoding="utf-8")
    assert 'content="9999-12-31"' in html


# ---------------------------------------------------------------- too much content
def notes_briefing(n: int, limits: str = "") -> str:
    body = "\n\n".join(f"Paragraph {i}.[^{i}]" for i in range(n))
    defs = "\n".join(f"[^{i}]: Note {i}." for i in range(n))
    return f"---\ntitle: T\n{limits}---\n{body}\n\n{defs}\n"


def test_100000_notes_are_refused_before_parsing_at_the_first_one_past_the_limit(
    project: Project, cli: Any
) -> None:
    def prepare() -> None:
        project.write("content/a.md", notes_briefing(100_000))

    result, before, after, canary = run_case(project, cli, prepare)
    line = 3 + 2 * 5000 + 1  # front matter, then two lines a paragraph: the 5,001st note
    where = f"content/a.md:{line}:16: error[input.too-many-notes]: more than 5,000 notes"
    assert_refused(result, before, after, canary, where)
    assert "limits: {notes: 10000}" in result.stderr  # how to raise it, deliberately


def test_the_note_limit_is_raised_in_the_front_matter(project: Project, cli: Any) -> None:
    project.write("content/a.md", notes_briefing(5_001, "limits: {notes: 6000}\n"))
    with guard():
        result = cli("check", "content/a.md")
    assert result.exit_code == 0, result.stderr
    project.write("content/a.md", notes_briefing(5_001))
    assert "error[input.too-many-notes]" in cli("check", "content/a.md").stderr


def test_200000_paragraphs_are_refused_before_parsing(project: Project, cli: Any) -> None:
    def prepare() -> None:
        body = "\n\n".join(f"Paragraph {i}." for i in range(200_000))
        project.write("content/a.md", f"---\ntitle: T\n---\n{body}\n")

    result, before, after, canary = run_case(project, cli, prepare)
    where = f"content/a.md:{3 + 2 * 30_000 + 1}:1: error[input.too-many-blocks]: more than 30,000"
    assert_refused(result, before, after, canary, where)


# ---------------------------------------------------------------- images
def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A greyscale PNG; its rows all zero unless given (a bomb compresses to almost nothing)."""
    raw = rows if rows is not None else b"\x00" * ((width + 1) * height)
    body = zlib.compress(raw, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


IMAGE = "---\ntitle: T\n---\nText.\n\n![A figure](fig.png)\n"


@pytest.mark.parametrize(
    ("make", "code", "says"),
    [
        (lambda: png(20_000, 20_000), "asset.too-large", "has over 89,478,485 pixels, more"),
        (lambda: png(8_000, 8_000), "asset.too-large", "has 8,000 × 8,000 pixels, more than"),
        (lambda: png(200, 200)[:-40], "asset.invalid", "is corrupt or truncated"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "asset.invalid", "is corrupt or"),
        (lambda: b"GIF89a not really", "asset.invalid", "cannot be decoded as PNG: the file is"),
    ],
    ids=["bomb", "over-the-limit", "truncated", "garbage", "wrong-kind"],
)
def test_a_bad_image_is_refused_in_every_format_at_load(
    project: Project, cli: Any, make: Callable[[], bytes], code: str, says: str
) -> None:
    def prepare() -> None:
        (project.root / "content" / "fig.png").write_bytes(make())
        project.write("content/a.md", IMAGE)

    result, before, after, canary = run_case(project, cli, prepare)
    where = f"content/a.md:6:1: error[{code}]: image 'fig.png' {says}"
    assert_refused(result, before, after, canary, where)
    assert code in cli("check", "content/a.md").stderr  # refused by check too


def test_images_past_the_decoded_memory_limit_are_refused(project: Project, cli: Any) -> None:
    (project.root / "content" / "fig.png").write_bytes(png(6000, 6000))  # 36 MB decoded
    text = "---\ntitle: T\nlimits: {image-memory: 50000000}\n---\n"
    text += "![one](fig.png)\n\n![two](fig.png#2)\n"
    project.write("content/a.md", text)
    result = cli("check", "content/a.md")
    assert result.exit_code == 1
    assert "content/a.md:7:1: error[asset.too-large]: image 'fig.png#2' takes the briefing's" in (
        result.stderr
    )


def test_a_good_image_is_carried_into_every_format(project: Project, cli: Any) -> None:
    (project.root / "content" / "fig.png").write_bytes(png(40, 20, bytes(range(41)) * 20))
    project.write("content/a.md", IMAGE)
    assert cli("build", "-f", "html,pdf,docx").exit_code == 0
    with zipfile.ZipFile(project.root / "output" / "a.docx") as docx:
        assert any(n.startswith("word/media/") for n in docx.namelist())
    assert "<img" in (project.root / "output" / "a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("svg", "ok"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', True),
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
            True,
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            False,
        ),
        (b"<svg", False),
    ],
    ids=["plain", "svg11-doctype", "entities", "malformed"],
)
def test_svg_images_are_parsed_without_entities(
    project: Project, cli: Any, svg: bytes, ok: bool
) -> None:
    (project.root / "content" / "fig.svg").write_bytes(svg)
    project.write("content/a.md", IMAGE.replace("fig.png", "fig.svg"))
    result = cli("check", "content/a.md")
    assert (result.exit_code == 0) is ok, result.stderr
    if not ok:
        assert "content/a.md:6:1: error[asset.invalid]: image 'fig.svg' " in result.stderr


# ---------------------------------------------------------------- broken Word templates
def _docx_variants() -> dict[str, bytes]:
    good = (REPO / "templates" / "commentary" / "template.docx").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(good))
    document = archive.getinfo("word/document.xml")

    def rebuilt(
        edit: Callable[[str, bytes], bytes], extra: tuple[str, bytes] | None = None
    ) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in archive.infolist():
                w.writestr(info.filename, edit(info.filename, archive.read(info)))
            if extra is not None:
                with warnings.catch_warnings():  # zipfile warns of a duplicate name
                    warnings.simplefilter("ignore")
                    w.writestr(*extra)
        return out.getvalue()

    # a wrong CRC in the central directory: the entry unpacks, its checksum does not match
    crc = bytearray(good)
    at = good.find(b"word/document.xml", good.find(b"PK\x01\x02")) - 46 + 16
    crc[at] ^= 0xFF
    corrupt = bytearray(good)
    start = document.header_offset + 30 + len(document.filename) + len(document.extra)
    corrupt[start + 10] ^= 0xFF
    doctype = rebuilt(
        lambda n, d: (
            d.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "y">]>', 1)
            if n == "word/document.xml"
            else d
        )
    )
    return {
        "not-a-zip": b"This is not a Word file.",
        "truncated": good[: len(good) // 2],
        "bad-crc": bytes(crc),
        "corrupt-data": bytes(corrupt),
        "duplicate": rebuilt(lambda n, d: d, ("word/document.xml", archive.read(document))),
        "doctype": doctype,
        "escaping": rebuilt(lambda n, d: d, ("../../evil.xml", b"<x/>")),
    }


@pytest.mark.parametrize(
    "case",
    ["not-a-zip", "truncated", "bad-crc", "corrupt-data", "duplicate", "doctype", "escaping"],
)
def test_a_broken_word_template_is_style_invalid_at_check(
    project: Project, cli: Any, house: Path, case: str
) -> None:
    data = _docx_variants()[case]

    def prepare() -> None:
        (house / "template.docx").write_bytes(data)

    result, before, after, canary = run_case(project, cli, prepare)
    where = "templates/house/template.docx:1:1: error[style.invalid]: Word template "
    assert_refused(result, before, after, canary, where)
    assert where in cli("check", "content/a.md").stderr


def test_the_built_in_word_templates_pass_the_check() -> None:
    """load_style skips the check for a built-in style's template (briefkit's own): this is
    where it is made instead, for every built-in style."""
    from briefkit.load.wordtemplate import template_problem
    from briefkit.paths import builtin_styles_dir

    templates = sorted(builtin_styles_dir().glob("*/template.docx"))
    assert templates
    for path in templates:
        assert template_problem(path.read_bytes()) is None, path


@pytest.mark.parametrize(
    "name",
    [
        "style.yaml",
        "citations.yaml",
        "strings/ja.yaml",
        "html/page.html.j2",
        "html/style.css",
        "html/print.css",
    ],
)
def test_an_undecodable_style_file_is_located_at_its_first_bad_byte(
    project: Project, cli: Any, house: Path, name: str
) -> None:
    path = house / name
    lines = path.read_bytes().count(b"\n")

    def prepare() -> None:
        with path.open("ab") as fh:
            fh.write(b"\nab\xff\xfe")

    result, before, after, canary = run_case(project, cli, prepare)
    where = f"templates/house/{name}:{lines + 2}:3: error[style.unreadable]: cannot read house"
    assert_refused(result, before, after, canary, where)


@pytest.mark.parametrize(
    "body",
    ["\n \n" * 1_000_000, "[^" * 2_000_000, ";" + " " * 4_000_000, "^[" * 10 + "\n" * 3_000_000],
    ids=["blank-lines", "open-brackets", "spaces", "newlines"],
)
def test_measuring_a_pathological_body_is_linear(project: Project, cli: Any, body: str) -> None:
    """The counts that guard the parser must not be the slow part themselves (a regular
    expression that backtracks over long runs of blank lines took minutes)."""
    project.write("content/a.md", f"---\ntitle: T\n---\n{body}\n")
    with guard(60):
        result = cli("check", "content/a.md")
    assert "internal error" not in result.stderr


def test_list_items_count_as_blocks_and_the_error_is_at_the_first_one_past(
    project: Project, cli: Any
) -> None:
    items = "\n".join(f"- item {i}" for i in range(12))
    project.write("content/a.md", f"---\ntitle: T\nlimits: {{paragraphs: 10}}\n---\n{items}\n")
    result = cli("check", "content/a.md")
    assert "content/a.md:15:1: error[input.too-many-blocks]: more than 10 paragraphs" in (
        result.stderr
    )


def test_simple_table_rows_count_as_blocks(project: Project, cli: Any) -> None:
    """A simple table's rows have no blank line between them, yet each is a row to parse and
    to lay out: each counts, so a 16 MiB table of one-line rows cannot slip past the limit."""
    rows = "\n".join(f"{i}    x" for i in range(12))
    body = f"a    b\n---  ---\n{rows}\n"
    project.write("content/a.md", f"---\ntitle: T\nlimits: {{paragraphs: 10}}\n---\n{body}")
    result = cli("check", "content/a.md")
    # the header (line 5) is block 1, the dashes none, rows 0..8 (lines 7..15) blocks 2..10:
    # row 9, on line 16, is past the limit
    assert "content/a.md:16:1: error[input.too-many-blocks]: more than 10 paragraphs" in (
        result.stderr
    )


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow(
    project: Project, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing it does
    (project.root / "content" / "fig.png").write_bytes(png(200, 200)[:-40])
    project.write("content/a.md", IMAGE)
    result = cli("check", "content/a.md")
    assert "content/a.md:6:1: error[asset.invalid]: image 'fig.png' is corrupt or truncated" in (
        result.stderr
    )
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was
