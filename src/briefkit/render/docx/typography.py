"""Render stage helper: Word's line typography: URL break points and the house's hyphenation.

Consumes link text and the house's `Typography`; produces the text of a printed URL with
Word's break characters and the hyphenation settings of `w:settings`. Word has two no-width
characters for this (Insert > Symbol > Special Characters): the "No-Width Optional Break"
(U+200C), a break opportunity that prints nothing, and the "No-Width Non Break" (U+200D),
which forbids one. A URL gets the first at each point CMOS 14.18 allows
(`urls.url_break_points`) and the second where Word would break on its own (after a `/` or a
`-`), so Word never breaks it elsewhere and never adds a hyphen; with the URL breakable, the
justified line before it is not stretched to push the whole address to the next line.
"""

from __future__ import annotations

from briefkit.model.housestyle import Typography
from briefkit.render.docx.oxml import Element, el, qn
from briefkit.urls import url_segments

OPTIONAL_BREAK = "\u200c"  # Word's No-Width Optional Break
NON_BREAK = "\u200d"  # Word's No-Width Non Break
# Word breaks after these on its own; inside a URL piece it must not
_WORD_BREAKS_AFTER = frozenset("/-")


def word_url(url: str) -> str:
    """`url` with Word's no-width breaks: optional at CMOS 14.18's points, forbidden after a
    `/` or `-` anywhere else."""
    pieces = []
    for piece in url_segments(url):
        chars = []
        for i, ch in enumerate(piece):
            chars.append(ch)
            if ch in _WORD_BREAKS_AFTER and i + 1 < len(piece):
                chars.append(NON_BREAK)
        pieces.append("".join(chars))
    return OPTIONAL_BREAK.join(pieces)


# the hyphenation settings, in the schema order of `w:settings` (CT_Settings)
_HYPHENATION = (
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
)
# what may come before them in `w:settings`
_BEFORE = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime"
    " doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText"
    " printFractionalCharacterWidth printFormsData"
    " embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins"
    " alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop"
    " hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign"
    " attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType"
    " mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting"
    " documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop"
).split()


def set_hyphenation(settings: Element, typography: Typography) -> None:
    """Word hyphenates by the house's rules: on or off, at most `hyphenate-max-lines` lines in
    a row ending in a hyphen, capitalised words never (unless the house says so). Word has no
    minimum word length; its proofing language (`w:lang`, in the house's region) picks the
    patterns."""
    for name in _HYPHENATION:
        for old in settings.findall(qn(f"w:{name}")):
            settings.remove(old)
    wanted: list[Element] = []
    if typography.hyphenate:
        wanted.append(el("w:autoHyphenation"))
        limit = str(typography.hyphenate_max_lines)
        wanted.append(el("w:consecutiveHyphenLimit", {"w:val": limit}))
        if not typography.hyphenate_capitalized:
            wanted.append(el("w:doNotHyphenateCaps"))
    else:
        wanted.append(el("w:autoHyphenation", {"w:val": "0"}))
    before = {qn(f"w:{name}") for name in _BEFORE}
    at = 0
    for i, child in enumerate(settings):
        if child.tag in before:
            at = i + 1
    for offset, node in enumerate(wanted):
        settings.insert(at + offset, node)
