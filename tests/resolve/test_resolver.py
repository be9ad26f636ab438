"""Resolve: one note sequence, citations formatted once, whole-document checks."""

from __future__ import annotations

from briefkit import ir
from tests.conftest import Project
from tests.helpers import codes, resolve_file

REFS = """
references:
  - id: doe2020
    type: book
    author: [{family: Doe, given: Jane}]
    title: A Book
    publisher: Press
    publisher-place: Tokyo
    issued: 2020
  - id: roe2021
    type: webpage
    author: [{literal: Ministry of Defense}]
    title: A Page
    issued: 2021-05-04
    URL: https://example.org/page
"""


def brief(
    project: Project, body: str, front: str = ""
) -> tuple[ir.ResolvedDocument | None, object]:
    path = project.write(
        "content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n" + front + "---\n" + body
    )
    project.write("content/refs.yaml", REFS)
    return resolve_file(path, project.root)


def texts(doc: ir.ResolvedDocument) -> list[str]:
    return [ir.note_text(n) for n in doc.notes]


def test_one_sequence_for_footnotes_inline_notes_and_citations(project: Project) -> None:
    doc, diags = brief(
        project,
        "A.[^x] B.[@doe2020] C.^[Inline.] D.[@roe2021, para. 3]\n\n"
        "[^x]: Author note citing [@roe2021].\n",
    )
    assert doc is not None and codes(diags) == []
    assert [n.origin for n in doc.notes] == ["footnote", "citation", "inline", "citation"]
    assert texts(doc) == [
        "Author note citing Ministry of Defense, “A Page,” May 4, 2021, https://example.org/page.",
        "Jane Doe, A Book (Press, 2020).",
        "Inline.",
        "Ministry of Defense, “A Page,” para. 3.",
    ]
    calls = [i.number for b in doc.body for i in b.inlines if isinstance(i, ir.NoteRef)]
    assert calls == [1, 2, 3, 4]


def test_author_note_between_citations_prevents_ibid(project: Project) -> None:
    doc, _ = brief(
        project, "A.[@doe2020, p. 3] B.[@doe2020, p. 3] C.^[Aside.] D.[@doe2020, p. 3]\n"
    )
    assert doc is not None
    assert texts(doc) == [
        "Jane Doe, A Book (Press, 2020), p. 3.",
        "Ibid.",
        "Aside.",
        "Doe, A Book, p. 3.",
    ]


def test_unknown_key_undefined_and_unused_notes_unused_reference(project: Project) -> None:
    _doc, diags = brief(project, "Text [@doe202].[^nope]\n\n[^spare]: Never called.\n")
    found = {(d.code, d.severity.value, d.loc.line, d.loc.col) for d in diags}  # type: ignore[union-attr]
    assert ("cite.unknown-key", "error", 5, 8) in found
    assert ("note.undefined", "error", 5, 16) in found
    assert ("note.unused", "warning", 7, 1) in found
    unused = sorted(
        (d.message, d.loc.path.name, d.loc.line, d.loc.col)  # type: ignore[union-attr]
        for d in diags
        if d.code == "ref.unused"
    )
    assert unused == [
        ("reference 'doe2020' is never cited", "refs.yaml", 2, 9),
        ("reference 'roe2021' is never cited", "refs.yaml", 9, 9),
    ]
    hint = next(d.hint for d in diags if d.code == "cite.unknown-key")
    assert hint == "did you mean 'doe2020'?"


def test_top_level_heading_level_is_normalised(project: Project) -> None:
    for marks in ("#", "##"):
        doc, _ = brief(project, f"{marks} One\n\nText [@doe2020] [@roe2021]\n\n{marks}# Sub\n")
        assert doc is not None
        heads = [(b.level, b.id) for b in doc.body if isinstance(b, ir.Heading)]
        assert heads == [(1, "one"), (2, "sub")]


def test_in_text_citation_puts_the_author_in_the_sentence(project: Project) -> None:
    doc, _ = brief(project, "As @doe2020 [p. 4] says, and [@roe2021].\n")
    assert doc is not None
    para = doc.body[0]
    assert ir.plain_text(para.inlines).startswith("As Doe says")
    assert texts(doc)[0] == "Jane Doe, A Book (Press, 2020), p. 4."


def test_reused_footnote_prints_twice_with_a_warning(project: Project) -> None:
    doc, diags = brief(project, "A[^n] B[^n] [@doe2020] [@roe2021]\n\n[^n]: Same.\n")
    assert doc is not None
    assert texts(doc)[:2] == ["Same.", "Same."]
    assert "note.reused" in codes(diags)


def test_a_citation_opening_a_sentence_of_a_note_is_capitalised(project: Project) -> None:
    # found in tests/fixtures/new-briefings/undersea-cables.md: "... negligence. ibid. The
    # article ..." (CMOS 14.34: "Ibid." is capitalised where it opens a sentence)
    doc, diags = brief(
        project,
        "A.[@doe2020, 4] B.[^a] C.[^b] D.[^c]\n\n"
        "[^a]: A discursive note ends a sentence.[@doe2020, 5] Then it goes on.\n\n"
        "[^b]: Was it? [@doe2020] Yes.\n\n    A second paragraph. [@doe2020, 7]\n\n"
        "[^c]: Compare cf. [@doe2020, 8] and in a sentence [@doe2020, 9].\n",
    )
    assert doc is not None and codes(diags) == ["ref.unused"]  # roe2021
    assert texts(doc) == [
        "Jane Doe, A Book (Press, 2020), p. 4.",
        "A discursive note ends a sentence. Ibid., p. 5. Then it goes on.",
        "Was it? Doe, A Book. Yes. A second paragraph. Ibid., p. 7.",  # not ibid.: p. 5
        "Compare cf. ibid., p. 8 and in a sentence ibid., p. 9.",
    ]


def test_a_japanese_citation_closing_a_sentence_of_a_note_is_in_parentheses(
    project: Project,
) -> None:
    # found in tests/fixtures/new-briefings/semiconductors.ja.md: "…との見方がある田中亮「…」"
    # ran the sentence into the source; a source that is the sentence's object stays in it
    doc, diags = brief(
        project,
        "本文。[^a]\n\n"
        "[^a]: との見方がある[@doe2020, 12]。この点については、[@roe2021]を参照。"
        "別の文。[@doe2020, 13]\n",
        "lang: ja\n",
    )
    assert doc is not None and codes(diags) == []
    assert texts(doc) == [
        "との見方がある（Doe, Jane『A Book』（Tokyo：Press、2020年）、12頁）。この点については、"
        "Ministry of Defense「A Page」2021年5月4日、https://example.org/pageを参照。"
        "別の文。Doe『A Book』13頁。"
    ]


def test_a_label_written_before_a_cross_reference_is_reported(project: Project) -> None:
    # found in tests/fixtures/new-briefings/cbam-lng.md: "Figure @fig:contracts" printed
    # "Figure Figure 1"; pandoc-crossref's [-@tbl:x] prints the number alone
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Costs. {#tbl:costs}\n\n"
    doc, diags = brief(
        project,
        table + "See Table @tbl:costs. Table [-@tbl:costs] and @tbl:costs agree.[@doe2020]\n",
    )
    assert doc is not None, [d.format() for d in diags]
    assert codes(diags) == ["xref.doubled", "ref.unused"]
    warning = next(iter(diags))
    assert (warning.loc.line, warning.loc.col) == (11, 12)  # the key, as xref.unknown
    assert "'Table @tbl:costs' prints 'Table Table 1'" in warning.message
    paragraph = doc.body[-1]
    assert isinstance(paragraph, ir.Paragraph)
    assert ir.plain_text(paragraph.inlines) == ("See Table Table 1. Table 1 and Table 1 agree.")


def test_a_crossref_parent_is_used_through_its_cited_child(project: Project) -> None:
    """A cited chapter inherits its book (`crossref`, then the book's own `xdata`): neither
    parent is `ref.unused`, which made `--strict` refuse a normal biblatex file; an entry no
    cited one inherits from still is."""
    project.write(
        "content/x.bib",
        "@inbook{chapter, author = {Doe, Jane}, title = {A Chapter}, crossref = {Book},\n"
        "  pages = {1--5}}\n"
        "@book{book, editor = {Roe, Rick}, title = {The Book}, xdata = {pub}, year = {2020}}\n"
        "@xdata{pub, publisher = {Press}, location = {Tokyo}}\n"
        "@book{lonely, title = {Uncited}, year = {2020}}\n",
    )
    path = project.write(
        "content/c.md", "---\ntitle: T\nbibliography: x.bib\n---\nText.[@chapter]\n"
    )
    doc, diags = resolve_file(path, project.root)
    assert doc is not None
    unused = [d.message for d in diags if d.code == "ref.unused"]  # type: ignore[attr-defined]
    assert unused == ["reference 'lonely' is never cited"]
    assert "The Book" in texts(doc)[0] and "Press" in texts(doc)[0]


def test_a_figure_alt_text_keeps_a_citation_of_its_caption(project: Project) -> None:
    """The alt text was the caption's words before citations were resolved: "Data from  and
    ." for a screen reader; an `alt=` the author wrote is kept as written."""
    (project.root / "content").mkdir(exist_ok=True)
    (project.root / "content" / "m.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a8c6b80000000049454e44ae426082"
        )
    )
    body = '![Data from @doe2020 and @roe2021.](m.png)\n\n![Map.](m.png){alt="A map"}\n'
    doc, _ = brief(project, body)
    assert doc is not None
    first, second = (b for b in doc.body if isinstance(b, ir.Figure))
    assert first.image.alt == "Data from Doe and Ministry of Defense."
    assert second.image.alt == "A map"


def test_a_cited_bibtex_entrys_dropped_fields_are_one_warning(project: Project) -> None:
    """A build printed nothing of `eprintclass` and said nothing (only `refs import` did): a
    cited entry now warns once, at its first such field; an uncited entry says nothing of its
    fields. (biblatex's `language`, without a `langid`, is the item's language since
    2026-12-04, so it is no longer among them.)"""
    project.write(
        "content/refs.bib",
        "@article{a,\n  author = {Doe, Jane},\n  title = {T},\n  journaltitle = {J},\n"
        "  date = {2020},\n  language = {english},\n  eprintclass = {cs.CY},\n}\n"
        "@article{b,\n  author = {Roe, Rick},\n  title = {U},\n  journaltitle = {J},\n"
        "  date = {2021},\n  language = {german},\n}\n",
    )
    path = project.write("content/b.md", "---\ntitle: T\nbibliography: refs.bib\n---\nA.[@a]\n")
    _, diags = resolve_file(path, project.root)
    dropped = [d for d in diags if d.code == "ref.dropped-field"]
    assert [(d.loc.line, d.message) for d in dropped] == [
        (7, "field 'eprintclass' of 'a' has no CSL equivalent and will not print")
    ]
