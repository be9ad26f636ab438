"""Parse stage: a BibTeX file's `@preamble` -> the macros it defines, expanded in its fields.

Consumes the text of the file's `@preamble`s (their `#` concatenations joined) and then each
field value; produces the macros the preamble defines (name -> body as TeX, and for a macro with
arguments their number), what it holds that could not be read (named, for one `ref.preamble`
warning), and field values with those macros replaced by their bodies, so that parse/latex.py
converts what the file's author meant (`\\MF` is whatever the file says, not the logo table's
guess; `\\booktitle{X}` is the italics the file defines) instead of dropping it.

Read: `\\def`, `\\gdef`, `\\edef`, `\\xdef` (parameters `#1#2...`, undelimited),
`\\newcommand`, `\\renewcommand`, `\\providecommand`, `\\DeclareRobustCommand` (with or without
`*`, the name braced or not, `[n]` arguments); `\\let\\foo=\\bar`; `\\font\\foo=logo10` (a font:
its text printed plain); each may sit inside `\\ifx \\undefined \\foo ... \\fi` (or `\\ifx \\foo
\\undefined`), which defines it only if LaTeX does not (pylatexenc's table of LaTeX stands for
LaTeX there). Read and dropped without a word, as they print nothing: `\\hyphenation{...}`,
`\\immediate\\write16{...}`, `\\makeatletter`, `\\makeatother`, `\\relax`. Anything else (a
parameter delimited by text, `\\def\\toenglish #1\\endtoenglish{...}`; an optional argument;
`\\input bibnames.sty`; `\\usepackage`) is named in the warning; its uses in fields are then
`ref.latex` warnings.

Expansion follows TeX where it matters to text: the spaces after a control word are eaten
(`\\MF book` is "METAFONTbook"), an argument is a braced group or one token, a body or an
argument that ends in a control word does not run into the letter after it, bodies may use
other macros of the file, and a definition that never ends expanding
(`\\def\\a{\\a}`) is stopped after `MAX_ROUNDS` and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pylatexenc.latex2text import get_default_latex_context_db

MAX_ROUNDS = 8
_LATEX = get_default_latex_context_db()
_CS = re.compile(r"\\([A-Za-z@]+|.)\s*", re.S)
_DEFS = frozenset({"def", "gdef", "edef", "xdef"})
_COMMANDS = frozenset({"newcommand", "renewcommand", "providecommand", "DeclareRobustCommand"})
_SILENT = frozenset({"makeatletter", "makeatother", "relax", "par"})
# a field that holds an address or an identifier, never TeX to expand
VERBATIM = frozenset({"url", "doi", "eprint", "file", "urlraw", "pdf", "verba", "verbb", "verbc"})


@dataclass
class Definitions:
    macros: dict[str, str] = field(default_factory=dict)  # argument-less: name -> body
    params: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (arguments, body)
    unread: list[str] = field(default_factory=list)  # what could not be read, as written


def read_preamble(text: str) -> Definitions:
    """The macros `text` (a file's `@preamble`s) defines, and what it holds that was not read."""
    out = Definitions()
    _statements(text, 0, len(text), out, provide=False)
    return out


def _statements(text: str, pos: int, end: int, out: Definitions, provide: bool) -> int:
    """Read statements from `pos` to `end` (or a `\\fi` at this level); where reading stopped."""
    while True:
        while pos < end and (text[pos].isspace() or text[pos] in "{}"):
            pos += 1  # braces around statements only group them
        if pos >= end:
            return pos
        m = _CS.match(text, pos)
        if m is None:  # text outside any command: printed by BibTeX styles, not a definition
            stop = text.find("\\", pos, end)
            stop = end if stop < 0 else stop
            out.unread.append(text[pos:stop].strip())
            pos = stop
            continue
        name, pos = m.group(1), m.end()
        if name == "fi":
            return pos
        if name in _DEFS:
            pos = _def(text, pos, end, out, provide)
        elif name in _COMMANDS:
            pos = _newcommand(text, pos, end, out, provide or name == "providecommand")
        elif name == "let":
            pos = _let(text, pos, end, out, provide)
        elif name == "font":
            pos = _font(text, pos, end, out, provide)
        elif name == "ifx":
            pos = _ifx(text, pos, end, out)
        elif name == "hyphenation":
            pos = _group_end(text, pos, end)
        elif name == "immediate":  # `\immediate\write16{...}`: a message to the terminal
            pos = _group_end(text, pos, end) if text.startswith("\\write", pos) else pos
        elif name in _SILENT:
            continue
        else:
            stop = _next_statement(text, pos, end)
            out.unread.append(f"\\{name} {text[pos:stop].strip()}".strip())
            pos = stop


def _define(out: Definitions, name: str, body: str, provide: bool, count: int = 0) -> None:
    known = name in out.macros or name in out.params or _LATEX.get_macro_spec(name) is not None
    if provide and known:
        return
    out.macros.pop(name, None)
    out.params.pop(name, None)
    if count:
        out.params[name] = (count, body)
    else:
        out.macros[name] = body


def _def(text: str, pos: int, end: int, out: Definitions, provide: bool) -> int:
    m = _CS.match(text, pos)
    if m is None:
        return pos
    name = m.group(1)
    brace = text.find("{", m.end(), end)
    if brace < 0:
        return end
    params = re.sub(r"\s+", "", text[m.end() : brace])
    close = _group_end(text, brace, end)
    count = len(params) // 2
    if params != "".join(f"#{i}" for i in range(1, count + 1)):
        # delimited parameters (`\def\toenglish #1\endtoenglish{...}`): not read
        out.unread.append(f"\\def\\{name}{params}{{...}}")
    else:  # `\def\acro#1{{\sc #1}}`: undelimited arguments, braced or one token each
        _define(out, name, text[brace + 1 : close - 1], provide, count)
    return close


def _newcommand(text: str, pos: int, end: int, out: Definitions, provide: bool) -> int:
    pos += 1 if text.startswith("*", pos) else 0
    m = re.compile(r"\s*(?:\{\s*\\([A-Za-z@]+)\s*\}|\\([A-Za-z@]+))\s*").match(text, pos)
    if m is None:
        return _next_statement(text, pos, end)
    name, pos = m.group(1) or m.group(2), m.end()
    args = re.compile(r"\[\s*(\d+)\s*\]\s*(\[[^\]]*\]\s*)?").match(text, pos)
    if args:
        pos = args.end()
    if not text.startswith("{", pos):
        return _next_statement(text, pos, end)
    close = _group_end(text, pos, end)
    if args and args.group(2):  # an optional first argument: not read
        out.unread.append(f"\\newcommand{{\\{name}}}[{args.group(1)}][...]{{...}}")
    else:
        count = int(args.group(1)) if args else 0
        _define(out, name, text[pos + 1 : close - 1], provide, count)
    return close


def _let(text: str, pos: int, end: int, out: Definitions, provide: bool) -> int:
    m = re.compile(r"\\([A-Za-z@]+)\s*=?\s*(\\(?:[A-Za-z@]+|.))\s*").match(text, pos)
    if m is None:
        return _next_statement(text, pos, end)
    _define(out, m.group(1), m.group(2), provide)
    return m.end()


def _font(text: str, pos: int, end: int, out: Definitions, provide: bool) -> int:
    m = re.compile(r"\\([A-Za-z@]+)\s*=?\s*[\w./-]+(?:\s+(?:at|scaled)\s*[\w.]+)?\s*").match(
        text, pos
    )
    if m is None:
        return _next_statement(text, pos, end)
    _define(out, m.group(1), "", provide)  # a font switch: its text stays, plain
    return m.end()


def _ifx(text: str, pos: int, end: int, out: Definitions) -> int:
    m = re.compile(r"\\([A-Za-z@]+)\s*\\([A-Za-z@]+)\s*").match(text, pos)
    if m is None or "undefined" not in (m.group(1), m.group(2)):
        stop = _fi(text, pos, end)
        out.unread.append(f"\\ifx {text[pos : stop - 3].strip()} \\fi")
        return stop
    name = m.group(2) if m.group(1) == "undefined" else m.group(1)
    if _LATEX.get_macro_spec(name) is not None:  # LaTeX defines it: the branch is not taken
        return _fi(text, m.end(), end)
    return _statements(text, m.end(), end, out, provide=True)


def _fi(text: str, pos: int, end: int) -> int:
    """Just after the `\\fi` that closes the conditional open at `pos` (or `end`)."""
    level = 0
    for m in re.compile(r"\\(if[A-Za-z]*|fi)(?![A-Za-z])").finditer(text, pos, end):
        if m.group(1) == "fi":
            if level == 0:
                return m.end()
            level -= 1
        else:
            level += 1
    return end


def _group_end(text: str, pos: int, end: int) -> int:
    """Just after the brace group that opens at or after `pos`."""
    start = text.find("{", pos, end)
    if start < 0:
        return end
    level = 0
    for i in range(start, end):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            level += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            level -= 1
            if level == 0:
                return i + 1
    return end


def _next_statement(text: str, pos: int, end: int) -> int:
    """Where the next top-level control word starts (a statement's arguments skipped)."""
    level = 0
    for i in range(pos, end):
        ch = text[i]
        if ch == "{":
            level += 1
        elif ch == "}":
            level -= 1
        elif ch == "\\" and level <= 0 and i > pos:
            return i
    return end


def expand_macros(
    value: str, macros: dict[str, str], params: dict[str, tuple[int, str]] | None = None
) -> tuple[str, bool]:
    """`value` with the file's macros replaced by their bodies (a macro with arguments takes
    them as TeX does: a braced group or one token each); whether expansion had to be stopped (a
    definition that expands into itself)."""
    params = params or {}
    if not (macros or params) or "\\" not in value:
        return value, False
    names = sorted(map(re.escape, [*macros, *params]), key=len, reverse=True)
    pattern = re.compile(r"\\(" + "|".join(names) + r")(?![A-Za-z@])[ \t\n]*")
    for _ in range(MAX_ROUNDS):
        value, n = _expand_once(value, macros, params, pattern)
        if n == 0:
            return value, False
    return value, pattern.search(value) is not None


def _expand_once(
    value: str,
    macros: dict[str, str],
    params: dict[str, tuple[int, str]],
    pattern: re.Pattern[str],
) -> tuple[str, int]:
    out: list[str] = []
    pos = n = 0
    while m := pattern.search(value, pos):
        out.append(value[pos : m.start()])
        name, pos = m.group(1), m.end()
        if name in macros:
            text = macros[name]
            # `\\pdfTeX book` -> `pdf\\TeX{}book`: the body's last control word ends where it ends
            if re.search(r"\\[A-Za-z@]+$", text) and value[pos : pos + 1].isalpha():
                text += "{}"
        else:
            count, body = params[name]
            args, after = _arguments(value, pos, count)
            if args is None:  # fewer arguments than it takes: left as written (ref.latex)
                out.append(m.group(0))
                continue
            text = _substituted(body, args)
            pos = after
        out.append(text)
        n += 1
    out.append(value[pos:])
    return "".join(out), n


def _substituted(body: str, args: list[str]) -> str:
    """`body` with `#1`... replaced by the arguments (`##` is a `#`)."""

    def arg(m: re.Match[str]) -> str:
        if m.group(0) == "##":
            return "#"
        i = int(m.group(1))
        text = args[i - 1] if i <= len(args) else ""
        # an argument that is a control word stays one token: `\\none` before " and" keeps it
        return text + "{}" if re.search(r"\\[A-Za-z@]+$", text) else text

    return re.sub(r"##|#(\d)", arg, body)


def _arguments(value: str, pos: int, count: int) -> tuple[list[str] | None, int]:
    args: list[str] = []
    for _ in range(count):
        while pos < len(value) and value[pos].isspace():
            pos += 1
        if pos >= len(value) or value[pos] == "}":
            return None, pos
        if value[pos] == "{":
            close = _group_end(value, pos, len(value))
            args.append(value[pos + 1 : close - 1])
            pos = close
        elif (cs := _CS.match(value, pos)) is not None:
            args.append(cs.group(0).rstrip())
            pos = cs.end()
        else:
            args.append(value[pos])
            pos += 1
    return args, pos
