"""Parse stage: the configured markdown-it parser (CommonMark, pandoc footnotes, citations).

One parser per process. The footnote plugin runs with `move_to_end=False` and
`always_match_refs=True` so that *we* number notes and report undefined or unused ones.
Inline tokens carry no positions, so the rules that matter are wrapped to stamp their offset
into `token.meta["pos"]`; `parse.locate` maps offsets back to `line:col`.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from briefkit.parse.citations import citation_rule
from briefkit.parse.fancylists import example_ref_rule
from briefkit.parse.tabletokens import tables_plugin

InlineRule = Callable[[StateInline, bool], bool]


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
        if block.type == "inline" and block.children:
            _dashes_in(block.children)


def _dashes_in(tokens: list[Token]) -> None:
    in_autolink = 0
    for tok in tokens:
        if tok.type == "link_open" and tok.info == "auto":
            in_autolink += 1
        elif tok.type == "link_close" and in_autolink:
            in_autolink -= 1
        elif tok.type == "text" and not in_autolink:
            tok.content = _dashes(tok.content)


def _nested_typography(state: StateCore) -> None:
    """Dashes and curly quotes where markdown-it's core rules do not look: an image's alt text
    (a figure's caption), held in the image token's children, and an inline note's text
    (`^[...]`), parsed into a token list of its own in the environment. Each is its own run
    for the pairing of quotation marks, as a paragraph is."""
    pending: list[list[Token]] = [b.children for b in state.tokens if b.children]
    notes = state.env.get("footnotes", {}).get("list", {})
    inline_notes = [n["tokens"] for n in notes.values() if isinstance(n.get("tokens"), list)]
    for tokens in inline_notes:
        _dashes_in(tokens)
        process_inlines(tokens, state)
    pending += inline_notes
    while pending:
        for tok in pending.pop():
            if tok.type == "image" and tok.children:
                _dashes_in(tok.children)
                process_inlines(tok.children, state)
                pending.append(tok.children)


def _autolink_entities(state: StateCore) -> None:
    """`<http://g&ouml;gle.com>`: pandoc decodes the entities of an autolink (its text and its
    target); CommonMark, and so markdown-it, keeps them as written."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        auto = False
        for tok in block.children:
            if tok.type == "link_open" and tok.info == "auto":
                auto = True
                href = str(tok.attrGet("href") or "")
                if "&" in href:
                    tok.attrSet("href", html.unescape(href))
            elif tok.type == "link_close":
                auto = False
            elif tok.type == "text" and auto and "&" in tok.content:
                tok.content = html.unescape(tok.content)


def _escaped_space(state: StateInline, silent: bool) -> bool:
    """pandoc's `\\ `: a backslash before a space is a no-break space ("Mr.\\ Reyes");
    CommonMark escapes punctuation only, and the outputs printed the backslash."""
    if state.src[state.pos] != "\\" or state.src[state.pos + 1 : state.pos + 2] != " ":
        return False
    if not silent:
        state.pending += "\u00a0"
    state.pos += 2
    return True


def _dashes(text: str) -> str:
    text = re.sub(r"(?<!-)---(?!-)", "\u2014", text)
    text = re.sub(r"(?<!-)--(?!-)", "\u2013", text)
    return text.replace("...", "\u2026")


# markdown-it's guard against runaway recursion: past this many open blocks (a list level is
# two: the list and its item) it skips the rest of the block without a word. Its default, 20,
# lost the text of a list ten levels deep and everything after it; `parse.markdown` reports
# what reaches this one (`input.too-deep`).
MAX_NESTING = 64


# A pure memo, so module-level: the parser is built from constant options and reads no file, so
# there is nothing a changed house style or content file could make stale.
@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """One configured parser per process (building it costs more than parsing a briefing)."""
    # raw HTML is tokenised (not passed through): the converter applies the `raw-html` policy
    md = MarkdownIt(
        "commonmark",
        {"html": True, "typographer": True, "linkify": False, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough", "smartquotes"])
    md.disable(["replacements"])
    md.use(footnote_plugin, inline=True, move_to_end=False, always_match_refs=True)
    md.inline.ruler.before("escape", "escaped_space", _escaped_space)
    md.inline.ruler.before("link", "citation", citation_rule)
    md.inline.ruler.before("citation", "example_ref", example_ref_rule)  # (@label): a number
    md.use(sub_plugin).use(superscript_plugin)  # pandoc's ~sub~ and ^super^
    md.use(deflist_plugin)  # pandoc's definition lists
    md.use(tables_plugin)  # pandoc's simple, multiline and grid tables
    # pandoc's fenced divs: `::: {.class}` (or `::: class`) opens, a bare `:::` closes
    md.use(container_plugin, name="div", validate=lambda params, *_: bool(params.strip()))
    # pandoc's tex_math_dollars: no space inside the dollars, no digit after the closing one
    # ("$5 and $10" stays text); read before emphasis, so `_` and `*` in TeX stay TeX
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        double_inline=True,
    )
    # pandoc's bracketed spans `[text]{.smallcaps}` and `{#id .class}` after a link, image or
    # code span; no attribute is allowed onto the tokens (an `{href=...}` cannot replace the
    # link's), the plugin only records them for `parse.spans` to read
    md.use(attrs_plugin, spans=True, allowed=())
    for name, nested in (
        ("link", None),
        ("span", None),
        ("backticks", None),
        ("image", 2),
        ("autolink", None),
        ("footnote_inline", 2),
        ("footnote_ref", None),
        ("html_inline", None),
        ("math_inline", None),
    ):
        fn = next(r.fn for r in md.inline.ruler.__rules__ if r.name == name)
        md.inline.ruler.at(name, _stamped(fn, nested))
    md.core.ruler.before("smartquotes", "bk_dashes", _smart_dashes)
    md.core.ruler.after("smartquotes", "bk_nested_typography", _nested_typography)
    md.core.ruler.before("bk_dashes", "bk_autolink_entities", _autolink_entities)
    return md
