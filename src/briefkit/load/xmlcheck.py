"""Load stage helper: whether a user's XML (an SVG figure, a part of a house Word template) is
well formed, parsed with no entities, no DTD and no network.

Consumes the bytes and produces lxml's reason or None. lxml is imported on first use: a
briefing without an SVG figure or a house template (and `check` on it) never pays its import.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def xml_error(data: bytes) -> str | None:
    """lxml's message for the first well-formedness error in `data`, or None."""
    from lxml import etree

    try:
        etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return str(exc.msg)
    return None
