"""Parse stage: the Markdown body of a briefing -> source IR blocks.

Consumes the body text (front matter blanked out, so line numbers stay file-relative) and
produces `ParsedBody`: blocks of source inlines, footnote definitions by label, and the located
links and images the load stage checks. markdown-it-py (configured in `parse.mdparser`) does
the CommonMark parsing; raw HTML is handled by the `raw-html` policy (`parse.rawhtml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token
from markdown_it.utils import EnvType

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse import rawhtml, unsupported
from briefkit.parse.citations import RawCiteItem
from briefkit.parse.locate import Locator
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


# ---------------------------------------------------------------- tokens -> IR
MAX_INLINE_DEPTH = 50  # nested emphasis beyond this is flattened (no unbounded recursion)

# markdown-it writes a column's alignment as `style="text-align:left"` (or center, right)
_ALIGNS: dict[str, ir.Align] = {"left": "left", "center": "center", "right": "right"}
_UNSAFE_LINK = re.compile(r"(\]\(\s*<?\s*|<)((?:javascript|vbscript|data|file):[^)\s>]*)", re.I)


class _Converter:
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
            elif t == "html_block":
                out.extend(self.html_block(tok))
                i += 1
            else:  # nothing else can occur; skipped safely
                i += 1
        return out, i

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

    def html_inline(
        self, kids: list[Token], i: int, tok: Token, loc: Locator, out: list[ir.SourceInline]
    ) -> int:
        """One inline HTML tag (kids[i] is the token after it); returns where to go on."""
        text = tok.content
        if rawhtml.is_comment(text):
            return i
        tag = rawhtml.parse_tag(text)
        where = loc.at((tok.meta or {}).get("pos", 0))
        if tag is not None and tag.closing:
            if self.raw_html == "escape":
                out.append(ir.Text(text))
            return i  # its opening tag was reported
        if tag is not None and tag.name in rawhtml.DISCARD_CONTENT:
            self.warn_html(text, where)
            close = rawhtml.find_close(kids, i, tag.name)
            if self.raw_html == "escape":
                out.append(ir.Text(text))
                return i
            return close + 1 if close >= 0 else i
        if self.raw_html == "safe" and tag is not None and rawhtml.kept_in_safe_mode(tag):
            if tag.name == "br":
                out.append(ir.LineBreak())
                return i
            close = -1 if tag.self_closing else rawhtml.find_close(kids, i, tag.name)
            inner: list[ir.SourceInline] = []
            if close >= 0:
                inner, _ = self._inlines(kids[i:close], 0, None, loc)
            wrapper = rawhtml.wrapper_for(tag)
            if wrapper is not None and inner:
                out.append(wrapper(tuple(_merge_text(inner))))
            else:
                out.extend(inner)
            return close + 1 if close >= 0 else i
        self.warn_html(text, where)
        if self.raw_html == "escape":
            out.append(ir.Text(text))
        return i

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
                items.append(tuple(inner))
            else:
                i += 1
        return tuple(items), tight, i + 1

    def table(self, tokens: list[Token], i: int) -> tuple[ir.Table[ir.SourceInline], int]:
        header: list[tuple[ir.SourceInline, ...]] = []
        rows: list[tuple[tuple[ir.SourceInline, ...], ...]] = []
        aligns: list[ir.Align] = []
        row: list[tuple[ir.SourceInline, ...]] = []
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
                    aligns.append(_ALIGNS.get(m.group(1), "") if m else "")
                row.append(self.inlines_of(tokens[i + 1]))
                i += 2
            i += 1
        return ir.Table(tuple(header), tuple(rows), tuple(aligns)), i + 1

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

    def paragraph(self, inline: Token) -> ir.SourceBlock:
        kids = [
            k
            for k in inline.children or []
            if not (k.type == "text" and not k.content.strip()) and k.type != "softbreak"
        ]
        if len(kids) == 1 and kids[0].type == "image":
            loc = Locator(self.path, self.lines, inline)
            image = self.image(kids[0], loc)
            return ir.Figure(image, self.inlines(kids[0].children or [], loc))
        return ir.Paragraph(self.inlines_of(inline))

    # ---- inlines
    def inlines_of(self, inline: Token) -> tuple[ir.SourceInline, ...]:
        loc = Locator(self.path, self.lines, inline)
        for m in _UNSAFE_LINK.finditer(inline.content):
            # markdown-it refuses these targets and leaves the text: record where they stand,
            # for the load stage to report. One it accepts (data:image/png...) becomes a link,
            # recorded at its token.
            if not self.md.validateLink(m.group(2)):
                self.body.links.append((m.group(2), loc.at(m.start(2))))
        return self.inlines(inline.children or [], loc)

    def inlines(self, children: list[Token], loc: Locator) -> tuple[ir.SourceInline, ...]:
        out, _ = self._inlines(children, 0, None, loc)
        return tuple(_merge_text(out))

    def _inlines(
        self, kids: list[Token], i: int, close: str | None, loc: Locator, depth: int = 0
    ) -> tuple[list[ir.SourceInline], int]:
        out: list[ir.SourceInline] = []
        if depth > MAX_INLINE_DEPTH:  # 30,000 asterisks nest that deep: keep the text, flat
            return self._flat(kids, i, close), len(kids)
        wrappers: dict[str, rawhtml.Wrapper] = {
            "em_open": ir.Emph,
            "strong_open": ir.Strong,
            "s_open": ir.Strikeout,
            "sub_open": ir.Subscript,
            "sup_open": ir.Superscript,
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
                inner, i = self._inlines(kids, i, t.replace("open", "close"), loc, depth + 1)
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
            elif t == "html_inline":
                i = self.html_inline(kids, i, tok, loc, out)
        return out, i

    def _flat(self, kids: list[Token], i: int, close: str | None) -> list[ir.SourceInline]:
        """The text of the remaining tokens, without structure (past the nesting limit)."""
        parts = [k.content for k in kids[i:] if k.type in ("text", "code_inline")]
        return [ir.Text("".join(parts))] if parts else []

    def image(self, tok: Token, loc: Locator) -> ir.Image:
        src = str(tok.attrGet("src") or "")
        title = tok.attrGet("title")
        self.body.images.append((src, loc.at(tok.meta.get("pos", 0) if tok.meta else 0)))
        alt = ir.plain_text(self.inlines(tok.children or [], loc))
        return ir.Image(src, alt, str(title) if title else None)

    def note_ref(self, tok: Token, loc: Locator) -> ir.FootnoteRef | ir.InlineNote:
        where = loc.at(tok.meta.get("pos", 0))
        label = tok.meta.get("label")
        if label is not None:
            return ir.FootnoteRef(str(label), where)
        data = self.env.get("footnotes", {}).get("list", {}).get(tok.meta["id"], {})
        inner = self.inlines(data.get("tokens", []), loc)
        return ir.InlineNote((ir.Paragraph(inner),), where)

    def cite(self, tok: Token, loc: Locator) -> ir.Cite:
        items = tuple(self.cite_item(raw, loc) for raw in tok.meta["items"])
        return ir.Cite(items, loc.at(tok.meta["pos"]), bool(tok.meta["in_text"]))

    def cite_item(self, raw: RawCiteItem, loc: Locator) -> ir.CiteItem:
        return ir.CiteItem(
            key=raw.key,
            loc=loc.at(raw.key_pos),
            prefix=self.affix(raw.prefix),
            suffix=self.affix(raw.suffix),
            locator=raw.locator,
            label=raw.label,
            suppress_author=raw.suppress_author,
        )

    def affix(self, text: str) -> tuple[ir.SourceInline, ...]:
        """Prefix or suffix text of a citation, with its own emphasis and links."""
        if not text:
            return ()
        env: EnvType = {}
        tokens = self.md.parseInline(text, env)
        kids = tokens[0].children or [] if tokens else []
        fake = Token("inline", "", 0, content=text, map=None)
        return self.inlines(kids, Locator(self.path, [text], fake))


def _merge_text(nodes: list[ir.SourceInline]) -> list[ir.SourceInline]:
    out: list[ir.SourceInline] = []
    for node in nodes:
        if isinstance(node, ir.Text) and out and isinstance(out[-1], ir.Text):
            out[-1] = ir.Text(out[-1].text + node.text)
        elif isinstance(node, ir.Text) and not node.text:
            continue
        else:
            out.append(node)
    return out


def parse_body(
    text: str, path: Path, diags: Diagnostics, raw_html: RawHtmlMode = "drop"
) -> ParsedBody:
    """Parse a briefing body (front matter already replaced by blank lines)."""
    env: EnvType = {}
    tokens = markdown_parser().parse(text, env)
    conv = _Converter(path, text, env, diags, raw_html)
    blocks, _ = conv.blocks(tokens, 0, None)
    conv.body.blocks = tuple(blocks)
    refs = {unsupported.label(k) for k in env.get("references", {})}
    unsupported.report(path, conv.lines, tokens, diags, refs)
    return conv.body


def parse_fragment(
    text: str, path: Path, loc: SourceLocation, diags: Diagnostics, raw_html: RawHtmlMode = "drop"
) -> ParsedBody:
    """Markdown in a front-matter value (abstract, disclaimer...), located at its key.

    Positions inside the value are not tracked: any diagnostic points at the value itself.
    """
    local = Diagnostics()
    body = parse_body(text, path, local, raw_html)
    body.images = [(src, loc) for src, _ in body.images]
    body.links = [(url, loc) for url, _ in body.links]
    for d in local:  # positions inside a front-matter value: report at the value
        diags.items.append(type(d)(d.severity, d.code, d.message, loc, d.hint))
    return body
