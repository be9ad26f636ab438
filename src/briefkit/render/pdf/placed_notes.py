"""Render stage helper: a note placed on a page stays there; the paragraph that wants its room
moves instead, decided as WeasyPrint lays the page out.

Consumes nothing of briefkit's: it changes one decision of WeasyPrint's block layout (once per
process, from `engine._weasyprint`) and produces, in the first layout, the page break
`render.pdf.placement` would add after it. When a paragraph's second line (the one that
satisfies `orphans: 2`) does not fit, WeasyPrint 70 *reports* the notes already placed on the
page to the next one to make room for it (`layout/block.py`, `_linebox_layout`: `report = not
context.in_column and can_break_now and not could_break_before`), so a note leaves its call's
page. briefkit then lays the document out again with a break before that paragraph (the first
of `placement.Breaks.fix`'s breaks); the seed needs it once, 0.12 s of its 0.66 s PDF. Inside
columns WeasyPrint never reports: the paragraph goes to the next column, or page, whole, as
its orphans rule says. Here every page is treated that way: the only read of `in_column` in
`_linebox_layout` (this expression) answers True, every other read its true value.

What changes on the page: nothing where the old relayout broke before a paragraph (34 of 37
documents compared, the corpus among them: the same bytes, one layout fewer where there was a
fix). Where the paragraph follows a heading, WeasyPrint's natural break carries the heading
along and truncates its top margin, as at every other page top; the old forced break kept it,
and the pages after moved with it (three generated reports of short sections: one of them 8
pages before, 7 now, a part-empty page gone; every note on its call's page in all). A note
moved for any other reason (its own line's note does not fit) is fixed after the layout as
before.

Applied only to the WeasyPrint versions in `verified.VERIFIED`, where `_linebox_layout` reads
`in_column` once; `BRIEFKIT_PLACED_NOTES=stock` keeps WeasyPrint's own rule (A/B runs).
"""

from __future__ import annotations

import logging
import sys
from types import CodeType
from typing import Any

from briefkit.render.pdf.verified import Switch, applies

LOG = logging.getLogger(__name__)

ENV = "BRIEFKIT_PLACED_NOTES"  # "stock": WeasyPrint reports placed notes for an orphans line
_ATTR = "_briefkit_in_column"  # the context's own `in_column`, behind the property


def _applies() -> bool:
    if not applies(ENV, "stock", LOG, "placed notes reported as WeasyPrint does"):
        return False
    from weasyprint.layout import block

    if "in_column" not in block._linebox_layout.__code__.co_names:
        LOG.info("WeasyPrint's _linebox_layout is not the one checked: notes reported")
        return False
    return True


def _patch() -> CodeType:
    from weasyprint.layout import LayoutContext, block

    LayoutContext.in_column = property(_in_column, _set_in_column)
    code: CodeType = block._linebox_layout.__code__
    return code


def _unpatch(installed: CodeType) -> None:
    from weasyprint.layout import LayoutContext

    del LayoutContext.in_column  # instances keep theirs in _ATTR; the stock one is set anew


# installed: `_linebox_layout`'s code, the one reader of `in_column` answered True
SWITCH = Switch(_applies, _patch, _unpatch)
ensure, install, uninstall = SWITCH.ensure, SWITCH.install, SWITCH.uninstall


def _in_column(context: Any) -> bool:
    if sys._getframe(1).f_code is SWITCH.installed:
        return True  # the report decision: never move placed notes for an orphans line
    return bool(context.__dict__.get(_ATTR, False))


def _set_in_column(context: Any, value: bool) -> None:
    context.__dict__[_ATTR] = value
