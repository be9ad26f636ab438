"""Load stage: a references file named on the command line, on its own (to list, export or
convert it without a briefing) -> its text, or its validated library of `LocatedReference`s."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from briefkit.load.document import read_text_file
from briefkit.model.library import LocatedReference, build_library
from briefkit.parse.references import read_reference_file


def read_named_file(path: Path, diags: Diagnostics) -> str | None:
    """The text of a references file named on the command line: it may be anywhere (an export
    in Downloads), but it must still be a regular file under the references cap."""
    roots = (path.resolve().parent,)
    return read_text_file(path, diags, "references file", roots=roots, kind="references")


def load_reference_file(path: Path, diags: Diagnostics) -> dict[str, LocatedReference]:
    """A references file on its own (to list or convert it without a briefing)."""
    text = read_named_file(path, diags)
    if text is None:
        return {}
    return build_library(read_reference_file(path.resolve(), text, diags), diags)
