"""Model stage, for editors: JSON Schemas of the front matter and of a references file.

Consumes the pydantic models (`FrontMatter`, `Reference`) and produces JSON Schema documents
(draft-07, the newest draft the YAML language server supports). The models validate *after*
coercion (an author written as a string becomes `{name: ...}`), so their own schema would
reject what the loader happily accepts; this module starts from `model_json_schema(by_alias=True)`
for the list of keys and rewrites each property as the shapes a user may *write*, with a
description an editor shows on hover. Keys the loader would warn about (a misspelt key) are
rejected, pandoc's writer-only keys are allowed. Pure: the CLI writes what this returns.
"""

from __future__ import annotations

from typing import Any

from briefkit.authoring.schema_docs import (
    AUTHOR_DESCRIPTIONS,
    FRONT_DESCRIPTIONS,
    PUBLISHER_DESCRIPTIONS,
    REFERENCE_DESCRIPTIONS,
)
from briefkit.model.frontmatter import _LANG, PANDOC_ONLY_KEYS, FrontMatter
from briefkit.model.reference import (
    CSL_TYPES,
    DATE_VARIABLES,
    KNOWN_VARIABLES,
    NAME_VARIABLES,
    TEXT_VARIABLES,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_IDS = {
    "frontmatter": "briefkit-frontmatter.schema.json",
    "references": "briefkit-references.schema.json",
}

# Shapes shared by both schemas (JSON Schema fragments).
TEXT: dict[str, Any] = {"type": ["string", "number"]}  # numbers are taken as their text
STRING: dict[str, Any] = {"type": "string"}
# the loader's partial-date grammar (model/dates.py `_ISO`), kept loose so that the editor
# never rejects what a build accepts; the model checks the calendar
ISO_DATE = r"^-?\d{1,4}(-\d{1,2}(-\d{1,2})?)?$"
EDTF = r"^-?\d{1,4}(-\d{1,2}(-\d{1,2})?)?(/(-?\d{1,4}(-\d{1,2}(-\d{1,2})?)?|\.\.)?)?[~%]?\??$"

# Front-matter keys whose value is text (a number written there is taken as its text)
TEXT_FIELDS = ("subtitle", "short-title", "abstract", "series", "number", "disclaimer", "rights")


def _described(shape: dict[str, Any], description: str | None) -> dict[str, Any]:
    return {**shape, "description": description} if description else dict(shape)


def _partial_date() -> dict[str, Any]:
    """`PartialDate`: the front matter's date, in every spelling the model accepts."""
    return {
        "description": "YYYY-MM-DD, YYYY-MM or YYYY.",
        "oneOf": [
            {"type": "string", "pattern": ISO_DATE},
            {"type": "integer"},
            {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["year"],
                "properties": {
                    "year": {"type": "integer"},
                    "month": {"type": "integer", "minimum": 1, "maximum": 24},
                    "day": {"type": "integer", "minimum": 1, "maximum": 31},
                },
            },
        ],
    }


def _author() -> dict[str, Any]:
    props: dict[str, Any] = {
        key: _described(STRING, AUTHOR_DESCRIPTIONS.get(key))
        for key in _aliases(FrontMatter.model_fields["author"].annotation)
    }
    props["name-order"] = {
        "enum": ["given-first", "family-first"],
        "description": AUTHOR_DESCRIPTIONS["name-order"],
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        # an author needs a name, or a family name (model `Author._needs_name`)
        "anyOf": [{"required": ["name"]}, {"required": ["family"]}],
    }


def _publisher() -> dict[str, Any]:
    from briefkit.model.frontmatter import Publisher

    props: dict[str, Any] = {
        alias: _described(STRING, PUBLISHER_DESCRIPTIONS.get(alias))
        for alias in _model_keys(Publisher)
    }
    phone = {
        "type": "object",
        "additionalProperties": False,
        "required": ["label", "number"],
        "properties": {"label": TEXT, "number": TEXT},
    }
    props["phones"] = {
        "description": PUBLISHER_DESCRIPTIONS["phones"],
        "oneOf": [
            {"type": "object", "additionalProperties": TEXT},
            {"type": "array", "items": phone},
            {"type": ["string", "integer"]},
        ],
    }
    return {"type": "object", "additionalProperties": False, "properties": props}


def _model_keys(model: Any) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _aliases(annotation: Any) -> list[str]:
    """Keys of the model inside `list[Model]` (the author list)."""
    import typing

    (inner,) = typing.get_args(annotation)
    return _model_keys(inner)


def frontmatter_schema() -> dict[str, Any]:
    """The front matter of a briefing, as written in YAML between the `---` lines."""
    base = FrontMatter.model_json_schema(by_alias=True)
    author = {"$ref": "#/definitions/author"}
    shapes: dict[str, dict[str, Any]] = {
        "title": {"type": ["string", "number"], "pattern": r"\S", "minLength": 1},
        "author": {
            "oneOf": [
                STRING,
                author,
                {"type": "array", "items": {"oneOf": [STRING, author]}},
                {"type": "null"},
            ]
        },
        "date": {"$ref": "#/definitions/date"},
        "lang": {"type": "string", "pattern": _LANG.pattern, "default": "en"},
        "keywords": {"oneOf": [STRING, {"type": "array", "items": TEXT}]},
        "bibliography": {"oneOf": [STRING, {"type": "array", "items": STRING}, {"type": "null"}]},
        "references": {
            "type": ["array", "null"],
            "items": {"$ref": "#/definitions/reference"},
        },
        "style": {"type": "string", "examples": ["commentary"]},
        "publisher": {"$ref": "#/definitions/publisher"},
        "bibliography-section": {"type": "boolean"},
        "raw-html": {"enum": ["drop", "escape", "safe"], "default": "drop"},
        "suppress-bibliography": {"type": "boolean"},
        "translation-of": {
            "oneOf": [
                STRING,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["path"],
                    "properties": {"path": STRING, "excerpt": {"type": "boolean"}},
                },
            ]
        },
        "editions": {"oneOf": [STRING, {"type": "array", "items": STRING}, {"type": "null"}]},
        "url": STRING,
    }
    text_keys = set(TEXT_FIELDS)
    properties: dict[str, Any] = {}
    for key, model_shape in base["properties"].items():  # every key, in the model's order
        if key in shapes:
            shape = shapes[key]
        elif key in text_keys:
            shape = TEXT  # numbers are taken as their text
        else:  # a key this module does not know yet: the model's own schema for it
            shape = {k: v for k, v in model_shape.items() if k not in ("title", "default")}
        properties[key] = _described(shape, FRONT_DESCRIPTIONS.get(key))
    for key in sorted(PANDOC_ONLY_KEYS):
        properties[key] = {"description": "pandoc writer option: accepted and ignored."}
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_IDS["frontmatter"],
        "title": "briefkit front matter",
        "description": (
            "The YAML front matter of a briefkit briefing. Keys mean what they mean in pandoc; "
            "briefing keys (series, number, style, disclaimer, rights, publisher) come on top."
        ),
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": base.get("$defs", {}),  # what a model-derived shape may refer to
        "definitions": {
            "author": _author(),
            "date": _partial_date(),
            "publisher": _publisher(),
            **_reference_definitions(),
        },
    }


def _csl_date() -> dict[str, Any]:
    part = {"type": ["integer", "string"]}
    return {
        "description": "A date: 2025-11-01, 2025-11, 2025, 2024/2025, or a CSL date map.",
        "oneOf": [
            {"type": "string", "pattern": EDTF},
            {"type": "integer"},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "date-parts": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 2,
                        "items": {"type": "array", "items": part, "maxItems": 3},
                    },
                    "literal": TEXT,
                    "raw": STRING,
                    "circa": {"type": ["boolean", "string", "integer"]},
                    "season": {"type": ["integer", "string"]},
                    "year": part,
                    "month": part,
                    "day": part,
                },
                "anyOf": [
                    {"required": ["date-parts"]},
                    {"required": ["literal"]},
                    {"required": ["raw"]},
                    {"required": ["year"]},
                ],
            },
            {"type": "array", "minItems": 1, "items": {"type": "object"}},  # pandoc's old form
        ],
    }


def _name() -> dict[str, Any]:
    return {
        "oneOf": [
            {"type": "string", "description": "An organisation, or a name printed as written."},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "family": STRING,
                    "given": STRING,
                    "literal": _described(STRING, "An organisation: Ministry of Defense."),
                    "dropping-particle": STRING,
                    "non-dropping-particle": STRING,
                    "suffix": STRING,
                    "comma-suffix": {"type": "boolean"},
                    "static-ordering": {"type": "boolean"},
                    "parse-names": {"type": "boolean"},
                },
                "anyOf": [
                    {"required": ["family"]},
                    {"required": ["literal"]},
                    {"required": ["given"]},
                ],
            },
        ]
    }


def _reference_definitions() -> dict[str, Any]:
    names = {
        "oneOf": [
            {"$ref": "#/definitions/name"},
            {"type": "array", "items": {"$ref": "#/definitions/name"}},
        ]
    }
    props: dict[str, Any] = {
        "id": _described(
            {"type": ["string", "number"], "pattern": r"\S"}, REFERENCE_DESCRIPTIONS["id"]
        ),
        "type": {"enum": sorted(CSL_TYPES), "description": REFERENCE_DESCRIPTIONS["type"]},
    }
    for var in sorted(KNOWN_VARIABLES - {"id", "type"}):
        if var in NAME_VARIABLES:
            shape: dict[str, Any] = names
        elif var in DATE_VARIABLES:
            shape = {"$ref": "#/definitions/csl-date"}
        elif var in TEXT_VARIABLES:
            shape = {"type": ["string", "number", "boolean"]}
        else:  # custom, categories...: exporters' extras, kept as they are
            shape = {}
        generic = f"CSL variable '{var}'."
        props[var] = _described(shape, REFERENCE_DESCRIPTIONS.get(var, generic))
    return {
        "reference": {
            "type": "object",
            "required": ["id"],
            # unknown fields are warnings in a build (ref.unknown-field): flagged in the editor
            "additionalProperties": False,
            "properties": props,
        },
        "name": _name(),
        "csl-date": _csl_date(),
    }


def references_schema() -> dict[str, Any]:
    """A references file in CSL YAML or CSL-JSON: a list of items, or a `references:` map."""
    items = {"type": "array", "items": {"$ref": "#/definitions/reference"}}
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_IDS["references"],
        "title": "briefkit references (CSL YAML / CSL-JSON)",
        "description": (
            "A list of CSL items, or pandoc's form: a map with a 'references:' list. "
            "Each item needs an id (the key cited as [@id])."
        ),
        "oneOf": [
            items,
            {
                "type": "object",
                "properties": {"references": items, "items": items},
                "anyOf": [{"required": ["references"]}, {"required": ["items"]}],
            },
        ],
        "definitions": _reference_definitions(),
    }


WHAT = ("frontmatter", "references", "all")


def schemas(what: str) -> dict[str, dict[str, Any]]:
    """The schemas asked for, by file name (`briefkit-frontmatter.schema.json`, ...)."""
    out: dict[str, dict[str, Any]] = {}
    if what in ("frontmatter", "all"):
        out[SCHEMA_IDS["frontmatter"]] = frontmatter_schema()
    if what in ("references", "all"):
        out[SCHEMA_IDS["references"]] = references_schema()
    return out


def covered_keys() -> set[str]:
    """The front-matter keys the schema describes (a test keeps it equal to the model's)."""
    return set(frontmatter_schema()["properties"]) - PANDOC_ONLY_KEYS
