"""The registry of diagnostic codes (briefkit.codes) is complete, used and enforced.

The troubleshooting guide is checked against the registry in tests/docs/test_guide.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from briefkit.codes import CODES, MEANINGS, Code, is_code
from briefkit.errors import Diagnostic, Diagnostics, Severity, SourceLocation
from tests.conftest import REPO

SRC = REPO / "src" / "briefkit"
# Quoted dotted names in src/ that are diagnostic codes (file names and module paths aside)
_DOTTED = re.compile(r'"([a-z]+\.[a-z-]+)"')
_NOT_CODES = re.compile(r"\.(md|toml|yaml|yml|css|docx|json|j2|html|py|txt|bib)$|^briefkit\.")


def codes_in_src() -> set[str]:
    """Every code written in briefkit's source, the registry itself aside."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path != SRC / "codes.py":
            found |= set(_DOTTED.findall(path.read_text(encoding="utf-8")))
    return {c for c in found if not _NOT_CODES.search(c)}


def test_every_code_written_in_src_is_registered() -> None:
    assert sorted(codes_in_src() - CODES) == [], "register these codes in briefkit/codes.py"


def test_every_registered_code_is_used() -> None:
    assert sorted(CODES - codes_in_src()) == [], "unused codes in briefkit/codes.py"


def test_each_code_has_a_one_line_meaning_in_the_registry_order() -> None:
    assert list(MEANINGS) == list(get_args(Code))
    assert [c for c, m in MEANINGS.items() if not m.strip() or "\n" in m] == []


def test_the_found_codes_include_the_dynamically_chosen_ones() -> None:
    """The grep sees codes chosen at run time too (they are literals of the registry)."""
    assert {"ref.invalid-date", "ref.invalid-field", "verify.missing"} <= codes_in_src()


def test_a_diagnostic_read_back_keeps_its_code_and_an_unknown_one_is_refused() -> None:
    diags = Diagnostics()
    diags.warning("note.unused", "note 'a' is never called", SourceLocation(Path("b.md"), 3, 1))
    (d,) = diags.items
    assert Diagnostic.from_dict(d.to_dict()) == d
    assert is_code("note.unused") and not is_code("note.unsued")
    with pytest.raises(ValueError, match=r"unknown diagnostic code 'note\.unsued'"):
        Diagnostic.from_dict({**d.to_dict(), "code": "note.unsued"})
    assert Diagnostic(Severity.ERROR, "cite.unknown-key", "x").code == "cite.unknown-key"


SNIPPET = """
from briefkit.errors import BriefkitError, Diagnostics

diags = Diagnostics()
diags.warning("note.unused", "fine")
diags.error("note.undefinded", "misspelt")
raise BriefkitError("x", code="render.broken")
"""


def test_mypy_rejects_an_unregistered_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `make lint` relies on: a misspelt code is a type error, where it is written."""
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(REPO / "src"))  # the source, as `make lint` checks it
    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    out, _, status = api.run(
        [
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(REPO / "pyproject.toml"),
            str(tmp_path / "snippet.py"),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1
    assert [line.split(":")[1] for line in errors] == ["6", "7"], out
    assert "\"Literal['note.undefinded']\"" in errors[0] and "render.broken" in errors[1]
