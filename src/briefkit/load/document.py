"""Load stage: a briefing file -> `SourceDocument` (the only stage that reads content files).

Reads the Markdown file, splits and validates its front matter, parses the body, reads the
bibliography files and images it names (inside the project only), and validates references.
Every problem is a located diagnostic; nothing is raised for anything a user can cause.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.load.encoding import decode_text
from briefkit.load.frontchecks import free_date, report_lang
from briefkit.load.images import ImageBudget, image_problem, report_missing_alt
from briefkit.load.library import cited_keys, shared_library
from briefkit.load.limits import body_within_limits
from briefkit.model.document import SourceDocument
from briefkit.model.frontmatter import PANDOC_ONLY_KEYS, FrontMatter, Limits
from briefkit.model.library import LocatedReference, build_library
from briefkit.model.validation import validate_located
from briefkit.parse.items import RawItem
from briefkit.parse.markdown import ParsedBody, parse_body, parse_fragment
from briefkit.parse.references import items_from_yaml_doc, read_reference_file
from briefkit.parse.titleblock import title_block
from briefkit.parse.yamlsrc import YamlDoc, parse_yaml
from briefkit.paths import ContainmentError, is_within, read_contained
from briefkit.urls import POLICY_HINT, is_safe_url, website_target

_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
MARKDOWN_KEYS = ("title", "subtitle", "abstract", "disclaimer", "rights")  # may hold *emphasis*


def read_text_file(
    path: Path,
    diags: Diagnostics,
    what: str = "file",
    *,
    roots: Sequence[Path] | None = None,
    kind: str = "briefing",
    digests: dict[Path, str] | None = None,
) -> str | None:
    """UTF-8 text with Unix newlines; a located error for a missing, binary or mis-encoded file
    (a BibTeX references file that is not UTF-8 is read as load.encoding says, with a warning).

    Read under the containment rule (`paths.read_contained`): inside `roots` (the file's own
    folder when none are given), a regular file, under the size cap of `kind`. `digests` gets
    the SHA-256 of the bytes read, for the manifest: hashing the file again after the build
    would record a save made meanwhile as the input of outputs made from the old text.
    """
    start = SourceLocation(path, 1, 1)  # a file with no readable lines is reported at 1:1
    try:
        data = read_contained(path, roots if roots is not None else (path.parent,), kind)
    except ContainmentError as exc:
        if exc.code == "file.missing":
            diags.error("file.missing", f"{what} not found", start)
        elif exc.code == "path.not-a-file" and path.is_dir():
            diags.error("file.unreadable", f"{what} is a directory", start)
        else:
            diags.error(exc.code, f"{what} {exc.message}", start)
        return None
    if digests is not None:
        digests[path] = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        diags.error("file.binary", f"{what} is binary, not text", SourceLocation(path, line, 1))
        return None
    text = decode_text(data, path, diags, what, kind)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return drop_control_chars(text, path, diags)


# C0/C1 controls other than tab and newline, and non-characters: XML (hence Word) cannot carry
# them, and in a PDF they print as nothing or as tofu
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")
# Unicode's line and paragraph separators (what a word processor's paragraph mark pastes as)
# are no line ending to Markdown; WeasyPrint's line breaker stopped on U+2029 (an internal
# assertion): each becomes a space, so the words on either side stay apart
_SEPARATORS = {"\u2028": " ", "\u2029": " "}


def drop_control_chars(text: str, path: Path, diags: Diagnostics) -> str:
    """Remove control characters, warning once per line where they were found."""
    if not _CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        m = _CONTROL.search(line)
        if m:
            diags.warning(
                "text.control-char",
                f"control character U+{ord(m.group()):04X} "
                + ("replaced by a space" if m.group() in _SEPARATORS else "removed")
                + (" (and others on this line)" if len(_CONTROL.findall(line)) > 1 else ""),
                SourceLocation(path, number, m.start() + 1),
                "Word and PDF cannot carry it; delete it from the file",
            )
            lines[number - 1] = _CONTROL.sub(lambda c: _SEPARATORS.get(c.group(), ""), line)
    return "\n".join(lines)


def split_front_matter(text: str) -> tuple[str, int, str] | None:
    """(yaml, first yaml line (1-based), body with the front matter blanked) or None.

    The body keeps one empty line per front-matter line so that line numbers stay
    file-relative. Returns ('', 0, text) when the file has no front matter, and None when
    an opening `---` is never closed.
    """
    lines = text.split("\n")
    block = title_block(lines)
    if block is not None:  # pandoc's `% title` block, read as the YAML it stands for
        return block[0] or "{}", 1, "\n" * block[1] + "\n".join(lines[block[1] :])
    if not lines or lines[0].rstrip() != "---":
        return "", 0, text
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            yaml = "\n".join(lines[1:i])
            body = "\n" * (i + 1) + "\n".join(lines[i + 1 :])
            return yaml, 2, body
    return None


def read_front_matter(path: Path, roots: Sequence[Path] | None = None) -> dict[str, Any] | None:
    """A briefing's front matter as plain data, cheaply (no model, problems ignored): for
    questions asked before or outside a build, such as which editions a file names.

    None when the file cannot be read or has no front matter; {} when its YAML is not a map.
    """
    text = read_text_file(path, Diagnostics(), roots=roots)
    split = split_front_matter(text) if text else None
    if not split or not split[1]:
        return None
    doc = parse_yaml(split[0], path, Diagnostics())
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def load_document(
    path: Path, project_root: Path, diags: Diagnostics, limits: Limits | None = None
) -> SourceDocument | None:
    """The briefing, or None (reasons in `diags`); `limits`: `--limit`'s, under the front's."""
    if path.exists() and not is_within(path, project_root):  # a symlink pointing outside
        diags.error(
            "file.outside-project",
            "briefing lies outside the project (a symlink?)",
            SourceLocation(path, 1, 1),
            "copy the file into the project",
        )
        return None
    text = read_text_file(path, diags, "briefing", roots=(project_root,))
    if text is None:
        return None
    if not text.strip():
        diags.error(
            "file.empty",
            "briefing is empty",
            SourceLocation(path, 1, 1),
            "start with front matter: ---, title: ..., ---, then the text",
        )
        return None
    split = split_front_matter(text)
    if split is None:
        diags.error(
            "frontmatter.unterminated",
            "front matter opened with '---' is never closed",
            SourceLocation(path, 1, 1),
            "end it with a line holding only '---'",
        )
        return None
    yaml_text, first_line, body_text = split
    if not first_line:
        diags.error(
            "frontmatter.missing",
            "briefing has no front matter",
            SourceLocation(path, 1, 1),
            "start the file with ---, then at least 'title: ...', then ---",
        )
        return None
    doc = parse_yaml(yaml_text, path, diags, line_offset=first_line - 1, code="frontmatter.syntax")
    if doc is None:
        return None
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        diags.error(
            "frontmatter.invalid",
            "front matter must be a mapping of keys to values",
            SourceLocation(path, first_line, 1),
        )
        return None
    free_date(data, doc, diags)
    front = validate_located(
        FrontMatter,
        data,
        doc.loc,
        diags,
        code="frontmatter.invalid",
        unknown_code="frontmatter.unknown-key",
        ignore=PANDOC_ONLY_KEYS,
    )
    if front is not None:
        report_lang(front.lang, doc, diags)
    raw_html = front.raw_html if front is not None else "drop"
    base = limits if limits is not None else Limits()
    limits = front.limits.over(base) if front is not None else base
    if not body_within_limits(body_text, limits, SourceLocation(path, 1, 1), diags):
        return None  # parsing it would cost minutes and gigabytes (load/limits.py)
    body = parse_body(body_text, path, diags, raw_html)
    if front is None:
        return None
    digests: dict[Path, str] = {}  # the references files' bytes as read (build.record)
    raw_items, files = _reference_items(path, project_root, front, doc, data, diags, digests)
    own = build_library(raw_items, diags)
    library = _with_shared(own, body, project_root, front, diags, digests)
    assets = _load_images(path, project_root, body, ImageBudget(limits), diags)
    _report_unsafe_links(body, diags)
    report_missing_alt(body, diags)
    meta_md = {
        key: parse_fragment(value, path, doc.loc((key,)), diags, front.raw_html)
        for key in MARKDOWN_KEYS
        if (value := getattr(front, key))
    }
    for fragment in meta_md.values():
        _report_unsafe_links(fragment, diags)
    _report_unsafe_fields(front, doc, diags)
    return SourceDocument(
        path, project_root, front, doc, body, library, assets, files, meta_md, text, digests
    )


def _with_shared(
    library: dict[str, LocatedReference],
    body: ParsedBody,
    root: Path,
    front: FrontMatter,
    diags: Diagnostics,
    digests: dict[Path, str],
) -> dict[str, LocatedReference]:
    """The briefing's own references plus the project's shared library (`briefkit.toml`);
    the briefing's own entry wins over a shared one with the same id. The library files'
    hashes go to `digests`, as the briefing's own references files' do."""
    blocks = [*body.blocks, *(b for d in body.definitions.values() for b in d.blocks)]
    cited = {k: v for k, v in cited_keys(blocks).items() if k not in library}
    shared, _ = shared_library(root, cited, diags, read_text_file, front.lang or "en", digests)
    return {**shared, **library}


def _report_unsafe_links(body: ParsedBody, diags: Diagnostics) -> None:
    """The one place `link.unsafe` is reported: every link target the parser found, those it
    left as text included. Later stages apply the same policy (urls.is_safe_url) silently."""
    for url, where in body.links:
        if not is_safe_url(url):
            diags.warning(
                "link.unsafe",
                f"link target '{url[:60]}' is refused; printed as text",
                where,
                POLICY_HINT,
            )


def _report_unsafe_fields(front: FrontMatter, doc: YamlDoc, diags: Diagnostics) -> None:
    """The front-matter fields that become links (`url`, an author's `url`, the publisher's
    `website`): a target the link policy refuses is printed as text, and said so here."""
    fields: list[tuple[tuple[str | int, ...], str]] = []
    if front.url:
        fields.append((("url",), front.url))
    for i, author in enumerate(front.author):
        if author.url:
            fields.append((("author", i, "url"), author.url))
    if front.publisher is not None and front.publisher.website:
        fields.append((("publisher", "website"), website_target(front.publisher.website)))
    for keys, url in fields:
        if not is_safe_url(url):
            diags.warning(
                "link.unsafe",
                f"{'.'.join(str(k) for k in keys)}: link target '{url[:60]}' is refused;"
                " printed as text",
                doc.loc(keys),
                POLICY_HINT,
            )


def _reference_items(
    path: Path,
    root: Path,
    front: FrontMatter,
    doc: YamlDoc,
    data: dict[str, Any],
    diags: Diagnostics,
    digests: dict[Path, str],
) -> tuple[list[RawItem], list[Path]]:
    items: list[RawItem] = []
    files: list[Path] = []
    if front.references:
        items.extend(items_from_yaml_doc(doc, ("references",), data.get("references", [])))
    single = isinstance(data.get("bibliography"), str)
    for i, rel in enumerate(front.bibliography):
        where = doc.loc(("bibliography",) if single else ("bibliography", i))
        target = (path.parent / rel).resolve()
        if not is_within(target, root):
            diags.error(
                "asset.outside-project",
                f"bibliography '{rel}' lies outside the project",
                where,
                "keep references files inside the project folder",
            )
            continue
        if not target.exists():  # a folder or a FIFO is refused as such when it is read
            diags.error(
                "ref.file-missing",
                f"bibliography file '{rel}' not found",
                where,
                f"paths are relative to {path.name}'s folder",
            )
            continue
        text = read_text_file(
            target, diags, "references file", roots=(root,), kind="references", digests=digests
        )
        if text is None:
            continue
        files.append(target)
        items.extend(read_reference_file(target, text, diags, lang=front.lang or "en"))
    return items, files


def _load_images(
    path: Path, root: Path, body: ParsedBody, budget: ImageBudget, diags: Diagnostics
) -> dict[str, ir.Asset]:
    assets: dict[str, ir.Asset] = {}
    for src, loc in body.images:
        if src in assets:
            continue
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            diags.error(
                "asset.remote",
                f"image '{src[:80]}' is not a local file",
                loc,
                "download it into the project and link the file",
            )
            continue
        target = (path.parent / unquote(parts.path)).resolve()
        if not is_within(target, root):
            diags.error("asset.outside-project", f"image '{src}' lies outside the project", loc)
            continue
        if not target.exists():
            diags.error(
                "asset.missing",
                f"image '{src}' not found",
                loc,
                f"paths are relative to {path.name}'s folder",
            )
            continue
        media_type = mimetypes.guess_type(target.name)[0] or ""
        if media_type not in IMAGE_TYPES:
            diags.error(
                "asset.unsupported", f"image '{src}' is not PNG, JPEG, GIF, SVG or WebP", loc
            )
            continue
        try:
            data = read_contained(target, (root,), "image")
        except ContainmentError as exc:
            if exc.code == "input.too-large":
                diags.error("asset.too-large", f"image '{src}' is larger than 20 MB", loc)
            else:
                diags.error(exc.code, f"image '{src}' {exc.message}", loc)
            continue
        problem = image_problem(data, media_type, budget)  # decoded once, here (images.py)
        if problem is not None:
            diags.error(problem[0], f"image '{src}' {problem[1]}", loc)
            continue
        assets[src] = ir.Asset(target, media_type, data)
    return assets
