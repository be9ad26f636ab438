"""Fields a house layout never prints are reported, not lost in silence (`cite.coverage`,
`ref.field-not-printed`); record metadata Chicago never prints is not."""

from __future__ import annotations

from briefkit import ir
from briefkit.cite.coverage import unprinted_fields
from briefkit.model.reference import Reference
from tests.conftest import REPO, Project
from tests.helpers import house_style, resolve_file

REFS = """
- id: unclos
  type: legislation
  title: United Nations Convention on the Law of the Sea
  issued: 1982
  note: Opened for signature December 10, 1982
  ISBN: 978-92-1-133822-6
- id: report
  type: report
  title: Seeing the Sea
  publisher: CSIS
  issued: 2023
  event-place: Singapore
  abstract: A long abstract nobody prints.
- id: book
  type: book
  author: [{family: Till, given: Geoffrey}]
  title: Seapower
  publisher: Routledge
  issued: 2018
  keyword: navies
"""


def test_a_lost_field_is_one_warning_at_the_field(project: Project) -> None:
    refs = project.write("content/refs.yaml", REFS)
    body = "---\ntitle: T\nbibliography: refs.yaml\n---\nA.[@unclos] B.[@report] C.[@book]\n"
    doc, diags = resolve_file(project.write("content/b.md", body), project.root)
    assert doc is not None
    found = [d for d in diags if d.code == "ref.field-not-printed"]
    assert [d.message.split("'")[1] for d in found] == ["unclos", "report"]
    lines = refs.read_text(encoding="utf-8").splitlines()
    for d in found:
        assert d.loc is not None and d.loc.path == refs
        lost_field = d.message.split(" sets ")[1].split(",")[0].split()[0]
        assert lines[d.loc.line - 1].strip().startswith(f"{lost_field}:"), d.format()
    # and the text really is in no note: the warning is telling the truth
    text = " ".join(ir.note_text(n) for n in doc.notes)
    assert "Opened for signature" not in text and "Singapore" not in text
    assert "Seapower" in text


def test_metadata_and_printed_fields_are_not_reported() -> None:
    style = house_style().citations
    book = Reference.model_validate(
        {
            "id": "b",
            "type": "book",
            "title": "Seapower",
            "publisher": "Routledge",
            "publisher-place": "London",
            "edition": "4",
            "ISBN": "x",
            "abstract": "y",
            "language": "en",
            "title-short": "Sea",
            "page": "1-300",
            "accessed": "2024-01-02",
        }
    )
    assert unprinted_fields(book, style) == []
    noted = book.model_copy(update={"note": "A note"})
    assert unprinted_fields(noted, style) == ["note"]


def test_the_example_commentary_loses_nothing() -> None:
    for name in ("japan-asean-defense-cooperation.md", "japan-asean-defense-cooperation.ja.md"):
        _, diags = resolve_file(REPO / "content" / name, REPO)
        assert not [d for d in diags if d.code == "ref.field-not-printed"], name
