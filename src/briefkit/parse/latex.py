"""Parse stage: the LaTeX of a BibTeX/biblatex field -> Unicode text.

Consumes one field value as written (after `@string` expansion); produces plain Unicode text:
accents (`{\\"u}`, `\\'e`), quotes (``` ``...'' ```, `` `...' ``), dashes (`--`, `---`), `~`
(no-break space), `\\&`, and the common commands (`\\emph`, `\\textit`, `\\textbf`, `\\url`,
`\\href`, `\\mkbibquote`) unwrapped to their text. Case-protecting braces are dropped (briefkit
keeps titles as written, so there is nothing to protect them from). With `markup=True` (the
text fields a citation prints) the font commands become CSL rich-text markup instead, as pandoc
writes it: `\\emph`/`\\textit`/`\\mkbibemph`/`\\mkbibitalic` -> `<i>`, `\\textbf`/`\\mkbibbold`
-> `<b>`, `\\textsc` -> `<sc>`, `\\textsuperscript`/`\\textsubscript` -> `<sup>`/`<sub>`.
Font switches with no CSL markup (`{\\tt ...}`, `\\rm`) leave their text plain; an accent on
nothing is the accent itself (`\\~{}` a tilde, as in `~user` URLs); math is kept as TeX source
unless it holds only a symbol (`$\\ldots$` is "…").

pylatexenc does the decoding. Two shapes crash it (issue #18): `\\href{url}{text}` (an
IndexError inside its default macro table) and braces nested a few hundred deep (a
RecursionError); `\\href` and `\\url` are unwrapped here before it runs, nesting deeper than
`MAX_DEPTH` is flattened first, and anything else it cannot take is reported through `problem`
and decoded by a plain fallback — never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

MAX_DEPTH = 32  # biblatex fields in the wild nest 3-4 deep; pylatexenc recurses per level

_latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_KNOWN = get_default_latex_context_db()
# commands pylatexenc knows but prints as a placeholder ("<cit.>"): text of the field is lost
_PLACEHOLDERS = frozenset({"cite", "citep", "citet", "ref", "eqref", "pageref", "label"})
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# a command whose argument is the text itself (so pylatexenc's own spacing rules do not apply)
_UNWRAP = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textup|textsl|textrm|textsf|texttt|textnormal|mkbibemph|"
    r"mkbibitalic|mkbibbold|mbox|hbox|NoCaseChange|nocite|uppercase|"
    r"MakeUppercase|lowercase|MakeLowercase|textsuperscript|textsubscript)\s*\{"
)
_MARKUP = {
    "emph": "i", "textit": "i", "mkbibemph": "i", "mkbibitalic": "i", "textbf": "b",
    "mkbibbold": "b", "textsc": "sc", "textsuperscript": "sup", "textsubscript": "sub",
}  # fmt: skip
_MARKED = re.compile(r"\\(" + "|".join(_MARKUP) + r")\s*\{")
# the declaration forms, which set the rest of their group: `{\\em The Economist\\/}`
_DECLARED = {
    "em": "i", "it": "i", "sl": "i", "itshape": "i", "slshape": "i", "bf": "b", "bfseries": "b",
    "sc": "sc", "scshape": "sc",
}  # fmt: skip
_DECLARATION = re.compile(r"\{\s*\\(" + "|".join(_DECLARED) + r")(?![A-Za-z])\s*")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{")
_URL = re.compile(r"\\(?:url|path|nolinkurl)\s*\{([^{}]*)\}")
_QUOTE = re.compile(r"\\(?:mkbibquote|enquote|textquote)\s*\{")
_DROP = re.compile(
    r"\\(?:noopsort|sortkey|SortNoop)\s*\{[^{}]*\}"
    # spacing and box tweaks (`\\kern-.05em`, `\\raise0.5ex`): typography, not text
    r"|\\(?:kern|raise|lower|hskip|hspace\*?|mkern)\s*\{?\s*-?[\d.]+\s*(?:em|ex|pt|mm|cm|mu)\}?"
    r"|\\(?:relax|llap|rlap|nobreak|unskip|/)(?![A-Za-z])"
    # line-breaking and spacing primitives of @preamble macros (`\\penalty0---\\penalty0`)
    r"|\\(?:penalty|spacefactor)\s*=?\s*-?\d+\s?"
)
# `\\char92`, `\\char'134`, `\\char"5C`: the character of that code
_CHAR = re.compile(r"\\char\s*(?:(\d+)|'([0-7]+)|\"([0-9A-Fa-f]+))\s?")
# font switches CSL has no markup for (typewriter, roman, sans): the text stays, plain (outside
# math, which is kept as TeX: `${\\rm so}(3)$`)
_PLAIN_FONT = re.compile(
    r"\\(?:tt|rm|sf|ttfamily|rmfamily|sffamily|normalfont|upshape|mdseries)(?![A-Za-z])\s*"
)
_MATH_SPLIT = re.compile(r"(\$[^$]*\$)")
# the TeX world's logos, which pylatexenc does not know (Beebe's bibliographies are full of them)
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "AmS": "AMS",
    "AMSTeX": "AMS-TeX", "AmSTeX": "AMS-TeX", "METAFONT": "METAFONT", "MF": "METAFONT",
    "MP": "MetaPost", "ConTeXt": "ConTeXt", "XeTeX": "XeTeX", "LuaTeX": "LuaTeX",
    "eTeX": "e-TeX", "pdfTeX": "pdfTeX", "PiCTeX": "PiCTeX", "SliTeX": "SliTeX",
    "hyphen": "-", "slash": "/", "textendash": "\u2013", "textemdash": "\u2014",
    "emdash": "\u2014", "endash": "\u2013", "Dash": "\u2014",
    # biblatex's punctuation commands, as they print when nothing precedes them to suppress them
    "adddot": ".", "addperiod": ".", "addcomma": ",", "addcolon": ":", "addsemicolon": ";",
    "addspace": " ", "addnbspace": "\u00a0",
}  # fmt: skip
_LOGO = re.compile(
    r"\\(" + "|".join(sorted(LOGOS, key=len, reverse=True)) + r")(?![A-Za-z])(\{\}|\s*)"
)
_ACCENT_GROUP = re.compile(r"\\(['`^\"~=.]|[uvHckbdr](?=\s*\{))\s*\{(\w)(\w+)\}")
_SPECIAL = re.compile(r"[\\{}$~`'\-]")
# the fast path: accents and letters every BibTeX file has, decoded without pylatexenc (which
# takes ~5 ms a field: most of an import's time)
_MARKS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "b": "\u0331", "d": "\u0323", "r": "\u030a",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "\ue014", "%": "\ue015", "$": "\ue016",
    "#": "\ue017", "_": "\ue018", "{": "\ue019", "}": "\ue01a", "-": "\u00ad", " ": "\ue012",
    ",": "\u2009",
    "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
    "dots": "…",
    "ldots": "…", "thinspace": "\u2009", "S": "§", "P": "¶", "copyright": "©", "pounds": "£",
    "dag": "†",
}  # fmt: skip
# an accent on nothing (`\\~{}`, how BibTeX files write the tilde of `~user` URLs): TeX prints the
# accent itself, so the spacing form of the mark, never nothing
_SPACING = {
    "'": "\u00b4", "`": "\ue011", "^": "^", '"': "\u00a8", "~": "\ue010", "=": "\u00af",
    ".": "\u02d9", "u": "\u02d8", "v": "\u02c7", "H": "\u02dd", "c": "\u00b8", "k": "\u02db",
    "r": "\u02da",
}  # fmt: skip
# `~` and `` ` `` stand in private-use characters until the end: TeX's no-break space and quotes
# a control space (`\\ `) stands in one too: an unknown macro before it must not eat it; and so
# do the escaped specials (`\\%`, `\\&`, `\\$`...), which pylatexenc would read again as TeX (a
# comment that dropped the rest of the field, a table's `&` that became a space, math)
_HELD = str.maketrans(
    {
        "\ue010": "~", "\ue011": "`", "\ue012": " ", "\ue013": "\\", "\ue014": "&",
        "\ue015": "%", "\ue016": "$", "\ue017": "#", "\ue018": "_", "\ue019": "{",
        "\ue01a": "}",
    }
)  # fmt: skip
_EMPTY_ACCENT = re.compile(r"\\(['`^\"~=.]|[uvHckr](?![A-Za-z]))\s*\{\s*\}")
# math that holds only symbols once its commands are decoded (`$\\ldots$`): printed as text
_MATH_HELD = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$")
_FIRST_HELD = 0xF0000  # supplementary private use: never in a field, kept by every step
_HELD_MATH = re.compile("[\U000f0000-\U000ffffd]")
_SYMBOLS = re.compile(r"[^\\^_{}$%&#\w]+")
_ACCENT = re.compile(
    r"\\(['`^\"~=.]|[uvHckbdr](?![A-Za-z]))\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}"
    r"|(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
_LETTER = re.compile(
    r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij]|text\w+|l?dots|thinspace|S|P|copyright|pounds|dag)"
    r"(?![A-Za-z])(?:\{\}|\s*)|\\([&%$#_{} ,\-])"
)


def _fast(text: str) -> str:
    """Accents and special letters decoded; what is left may still hold other commands."""

    def accent(m: re.Match[str]) -> str:
        base = m.group(2) or m.group(3)
        # a dotless i or j under an accent is the plain letter with it: {\\'\\i} is "í"
        letter = base[1:] if base.startswith("\\") else base
        return unicodedata.normalize("NFC", letter + _MARKS[m.group(1)])

    def letter(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        return _LETTERS.get(name, m.group(0))

    return _LETTER.sub(letter, _ACCENT.sub(accent, text))


def depth(text: str) -> int:
    """How deep braces nest in `text` (unbalanced closing braces count as 0)."""
    level = deepest = 0
    for ch in text:
        if ch == "{":
            level += 1
            deepest = max(deepest, level)
        elif ch == "}":
            level = max(level - 1, 0)
    return deepest


def latex_to_text(
    value: str, problem: Callable[[str], None] | None = None, *, markup: bool = False
) -> str:
    """Unicode text of one field; `problem` is told (once) what could not be converted.
    `markup`: italics, bold, small caps, super- and subscripts as CSL markup (`<i>…</i>`)."""
    if not _SPECIAL.search(value):
        return " ".join(value.split())
    text = value
    if text.count("{") > MAX_DEPTH and depth(text) > MAX_DEPTH:
        if problem:
            problem(f"braces nested more than {MAX_DEPTH} deep; braces dropped")
        text = text.replace("{", "").replace("}", "")
    # a URL's `~` is a tilde (`\\url{http://host/~user}`), not TeX's no-break space
    text = _URL.sub(lambda m: m.group(1).replace("\\", "").replace("~", "\ue010"), text)
    text = _unwrap_href(text)
    # math is TeX source, kept as written (`$ \\{ $` keeps its backslash): held apart till the end
    held: list[str] = []
    if "$" in text:
        text = _MATH_HELD.sub(lambda m: _hold_math(m.group(0), held), text)
    # before the tweaks go: an accent over `{\\relax}` is an overprint (`\\llap`), not a mark alone
    text = _EMPTY_ACCENT.sub(lambda m: "{" + _SPACING[m.group(1)] + "}", text)
    text = _DROP.sub("", text)
    if "\\char" in text:
        text = _CHAR.sub(_char, text)
    text = _PLAIN_FONT.sub("", text)
    # TeX puts an accent on the first letter of its argument: `\\'{ees}` is "ées"
    text = _ACCENT_GROUP.sub(r"{\\\1{\2}}\3", text)
    # TeX eats the spaces after a control word (`\\TeX book` is "TeXbook"); `{}` stops it
    text = _LOGO.sub(lambda m: LOGOS[m.group(1)], text)
    if markup:
        text = _marked(text)
    text = _quoted(_unwrap(text, _UNWRAP))
    text = _fast(text)
    if problem and "\\" in text:
        _report_unknown(text, problem)
    try:
        if "\\" in text or "$" in text:
            out = _latex.latex_to_text(text)
        else:  # braces only protect case, `~` is a no-break space
            out = text.replace("{", "").replace("}", "").replace("~", "\u00a0")
    except Exception as exc:  # pylatexenc on hostile input: any of its internal errors
        if problem:
            problem(f"LaTeX that could not be read ({type(exc).__name__}); kept as plain text")
        out = _fallback(text)
    out = _quotes(out.replace("---", "\u2014").replace("--", "\u2013")).translate(_HELD)
    if held:
        out = _HELD_MATH.sub(lambda m: held[ord(m.group(0)) - _FIRST_HELD], out)
    return " ".join(out.split()) if "\u00a0" not in out else _squash(out)


def _char(m: re.Match[str]) -> str:
    dec, octal, hexa = m.groups()
    code = int(dec) if dec else int(octal, 8) if octal else int(hexa, 16)
    char = {"\\": "\ue013", "~": "\ue010", "`": "\ue011", "{": "{\\{}", "}": "{\\}}"}.get(chr(code))
    return "{" + (char or chr(code)) + "}" if 32 <= code < 0x110000 else ""


def _hold_math(source: str, held: list[str]) -> str:
    """One character that stands for a math span until the end: the span as written, or its
    symbols when it holds only symbols (`$\\ldots$` is "…")."""
    inner = _fast(source[1:-1]).translate(_HELD).strip()
    held.append(inner if inner and _SYMBOLS.fullmatch(inner) else source)
    return chr(_FIRST_HELD + len(held) - 1)


def _report_unknown(text: str, problem: Callable[[str], None]) -> None:
    """Commands pylatexenc does not know are dropped (their arguments kept as text), and a
    few it prints as placeholders: either way the field's text changes, which is said."""
    unknown = sorted(
        {
            name
            # math is kept as TeX source (verbatim), so nothing in it is dropped
            for name in _COMMAND.findall(_MATH_SPLIT.sub("", text))
            if name in _PLACEHOLDERS or _KNOWN.get_macro_spec(name) is None
        }
    )
    if unknown:
        listed = ", ".join(f"\\{name}" for name in unknown)
        problem(f"LaTeX command {listed} cannot be converted: dropped (arguments kept as text)")


def _squash(text: str) -> str:
    # whitespace runs become one space, but a no-break space (from `~`) is kept as such
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _unwrap_href(text: str) -> str:
    while m := _HREF.search(text):
        close = _matching(text, m.end() - 1)
        inner = text[m.end() : close] if close is not None else text[m.end() :]
        rest = text[close + 1 :] if close is not None else ""
        text = text[: m.start()] + "{" + inner + "}" + rest
    return text


def _unwrap(text: str, pattern: re.Pattern[str]) -> str:
    """`\\emph{x}` -> `{x}`: the argument stays braced so it remains one unit."""
    return pattern.sub("{", text)


def _marked(text: str) -> str:
    """`\\emph{x}` -> `{<i>x</i>}`: the tags survive the decoding as plain characters."""
    while m := _MARKED.search(text):
        tag = _MARKUP[m.group(1)]
        close = _matching(text, m.end() - 1)
        inner = text[m.end() : close] if close is not None else text[m.end() :]
        rest = text[close + 1 :] if close is not None else ""
        text = (
            f"{text[: m.start()]}{{<{tag}>{inner}</{tag}>}}{rest}"
            if inner.strip()
            else (text[: m.start()] + "{" + inner + "}" + rest)
        )
    while m := _DECLARATION.search(text):
        tag = _DECLARED[m.group(1)]
        close = _matching(text, m.start())
        inner = text[m.end() : close] if close is not None else text[m.end() :]
        rest = text[close + 1 :] if close is not None else ""
        marked = f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        text = f"{text[: m.start()]}{{{marked}}}{rest}"
    return text


def _quoted(text: str) -> str:
    """`\\mkbibquote{x}` -> `{“x”}` (biblatex's quotation commands print the quotes)."""
    while m := _QUOTE.search(text):
        close = _matching(text, m.end() - 1)
        inner = text[m.end() : close] if close is not None else text[m.end() :]
        rest = text[close + 1 :] if close is not None else ""
        text = text[: m.start()] + "{\u201c" + inner + "\u201d}" + rest
    return text


def _matching(text: str, start: int) -> int | None:
    level = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            level += 1
        elif text[i] == "}":
            level -= 1
            if level == 0:
                return i
    return None


def _quotes(text: str) -> str:
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r"(?<![\w\u2019])`", "\u2018", text)
    # an apostrophe and a closing single quote are the same character (pandoc's smart quotes)
    return text.replace("'", "\u2019")


def _fallback(text: str) -> str:
    text = re.sub(r"\\[A-Za-z]+\*?\s*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("{", "").replace("}", "").replace("~", "\u00a0")
