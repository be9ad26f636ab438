"""CSL-JSON read by the schema's rules: string or number date parts, literal and raw dates,
`key: value` lines in `note`, Zotero's short-title names, unknown fields kept and warned once."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.references import read_reference_file

EXPORT = """[
  {"id": "a", "type": "article-journal", "title": "Long Title: With More",
   "shortTitle": "Long Title", "journalAbbreviation": "J. Abbr.", "container-title": "Journal",
   "issued": {"date-parts": [["2019", "3", "07"]]}, "zoteroKey": "K1",
   "note": "original-date: 1901\\nSome remark"},
  {"id": "b", "type": "book", "title": "B", "issued": {"literal": "Spring 1990"},
   "zoteroKey": "K2"},
  {"id": "c", "type": "book", "title": "C", "issued": {"raw": "1988/1992"}}
]
"""


def test_a_zotero_csl_json_export() -> None:
    diags = Diagnostics()
    library = build_library(read_reference_file(Path("z.json"), EXPORT, diags), diags)
    items = {k: to_csl(v.ref) for k, v in library.items()}
    a = items["a"]
    assert a["title-short"] == "Long Title"
    assert a["container-title-short"] == "J. Abbr."
    assert a["issued"] == {"date-parts": [[2019, 3, 7]]}
    assert a["original-date"] == {"date-parts": [[1901]]}  # from `note`, as pandoc reads it
    assert a["note"] == "Some remark"
    assert a["zoteroKey"] == "K1"  # kept
    assert items["b"]["issued"] == {"literal": "Spring 1990"}
    assert items["c"]["issued"] == {"date-parts": [[1988], [1992]]}
    unknown = [d for d in diags if d.code == "ref.unknown-field"]
    assert len(unknown) == 1 and "'zoteroKey'" in unknown[0].message  # once per field
    assert unknown[0].loc is not None and unknown[0].loc.line == 4
    assert not diags.has_errors
