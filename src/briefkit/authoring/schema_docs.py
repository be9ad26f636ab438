"""Model stage, for editors: what each front-matter key and reference field means.

Consumed by `briefkit.authoring.schema`, which puts these texts into the JSON Schemas as
`description`s: the YAML language server shows them on hover and in completion lists. Kept apart
from the schema's structure so that the words can be edited without touching the shapes; a test
holds every front-matter key of the model to having one.
"""

from __future__ import annotations

FRONT_DESCRIPTIONS: dict[str, str] = {
    "title": "The briefing's title (required). *Emphasis* is allowed.",
    "subtitle": "A subtitle printed under the title; the PDF's Subject.",
    "short-title": "A short title for running heads and later references to the briefing.",
    "author": (
        "The author(s): a name as printed ('OGUMA Shinya'), a list of names, or maps with "
        "family/given, name-order, position, affiliation and expertise."
    ),
    "date": "Date of publication: YYYY-MM-DD, YYYY-MM or YYYY.",
    "date-text": "A date in words, printed as written and in no metadata (29 January 2021).",
    "lang": "Language of the text as a BCP 47 tag: en, en-GB, ja. Picks the style's labels.",
    "keywords": "Keywords for metadata: a list, or one comma-separated string.",
    "abstract": "A summary printed before the text and used as the page description.",
    "bibliography": (
        "References file(s) (CSL YAML, CSL-JSON or BibTeX), relative to the briefing: "
        "one path or a list."
    ),
    "references": "References written inline, as a list of CSL items (as in a CSL YAML file).",
    "series": "The series the briefing belongs to, printed above the title (NIDS Commentary).",
    "number": "The briefing's number in its series, printed as 'No. 12'.",
    "style": "The house style: a folder templates/<style>/ in the project or a built-in one.",
    "disclaimer": "The disclaimer printed at the end. *Emphasis* is allowed.",
    "rights": "The rights line printed at the end.",
    "publisher": "The publisher block printed at the end: name, office, phones, website.",
    "bibliography-section": "true: print a bibliography after the notes (the style decides).",
    "raw-html": (
        "What happens to raw HTML in the text: drop (default), escape (print it as text) "
        "or safe (keep a small safe list of tags)."
    ),
    "suppress-bibliography": "pandoc's key: true prints no bibliography.",
    "notes-after-punctuation": (
        "pandoc's key: true (default) moves a citation's note call after the punctuation "
        "that follows it (controls.¹); false leaves it where written (controls¹.)."
    ),
    "translation-of": (
        "This briefing translates another: its path relative to this file, or "
        "{path, excerpt: true} for a partial translation."
    ),
    "editions": "Paths of this briefing's translations (other language editions).",
    "url": "The address the HTML page is published at (for metadata and links between editions).",
    "limits": (
        "Raise what one briefing may hold (docs/limits.md): notes (5000), paragraphs (30000), "
        "image-pixels (50000000 per image), image-memory (bytes of decoded images, 512 MiB)."
    ),
}
AUTHOR_DESCRIPTIONS: dict[str, str] = {
    "name": "The name as printed, when not given as family and given.",
    "family": "Family name.",
    "given": "Given name(s).",
    "name-order": "given-first (Shinya Oguma) or family-first (OGUMA Shinya in this style).",
    "position": "Position, printed in the byline and profile: Research Fellow.",
    "affiliation": "Department or institution: Policy Studies Department.",
    "expertise": "Field of expertise, printed in the author profile.",
    "email": "E-mail address.",
    "orcid": "ORCID identifier.",
    "url": "Home page.",
}
PUBLISHER_DESCRIPTIONS: dict[str, str] = {
    "name": "The publisher's name.",
    "office": "The office responsible for the series.",
    "address": "Postal address.",
    "email": "E-mail address.",
    "phones": (
        "Telephone numbers: a map of label to number ({Telephone (direct): 03-...}), "
        "a list of {label, number}, or one number."
    ),
    "website": "Website, printed as written (www.example.org) and linked.",
    "website-label": "The words before the website; the style's label by default.",
}
REFERENCE_DESCRIPTIONS: dict[str, str] = {
    "id": "The citation key: cite this reference as [@id].",
    "type": "The CSL item type: book, chapter, article-journal, report, webpage...",
    "title": "The title as printed (romanised titles are never recased).",
    "title-short": "A short title for later citations.",
    "title-translated": "An English gloss of a non-English title, printed in brackets.",
    "container-title": "The journal, newspaper, book or website the item appears in.",
    "collection-title": "The series of a book or report.",
    "publisher": "The publisher or issuing institution.",
    "publisher-place": "Where it was published.",
    "issued": "Date of publication: 2025-11-01, 2025-11, 2025, or {date-parts: [[2025, 11, 1]]}.",
    "accessed": "Date the web page was read (printed only if the style asks for it).",
    "URL": "The address of an online source: https://...",
    "DOI": "A DOI: 10.1234/abcd (preferred over the URL when the style says so).",
    "page": "Page range of the item within its container: 33-45.",
    "volume": "Volume number.",
    "issue": "Issue number of a journal.",
    "number": "Report or document number.",
    "edition": "Edition: 2, or 'rev. ed.'.",
    "language": "Language of the item (ja, en); titles in another language are never recased.",
    "note": "A note; `key: value` lines fill fields an exporter could not map (pandoc's rule).",
    "genre": "The kind of document: 'PhD diss.', 'Policy brief'.",
    "event-title": "The conference or event a paper or speech belongs to.",
    "event-place": "Where the event took place.",
    "author": "Authors: a list of {family, given} or {literal: Organisation}.",
    "editor": "Editors, written like authors.",
    "translator": "Translators, written like authors.",
    "container-author": "Author of the container (a book a chapter appears in).",
}
