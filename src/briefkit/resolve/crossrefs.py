"""Resolve stage helper: ids, numbers and cross-references of headings, figures and tables.

Consumes the source body and the house style's labels and produces unique ids (`#id` link
targets, Word bookmarks: the author's `{#id}`, else the heading's text lower-cased, punctuation
dropped, spaces as hyphens, `-2`... when repeated), the number and label of each captioned
figure and table ("Figure 1", "図1"), and for each pandoc-crossref or Quarto reference
(`@fig:x`, `@tbl-x`, `@sec:x`) the linked label it prints; a reference to no target is a
located `xref.unknown` error. Pure, like the rest of resolve.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from briefkit import ir
from briefkit.errors import Diagnostics, did_you_mean
from briefkit.parse.headingrefs import slug_base, unique


class Ids:
    def __init__(self) -> None:
        self.used: Counter[str] = Counter()

    def slug(self, inlines: Sequence[ir.Inline]) -> str:
        base = slug_base(ir.plain_text(inlines))  # the parser's, for [Heading] links
        self.used[base] += 1
        return unique(base, self.used[base])

    def claim(self, ident: str) -> str:
        """An id written by the author (`{#sec:x}`): kept as written (`-2` if repeated)."""
        self.used[ident] += 1
        return ident if self.used[ident] == 1 else f"{ident}-{self.used[ident]}"


# pandoc-crossref's `fig:x` and Quarto's `fig-x`: the prefixes that make `@key` a reference.
# A capital (`@Fig:x`, `@Fig-x`) is both tools' way to start a sentence with the reference: it
# names the same target and capitalises the printed label.
XREF = re.compile(r"^([Ff]ig|[Tt]bl|[Ss]ec)[:-]")


def _target_id(key: str) -> str:
    return key[:1].lower() + key[1:]


Target = tuple[str, str, str]  # (the text a reference prints, the link target, its number)


class CrossRefs:
    """The numbered figures and tables of a body, and every id a reference can reach.

    Built before the body is resolved, so a reference may come before its target. Every figure
    and table with a caption is numbered, in reading order, by the house style's label
    (`figure: "Figure {n}"`, `table: "表{n}"`).
    """

    def __init__(
        self, body: Sequence[ir.SourceBlock], labels: dict[str, str], keys: set[str]
    ) -> None:
        self.keys = keys  # reference ids: `@fig-x` naming a reference stays a citation
        self.by_node: dict[int, tuple[str, int]] = {}
        self.targets: dict[str, Target] = {}
        counts = {"figure": 0, "table": 0}
        for node in ir.walk(body):
            if isinstance(node, ir.Figure | ir.Table) and (node.caption or node.id):
                kind = "figure" if isinstance(node, ir.Figure) else "table"
                counts[kind] += 1
                template = labels.get(kind, "Figure {n}" if kind == "figure" else "Table {n}")
                label = template.replace("{n}", str(counts[kind]))
                self.by_node[id(node)] = (label, counts[kind])
                if node.id:
                    self.targets.setdefault(node.id, (label, "#" + node.id, str(counts[kind])))
            elif isinstance(node, ir.Heading) and node.id:
                text = ir.plain_text(node.inlines)  # (headings are not numbered: the text)
                self.targets.setdefault(node.id, (text, "#" + node.id, text))

    def numbered(
        self, block: ir.Figure[ir.SourceInline] | ir.Table[ir.SourceInline]
    ) -> tuple[str, int]:
        return self.by_node.get(id(block), ("", 0))

    def resolve(self, cite: ir.Cite, diags: Diagnostics, before: str = "") -> list[ir.Inline]:
        """The references of `cite` as links ("Figure 1"), or [] when it is a citation;
        `[-@fig:x]` prints the number alone, as in pandoc-crossref ("Figure [-@fig:x]").
        `before`: the text just before it, to catch "Figure @fig:x" ("Figure Figure 1")."""
        items = cite.items
        if not items or not all(XREF.match(i.key) and i.key not in self.keys for i in items):
            return []
        out: list[ir.Inline] = []
        for index, item in enumerate(items):
            if index:
                out.append(ir.Text(", "))
            if item.prefix:
                out.append(ir.Text(ir.plain_text(item.prefix) + " "))
            target = self.targets.get(_target_id(item.key))
            if target is None:
                diags.error(
                    "xref.unknown",
                    f"no figure, table or section has the id '{item.key}'",
                    item.loc,
                    did_you_mean(_target_id(item.key), self.targets)
                    or "give the target an id: ![Caption](img.png){#fig:x}, "
                    "Table: Caption {#tbl:x}, # Heading {#sec:x}",
                )
                out.append(ir.Text("??"))
                continue
            text = target[2] if item.suppress_author else target[0]  # [-@fig:x]: "1"
            if item.key[:1].isupper():
                text = text[:1].upper() + text[1:]
            if index == 0 and not item.prefix and not item.suppress_author and before:
                self._doubled(before, text, item, diags)
            out.append(ir.Link((ir.Text(text),), target[1]))
            if item.suffix:
                out.append(ir.Text(" " + ir.plain_text(item.suffix).lstrip(", ")))
        return out

    def _doubled(self, before: str, text: str, item: ir.CiteItem, diags: Diagnostics) -> None:
        word = text.split(" ")[0] if " " in text else ""
        if (
            word
            and before.rstrip(" \u00a0").lower().endswith(word.lower())
            and before[-1:].isspace()
        ):
            diags.warning(
                "xref.doubled",
                f"'{word} @{item.key}' prints '{word} {text}': the reference prints its label",
                item.loc,
                f"write @{item.key} alone, or {word} [-@{item.key}] for the number only",
            )
