"""The pre-scan that hides a `"` inside braces inside a quoted BibTeX value from bibtexparser
(`parse.bibscan`), and the reader with it: such an entry keeps every field, as pandoc reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.library import build_library
from briefkit.parse.bibscan import hide_inner_quotes
from briefkit.parse.references import read_reference_file

# the shape of texbook1.bib's Tschichold:NT91: a German `"a` inside braces inside quotes
ENTRY = (
    '% a comment that says "quote and {brace\n'
    '@string{pub = "Verlag Hermann Schmidt"}\n'
    "@Book{T91,\n"
    '  title = "{Die Neue Typographie}",\n'
    '  subtitle = "{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}",\n'
    "  publisher = pub,\n"
    '  address = "Mainz",\n'
    '  year = "1991",\n'
    '  pages = "240",\n'
    "}\n"
    '@Misc{m, note = {a "braced" value}, title = "x {"} y"}\n'
)


def test_inner_quotes_are_hidden_and_restored_without_changing_lengths() -> None:
    scanned, restore = hide_inner_quotes(ENTRY)
    assert len(scanned) == len(ENTRY)
    assert scanned.count("\n") == ENTRY.count("\n")  # every line number stays
    assert restore(scanned) == ENTRY
    # the quotes inside braces inside quotes, and only those (not the comment's, not the
    # quoted values' own, not the braced note's)
    changed = [i for i, (a, b) in enumerate(zip(ENTRY, scanned, strict=True)) if a != b]
    assert [ENTRY[i - 1 : i + 2] for i in changed] == ['\\"u', '{"a', '{"}']


def test_an_entry_with_a_quote_inside_braces_keeps_all_its_fields() -> None:
    diags = Diagnostics()
    items = build_library(read_reference_file(Path("t.bib"), ENTRY, diags), diags)
    csl = to_csl(items["T91"].ref)
    # as pandoc reads it
    assert csl["title"] == 'Die Neue Typographie: Ein Handbuch für zeitgem"aß Schaffende'
    assert csl["publisher"] == "Verlag Hermann Schmidt"
    assert csl["publisher-place"] == "Mainz"
    assert csl["issued"] == {"date-parts": [[1991]]}
    assert csl["page"] == "240"
    assert to_csl(items["m"].ref)["title"] == 'x " y'
    assert not [d for d in diags if d.severity == "error"]


def test_an_unclosed_quote_is_left_to_the_parser_and_the_next_entry_still_read() -> None:
    text = '@Misc{bad, title = "never {"closed}\n@Misc{good, title = "a {"} b"}\n'
    scanned, restore = hide_inner_quotes(text)
    assert scanned.split("\n")[0] == text.split("\n")[0]  # the broken entry as written
    assert '{"}' not in scanned.split("\n")[1]  # the next one scanned
    assert restore(scanned) == text


def test_a_file_without_quotes_is_returned_as_it_is() -> None:
    text = "@book{a, title = {T}}\n"
    scanned, restore = hide_inner_quotes(text)
    assert scanned is text
    assert restore("x") == "x"


def test_entry_heads_are_the_entries_with_their_lines() -> None:
    from briefkit.parse.bibscan import entry_heads

    text = '@string{a = "b"}\n% @book{commented,\n@Book{x,\n}\n  @misc ( y ,\n)\n@comment{z,}\n'
    assert entry_heads(text) == [("x", 2), ("y", 4)]


def test_an_entry_the_parser_skips_in_silence_is_a_located_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bibtexparser

    real = bibtexparser.parse_string

    def losing(text: str, **kwargs: Any) -> Any:  # a parser that drops the second entry
        library = real(text, **kwargs)
        library.remove(library.entries[1])
        return library

    monkeypatch.setattr(bibtexparser, "parse_string", losing)
    diags = Diagnostics()
    text = "@book{a, title={A}}\n\n@book{b, title={B}}\n"
    items = read_reference_file(Path("t.bib"), text, diags)
    assert [i.data["id"] for i in items] == ["a"]
    errors = [(d.code, d.loc.line if d.loc else 0, d.message) for d in diags]
    assert errors == [("ref.syntax", 3, "entry 'b' could not be read (bibtexparser skipped it)")]
