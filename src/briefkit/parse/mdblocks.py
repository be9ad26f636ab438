"""Parse stage: markdown-it block tokens -> source IR blocks (the block half of the converter).

Consumes the token stream of `parse.mdparser` and produces `ParsedBody` blocks: paragraphs,
headings, lists, quotes, code, tables, footnote definitions, and the pandoc blocks briefkit
renders (math). Inline conversion is `parse.markdown._Converter`, the subclass that fills in
`paragraph` and `inlines_of`; split so each half stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token
from markdown_it.utils import EnvType

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse import captions, fancylists, rawhtml, raws, tablecells
from briefkit.parse.attrs import parse_attrs
from briefkit.parse.mdparser import markdown_parser
from briefkit.parse.rawhtml import RawHtmlMode


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
    # every link target written, also those markdown-it refused (left as text): the load stage
    # reports the unsafe ones (briefkit.urls), so each bad link gets one warning, from one place
    links: list[tuple[str, SourceLocation]] = field(default_factory=list)
    # every `{#id}` the author wrote, where: `parse_body` reports one written twice
    ids: list[tuple[str, SourceLocation]] = field(default_factory=list)


# markdown-it writes a column's alignment as `style="text-align:left"` (or center, right)
_ALIGNS: dict[str, ir.Align] = {"left": "left", "center": "center", "right": "right"}


class BlockConverter:
    def __init__(
        self, path: Path, text: str, env: EnvType, diags: Diagnostics, raw_html: RawHtmlMode
    ) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.env = env
        self.diags = diags
        self.body = ParsedBody(())
        self.md = markdown_parser()
        self.raw_html = raw_html

    # ---- blocks
    def blocks(
        self, tokens: list[Token], i: int, close: str | None
    ) -> tuple[list[ir.SourceBlock], int]:
        out: list[ir.SourceBlock] = []
        starts: list[SourceLocation] = []  # where each block of `out` starts
        here = SourceLocation(self.path, 1, 1)
        while i < len(tokens):
            starts.extend([here] * (len(out) - len(starts)))
            tok = tokens[i]
            here = self.block_loc(tok)
            t = tok.type
            if close is not None and t == close:
                return self.captioned(out, starts), i + 1
            if t == "paragraph_open":
                inline = tokens[i + 1]
                out.append(self.paragraph(inline))
                i += 3
            elif t == "heading_open":
                level = int(tok.tag[1:])
                where = self.block_loc(tok)
                heading = captions.heading(level, self.inlines_of(tokens[i + 1]), where, self.warn)
                self.claim(heading.id, where)
                out.append(heading)
                i += 3
            elif t == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(ir.BlockQuote(tuple(inner)))
            elif t in ("bullet_list_open", "ordered_list_open"):
                items, tight, i = self.list_items(tokens, i + 1, t.replace("open", "close"))
                if t == "bullet_list_open":
                    out.append(ir.BulletList(items, tight))
                else:
                    out.append(self.ordered_list(tok, items, tight))
            elif t == "fence":
                out.extend(self.fence(tok))
                i += 1
            elif t == "code_block":
                out.append(ir.CodeBlock(tok.content.rstrip("\n")))
                i += 1
            elif t == "math_block":  # $$ on lines of its own: a displayed formula
                where = SourceLocation(self.path, (tok.map[0] if tok.map else 0) + 1, 1)
                out.append(ir.Paragraph((self.math(tok.content, True, where),)))
                i += 1
            elif t == "container_div_open":
                inner, i = self.blocks(tokens, i + 1, "container_div_close")
                div = captions.div(tok.info, tuple(inner), self.block_loc(tok), self.warn)
                self.claim(div.id, self.block_loc(tok))
                out.append(div)
            elif t == "dl_open":
                deflist, i = self.definition_list(tokens, i + 1)
                out.append(deflist)
            elif t == "hr":
                out.append(ir.ThematicBreak())
                i += 1
            elif t == "table_open":
                table, i = self.table(tokens, i + 1)
                out.append(table)
            elif t == "footnote_reference_open":
                i = self.definition(tokens, i)
            elif t == "html_block":
                out.extend(self.html_block(tok))
                i += 1
            else:  # nothing else can occur; skipped safely
                i += 1
        starts.extend([here] * (len(out) - len(starts)))
        return self.captioned(out, starts), i

    def captioned(
        self, out: list[ir.SourceBlock], starts: list[SourceLocation]
    ) -> list[ir.SourceBlock]:
        if not any(isinstance(b, ir.Table) for b in out):
            return out
        starts = starts + [SourceLocation(self.path, 1, 1)] * (len(out) - len(starts))
        return captions.attach_table_captions(out, starts, self.warn, self.claim)

    def block_loc(self, tok: Token) -> SourceLocation:
        return SourceLocation(self.path, (tok.map[0] if tok.map else 0) + 1, 1)

    def claim(self, ident: str, where: SourceLocation) -> None:
        """An id the author wrote (`{#sec:x}`), recorded to find one written twice."""
        if ident:
            self.body.ids.append((ident, where))

    def warn(
        self, message: str, where: SourceLocation, hint: str = "remove the attributes"
    ) -> None:
        self.diags.warning("syntax.unsupported", message, where, hint)

    def ordered_list(
        self, tok: Token, items: tuple[tuple[ir.SourceBlock, ...], ...], tight: bool
    ) -> ir.OrderedList[ir.SourceInline]:
        """A CommonMark list, or a fancy or example one (`parse.fancylists` kept its marker)."""
        markers = self.env.get("bk_markers")
        line = tok.map[0] if tok.map else -1
        mark = markers.by_line.get(line) if isinstance(markers, fancylists.Markers) else None
        if mark is None:
            delim: ir.ListDelim = "paren" if tok.markup == ")" else "period"
            start = tok.attrGet("start")  # 0 is a start ("0." lists count from zero)
            return ir.OrderedList(items, 1 if start is None else int(start), tight, delim=delim)
        return ir.OrderedList(items, mark.start or 1, tight, mark.style, mark.delim)

    def fence(self, tok: Token) -> list[ir.SourceBlock]:
        """```` ```python ````, ```` ```{.python #id} ```` or raw output ```` ```{=html} ````."""
        where = self.block_loc(tok)
        info = (tok.info or "").strip()
        fmt = raws.block_format(info)
        if fmt == "html":
            return self.html_block(tok)  # the raw-html policy, as for HTML in the text
        if fmt is not None:
            raws.omitted(fmt, "block", where, self.diags)
            return []
        text = tok.content.rstrip("\n")
        lang, _, rest = info.partition(" ") if not info.startswith("{") else ("", "", info)
        rest = rest.strip()
        attrs = parse_attrs(rest[1:-1]) if rest.startswith("{") and rest.endswith("}") else None
        if attrs is None:
            return [ir.CodeBlock(text, lang.strip("{}"))]
        classes = list(attrs.classes)
        if not lang and classes:
            lang = classes.pop(0)  # pandoc: the first class is the language
        extras = [f".{c}" for c in classes] + [f"{k}={v}" for k, v in attrs.pairs]
        if extras:
            self.diags.warning(
                "attr.dropped",
                f"attribute {' '.join(extras)} on a code block is not used: dropped",
                where,
                "briefkit reads the language (the first class) and #id here",
            )
        code = ir.CodeBlock(text, lang)
        self.claim(attrs.id, where)
        # an id makes the block a link target: a plain div carries it in every output
        return [ir.Div((code,), (), attrs.id, loc=where)] if attrs.id else [code]

    # ---- raw HTML (see parse.rawhtml)
    def html_block(self, tok: Token) -> list[ir.SourceBlock]:
        if rawhtml.is_comment(tok.content):
            return []
        line = (tok.map[0] if tok.map else 0) + 1
        where = SourceLocation(self.path, line, 1)
        self.warn_html(tok.content, where)
        if self.raw_html == "escape":
            return [ir.Paragraph((ir.Text(tok.content.rstrip("\n")),))]
        return []

    def warn_html(self, text: str, where: SourceLocation) -> None:
        tag = rawhtml.describe(text)
        if self.raw_html == "safe":
            self.diags.warning(
                "html.unsafe",
                f"raw HTML {tag} is not allowed here; dropped",
                where,
                f"allowed: {rawhtml.SAFE_LIST}",
            )
            return
        action = "printed as text" if self.raw_html == "escape" else "dropped"
        self.diags.warning(
            "html.raw",
            f"raw HTML {tag} is {action}",
            where,
            "write Markdown instead, or set 'raw-html: safe' in the front matter "
            f"to keep {rawhtml.SAFE_LIST}",
        )

    def list_items(
        self, tokens: list[Token], i: int, close: str
    ) -> tuple[tuple[tuple[ir.SourceBlock, ...], ...], bool, int]:
        items: list[tuple[ir.SourceBlock, ...]] = []
        tight = True
        while i < len(tokens) and tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                if i + 1 < len(tokens) and tokens[i + 1].type == "paragraph_open":
                    tight = tight and tokens[i + 1].hidden
                inner, i = self.blocks(tokens, i + 1, "list_item_close")
                items.append(captions.task_item(tuple(inner)))
            else:
                i += 1
        return tuple(items), tight, i + 1

    def table(self, tokens: list[Token], i: int) -> tuple[ir.Table[ir.SourceInline], int]:
        opened = tokens[i - 1]
        cells = tablecells.Cells(self.path, self.diags)
        parts: dict[str, list[tuple[ir.Cell[ir.SourceInline], ...]]] = {}
        aligns: list[ir.Align] = []
        rows: list[tuple[ir.Cell[ir.SourceInline], ...]] = []
        row: list[ir.Cell[ir.SourceInline]] = []
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type in ("thead_open", "tbody_open", "tfoot_open"):
                rows = parts.setdefault(tok.tag, [])
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                rows.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                if tok.type == "th_open" and len(parts["thead"]) == 0:  # a pipe table's
                    style = str(tok.attrGet("style") or "")
                    m = re.search(r"text-align:(\w+)", style)
                    aligns.append(_ALIGNS.get(m.group(1), "") if m else "")
                if tokens[i + 1].type != "inline":  # a grid table's cell: blocks
                    inner, i = self.blocks(tokens, i + 1, tok.type.replace("open", "close"))
                    row.append(cells.cell(inner, tok, self.block_loc(tok)))
                    continue
                inlines = self.inlines_of(tokens[i + 1])
                row.append(ir.Cell((ir.Paragraph(inlines),) if inlines else ()))
                i += 2
            i += 1
        head, body, foot = (tuple(parts.get(p, ())) for p in ("thead", "tbody", "tfoot"))
        table = ir.Table(head, body, tuple(aligns), foot=foot)
        return cells.shaped(table, opened), i + 1

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

    def definition_list(
        self, tokens: list[Token], i: int
    ) -> tuple[ir.DefinitionList[ir.SourceInline], int]:
        """dt (one inline) and dd (blocks) tokens up to dl_close."""
        items: list[ir.Definition[ir.SourceInline]] = []
        term: tuple[ir.SourceInline, ...] = ()
        defs: list[tuple[ir.SourceBlock, ...]] = []
        while tokens[i].type != "dl_close":
            if tokens[i].type == "dt_open":
                if defs:
                    items.append(ir.Definition(term, tuple(defs)))
                    defs = []
                term = self.inlines_of(tokens[i + 1])
                i += 3
            elif tokens[i].type == "dd_open":
                inner, i = self.blocks(tokens, i + 1, "dd_close")
                defs.append(tuple(inner))
            else:
                i += 1
        items.append(ir.Definition(term, tuple(defs)))
        return ir.DefinitionList(tuple(items)), i + 1

    def math(self, tex: str, display: bool, where: SourceLocation) -> ir.Math:
        """A formula, its MathML made once here; malformed TeX is a located error."""
        from briefkit.parse.math import to_mathml  # lxml (4 ms) only for briefings with math

        mathml, why = to_mathml(tex.strip(), display)
        if why is not None:
            self.diags.error(
                "math.invalid",
                f"malformed TeX math: {why}",
                where,
                "check the braces and commands; write \\$ for a dollar sign",
            )
        return ir.Math(tex.strip(), mathml, display)

    # ---- filled in by the inline converter
    def paragraph(self, inline: Token) -> ir.SourceBlock:
        raise NotImplementedError

    def inlines_of(self, inline: Token) -> tuple[ir.SourceInline, ...]:
        raise NotImplementedError
