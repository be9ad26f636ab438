"""Reference reports and exports (for `briefkit refs`): which sources a briefing uses, how
often, with what problems; and the validated library as CSL-JSON.

Consumes a library (`LocatedReference`s), the resolved document's citation map and the run's
diagnostics; produces rows and JSON. Pure: the CLI prints or writes what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefkit.errors import Diagnostic
from briefkit.model.library import LocatedReference
from briefkit.parse.references import (
    BIBTEX_SUFFIXES,
    JSON_SUFFIXES,
    YAML_SUFFIXES,
)

REFERENCE_SUFFIXES = BIBTEX_SUFFIXES | JSON_SUFFIXES | YAML_SUFFIXES


@dataclass(frozen=True)
class RefRow:
    key: str
    type: str
    title: str
    uses: int
    notes: tuple[int, ...]
    where: str
    problems: tuple[str, ...]


def rows(
    library: dict[str, LocatedReference],
    citations: dict[str, tuple[int, ...]],
    diagnostics: list[Diagnostic],
) -> list[RefRow]:
    out: list[RefRow] = []
    for key, located in library.items():
        ref = located.ref
        problems = tuple(
            sorted(
                {
                    d.code
                    for d in diagnostics
                    if d.code.startswith(("ref.", "cite.")) and f"'{key}'" in d.message
                }
            )
        )
        notes = citations.get(key, ())
        out.append(
            RefRow(key, ref.type, ref.title or "", len(notes), notes, str(located.loc), problems)
        )
    return out
