"""Render stage: the Word template's placeholders -> the briefing's text.

Consumes the template's paragraphs (body, headers, footers) and a context of strings decided
by `resolve` (series, date as displayed, title, short title, labels...); fills text
placeholders with Jinja in a sandboxed environment. Produces, in place:

- text placeholders (`{{ series }}`, `{% if number %}…{% endif %}`) filled in their run,
  keeping its formatting. Word splits text into runs wherever formatting, spell-checking or
  editing history changes, so a placeholder typed in Word may span runs (`{{ ser` + `ies }}`):
  when one does, or a run alone is not a valid template, the runs of that stretch are merged
  into the first before rendering;
- `{{ page }}` and `{{ pages }}` become PAGE and NUMPAGES fields (`fields.py`);
- a paragraph holding nothing but a *block placeholder* (`{{ body }}`, `{{ byline }}`,
  `{{ title }}`...) is handed to a callback that replaces it with rendered IR;
- a body paragraph whose placeholders all came out empty (no subtitle) is removed.

Values are text, never markup: a title containing `{{` or `<` is printed as written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError

from briefkit.errors import BriefkitError, ExitCode, SourceLocation
from briefkit.render.budget import BoundedSandbox, render_bounded
from briefkit.render.docx.fields import simple_field
from briefkit.render.docx.oxml import Element, append_text, el, qn, run_text

# a block placeholder's paragraph -> the elements that replace it
BlockFiller = Callable[[Element], list[Element]]

# private-use characters mark where a field goes; stripped from every value first
_FIELD_OPEN, _FIELD_CLOSE = "\ue000", "\ue001"
FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}
_FIELD_MARK = re.compile(f"{_FIELD_OPEN}([A-Z]+){_FIELD_CLOSE}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_BLOCK = re.compile(r"^\s*\{\{\s*([A-Za-z_]\w*)\s*\}\}\s*$")
# run children that are text; a run holding anything else (a drawing, a field character, a
# note reference) is left alone and splits the paragraph into separately filled stretches
_TEXT_CHILDREN = {qn(f"w:{t}") for t in ("rPr", "t", "tab", "br", "cr", "lastRenderedPageBreak")}


def _environment() -> BoundedSandbox:
    env = BoundedSandbox(
        autoescape=False,  # values become XML text through lxml, which escapes them
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=lambda value: "" if value is None else value,
    )
    env.bound_filters()
    return env


def clean(value: Any) -> Any:
    """A context value without the field markers (strings, lists and dicts of strings)."""
    if isinstance(value, str):
        return value.replace(_FIELD_OPEN, "").replace(_FIELD_CLOSE, "")
    if isinstance(value, Mapping):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def _block_paragraphs(body: Element, names: Iterable[str]) -> list[tuple[Element, str]]:
    """The paragraphs of `body` holding nothing but one of the block placeholders `names`,
    with the name each holds, in document order."""
    wanted = set(names)
    found: list[tuple[Element, str]] = []
    for p in body.iter(qn("w:p")):
        m = _BLOCK.match(_paragraph_text(p))
        if m and m.group(1) in wanted:
            found.append((p, m.group(1)))
    return found


def block_placeholders(body: Element, names: Iterable[str]) -> set[str]:
    """Which of the block placeholders `names` stand alone in a paragraph of `body`."""
    return {name for _, name in _block_paragraphs(body, names)}


class TemplateFiller:
    def __init__(self, context: Mapping[str, Any], source: Path | None = None) -> None:
        self.source = source  # the template.docx: where its placeholders' mistakes are reported
        self.env = _environment()
        self.context = {k: clean(v) for k, v in context.items()}
        self.context.update({k: f"{_FIELD_OPEN}{v}{_FIELD_CLOSE}" for k, v in FIELDS.items()})

    def fill(
        self,
        body: Element,
        others: Iterable[Element],
        blocks: Mapping[str, BlockFiller],
    ) -> set[str]:
        """Fill every placeholder; returns the names of the block placeholders found."""
        found = _block_paragraphs(body, blocks)
        block_paras = {id(p) for p, _ in found}
        for p in list(body.iter(qn("w:p"))):
            filled = id(p) not in block_paras and self.paragraph(p)
            if filled and _is_empty(p) and p.getparent() is body:
                body.remove(p)
        for root in others:
            for p in list(root.iter(qn("w:p"))):
                self.paragraph(p)
        for p, name in found:
            for node in blocks[name](p):
                p.addprevious(node)
            p.getparent().remove(p)
        return {name for _, name in found}

    def paragraph(self, p: Element) -> bool:
        """Fill the placeholders of one paragraph; True if it had any."""
        had = False
        for container in [p, *p.iterfind(qn("w:hyperlink"))]:
            for group in _stretches(container):
                had |= self._stretch(group)
        return had

    def _stretch(self, runs: list[Element]) -> bool:
        texts = [run_text(r) for r in runs]
        combined = "".join(texts)
        if not _TAG.search(combined):
            return False
        if len(runs) > 1 and (_spans_runs(texts, combined) or not all(map(self._valid, texts))):
            first = runs[0]
            for other in runs[1:]:
                other.getparent().remove(other)
            runs, texts = [first], [combined]
        for run, text in zip(runs, texts, strict=True):
            if _TAG.search(text):
                self._set(run, self._render(text))
        return True

    def _valid(self, text: str) -> bool:
        try:
            self.env.parse(text)
        except TemplateError:
            return False
        return True

    def _render(self, text: str) -> str:
        try:
            # under the time and output budgets, as the page template (render/budget.py)
            return render_bounded(self.env.from_string(text), self.context)
        except Exception as exc:  # the template's mistake (an include: no loader), not a crash
            message = f"Word template: cannot fill '{text.strip()[:80]}': {exc}"
            if self.source is None:
                raise BriefkitError(message) from exc
            # the house style's error, at its template.docx (exit 1), as the page template's
            where = SourceLocation(self.source, 1, 1)
            raise BriefkitError(message, ExitCode.CONTENT, where, "style.invalid") from exc

    @staticmethod
    def _set(run: Element, text: str) -> None:
        """Put `text` into `run`, turning field marks into fields beside it (a field is a
        sibling of runs); each piece keeps the run's formatting."""
        for child in list(run):
            if child.tag != qn("w:rPr"):
                run.remove(child)
        pieces = _FIELD_MARK.split(text)
        rpr = run.find(qn("w:rPr"))
        append_text(run, pieces[0])
        nodes: list[Element] = [run] if pieces[0] or len(pieces) == 1 else []
        for i in range(1, len(pieces), 2):
            nodes.append(simple_field(pieces[i], "1", _copy(rpr)))
            if pieces[i + 1]:
                tail = el("w:r")
                if rpr is not None:
                    tail.append(_copy(rpr))
                append_text(tail, pieces[i + 1])
                nodes.append(tail)
        parent = run.getparent()
        index = parent.index(run)
        parent.remove(run)
        for offset, node in enumerate(nodes):
            parent.insert(index + offset, node)


def _copy(rpr: Element | None) -> Element | None:
    return None if rpr is None else copy.deepcopy(rpr)


def _is_text_run(run: Element) -> bool:
    return all(child.tag in _TEXT_CHILDREN for child in run)


def _stretches(container: Element) -> list[list[Element]]:
    """Consecutive text runs of a paragraph (or hyperlink), split at any other run."""
    groups: list[list[Element]] = [[]]
    for child in container:
        if child.tag != qn("w:r"):
            continue  # bookmarks, proofing marks: not text, and they do not split
        if _is_text_run(child):
            groups[-1].append(child)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _spans_runs(texts: list[str], combined: str) -> bool:
    ends = []
    pos = 0
    for text in texts:
        pos += len(text)
        ends.append(pos)
    for m in _TAG.finditer(combined):
        if any(m.start() < end < m.end() for end in ends):
            return True
    return False


def _paragraph_text(p: Element) -> str:
    return "".join(run_text(r) for r in p.iter(qn("w:r")))


def _is_empty(p: Element) -> bool:
    """Nothing left to see: no text, no field, no drawing."""
    for run in p.iter(qn("w:r")):
        if not _is_text_run(run) or run_text(run).strip():
            return False
    return p.find(qn("w:fldSimple")) is None
