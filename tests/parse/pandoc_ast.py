"""Test helper: pandoc's JSON AST and briefkit's source IR reduced to what the oracle compares.

Both sides become (a) a count of node kinds, named as pandoc names them, and (b) the sequence of
words a reader sees (`\\w+` runs, so markup printed as text, such as `{#id}` or `: `, does not
hide a lost word, and a lost word always shows). Citations are left out on both sides: briefkit
formats them later (resolve), pandoc keeps the source text.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from typing import Any

from briefkit import ir

WORD = re.compile(r"\w+")


def pandoc_ast(pandoc: str, text: str) -> dict[str, Any]:
    out = subprocess.run(
        [pandoc, "-f", "markdown", "-t", "json"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def pandoc_nodes(node: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) for every pandoc node, pre-order; text only for the leaves that hold it."""
    if isinstance(node, list):
        for x in node:
            yield from pandoc_nodes(x)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    kind = node["t"]
    c: Any = node.get("c")
    if kind in ("Str", "Code", "Math", "CodeBlock", "RawInline", "RawBlock"):
        text = c if isinstance(c, str) else c[-1]
        yield kind, text
        return
    yield kind, ""
    if kind == "Cite":
        return  # the citation's source text: formatted by resolve, not compared here
    if kind in ("Link", "Image"):
        yield from pandoc_nodes(c[1])
        return
    if kind == "Table":  # [attr, caption, colspecs, head, bodies, foot]
        yield from pandoc_nodes(c[1][1])
        yield from pandoc_nodes(c[3][1])
        for body in c[4]:
            yield from pandoc_nodes(body[2])
            yield from pandoc_nodes(body[3])
        yield from pandoc_nodes(c[5][1])
        return
    if kind == "Figure":
        yield from pandoc_nodes(c[1][1])
        yield from pandoc_nodes(c[2])
        return
    if kind in ("Div", "Span", "Header", "CodeBlock"):
        yield from pandoc_nodes(c[-1])
        return
    if kind in ("OrderedList", "Quoted"):
        yield from pandoc_nodes(c[1])
        return
    if kind == "DefinitionList":
        for term, defs in c:
            yield from pandoc_nodes(term)
            yield from pandoc_nodes(defs)
        return
    if kind == "Row" or kind == "Cell":
        return
    yield from pandoc_nodes(c)


def pandoc_summary(ast: dict[str, Any]) -> tuple[Counter[str], list[str]]:
    kinds: Counter[str] = Counter()
    words: list[str] = []
    for kind, text in pandoc_nodes(ast["blocks"]):
        kinds[kind] += 1
        words.extend(WORD.findall(text))
    return kinds, words


def words_under(node: Any, kinds: frozenset[str], out: dict[str, Counter[str]]) -> None:
    """The words inside each outermost node of one of `kinds`, by kind (what a construct holds)."""
    if isinstance(node, list):
        for x in node:
            words_under(x, kinds, out)
    elif isinstance(node, dict) and "t" in node:
        if node["t"] in kinds:
            bucket = out.setdefault(node["t"], Counter())
            for _, text in pandoc_nodes(node):
                bucket.update(WORD.findall(text))
            return
        for value in node.values():
            words_under(value, kinds, out)


# briefkit's IR kinds, named as pandoc names the same construct
_KIND = {
    "Text": "Str",
    "Emph": "Emph",
    "Strong": "Strong",
    "Strikeout": "Strikeout",
    "SmallCaps": "SmallCaps",
    "Superscript": "Superscript",
    "Subscript": "Subscript",
    "Code": "Code",
    "Link": "Link",
    "Image": "Image",
    "LineBreak": "LineBreak",
    "Cite": "Cite",
    "FootnoteRef": "Note",
    "InlineNote": "Note",
    "Paragraph": "Para",
    "Heading": "Header",
    "BlockQuote": "BlockQuote",
    "BulletList": "BulletList",
    "OrderedList": "OrderedList",
    "CodeBlock": "CodeBlock",
    "ThematicBreak": "HorizontalRule",
    "Figure": "Figure",
    "Table": "Table",
}


def briefkit_nodes(nodes: Any) -> Iterator[tuple[str, str]]:
    for node in nodes:
        name = type(node).__name__
        kind = _KIND.get(name, name)
        match node:
            case ir.Text(text=t) | ir.Code(text=t) | ir.CodeBlock(text=t) | ir.Math(tex=t):
                yield kind, t
            case ir.Image(alt=alt):
                yield kind, alt
            case ir.Figure(caption=cap):
                yield kind, ""
                yield from briefkit_nodes(cap)
                yield "Image", node.image.alt  # pandoc's figure holds its image, alt and all
            case ir.Cite():
                yield kind, ""
            case ir.InlineNote(blocks=bs):
                yield kind, ""
                yield from briefkit_nodes(bs)
            case ir.Table(caption=caption):
                yield kind, ""
                yield from briefkit_nodes(caption)
                for row in node.all_rows:
                    for cell in row:  # pandoc: a cell of one paragraph holds a Plain
                        simple = cell.inlines is not None
                        yield from briefkit_nodes(cell.inlines if simple else cell.blocks)
            case ir.BulletList(items=items) | ir.OrderedList(items=items):
                yield kind, ""
                for item in items:
                    yield from briefkit_nodes(item)
            case ir.DefinitionList(items=items):
                yield kind, ""
                for item in items:
                    yield from briefkit_nodes(item.term)
                    for definition in item.definitions:
                        yield from briefkit_nodes(definition)
            case ir.BlockQuote(blocks=bs) | ir.Div(blocks=bs):
                yield kind, ""
                yield from briefkit_nodes(bs)
            case ir.Span(children=kids, classes=classes):
                # pandoc: `.underline` is an Underline node, and an attribute after a link,
                # image or code span is that node's own (briefkit wraps it in a Span)
                wrapper = len(kids) == 1 and isinstance(kids[0], ir.Link | ir.Image | ir.Code)
                if "underline" in classes:
                    yield "Underline", ""
                elif not wrapper:
                    yield kind, ""
                yield from briefkit_nodes(kids)
            case ir.Paragraph(inlines=ins) | ir.Heading(inlines=ins):
                yield kind, ""
                yield from briefkit_nodes(ins)
            case _ if hasattr(node, "children"):
                yield kind, ""
                yield from briefkit_nodes(node.children)
            case _:
                yield kind, ""


def briefkit_summary(blocks: Any) -> tuple[Counter[str], list[str]]:
    kinds: Counter[str] = Counter()
    words: list[str] = []
    for kind, text in briefkit_nodes(blocks):
        kinds[kind] += 1
        words.extend(WORD.findall(text))
    return kinds, words
