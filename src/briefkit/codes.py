"""The registry of diagnostic codes, shared by every stage.

A `Diagnostic`'s code (`cite.unknown-key`, `pdf.note-misplaced`...) is what users search the
troubleshooting guide (docs/guide/troubleshooting.md) for, what CI annotations are titled with
and what a GitLab report fingerprints: a public name. `Code` lists every one, so `mypy
--strict` rejects a diagnostic whose code is misspelt or not registered while call sites keep
writing plain strings; `MEANINGS` gives each its one-line meaning, and the test suite checks
that it names exactly the codes of `Code` and of the guide. Grouped as the guide is.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Code = Literal[
    # files
    "file.missing",
    "file.unreadable",
    "file.binary",
    "file.encoding",
    "file.empty",
    "file.outside-project",
    "path.outside-project",
    "path.not-a-file",
    "input.too-large",
    "text.control-char",
    # front matter
    "frontmatter.missing",
    "frontmatter.unterminated",
    "frontmatter.syntax",
    "frontmatter.invalid",
    "frontmatter.unknown-key",
    # text
    "note.undefined",
    "note.unused",
    "note.duplicate-definition",
    "note.reused",
    "note.nested",
    "cite.unknown-key",
    "cite.in-metadata",
    "link.unsafe",
    "html.raw",
    "html.unsafe",
    # images
    "asset.missing",
    "asset.remote",
    "asset.outside-project",
    "asset.unsupported",
    "asset.too-large",
    # references
    "ref.file-missing",
    "ref.syntax",
    "ref.not-a-list",
    "ref.invalid",
    "ref.missing-id",
    "ref.duplicate-id",
    "ref.invalid-field",
    "ref.invalid-date",
    "ref.unknown-field",
    "ref.invalid-url",
    "ref.invalid-doi",
    "ref.unknown-language",
    "ref.missing-field",
    "ref.unused",
    # importing references
    "import.dropped-field",
    "import.unknown-type",
    # house styles
    "style.unknown",
    "style.file-missing",
    "style.unreadable",
    "style.syntax",
    "style.invalid",
    "style.unknown-key",
    "style.template",
    # rendering
    "render.failed",
    "pdf.note-misplaced",
    "pdf.note-too-long",
    "docx.image-format",
    "docx.note-unreferenced",
    "yaml.syntax",
    # editions
    "edition.missing",
    "edition.unreadable",
    "edition.sources-differ",
    # build manifests and the output folder
    "manifest.invalid",
    "output.unsafe",
    # verify
    "verify.missing",
    "verify.unreadable",
    "verify.changed",
    "verify.mismatch",
    # the PDF preflight (verify)
    "preflight.note-page",
    "preflight.call-break",
    "preflight.underfull",
    "preflight.url-break",
    "preflight.heading",
    "preflight.margin",
    "preflight.widow-orphan",
    # briefkit itself
    "internal.error",
]

MEANINGS: dict[Code, str] = {
    "file.missing": "a briefing or references file does not exist",
    "file.unreadable": "a file exists but cannot be read (a folder, no permission)",
    "file.binary": "a file holds NUL bytes: it is not text",
    "file.encoding": "a file is not UTF-8",
    "file.empty": "the briefing is empty",
    "file.outside-project": "the briefing links to a file outside the project",
    "path.outside-project": "a file the build would read lies outside the project",
    "path.not-a-file": "the path is a folder, device, FIFO or socket, not a regular file",
    "input.too-large": "the file is larger than briefkit reads for its kind",
    "text.control-char": "a control character was removed from the text",
    "frontmatter.missing": "the file does not start with front matter",
    "frontmatter.unterminated": "the front matter is never closed with `---`",
    "frontmatter.syntax": "the front matter is not valid YAML",
    "frontmatter.invalid": "a front-matter key has a value of the wrong kind or form",
    "frontmatter.unknown-key": "a front-matter key briefkit does not know (ignored)",
    "note.undefined": "a note is called but never defined",
    "note.unused": "a note is defined but never called",
    "note.duplicate-definition": "two notes are defined with the same label",
    "note.reused": "one note is called twice",
    "note.nested": "a note is called inside another note or the front matter (dropped)",
    "cite.unknown-key": "a citation names a key no reference has",
    "cite.in-metadata": "a citation in a front-matter text (not formatted)",
    "link.unsafe": "a link target that is not a web, mail or FTP address (printed as text)",
    "html.raw": "raw HTML removed or escaped under the raw-html policy",
    "html.unsafe": "a tag outside the safe list dropped under `raw-html: safe`",
    "asset.missing": "an image file is not found",
    "asset.remote": "an image is a web address (builds never fetch)",
    "asset.outside-project": "an image or references file lies outside the project",
    "asset.unsupported": "an image is not PNG, JPEG, GIF, SVG or WebP",
    "asset.too-large": "an image is larger than 20 MB",
    "ref.file-missing": "a file named in `bibliography:` does not exist",
    "ref.syntax": "a references file is not valid YAML, JSON or BibTeX",
    "ref.not-a-list": "a references file holds something other than a list of references",
    "ref.invalid": "a references entry is not a map of fields",
    "ref.missing-id": "a reference has no `id`",
    "ref.duplicate-id": "two references have the same id",
    "ref.invalid-field": "a reference field has a value of the wrong kind (entry left out)",
    "ref.invalid-date": "a reference's date field does not parse (entry left out)",
    "ref.unknown-field": "a reference field that is not a CSL variable (ignored)",
    "ref.invalid-url": "a reference's `URL` does not parse as a web address",
    "ref.invalid-doi": "a reference's `DOI` does not look like one",
    "ref.unknown-language": "a reference's language is not a language tag or name",
    "ref.missing-field": "a cited reference lacks a field its type prints",
    "ref.unused": "a reference is never cited",
    "import.dropped-field": "a BibTeX field with no CSL equivalent was not imported",
    "import.unknown-type": "an unknown BibTeX entry type was imported as `document`",
    "style.unknown": "`style:` names no house style",
    "style.file-missing": "a house-style folder lacks one of its files",
    "style.unreadable": "a house-style file cannot be read",
    "style.syntax": "a house-style YAML file is not valid YAML",
    "style.invalid": "a house-style setting has a wrong value",
    "style.unknown-key": "a house-style setting briefkit does not know",
    "style.template": "the house style's page template has a syntax error",
    "render.failed": "an output could not be rendered",
    "pdf.note-misplaced": "a PDF note is printed on another page than its call",
    "pdf.note-too-long": "a PDF note runs past the bottom margin",
    "docx.image-format": "Word cannot embed an image of this format (alt text printed)",
    "docx.note-unreferenced": "a note was resolved but never called in the Word document",
    "yaml.syntax": "a YAML text read outside a briefing, references or style is not valid",
    "edition.missing": "`translation-of:` or `editions:` names a file that does not exist",
    "edition.unreadable": "another edition has errors of its own; sources not compared",
    "edition.sources-differ": "the editions of a briefing cite different sources",
    "manifest.invalid": "a build manifest is not to be trusted (not used; the briefing is rebuilt)",
    "output.unsafe": "the output folder's `.briefkit` is a symbolic link or not a folder",
    "verify.missing": "an output recorded in the build manifest is missing",
    "verify.unreadable": "an output cannot be read back",
    "verify.changed": "an output was changed after it was built",
    "verify.mismatch": "an output does not say what its source says",
    "preflight.note-page": "a PDF note is printed on another page than its call",
    "preflight.call-break": "a PDF note call starts a line or stands alone on one",
    "preflight.underfull": "a PDF page (not the last) ends more than 20% above its foot",
    "preflight.url-break": "a PDF URL is broken where CMOS 14.18 forbids",
    "preflight.heading": "a PDF heading ends a page or keeps only one line of its text",
    "preflight.margin": "a PDF line runs past the margin",
    "preflight.widow-orphan": "a PDF paragraph leaves a single line at a page's top or foot",
    "internal.error": "briefkit failed on this briefing (a bug); the other briefings are built",
}

CODES: frozenset[str] = frozenset(get_args(Code))


def is_code(text: str) -> TypeGuard[Code]:
    """Whether `text` is a registered code (for codes read back from a build manifest)."""
    return text in CODES
