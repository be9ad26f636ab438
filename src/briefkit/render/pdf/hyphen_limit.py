"""Render stage helper: at most two hyphenated lines in a row, decided as each line is made.

Consumes nothing of briefkit's: it patches two functions of WeasyPrint's inline layout (once per
process, from `engine._weasyprint`) and produces the layout `render.pdf.hyphens` would reach
by relaying the document out, in the first layout. WeasyPrint has no `hyphenate-limit-lines`
(CSS Text 4); `render.pdf.hyphens` makes up for it after the fact: a third hyphenated line in
a row has its broken word kept whole (`hyphens: manual`) and the whole document is laid out
again, 4.0 of the 640-note report's 10.7 s. Here the same rule is applied where the lines are
made: WeasyPrint breaks a block's lines one at a time, greedily (`iter_line_boxes` calls
`get_next_linebox` with where the line before stopped), so a line's breaks depend only on the
lines before it. Each block's LineBox remembers, for the position where each of its lines
starts, how many hyphenated lines came just before; a line that would be the third is laid out
with `hyphens: manual`, which is what keeping its last word whole does: the words before that
word fit on the line whole, so no other word is hyphenated instead, and the word starts the
next line. The count starts again after such a line, as `hyphens.ladders` does. Every line
is held to it, a note's or a table cell's too (the old check read the body's lines only; the
house style hyphenates neither, a style that does gets the limit there as well).

Hyphenated means what `hyphens.ladders` reads: the line's text ends with the style's
`hyphenate-character` and the block goes on. The memo is keyed by position, so a line laid out
again (a page remade, a note area measured, a restart of `render.pdf.resume`) is laid out the
same way. The after-the-fact fix still runs on whatever ladder this leaves (`render.pdf.layout`);
on the corpus and the generated reports it leaves none.

Applied only to the WeasyPrint versions in `verified.VERIFIED`; `BRIEFKIT_HYPHEN_LIMIT=
relayout` keeps the old way (A/B runs). tests/render/test_hyphen_limit.py compares both: the
same lines, word for word and point for point, on every page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from briefkit.render.pdf.hyphens import LIMIT, text_of
from briefkit.render.pdf.verified import Switch, applies

LOG = logging.getLogger(__name__)

ENV = "BRIEFKIT_HYPHEN_LIMIT"  # "relayout": never install (the relayout of render.pdf.hyphens)
_ATTR = "_briefkit_hyphen_runs"  # on a LineBox: line start -> hyphenated lines just before it

# True while a line that must not end hyphenated is laid out (nested lines, an inline-block's,
# set their own value)
_limited: ContextVar[bool] = ContextVar("briefkit_hyphen_limited", default=False)


@dataclass(frozen=True)
class _Patch:
    stock_next: Callable[..., Any]
    stock_split: Callable[..., Any]


@dataclass
class Counts:
    """Lines laid out without hyphenation since `reset` (bench/ and tests read it)."""

    limited: int = 0

    def reset(self) -> None:
        self.limited = 0


COUNTS = Counts()


def _applies() -> bool:
    return applies(ENV, "relayout", LOG, "hyphen ladders relaid")


def _patch() -> _Patch:
    from weasyprint.layout import inline

    installed = _Patch(inline.get_next_linebox, inline.split_first_line)
    inline.get_next_linebox = _get_next_linebox
    inline.split_first_line = _split_first_line
    return installed


def _unpatch(installed: _Patch) -> None:
    """WeasyPrint's own functions again (the old way, for the comparison)."""
    from weasyprint.layout import inline

    inline.get_next_linebox = installed.stock_next
    inline.split_first_line = installed.stock_split


SWITCH = Switch(_applies, _patch, _unpatch)
ensure, install, uninstall = SWITCH.ensure, SWITCH.install, SWITCH.uninstall


def _get_next_linebox(
    context: Any, linebox: Any, position_y: Any, bottom_space: Any, skip_stack: Any, *rest: Any
) -> Any:
    """WeasyPrint's get_next_linebox, the line laid out without hyphenation when it would be
    the third hyphenated one in a row."""
    installed = SWITCH.installed
    assert installed is not None
    # the LineBox's own memo; copies of the box (a block split over pages, a note area's deep
    # copy) share it, and lay out the same lines from the same positions
    runs: dict[Any, int] | None = linebox.__dict__.get(_ATTR)
    if runs is None:
        runs = linebox.__dict__[_ATTR] = {}
    before = runs.get(_key(skip_stack), 0)
    limited = before >= LIMIT
    token = _limited.set(limited)
    try:
        line, resume_at = installed.stock_next(
            context, linebox, position_y, bottom_space, skip_stack, *rest
        )
    finally:
        _limited.reset(token)
    if line is not None and resume_at is not None:
        if limited:
            COUNTS.limited += 1
            after = 0  # a fresh count after the line that broke the run (as ladders does)
        else:
            after = before + 1 if _hyphenated(line) else 0
        runs[_key(resume_at)] = after
    return line, resume_at


def _split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's split_first_line, with automatic hyphenation off on a limited line."""
    installed = SWITCH.installed
    assert installed is not None
    if _limited.get() and style["hyphens"] == "auto":
        style = style.copy()
        style["hyphens"] = "manual"
    return installed.stock_split(text, style, *args, **kwargs)


def _hyphenated(line: Any) -> bool:
    return text_of(line).endswith(line.style["hyphenate_character"])


def _key(skip_stack: Any) -> Any:
    """A skip stack (nested dicts of child indexes, a text offset at the end) as a dict key."""
    if skip_stack is None:
        return None
    return tuple(sorted((index, _key(inner)) for index, inner in skip_stack.items()))
