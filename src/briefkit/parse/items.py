"""Parse stage: `RawItem`, one reference as read from any references format (CSL-YAML,
CSL-JSON, BibTeX) before the model validates it: a plain CSL mapping plus a `locate` function
that gives the `file:line:col` of any of its fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefkit.errors import SourceLocation
from briefkit.parse.yamlsrc import PathKey


@dataclass
class RawItem:
    data: Any
    origin: SourceLocation
    _locate: Callable[[PathKey, bool], SourceLocation]
    # the entries it inherits fields from (BibTeX `crossref`, `xdata`): cited through it
    parents: tuple[str, ...] = ()
    # BibTeX fields with no CSL equivalent, not carried over, with where each was written: a
    # build warns about them for the entries it cites (`refs import` for every entry)
    dropped: tuple[tuple[str, SourceLocation], ...] = ()

    def locate(self, keys: PathKey, *, key: bool = False) -> SourceLocation:
        return self._locate(keys, key)
