"""Format-string templates of a house style: what a template may hold, and that every setting
of the built-in styles written as a template declares the placeholders it may use."""

from __future__ import annotations

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from briefkit.model.citestyle import Dates, Terms
from briefkit.model.templates import template_problem
from tests.helpers import house_style


@pytest.mark.parametrize(
    "text",
    ["{month} {day}, {year}", "{year}年{month}月{day}日", "no braces", "{{literal}} {year}", ""],
)
def test_good_templates(text: str) -> None:
    assert template_problem(text, ("month", "day", "year")) is None


ALLOWED = "this setting may use {month}, {day}, {year}"
BRACES = f"{ALLOWED}; write {{{{ and }}}} for a literal brace"


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("{mon}", "unknown placeholder '{mon}' in '{mon}'", f"did you mean '{{month}}'? {ALLOWED}"),
        (
            "{month.upper}",
            "unknown placeholder '{month.upper}' in '{month.upper}'",
            f"did you mean '{{month}}'? {ALLOWED}",
        ),
        (
            "{month[0]}",
            "unknown placeholder '{month[0]}' in '{month[0]}'",
            f"did you mean '{{month}}'? {ALLOWED}",
        ),
        (
            "{ year }",
            "unknown placeholder '{ year }' in '{ year }'",
            f"did you mean '{{year}}'? {ALLOWED}",
        ),
        ("{}", "positional placeholder '{}' in '{}'", ALLOWED),
        ("{0}", "positional placeholder '{0}' in '{0}'", ALLOWED),
        ("{year!s}", "conversion '!s' in '{year!s}' is not supported", ALLOWED),
        ("{year:04}", "format spec ':04' in '{year:04}' is not supported", ALLOWED),
        ("{year", "malformed template '{year': expected '}' before end of string", BRACES),
        ("year}", "malformed template 'year}': Single '}' encountered in format string", BRACES),
    ],
)
def test_bad_templates(text: str, message: str, hint: str) -> None:
    assert template_problem(text, ("month", "day", "year")) == (message, hint)


def test_a_model_rejects_a_template_with_its_hint() -> None:
    with pytest.raises(ValidationError) as caught:
        Dates.model_validate({"day-month-year": "{day} {mon} {year}"})
    (err,) = caught.value.errors(include_url=False)
    assert err["loc"] == ("day-month-year",)
    assert err["msg"] == "unknown placeholder '{mon}' in '{day} {mon} {year}'"
    assert (
        err["ctx"]["hint"] == "did you mean '{month}'? this setting may use {month}, {day}, {year}"
    )
    assert Terms.model_validate({"edition": "{n}. Aufl."}).edition == "{n}. Aufl."


def _declares_placeholders(model: type[BaseModel], name: str) -> bool:
    return any(isinstance(m, AfterValidator) for m in model.model_fields[name].metadata)


def test_every_templated_setting_declares_its_placeholders() -> None:
    """A setting of the built-in styles holding `{...}` is checked at load (locator labels,
    a dict of pairs, are checked through their type, `LabelForm`)."""
    house = house_style()
    undeclared = []

    def walk(node: BaseModel, path: str) -> None:
        for name in type(node).model_fields:
            value = getattr(node, name)
            if isinstance(value, BaseModel):
                walk(value, f"{path}{name}.")
            elif isinstance(value, str) and "{" in value:
                if not _declares_placeholders(type(node), name):
                    undeclared.append(path + name)

    for style in (house.citations, *house.citation_variants.values()):
        walk(style, "")
    assert undeclared == []
