"""Load stage: a references file on its own (to list or convert it without a briefing) ->
its validated library of `LocatedReference`s."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from briefkit.load.document import read_text_file
from briefkit.model.library import LocatedReference, build_library
from briefkit.parse.references import read_reference_file


def load_reference_file(path: Path, diags: Diagnostics) -> dict[str, LocatedReference]:
    """A references file on its own (to list or convert it without a briefing)."""
    text = read_text_file(path, diags, "references file")
    if text is None:
        return {}
    return build_library(read_reference_file(path.resolve(), text, diags), diags)
