"""Before the load stage: a new briefing to start from (`briefkit new`).

Consumes a slug, a title, a house-style name and today's date; produces the text of
`<dir>/<slug>.md` (front matter with every key the house styles print, each commented, one
example citation and one example footnote) and of `<dir>/<slug>.references.yaml` (the one
reference the example cites), then writes them without ever replacing an existing file.
The result passes `briefkit check --strict` and builds in every format (a test holds it to that).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefkit.build.sources import SKIP_NAMES
from briefkit.errors import BriefkitError, ExitCode, did_you_mean
from briefkit.paths import MARKERS, find_project_root

# Letters, digits, '-' and '_', starting with a letter or digit: safe as a file name on every
# system, as a URL path and as an output name. (A leading '_' or '.' would make `build content/`
# skip the file, so they are refused rather than silently ignored later.)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
# names `discover` skips in a folder, and names Windows reserves for devices
_RESERVED = (
    {name.removesuffix(".md") for name in SKIP_NAMES}
    | {"con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)}
)
EXAMPLE_KEY = "turabian2018"


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str


def check_slug(slug: str) -> str:
    """The slug, without a trailing `.md`; a usage error when it is not a safe file name."""
    if slug.lower().endswith(".md"):
        slug = slug[:-3]
    if not _SLUG.match(slug):
        stem = slug.replace("\\", "/").rsplit("/", 1)[-1]
        hint = (  # `new content/x.md`: the name is x; new writes into content/ itself
            f" (the name only: `briefkit new {stem}` writes content/{stem}.md)"
            if "/" in slug.replace("\\", "/") and _SLUG.match(stem)
            else ""
        )
        raise BriefkitError(
            f"'{slug}' is not a usable briefing name: use letters, digits, '-' and '_' "
            f"(up to 100, starting with a letter or digit), e.g. japan-asean-2025{hint}",
            ExitCode.USAGE,
        )
    if slug.lower() in _RESERVED:
        raise BriefkitError(
            f"'{slug}' is a reserved file name (skipped in content folders, or a device name "
            "on Windows); choose another",
            ExitCode.USAGE,
        )
    return slug


def title_from_slug(slug: str) -> str:
    words = slug.replace("_", " ").replace("-", " ").split()
    text = " ".join(words) or slug
    return text[:1].upper() + text[1:]


def yaml_text(value: str) -> str:
    """A YAML scalar for `value`: plain when YAML reads it back unchanged, else double-quoted."""
    plain = value.strip() == value and "\n" not in value and value != ""
    if plain:
        try:
            plain = yaml.safe_load(f"k: {value}") == {"k": value}
        except yaml.YAMLError:
            plain = False
    # a JSON string is a valid YAML double-quoted scalar
    return value if plain else json.dumps(value, ensure_ascii=False)


def briefing_text(slug: str, title: str, style: str, today: _dt.date) -> str:
    """The new briefing's Markdown, front matter first."""
    return f"""---
# Front matter: what the house style prints around the text. Every key is described in
# briefkit's guide (docs/guide/content-format.md); `briefkit schema` gives your editor a
# schema that checks it as you type.

# The series line above the title, and the number in the series ("No. 1").
series: Series name
number: 1
# The title (required); the page's, PDF's and Word file's title too. *Emphasis* works.
title: {yaml_text(title)}
# Printed under the title (and the PDF's Subject).
subtitle: What this briefing argues, in one line
# Used in running heads and when the briefing is cited in short form.
short-title: {yaml_text(title)}
# The byline, the author profile at the end, and the outputs' author metadata.
author:
  - family: Surname                             # family name
    given: Forename                             # given name(s)
    # family-first prints SURNAME Forename in this style; given-first prints Forename Surname
    name-order: family-first
    position: Research Fellow                   # in the byline and the author profile
    affiliation: Department, Institute          # in the byline and the author profile
    expertise: The author's fields of expertise # in the author profile
  # more authors: repeat the block; one author may simply be `- name: OGUMA Shinya`
# Date of publication: YYYY-MM-DD, YYYY-MM or YYYY.
date: {today.isoformat()}
# Language of the text (en, en-GB, ja): picks the style's labels and the hyphenation.
lang: en
# Metadata for search engines, reference managers and the PDF's keywords.
keywords: [first keyword, second keyword]
# The house style: templates/{style}/ in this project, or a built-in style.
style: {style}
# The references cited in the text: CSL YAML, CSL-JSON or BibTeX, relative to this file.
bibliography: {slug}.references.yaml
# Printed at the end, after the author profile. *Emphasis* works here, as in the title.
disclaimer: >-
  The views expressed in this paper are the author's own and do not represent the official
  views of the publisher.
# The rights line, printed below the disclaimer.
rights: We do not permit any unauthorized reproduction or unauthorized copying
# The publisher block at the end. `phones` maps each label to its number.
publisher:
  name: Publisher name
  office: Office name
  phones:
    Telephone: 00-0000-0000
  website: www.example.org
# Optional keys:
# abstract: A summary printed before the text.
# bibliography-section: true   # print a bibliography after the notes
# raw-html: drop               # drop | escape | safe: what happens to raw HTML in the text
---

# Introduction

Write the text in Markdown. A citation in square brackets becomes a footnote, and the first
citation of a source prints it in full.[@{EXAMPLE_KEY}] Cite the same source again and the house
style prints a short form, or "Ibid." right after it.[@{EXAMPLE_KEY}, chap. 3]

A note of your own takes a label; its text is written anywhere in the file.[^first-note]

[^first-note]: Notes from citations and your own notes share one numbering. Indent further
    paragraphs of a note by four spaces.

# Second Section

Top-level headings (`#`) are the briefing's sections.
"""


def references_text(slug: str) -> str:
    return f"""# References of {slug}.md, in CSL YAML (the form pandoc reads). Cite one with [@id].
# Each entry: an id, a CSL type (book, chapter, article-journal, report, webpage...) and its
# fields (briefkit's guide: docs/guide/references.md). `briefkit refs import library.bib`
# converts a BibTeX or Zotero export into this form.
references:
  - id: {EXAMPLE_KEY}
    type: book
    author:
      - family: Turabian
        given: Kate L.
    title: A Manual for Writers of Research Papers, Theses, and Dissertations
    edition: 9
    publisher: University of Chicago Press
    publisher-place: Chicago
    issued: 2018
"""


MARKER_TEXT = "# briefkit project: this file marks the project's folder (it may stay empty).\n"


def plan(
    slug: str,
    folder: Path,
    *,
    title: str | None = None,
    style: str | None = None,
    today: _dt.date | None = None,
    cwd: Path | None = None,
) -> list[NewFile]:
    """The files `briefkit new` writes (nothing is written here)."""
    from briefkit.load.styles import available_styles
    from briefkit.paths import DEFAULT_STYLE

    slug = check_slug(slug)
    style = style or DEFAULT_STYLE
    here = (cwd or Path.cwd()).resolve()
    root = find_project_root(here)
    known = available_styles(root)
    if style not in known:
        hint = did_you_mean(style, known)
        raise BriefkitError(
            f"no house style named '{style}'"
            + (f" ({hint})" if hint else "")
            + f"; available: {', '.join(known)}",
            ExitCode.USAGE,
        )
    if title is not None and not title.strip():
        raise BriefkitError("--title is empty", ExitCode.USAGE)
    files = [
        NewFile(
            folder / f"{slug}.md",
            briefing_text(
                slug, (title or title_from_slug(slug)).strip(), style, today or _dt.date.today()
            ),
        ),
        NewFile(folder / f"{slug}.references.yaml", references_text(slug)),
    ]
    # In a folder that belongs to no project, mark it as one, so that templates/ and images
    # beside the content folder belong to the project too.
    if not any((p / m).exists() for p in (here, *here.parents) for m in MARKERS):
        files.append(NewFile(here / "briefkit.toml", MARKER_TEXT))
    return files


def write_new(files: list[NewFile]) -> None:
    """Create every file, or none: an existing file is never replaced."""
    existing = [f.path for f in files if f.path.exists() or f.path.is_symlink()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise BriefkitError(
            f"{names} already exist{'s' * (len(existing) == 1)}; briefkit new never replaces "
            "a file (choose another name, or delete it first)",
            ExitCode.CONTENT,
        )
    written: list[Path] = []
    try:
        for f in files:
            f.path.parent.mkdir(parents=True, exist_ok=True)
            with f.path.open("x", encoding="utf-8", newline="\n") as fh:  # 'x': never replace
                fh.write(f.text)
            written.append(f.path)
    except OSError as exc:
        for path in written:  # all or nothing
            path.unlink(missing_ok=True)
        raise BriefkitError(f"cannot write {exc.filename}: {exc.strerror or exc}") from exc
