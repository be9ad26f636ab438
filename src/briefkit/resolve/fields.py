"""Resolve stage helper: the warnings about the fields of cited references.

Consumes the cited references (`LocatedReference`s, for their locations) and the house style;
produces `ref.missing-field` (a field the type's layout prints is absent: the note would be
incomplete) and `ref.field-not-printed` (a field is set that the layout never prints: its text
would be lost from every output; `cite.coverage` decides which) and `ref.dropped-field` (a
BibTeX field with no CSL equivalent, which no output prints) into the diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefkit.cite.coverage import unprinted_fields
from briefkit.errors import Diagnostics
from briefkit.model.housestyle import HouseStyle
from briefkit.model.library import LocatedReference
from briefkit.model.reference import Reference


def check_cited_fields(
    cited: Sequence[LocatedReference], style: HouseStyle, diags: Diagnostics
) -> None:
    check_dropped_fields(cited, diags)
    for located in cited:
        ref = located.ref
        layout = style.citations.layout(ref.type)
        missing = [f for f in layout.requires if not _has(ref, f)]
        if missing:
            diags.warning(
                "ref.missing-field",
                f"reference '{ref.id}' ({ref.type}) has no {', '.join(missing)}",
                located.loc,
                f"the '{style.name}' style prints it for this type",
            )
        lost = unprinted_fields(ref, style.citations)
        if lost:
            diags.warning(
                "ref.field-not-printed",
                f"reference '{ref.id}' ({ref.type}) sets {', '.join(lost)}, which the "
                f"'{style.name}' style does not print for this type",
                located.field_loc(lost[0]),
                "move the text to a field the type prints (a `note` is never printed), "
                "or give the type a part that prints it (citations.yaml `layouts`)",
            )


def check_dropped_fields(cited: Iterable[LocatedReference], diags: Diagnostics) -> None:
    """One warning per cited BibTeX entry, at its first dropped field, naming them all (as
    `refs import` does for every entry; an uncited entry of a shared library says nothing)."""
    for located in cited:
        dropped = located.raw.dropped
        if dropped:
            names = ", ".join(f"'{name}'" for name, _ in dropped)
            many = len(dropped) > 1
            diags.warning(
                "ref.dropped-field",
                f"field{'s' * many} {names} of '{located.ref.id}' ha{'ve' if many else 's'} no "
                "CSL equivalent and will not print",
                dropped[0][1],
                "if it matters, put its text in a field the style prints; `briefkit refs "
                "import` shows what each field of the file becomes",
            )


def _has(ref: Reference, variable: str) -> bool:
    if variable in ("author", "editor"):
        return bool(ref.names(variable))
    if variable == "issued":
        return ref.issued is not None
    return bool(ref.text(variable))
