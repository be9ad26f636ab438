"""Resolve stage helper: the located warnings about where notes stand.

Consumes the resolver's diagnostics and what it found (a note where none may be, a figure or
table inside a note, two note calls side by side); produces warnings, and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.resolve.blocks import Body, Context, InNote


def note_allowed(diags: Diagnostics, ctx: Context, loc: SourceLocation) -> bool:
    """A footnote may stand in body text only: inside a note or in front matter it is dropped."""
    if isinstance(ctx, Body):
        return True
    where = "inside a footnote" if isinstance(ctx, InNote) else "in front matter"
    diags.warning(
        "note.nested",
        f"a footnote {where} is not allowed; it is dropped",
        loc,
        "move the text into the surrounding note, or into the body",
    )
    return False


def flattened(diags: Diagnostics, blocks: Sequence[ir.ResolvedBlock], loc: SourceLocation) -> None:
    """A PDF note sits inside its calling paragraph, at the page foot: a table or figure
    cannot be set there, so the PDF prints its text (rows, caption) and not the image."""
    found = {type(n).__name__ for n in ir.walk(blocks) if isinstance(n, ir.Figure | ir.Table)}
    for kind in sorted(k.lower() for k in found):
        what = "its rows as lines of text" if kind == "table" else "its caption, not the image"
        diags.warning(
            "note.block-as-text",
            f"a {kind} in a footnote: the PDF prints {what} (HTML and Word keep the {kind})",
            loc,
            f"move the {kind} into the body and refer to it from the note",
        )


def adjacent(
    diags: Diagnostics, pairs: Sequence[tuple[int, int]], notes: Sequence[ir.Note]
) -> None:
    """Two note calls side by side (a citation, then a note: `limits.[@a]^[...]`) would read as
    one number ("⁸⁹", note 89); they are printed "⁸,⁹", and Chicago (14.26) asks for one note."""
    for first, second in pairs:
        diags.warning(
            "note.adjacent-calls",
            f"notes {first} and {second} are called side by side; they print as {first},{second}",
            notes[second - 1].loc,
            "make them one note: put the citation inside the note (^[... [@key, 5] ...])",
        )
