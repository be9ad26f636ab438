"""Resolve stage helper: dates as a house style prints them ("November 1, 2025").

Consumes `PartialDate`/`CslDate` and the style's `Dates` rules; produces strings. Used for the
masthead date and for dates inside citations, so both always read alike.
"""

from __future__ import annotations

from briefkit.model.citestyle import Dates
from briefkit.model.dates import CslDate, PartialDate

NBSP = "\u00a0"


def _glued(template: str, rules: Dates) -> str:
    """ "{month} {day}, {year}" with a no-break space between month and day (the break after
    the comma stays allowed): "November\u00a021" never splits across lines."""
    if not rules.no_break_space:
        return template
    return template.replace("{month} {day}", f"{{month}}{NBSP}{{day}}").replace(
        "{day} {month}", f"{{day}}{NBSP}{{month}}"
    )


def format_partial(date: PartialDate, rules: Dates) -> str:
    if date.season is not None:
        return f"{rules.seasons[date.season - 21]} {_year(date.year)}"
    if date.month is None:
        return rules.year.format(year=_year(date.year))
    month = rules.months[date.month - 1]
    if date.day is None:
        return rules.month_year.format(month=month, year=_year(date.year))
    form = _glued(rules.day_month_year, rules)
    return form.format(month=month, day=date.day, year=_year(date.year))


def _year(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)


def format_date(date: CslDate | None, rules: Dates) -> str:
    """A CSL date or range; the literal form when given; the style's no-date text when None."""
    if date is None:
        return rules.no_date
    if date.literal and date.start is None:
        return date.literal
    assert date.start is not None
    text = _range(date.start, date.end, rules) if date.end else format_partial(date.start, rules)
    if date.circa:
        text = f"{rules.circa} {text}"
    return text


def _range(start: PartialDate, end: PartialDate, rules: Dates) -> str:
    dash = rules.range_delimiter
    space = NBSP if rules.no_break_space else " "  # between a month and its day
    en_style = rules.day_month_year.startswith("{month}")
    if start == end:
        return format_partial(start, rules)
    if (
        en_style
        and start.year == end.year
        and start.month is not None
        and end.month is not None
        and start.day is not None
        and end.day is not None
    ):
        if start.month == end.month:  # November 1–2, 2025
            month = rules.months[start.month - 1]
            return f"{month}{space}{start.day}{dash}{end.day}, {_year(start.year)}"
        first = f"{rules.months[start.month - 1]}{space}{start.day}"
        second = f"{rules.months[end.month - 1]}{space}{end.day}"
        return f"{first}{dash}{second}, {_year(start.year)}"  # October 31–November 1, 2025
    if start.year == end.year and start.month and end.month and not start.day and not end.day:
        return f"{rules.months[start.month - 1]}{dash}{rules.months[end.month - 1]} {start.year}"
    if start.month is None and end.month is None:
        return rules.year.format(year=f"{_year(start.year)}{dash}{_year(end.year)}")
    return f"{format_partial(start, rules)}{dash}{format_partial(end, rules)}"
