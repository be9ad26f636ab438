"""Parse stage helper: the `raw-html` policy for HTML written in Markdown.

Raw HTML is never passed through to any output. A briefing chooses, in its front matter:
- `drop` (default): tags are removed with a warning; their text stays (script and style
  contents go too);
- `escape`: tags are printed as text, with a warning;
- `safe`: a small subset that maps onto briefkit's own inline nodes is kept (`<em>`, `<i>`,
  `<strong>`, `<b>`, `<sup>`, `<sub>`, `<s>`, `<del>`, `<br>`, `<span class="smallcaps">`,
  and transparent `<span>`, `<abbr>`, `<small>`...); anything else is dropped with a warning.
Attributes are never kept, so no event handler or `javascript:` URL can come through, and the
same text reaches HTML, PDF and Word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from markdown_it.token import Token

from briefkit import ir

RawHtmlMode = Literal["drop", "escape", "safe"]
# a node that wraps inlines, made from the tag's content
Wrapper: TypeAlias = Callable[[tuple[ir.SourceInline, ...]], ir.SourceInline]

WRAPPERS: dict[str, Wrapper] = {
    "b": ir.Strong,
    "strong": ir.Strong,
    "i": ir.Emph,
    "em": ir.Emph,
    "cite": ir.Emph,
    "dfn": ir.Emph,
    "var": ir.Emph,
    "sup": ir.Superscript,
    "sub": ir.Subscript,
    "s": ir.Strikeout,
    "del": ir.Strikeout,
    "strike": ir.Strikeout,
}
TRANSPARENT = frozenset(
    {
        "span",
        "abbr",
        "small",
        "u",
        "ins",
        "mark",
        "q",
        "time",
        "bdi",
        "bdo",
        "kbd",
        "samp",
        "data",
        "wbr",
        "nobr",
    }
)
# elements whose content is not text a reader should see
DISCARD_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "textarea",
        "title",
        "svg",
        "math",
        "select",
        "button",
    }
)
SAFE_LIST = '<em>, <strong>, <sup>, <sub>, <s>, <br>, <span class="smallcaps">'

_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^>]*?)?\s*(/?)>$", re.S)


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    closing: bool
    self_closing: bool
    attrs: str

    @property
    def smallcaps(self) -> bool:
        return self.name == "span" and bool(
            re.search(r"class\s*=\s*['\"]?[^'\">]*smallcaps", self.attrs)
        )


def parse_tag(text: str) -> Tag | None:
    m = _TAG.match(text.strip())
    if not m:
        return None
    return Tag(m.group(2).lower(), m.group(1) == "/", m.group(4) == "/", m.group(3) or "")


def is_comment(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")


def kept_in_safe_mode(tag: Tag) -> bool:
    return tag.name == "br" or tag.name in WRAPPERS or tag.name in TRANSPARENT or tag.smallcaps


def wrapper_for(tag: Tag) -> Wrapper | None:
    """The IR node a kept tag becomes (None: keep the content, drop the tag)."""
    if tag.smallcaps:
        return ir.SmallCaps
    return WRAPPERS.get(tag.name)


def find_close(tokens: list[Token], start: int, name: str) -> int:
    """Index of the html_inline token closing `name` (nesting counted), or -1."""
    depth = 0
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.type != "html_inline":
            continue
        tag = parse_tag(tok.content)
        if tag is None or tag.name != name or tag.self_closing:
            continue
        if not tag.closing:
            depth += 1
        elif depth == 0:
            return j
        else:
            depth -= 1
    return -1


def describe(text: str) -> str:
    """A short, printable form of a tag for messages."""
    tag = parse_tag(text)
    if tag is not None:
        return f"<{'/' if tag.closing else ''}{tag.name}>"
    flat = " ".join(text.split())
    return flat[:40] + ("…" if len(flat) > 40 else "")
