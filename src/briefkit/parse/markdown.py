"""Parse stage: the Markdown body of a briefing -> source IR blocks.

Consumes the body text (front matter blanked out, so line numbers stay file-relative) and
produces `ParsedBody`: blocks of source inlines, footnote definitions by label, and the located
links and images the load stage checks. markdown-it-py (configured in `parse.mdparser`) does
the CommonMark parsing; raw HTML is handled by the `raw-html` policy (`parse.rawhtml`).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token
from markdown_it.utils import EnvType

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.parse import (
    blockchecks,
    captions,
    duplicates,
    fancylists,
    headingrefs,
    rawhtml,
    raws,
    spans,
    unsupported,
)
from briefkit.parse.attrs import Attrs
from briefkit.parse.citations import RawCiteItem
from briefkit.parse.lineblocks import line_blocks
from briefkit.parse.locate import Locator
from briefkit.parse.mdblocks import BlockConverter
from briefkit.parse.mdblocks import FootnoteDef as FootnoteDef  # re-exported: the IR's users
from briefkit.parse.mdblocks import ParsedBody as ParsedBody
from briefkit.parse.mdparser import markdown_parser
from briefkit.parse.rawhtml import RawHtmlMode

# ---------------------------------------------------------------- tokens -> IR
MAX_INLINE_DEPTH = 50  # nested emphasis beyond this is flattened (no unbounded recursion)

_UNSAFE_LINK = re.compile(r"(\]\(\s*<?\s*|<)((?:javascript|vbscript|data|file):[^)\s>]*)", re.I)
# a reference definition (`[js]: javascript:...`) markdown-it refuses is paragraph text, and
# the links that name it (`[f][js]`) text too
_UNSAFE_DEF = re.compile(
    r"^([ \t]*\[[^\]\n]+\]:[ \t]*<?)((?:javascript|vbscript|data|file):[^\s>]*)", re.I | re.M
)


class _Converter(BlockConverter):
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

    def paragraph(self, inline: Token) -> ir.SourceBlock:
        kids = [
            k
            for k in inline.children or []
            if not (k.type == "text" and not k.content.strip()) and k.type != "softbreak"
        ]
        if kids and kids[0].type == "image" and (len(kids) == 1 or kids[1:][0].type == "text"):
            loc = Locator(self.path, self.lines, inline)
            where = loc.at(kids[0].meta.get("pos", 0) if kids[0].meta else 0)
            attrs = spans.token_attrs(kids[0])  # `{#fig:x alt="..."}`, read by the plugin
            if attrs is not None:
                captions.report_figure(attrs, where, self.warn)
            elif len(kids) == 2:
                attrs = captions.figure_attrs(kids[1].content, where, self.warn)
            if len(kids) == 1 or (len(kids) == 2 and attrs is not None):
                image = self.image(kids[0], loc)
                caption = self.inlines(kids[0].children or [], loc)
                alt = attrs.get("alt") if attrs is not None else None
                self.claim(attrs.id if attrs is not None else "", where)
                if alt is not None:
                    image = ir.Image(image.asset, alt, image.title)
                return ir.Figure(image, caption, attrs.id if attrs is not None else "")
        return ir.Paragraph(self.inlines_of(inline))

    # ---- inlines
    def inlines_of(self, inline: Token) -> tuple[ir.SourceInline, ...]:
        loc = Locator(self.path, self.lines, inline)
        unsafe = [*_UNSAFE_LINK.finditer(inline.content), *_UNSAFE_DEF.finditer(inline.content)]
        for m in sorted(unsafe, key=lambda m: m.start()):
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
                i = self.code_span(kids, i, tok, loc, out)
            elif t in ("math_inline", "math_inline_double"):
                where = loc.at((tok.meta or {}).get("pos", 0))
                out.append(self.math(tok.content, t == "math_inline_double", where))
            elif t in wrappers:
                inner, i = self._inlines(kids, i, t.replace("open", "close"), loc, depth + 1)
                out.append(wrappers[t](tuple(_merge_text(inner))))
            elif t == "link_open":
                href = str(tok.attrGet("href") or "")
                title = tok.attrGet("title")
                self.body.links.append((href, loc.at(tok.meta.get("pos", 0))))
                inner, i = self._inlines(kids, i, "link_close", loc)
                link = ir.Link(tuple(_merge_text(inner)), href, str(title) if title else None)
                out.extend(self.attributed(link, tok, "link", loc))
            elif t == "span_open":
                inner, i = self._inlines(kids, i, "span_close", loc, depth + 1)
                attrs = spans.token_attrs(tok) or Attrs()
                where = loc.at((tok.meta or {}).get("pos", 0))
                self.claim(attrs.id, where)
                out.extend(spans.wrap(_merge_text(inner), attrs, "span", where, self.diags))
            elif t == "image":
                out.extend(self.attributed(self.image(tok, loc), tok, "image", loc))
            elif t == "footnote_ref":
                out.append(self.note_ref(tok, loc))
            elif t == "cite":
                out.append(self.cite(tok, loc))
            elif t == "html_inline":
                i = self.html_inline(kids, i, tok, loc, out)
        return out, i

    def attributed(
        self, node: ir.SourceInline, tok: Token, what: str, loc: Locator
    ) -> list[ir.SourceInline]:
        """A link, image or code span with the `{#id .class}` written after it."""
        attrs = spans.token_attrs(tok)
        if attrs is None:
            return [node]
        where = loc.at((tok.meta or {}).get("pos", 0))
        self.claim(attrs.id, where)
        return spans.wrap([node], attrs, what, where, self.diags)

    def code_span(
        self, kids: list[Token], i: int, tok: Token, loc: Locator, out: list[ir.SourceInline]
    ) -> int:
        """`code`, `code`{.lang}, or raw output `code`{=html} (kids[i] follows the span)."""
        nxt = kids[i] if i < len(kids) else None
        m = raws.RAW_INLINE.match(nxt.content) if nxt is not None and nxt.type == "text" else None
        if nxt is None or m is None:
            out.extend(self.attributed(ir.Code(tok.content), tok, "code span", loc))
            return i
        nxt.content = nxt.content[m.end() :]  # the `{=format}` is read, not text
        where = loc.at((tok.meta or {}).get("pos", 0))
        if m.group(1).lower() != "html":
            raws.omitted(m.group(1), "inline", where, self.diags)
            return i
        # raw HTML: the same `raw-html` policy as HTML written in the text
        env: EnvType = {}
        parsed = self.md.parseInline(tok.content, env)
        html_kids = parsed[0].children or [] if parsed else []
        inner, _ = self._inlines(html_kids, 0, None, raws.FixedLocator(where))
        out.extend(inner)
        return i

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
        for pos, why in tok.meta.get("flaws", ()):
            self.diags.warning(
                "cite.syntax",
                f"malformed citation: {why}",
                loc.at(pos),
                "write `[@key]`, `[@key, p. 4]`, `[see @a; @b]` or `@key [p. 4]`",
            )
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


_EMPTY_NOTE = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*$")


def _lazy_notes(text: str) -> str:
    """`[^1]:` alone on its line, its text on the next, unindented lines: pandoc reads that
    text as the note's, CommonMark as body text. Indenting the paragraph (the lines up to the
    next blank one) makes the footnote plugin read it as pandoc does; the line count stays,
    and the converter locates against the original lines, so columns stay right too."""
    if "]:" not in text:
        return text
    lines = text.split("\n")
    k = 0
    while k < len(lines) - 1:
        if _EMPTY_NOTE.match(lines[k]) and lines[k + 1].strip() and lines[k + 1][:1] not in " \t":
            k += 1
            while k < len(lines) and lines[k].strip():
                lines[k] = "    " + lines[k]
                k += 1
        k += 1
    return "\n".join(lines)


def parse_body(
    text: str, path: Path, diags: Diagnostics, raw_html: RawHtmlMode = "drop"
) -> ParsedBody:
    """Parse a briefing body (front matter already replaced by blank lines)."""
    source, markers = fancylists.rewrite(line_blocks(_lazy_notes(text)))
    env: EnvType = {"bk_markers": markers}  # fancy and example list markers, by line
    tokens = markdown_parser().parse(source, env)
    conv = _Converter(path, text, env, diags, raw_html)
    blocks, _ = conv.blocks(tokens, 0, None)
    refs = {headingrefs.label(k) for k in env.get("references", {})}
    conv.body.blocks = headingrefs.link_headings(tuple(blocks), refs)
    unsupported.report(path, conv.lines, tokens, diags)
    blockchecks.too_deep(path, tokens, diags)
    duplicates.report_ids(conv.body.ids, diags)
    duplicates.report_definitions(path, conv.lines, env, diags)
    blockchecks.unclosed(path, tokens, diags)
    blockchecks.unclosed_notes(path, source.splitlines(), tokens, diags)
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
