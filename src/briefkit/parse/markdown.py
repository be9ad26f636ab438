"""Parse stage: the Markdown body of a briefing -> source IR blocks.

Consumes the body text (front matter blanked out, so line numbers stay file-relative) and
produces `ParsedBody`: blocks of source inlines, footnote definitions by label, and the located
links and images the load stage checks. markdown-it-py does the CommonMark parsing; the footnote
plugin runs with `move_to_end=False` and `always_match_refs=True` so that *we* number notes and
report undefined or unused ones. Inline tokens carry no positions, so the rules that matter are
wrapped to stamp their offset into `token.meta["pos"]`, mapped back to `line:col` here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse.citations import RawCiteItem, citation_rule

InlineRule = Callable[[StateInline, bool], bool]


@dataclass(frozen=True)
class FootnoteDef:
    label: str
    blocks: tuple[ir.SourceBlock, ...]
    loc: SourceLocation


@dataclass
class ParsedBody:
    blocks: tuple[ir.SourceBlock, ...]
    definitions: dict[str, FootnoteDef] = field(default_factory=dict)
    images: list[tuple[str, SourceLocation]] = field(default_factory=list)
    links: list[tuple[str, SourceLocation]] = field(default_factory=list)


# ---------------------------------------------------------------- the parser
def _stamped(fn: InlineRule, nested_offset: int | None = None) -> InlineRule:
    """Wrap an inline rule so the first token it emits records its offset in the inline text.

    Rules that parse part of their match in a nested state (inline notes `^[...]`, image alt
    text) get `nested_offset`, so offsets inside them stay relative to the outer text.
    """

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        n = len(state.tokens)
        stack: list[int] = state.env.setdefault("_bk_base", [0])
        base = stack[-1]
        if nested_offset is not None:
            stack.append(base + start + nested_offset)
        try:
            ok = fn(state, silent)
        finally:
            if nested_offset is not None:
                stack.pop()
        if ok and not silent:
            for tok in state.tokens[n:]:
                if tok.type != "text":
                    tok.meta = {**(tok.meta or {}), "pos": base + start}
                    break
        return ok

    return rule


def _smart_dashes(state: StateCore) -> None:
    """pandoc's `smart` punctuation: --- em dash, -- en dash, ... ellipsis.

    markdown-it's own `replacements` rule also turns (c) into a copyright sign and +- into
    a plus-minus, which pandoc does not do and which breaks lists like "(a), (b), (c)".
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = 0
        for tok in block.children:
            if tok.type == "link_open" and tok.info == "auto":
                in_autolink += 1
            elif tok.type == "link_close" and in_autolink:
                in_autolink -= 1
            elif tok.type == "text" and not in_autolink:
                tok.content = _dashes(tok.content)


def _dashes(text: str) -> str:
    text = re.sub(r"(?<!-)---(?!-)", "\u2014", text)
    text = re.sub(r"(?<!-)--(?!-)", "\u2013", text)
    return text.replace("...", "\u2026")


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """One configured parser per process (building it costs more than parsing a briefing)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.disable(["replacements"])
    md.use(footnote_plugin, inline=True, move_to_end=False, always_match_refs=True)
    md.inline.ruler.before("link", "citation", citation_rule)
    for name, nested in (
        ("link", None),
        ("image", 2),
        ("autolink", None),
        ("footnote_inline", 2),
        ("footnote_ref", None),
    ):
        fn = next(r.fn for r in md.inline.ruler.__rules__ if r.name == name)
        md.inline.ruler.at(name, _stamped(fn, nested))
    md.core.ruler.before("smartquotes", "bk_dashes", _smart_dashes)
    return md


# ---------------------------------------------------------------- offsets -> line:col
class _Locator:
    """Maps offsets in an inline token's content back to file positions."""

    def __init__(self, path: Path, lines: list[str], token: Token) -> None:
        self.path = path
        self.first = token.map[0] if token.map else 0
        self.starts: list[int] = []
        self.cols: list[int] = []
        offset = 0
        for i, cl in enumerate(token.content.split("\n")):
            real = lines[self.first + i] if self.first + i < len(lines) else cl
            self.starts.append(offset)
            self.cols.append(_content_col(real, cl))
            offset += len(cl) + 1

    def at(self, offset: int) -> SourceLocation:
        i = 0
        while i + 1 < len(self.starts) and self.starts[i + 1] <= offset:
            i += 1
        return SourceLocation(
            self.path, self.first + i + 1, self.cols[i] + offset - self.starts[i] + 1
        )

    def line_start(self) -> SourceLocation:
        return SourceLocation(self.path, self.first + 1, self.cols[0] + 1 if self.cols else 1)


def _content_col(real: str, content_line: str) -> int:
    """Column where `content_line` (a suffix of `real` after block markers) starts."""
    stripped = content_line.rstrip()
    if not stripped:
        return 0
    real_s = real.rstrip()
    if real_s.endswith(stripped):
        return len(real_s) - len(stripped)
    found = real.find(stripped)
    return max(found, 0)


# ---------------------------------------------------------------- tokens -> IR
class _Converter:
    def __init__(self, path: Path, text: str, env: dict[str, Any], diags: Diagnostics) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.env = env
        self.diags = diags
        self.body = ParsedBody(())
        self.md = markdown_parser()

    # ---- blocks
    def blocks(self, tokens: list[Token], i: int, close: str | None) -> tuple[list[Any], int]:
        out: list[Any] = []
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if close is not None and t == close:
                return out, i + 1
            if t == "paragraph_open":
                inline = tokens[i + 1]
                out.append(self.paragraph(inline))
                i += 3
            elif t == "heading_open":
                level = int(tok.tag[1:])
                out.append(ir.Heading(level, self.inlines_of(tokens[i + 1])))
                i += 3
            elif t == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(ir.BlockQuote(tuple(inner)))
            elif t in ("bullet_list_open", "ordered_list_open"):
                items, tight, i = self.list_items(tokens, i + 1, t.replace("open", "close"))
                if t == "bullet_list_open":
                    out.append(ir.BulletList(items, tight))
                else:
                    start = int(tok.attrGet("start") or 1)
                    out.append(ir.OrderedList(items, start, tight))
            elif t in ("code_block", "fence"):
                out.append(ir.CodeBlock(tok.content.rstrip("\n"), (tok.info or "").split(" ")[0]))
                i += 1
            elif t == "hr":
                out.append(ir.ThematicBreak())
                i += 1
            elif t == "table_open":
                table, i = self.table(tokens, i + 1)
                out.append(table)
            elif t == "footnote_reference_open":
                i = self.definition(tokens, i)
            else:  # html_block cannot occur (html=False); anything else is skipped safely
                i += 1
        return out, i

    def list_items(
        self, tokens: list[Token], i: int, close: str
    ) -> tuple[tuple[tuple[Any, ...], ...], bool, int]:
        items: list[tuple[Any, ...]] = []
        tight = True
        while i < len(tokens) and tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                if i + 1 < len(tokens) and tokens[i + 1].type == "paragraph_open":
                    tight = tight and tokens[i + 1].hidden
                inner, i = self.blocks(tokens, i + 1, "list_item_close")
                items.append(tuple(inner))
            else:
                i += 1
        return tuple(items), tight, i + 1

    def table(self, tokens: list[Token], i: int) -> tuple[Any, int]:
        header: list[tuple[Any, ...]] = []
        rows: list[tuple[tuple[Any, ...], ...]] = []
        aligns: list[str] = []
        row: list[tuple[Any, ...]] = []
        in_head = False
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                if in_head:
                    style = str(tok.attrGet("style") or "")
                    m = re.search(r"text-align:(\w+)", style)
                    aligns.append(m.group(1) if m else "")
                row.append(self.inlines_of(tokens[i + 1]))
                i += 2
            i += 1
        return ir.Table(tuple(header), tuple(rows), tuple(aligns)), i + 1  # type: ignore[arg-type]

    def definition(self, tokens: list[Token], i: int) -> int:
        open_tok = tokens[i]
        label = str(open_tok.meta["label"])
        line = open_tok.map[0] if open_tok.map else 0
        text = self.lines[line] if line < len(self.lines) else ""
        loc = SourceLocation(self.path, line + 1, max(text.find("[^"), 0) + 1)
        inner, i = self.blocks(tokens, i + 1, "footnote_reference_close")
        if label in self.body.definitions:
            first = self.body.definitions[label].loc
            self.diags.error(
                "note.duplicate-definition",
                f"footnote [^{label}] is defined twice (first at line {first.line})",
                loc,
                "rename one of the labels",
            )
        else:
            self.body.definitions[label] = FootnoteDef(label, tuple(inner), loc)
        return i

    def paragraph(self, inline: Token) -> Any:
        kids = [
            k
            for k in inline.children or []
            if not (k.type == "text" and not k.content.strip()) and k.type != "softbreak"
        ]
        if len(kids) == 1 and kids[0].type == "image":
            loc = _Locator(self.path, self.lines, inline)
            image = self.image(kids[0], loc)
            return ir.Figure(image, self.inlines(kids[0].children or [], loc))
        return ir.Paragraph(self.inlines_of(inline))

    # ---- inlines
    def inlines_of(self, inline: Token) -> tuple[Any, ...]:
        return self.inlines(inline.children or [], _Locator(self.path, self.lines, inline))

    def inlines(self, children: list[Token], loc: _Locator) -> tuple[Any, ...]:
        out, _ = self._inlines(children, 0, None, loc)
        return tuple(_merge_text(out))

    def _inlines(
        self, kids: list[Token], i: int, close: str | None, loc: _Locator
    ) -> tuple[list[Any], int]:
        out: list[Any] = []
        wrappers: dict[str, Callable[[tuple[Any, ...]], Any]] = {
            "em_open": ir.Emph,
            "strong_open": ir.Strong,
            "s_open": ir.Strikeout,
        }
        while i < len(kids):
            tok = kids[i]
            t = tok.type
            if close is not None and t == close:
                return out, i + 1
            i += 1
            if t == "text":
                out.append(ir.Text(tok.content))
            elif t == "softbreak":
                out.append(ir.Text(" "))
            elif t == "hardbreak":
                out.append(ir.LineBreak())
            elif t == "code_inline":
                out.append(ir.Code(tok.content))
            elif t in wrappers:
                inner, i = self._inlines(kids, i, t.replace("open", "close"), loc)
                out.append(wrappers[t](tuple(_merge_text(inner))))
            elif t == "link_open":
                href = str(tok.attrGet("href") or "")
                title = tok.attrGet("title")
                self.body.links.append((href, loc.at(tok.meta.get("pos", 0))))
                inner, i = self._inlines(kids, i, "link_close", loc)
                out.append(ir.Link(tuple(_merge_text(inner)), href, str(title) if title else None))
            elif t == "image":
                out.append(self.image(tok, loc))
            elif t == "footnote_ref":
                out.append(self.note_ref(tok, loc))
            elif t == "cite":
                out.append(self.cite(tok, loc))
        return out, i

    def image(self, tok: Token, loc: _Locator) -> ir.Image:
        src = str(tok.attrGet("src") or "")
        title = tok.attrGet("title")
        self.body.images.append((src, loc.at(tok.meta.get("pos", 0) if tok.meta else 0)))
        alt = ir.plain_text(self.inlines(tok.children or [], loc))
        return ir.Image(src, alt, str(title) if title else None)

    def note_ref(self, tok: Token, loc: _Locator) -> Any:
        where = loc.at(tok.meta.get("pos", 0))
        label = tok.meta.get("label")
        if label is not None:
            return ir.FootnoteRef(str(label), where)
        data = self.env.get("footnotes", {}).get("list", {}).get(tok.meta["id"], {})
        inner = self.inlines(data.get("tokens", []), loc)
        return ir.InlineNote((ir.Paragraph(inner),), where)

    def cite(self, tok: Token, loc: _Locator) -> ir.Cite:
        items = tuple(self.cite_item(raw, loc) for raw in tok.meta["items"])
        return ir.Cite(items, loc.at(tok.meta["pos"]), bool(tok.meta["in_text"]))

    def cite_item(self, raw: RawCiteItem, loc: _Locator) -> ir.CiteItem:
        return ir.CiteItem(
            key=raw.key,
            loc=loc.at(raw.key_pos),
            prefix=self.affix(raw.prefix),
            suffix=self.affix(raw.suffix),
            locator=raw.locator,
            label=raw.label,
            suppress_author=raw.suppress_author,
        )

    def affix(self, text: str) -> tuple[Any, ...]:
        """Prefix or suffix text of a citation, with its own emphasis and links."""
        if not text:
            return ()
        env: dict[str, Any] = {}
        tokens = self.md.parseInline(text, env)
        kids = tokens[0].children or [] if tokens else []
        fake = Token("inline", "", 0, content=text, map=None)
        return self.inlines(kids, _Locator(self.path, [text], fake))


def _merge_text(nodes: list[Any]) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        if isinstance(node, ir.Text) and out and isinstance(out[-1], ir.Text):
            out[-1] = ir.Text(out[-1].text + node.text)
        elif isinstance(node, ir.Text) and not node.text:
            continue
        else:
            out.append(node)
    return out


def parse_body(text: str, path: Path, diags: Diagnostics) -> ParsedBody:
    """Parse a briefing body (front matter already replaced by blank lines)."""
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    conv = _Converter(path, text, env, diags)
    blocks, _ = conv.blocks(tokens, 0, None)
    conv.body.blocks = tuple(blocks)
    return conv.body


def parse_fragment(text: str, path: Path, loc: SourceLocation, diags: Diagnostics) -> ParsedBody:
    """Markdown in a front-matter value (abstract, disclaimer...), located at its key.

    Positions inside the value are not tracked: any diagnostic points at the value itself.
    """
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    conv = _Converter(path, text, env, diags)
    blocks, _ = conv.blocks(tokens, 0, None)
    conv.body.blocks = tuple(blocks)
    conv.body.images = [(src, loc) for src, _ in conv.body.images]
    conv.body.links = [(url, loc) for url, _ in conv.body.links]
    return conv.body
