"""Load stage: front-matter values that are accepted but said about, located at their key.

A `date` in words is printed as written but cannot go into the metadata; a `lang` that is not
a well-formed BCP 47 tag or names no known language is written to the outputs as it stands
(`<html lang>`, the PDF's and Word's language), where readers, hyphenation and screen readers
take it for no language at all.
"""

from __future__ import annotations

import re
from typing import Any

from briefkit.errors import Diagnostics
from briefkit.model.dates import PartialDate
from briefkit.model.languages import tag_problem
from briefkit.parse.yamlsrc import YamlDoc


def free_date(data: dict[str, Any], doc: YamlDoc, diags: Diagnostics) -> None:
    """`date: 29 January 2021` (or `\\today`): kept as written for display; metadata needs a
    date it can read, so the warning says so."""
    value = data.get("date")
    if not isinstance(value, str) or re.fullmatch(r"\s*\d{4}(-\d+){0,2}\s*", value):
        return  # an ISO date, or a mistyped one (2025-13): that is frontmatter.invalid
    try:
        PartialDate.model_validate(value)
    except ValueError:
        data["date-text"] = data.pop("date")
        diags.warning(
            "frontmatter.date-text",
            f"date '{value}' is printed as written; the outputs' metadata carries no date",
            doc.loc(("date",)),
            "write an ISO date (2021-01-29, 2021-01 or 2021) to have it in the metadata",
        )


def report_lang(lang: str, doc: YamlDoc, diags: Diagnostics) -> None:
    """`frontmatter.unknown-language` at the `lang:` line for a tag that passed the model's
    shape check (`xx-YY-bad`, `zz`, `jpn`)."""
    problem = tag_problem(lang)
    if problem is not None:
        message, hint = problem
        diags.warning(
            "frontmatter.unknown-language",
            f"{message} (written to the outputs as it stands)",
            doc.loc(("lang",)),
            hint,
        )
