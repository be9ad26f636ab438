"""The Chicago oracle undoes the house's departures by name only: each switch it flips or
normalises is documented (docs/guide/references.md, with its CMOS paragraph), is a key of
the house's citations.yaml, and a flipped one really changes the style."""

from __future__ import annotations

import re

import yaml

from tests.cite.oracle_switches import CITEPROC, SWITCHES, chicago
from tests.conftest import REPO
from tests.helpers import house_style

GUIDE = (REPO / "docs/guide/references.md").read_text(encoding="utf-8")
YAML = yaml.safe_load((REPO / "templates/commentary/citations.yaml").read_text(encoding="utf-8"))


def _section(title: str) -> str:
    return GUIDE.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _value(data: dict[str, object], dotted: str) -> object:
    node: object = data
    for key in dotted.split("."):
        assert isinstance(node, dict) and key in node, dotted
        node = node[key]
    return node


def test_every_switch_is_documented_with_its_paragraph() -> None:
    table = _section("Where the house departs from Chicago")
    for switch in SWITCHES:
        rows = [line for line in table.splitlines() if line.startswith(f"| `{switch.name}` |")]
        assert len(rows) == 1, switch.name
        assert switch.cmos in rows[0], (switch.name, switch.cmos)
    for switch in CITEPROC:
        assert f"`{switch.name}`" in table and switch.cmos.split()[0] in table


def test_every_switch_is_in_the_house_style() -> None:
    for switch in SWITCHES:
        value = _value(YAML, switch.name)  # written out in the house's file
        if switch.how == "flip":
            assert value != switch.chicago, switch.name


def test_a_flipped_switch_changes_the_style() -> None:
    house = house_style()
    flipped = chicago(house).citations
    assert flipped.layout("report").title == "italic" != house.citations.layout("report").title
    assert flipped.layout("report").date == "year" != house.citations.layout("report").date
    web, house_web = flipped.layout("webpage").parts, house.citations.layout("webpage").parts
    assert web.index("date") > web.index("container") and house_web.index("date") < (
        house_web.index("container")
    )
    assert flipped.bibliography.letter_by_letter is False
    assert house.citations.bibliography.letter_by_letter is True
    # nothing else changed: every other layout is the house's
    others = {k: v for k, v in flipped.layouts.items() if k not in ("report", "webpage")}
    assert others == {k: v for k, v in house.citations.layouts.items() if k in others}


def test_the_paragraphs_are_marked_unverified() -> None:
    # CMOS paragraph numbers given from memory say so (none is invented as verified)
    for switch in (*SWITCHES, *CITEPROC):
        assert re.fullmatch(r"\d+\.\d+ \(unverified\)", switch.cmos), switch
