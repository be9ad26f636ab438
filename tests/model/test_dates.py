"""CSL dates: date-parts, EDTF strings, ranges, literals, seasons."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from briefkit.cite.dates import format_date
from briefkit.model.citestyle import Dates
from briefkit.model.dates import CslDate

RULES = Dates()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"date-parts": [[2025, 11, 1]]}, "November\u00a01, 2025"),
        ({"date-parts": [[2025, 11]]}, "November 2025"),
        ({"date-parts": [[2025]]}, "2025"),
        ("2025-11-01", "November\u00a01, 2025"),
        (dt.date(2024, 3, 21), "March\u00a021, 2024"),
        ({"date-parts": [[2025, 11, 1], [2025, 11, 2]]}, "November\u00a01\u20132, 2025"),
        ("2025-10-31/2025-11-01", "October\u00a031\u2013November\u00a01, 2025"),
        ("2019/2021", "2019\u20132021"),
        ({"literal": "Spring term, 2020"}, "Spring term, 2020"),
        ("2025-21", "Spring 2025"),
        ({"date-parts": [[1990]], "circa": True}, "ca. 1990"),
        ([{"year": 2005, "month": 6}], "June 2005"),
        ({"raw": "2020-12-23"}, "December\u00a023, 2020"),
        # CSL-JSON's season is a number or a string (Zotero and others write either)
        ({"date-parts": [[2019]], "season": 1}, "Spring 2019"),
        ({"date-parts": [[2019]], "season": "3"}, "Autumn 2019"),
        ({"date-parts": [[2019]], "season": "Spring"}, "Spring 2019"),
        ({"date-parts": [[2019]], "season": "fall"}, "Autumn 2019"),
        ({"date-parts": [[2019]], "season": 24}, "Winter 2019"),
        ({"date-parts": [[2019]], "season": "Michaelmas"}, "Michaelmas 2019"),
    ],
)
def test_csl_dates_print_as_the_house_style_says(value: object, text: str) -> None:
    assert format_date(CslDate.model_validate(value), RULES) == text


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "yesterday", {"date-parts": "2025"}, {"date-parts": [["x"]]}, {"foo": 1}, True],
)
def test_malformed_dates_raise(value: object) -> None:
    with pytest.raises(ValidationError):
        CslDate.model_validate(value)


def test_no_date_prints_the_style_placeholder() -> None:
    assert format_date(None, RULES) == ""
    assert format_date(None, Dates(no_date="n.d.")) == "n.d."
