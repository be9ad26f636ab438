"""Parse stage helper: names the author gave twice, each a located warning.

Consumes the `{#id}`s the converter recorded and markdown-it's environment (the reference
definitions it kept and those it dropped as repeats) and produces `xref.duplicate-id` and
`link.duplicate-label` warnings at the second name. Both are pandoc's warnings too
("Duplicate identifier", "Duplicate link reference"); without them the repeat is renamed or
dropped and a link silently goes where the author did not mean.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markdown_it.utils import EnvType

from briefkit.errors import Diagnostics, SourceLocation


def report_ids(ids: list[tuple[str, SourceLocation]], diags: Diagnostics) -> None:
    """An id written twice: the resolver keeps ids unique (the second `sec:x` becomes
    `sec:x-2`), so a cross-reference or `#sec:x` link can only reach the first. pandoc warns
    too ("Duplicate identifier"), and keeps both."""
    first: dict[str, SourceLocation] = {}
    seen: Counter[str] = Counter()
    for ident, where in sorted(ids, key=lambda item: (item[1].line, item[1].col)):
        seen[ident] += 1
        if ident not in first:
            first[ident] = where
            continue
        diags.warning(
            "xref.duplicate-id",
            f"id '{ident}' is already given at line {first[ident].line}: this one becomes "
            f"'{ident}-{seen[ident]}', and references and links to '{ident}' reach the first",
            where,
            "give each heading, figure, table, div and span its own id",
        )


def report_definitions(path: Path, lines: list[str], env: EnvType, diags: Diagnostics) -> None:
    """`[site]: …` defined twice, letter case and spacing aside (`[Site]: …`): markdown-it
    keeps the first (CommonMark's rule), pandoc the last, so a link's target depends on the
    reader."""
    kept = env.get("references", {})
    for dup in env.get("duplicate_refs", []):
        line = dup["map"][0]
        text = lines[line] if line < len(lines) else ""
        col = max(text.find("["), 0)
        end = text.find("]:", col)
        label = text[col + 1 : end] if end > col else dup["label"]  # as written, not folded
        first = kept.get(dup["label"], {})
        at = f" at line {first['map'][0] + 1}" if first.get("map") else ""
        diags.warning(
            "link.duplicate-label",
            f"link label [{label}] is already defined{at}: this definition is not "
            f"used (links to it go to {first.get('href', 'the first')}; pandoc would use this one)",
            SourceLocation(path, line + 1, col + 1),
            "give each link definition its own label (labels ignore letter case)",
        )
