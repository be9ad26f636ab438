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
    text = read_text_file(
        # a file named on the command line may be anywhere (an export in Downloads); it must
        # still be a regular file under the references cap
        path,
        diags,
        "references file",
        roots=(path.resolve().parent,),
        kind="references",
    )
    if text is None:
        return {}
    return build_library(read_reference_file(path.resolve(), text, diags), diags)
