"""The PDF preflight (`verify.preflight`): each detector on a PDF made to show the fault it
looks for, then the whole preflight over the layout corpus (tests/fixtures/layout-corpus/) and
the example commentary, which must give no findings; and `verify --strict` failing on one."""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

import pytest

from briefkit.build.manifest import Expected, read_manifest
from briefkit.verify.pdflines import LinkPart
from briefkit.verify.preflight import Finding, _allowed, _url_breaks, preflight
from tests.conftest import REPO, Project

CORPUS = REPO / "tests" / "fixtures" / "layout-corpus"
# the corpus and the example commentary's two editions
BRIEFINGS = len(list(CORPUS.glob("*.md"))) + len(list((REPO / "content").glob("*.md")))

# The `typo` branch (issue 16, items 2 and 3) fixes these two classes of finding: URL breaks
# CMOS 14.18 forbids (the example commentary has six today: "https://www.⏎mod.go.jp",
# "...-OF-⏎THE-...", and breaks after a slash) and calls cut off from their word. Until it
# is merged they are expected here; the lead removes this allowlist after the merge.


def pdf(body: str, css: str = "") -> bytes:
    """A PDF of `body` on small pages, set like the house's body text (10 pt, 1.5 leading)."""
    weasyprint = pytest.importorskip("weasyprint")
    page = (
        "<html><head><style>@page { size: 120mm 100mm; margin: 10mm; }"
        " body { font-family: 'Noto Serif', serif; font-size: 10pt; line-height: 1.5; }"
        " p { margin: 0 0 .55em; text-align: justify; orphans: 1; widows: 1; }"
        " sup { font-size: 6.5pt; vertical-align: super; line-height: 0; }"
        f" h2 {{ font-size: 11.5pt; font-weight: bold; margin: 0; }} {css}</style></head>"
        f"<body>{body}</body></html>"
    )
    data: bytes = weasyprint.HTML(string=page).write_pdf()
    return data


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


TEXT = (
    "Regional defense diplomacy has grown denser over the past decade, with ministerial "
    "meetings, staff talks and exercises now following one another through the year. "
)


# ---------------------------------------------------------------- CMOS 14.18
@pytest.mark.parametrize(
    ("left", "right", "allowed"),
    [
        ("https://", "www.example.org", True),  # after a double slash
        ("mailto:", "someone@example.org", True),  # after a colon
        ("https://www.example.org", "/path", True),  # before a slash
        ("https://www", ".example.org", True),  # before a full stop
        ("https://example.org/a", "-b", True),  # before a hyphen
        ("https://example.org/?a=1", "&b=2", True),  # before an ampersand
        ("https://example.org/?a=", "1", True),  # after an equals sign
        ("https://www.", "example.org", False),  # after a full stop: reads as a sentence end
        ("https://example.org/", "path", False),  # after a slash
        ("https://example.org/DECLARATION-", "OF", False),  # after a hyphen: reads as added
        ("h", "ttps://example.org", False),  # inside a word
        ("https:/", "/example.org", False),  # between the two slashes
    ],
)
def test_url_breaks_follow_cmos_14_18(left: str, right: str, allowed: bool) -> None:
    assert _allowed(left, right) is allowed


def test_a_url_broken_after_a_full_stop_is_found() -> None:
    url = "https://www.federalregister.example.gov/documents/2025/03/14/rules"
    shown = url.replace("www.", "www.\u200b")  # the only break opportunity: after "www."
    data = pdf(f'<p>{TEXT[:60]} the text: <a href="{url}">{shown}</a>.</p>')
    found = [f for f in preflight(data, Expected(links=[url])) if f.code == "preflight.url-break"]
    # (Pango also breaks after a slash, which CMOS forbids as well)
    assert any("www.⏎federalregi" in f.message for f in found), found


def test_the_pieces_weasyprint_annotates_inside_a_line_are_not_read_as_lines() -> None:
    # as read from a note of tests/fixtures/new-briefings/undersea-cables.md: the link's box on
    # each line, then every piece between break points again ("www", ".nato", ...); the URL
    # is broken after "https://", which CMOS allows. Before, "…htm⏎www" was reported.
    url = "https://www.nato.int/cps/en/natohq/news_232122.htm"
    lines = [(586.0, ["https://", "https://", ""]), (597.0, [url[8:], "www", "", ".nato", "/cps"])]
    parts = [LinkPart(1, url, text, top, 0.0) for top, texts in lines for text in texts]
    assert _url_breaks(parts, []) == []
    # a forbidden break is still found, with the pieces around it
    bad = [(586.0, ["https://www.", "https://", "www."]), (597.0, [url[12:], "nato", ".int"])]
    parts = [LinkPart(1, url, text, top, 0.0) for top, texts in bad for text in texts]
    found = _url_breaks(parts, [])
    assert len(found) == 1 and "broken at 'https://www.⏎nato.int/cps'" in found[0].message


# ---------------------------------------------------------------- calls, margins, pages
def test_a_call_at_the_start_of_or_alone_on_a_line_is_found() -> None:
    # the line breaks are forced here: the detector must tell where the call ended up
    start = pdf(f"<p>{TEXT}<br><sup>3</sup> and more text after it.</p>")
    alone = pdf(f"<p>{TEXT}<br><sup>4</sup><br>and more text after it.</p>")
    tied = pdf(f"<p>{TEXT}the word<sup>5</sup> and more text after it.</p>")
    assert [f.message for f in preflight(start, Expected()) if f.note] == [
        "note call 3 is at the start of a line"
    ]
    assert [f.message for f in preflight(alone, Expected()) if f.note] == [
        "note call 4 is alone on a line"
    ]
    assert [f for f in preflight(tied, Expected()) if f.code == "preflight.call-break"] == []


def test_a_line_past_the_margin_is_found() -> None:
    data = pdf(f"<p>{TEXT * 3}</p><p>{'1234567890' * 12}</p>")
    found = [f for f in preflight(data, Expected()) if f.code == "preflight.margin"]
    assert len(found) == 1 and found[0].page == 1


def test_a_page_of_short_paragraphs_has_no_margin_finding() -> None:
    """Every long line of a one-page briefing may be the ragged last line of its paragraph:
    their common end is not the text's edge (a right-aligned date and byline were reported
    200 pt past the margin). Too few of them: the left margin mirrored."""
    short = "<p>One short paragraph on one line.</p>" * 3
    data = pdf(f"<p style='text-align: right'>November 2025</p>{short}<p>Bye.</p>")
    assert [f for f in preflight(data, Expected()) if f.code == "preflight.margin"] == []


def test_one_line_paragraphs_of_one_length_do_not_move_the_edge() -> None:
    """Paragraphs of the same words end at the same place: more of them than full lines, they
    made that place the text's edge, and every full line was reported past the margin (an
    unseen briefing, 22 findings). Full lines ending where the mirrored left margin is win."""
    same = "<p>Paragraph one makes a claim about regional navies.</p>" * 6
    data = pdf(f"{same}<p>{TEXT * 2}</p>{same}")
    assert [f for f in preflight(data, Expected()) if f.code == "preflight.margin"] == []
    past = pdf(f"{same}<p>{TEXT * 2}</p><p>{'1234567890' * 12}</p>")
    assert [f.code for f in preflight(past, Expected())].count("preflight.margin") == 1


def test_an_underfull_page_and_a_heading_ending_a_page_are_found() -> None:
    body = f"<p>{TEXT * 2}</p><h2>A heading</h2><p style='break-before: page'>{TEXT * 6}</p>"
    body += f"<p>{TEXT * 2}</p>"
    found = preflight(pdf(body), Expected())
    assert {"preflight.underfull", "preflight.heading"} <= set(codes(found))
    assert {f.page for f in found if f.code == "preflight.heading"} == {1}


def test_an_orphan_is_found_and_orphans_2_leave_none() -> None:
    """Paragraphs of growing length move the page break through the last one: with
    `orphans: 1` some layout leaves its first line alone at the foot; with 2, none does."""
    words = TEXT.split()
    found = {}
    for orphans in (1, 2):
        found[orphans] = 0
        for k in range(4, 60, 5):
            filler = f"<p>{TEXT * 2}</p><p>{' '.join((words * 3)[:k])}</p>"
            data = pdf(filler + f"<p>{TEXT * 4}</p>", f"p {{ orphans: {orphans}; }}")
            findings = [f for f in preflight(data, Expected()) if "orphan:" in f.message]
            found[orphans] += len(findings)
    assert found[1] >= 1 and found[2] == 0


def test_a_note_printed_on_another_page_than_its_call_is_found() -> None:
    note = "A note printed on the next page, away from its call."
    body = (
        f"<p>{TEXT}Called here.<sup>1</sup></p>"
        f"<p style='break-before: page; font-size: 8pt'>1. {note}</p>"
    )
    found = preflight(pdf(body), Expected(notes=[(1, note)]))
    assert [(f.code, f.page, f.note) for f in found if f.note] == [("preflight.note-page", 1, 1)]


# ---------------------------------------------------------------- the corpus
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The corpus and the example commentary (both editions) built to PDF once."""
    from typer.testing import CliRunner

    from briefkit.cli import app

    root = tmp_path_factory.mktemp("corpus")
    (root / "briefkit.toml").write_text("", encoding="utf-8")
    shutil.copytree(CORPUS, root / "content")
    for path in (REPO / "content").iterdir():
        shutil.copy(path, root / "content" / path.name)
    summary = root / "summary.json"
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            app, ["build", "content", "-f", "pdf", "--summary-json", str(summary)]
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stdout
    return root, json.loads(summary.read_text(encoding="utf-8"))


def corpus_findings(root: Path) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for path in sorted((root / "output").glob("*.pdf")):
        manifest = read_manifest(root / "output", path.stem)
        assert manifest is not None
        out[path.stem] = preflight(path.read_bytes(), manifest.expected)
    return out


def test_the_corpus_is_varied() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")]
    assert len(texts) >= 10
    authors = {t.split("\n---")[0].count("  - family:") for t in texts}
    assert authors == {1, 2, 3, 4}
    assert any("lang: ja" in t for t in texts)
    assert any("![" in t for t in texts) and any("| ---" in t for t in texts)
    assert any("\n1. " in t for t in texts) and any("https://" in t for t in texts)


def test_the_corpus_and_the_example_commentary_have_no_findings(
    corpus: tuple[Path, dict[str, object]],
) -> None:
    root, _ = corpus
    found = {
        stem: [f"p{f.page} {f.code}: {f.message}" for f in fs]
        for stem, fs in corpus_findings(root).items()
    }
    assert len(found) == BRIEFINGS
    assert {stem: fs for stem, fs in found.items() if fs} == {}


def test_the_corpus_needs_one_layout_in_the_median(
    corpus: tuple[Path, dict[str, object]],
) -> None:
    _, summary = corpus
    briefings = summary["briefings"]
    assert isinstance(briefings, list)
    passes = [b["layout_passes"] for b in briefings]
    assert len(passes) == BRIEFINGS and all(p >= 1 for p in passes)
    assert statistics.median(passes) == 1
    # some briefings (the example commentary, 04, 11) need the relayout that keeps a note on
    # its call's page; that they have no findings above shows it strands no page
    assert max(passes) >= 2


# ---------------------------------------------------------------- verify, located, --strict
def test_verify_reports_a_finding_at_its_line_and_strict_fails(project: Project, cli) -> None:  # type: ignore[no-untyped-def]
    number = "1234567890" * 14
    project.write(
        "content/b.md",
        f"""
        ---
        title: A long number
        ---
        {TEXT * 3}

        The register lists it as {number} in full.

        {TEXT * 2}
        """,
    )
    assert cli("build", "-f", "pdf").exit_code == 0
    result = cli("verify")
    assert result.exit_code == 0
    assert "content/b.md:6:1: warning[preflight.margin]: PDF page 1: line" in result.stderr
    assert cli("verify", "--strict").exit_code == 1
    assert cli("build", "-f", "pdf", "--force", "--verify", "--strict").exit_code == 1


def test_a_heading_or_term_whose_whole_text_is_one_line_is_not_parted() -> None:
    """A defined term and its one-line definition ending page 1, the next term opening page
    2, was 'heading keeps only one line of its text' (an unseen briefing); a heading whose
    paragraph goes on over the page still is."""
    whole = f"<p>{TEXT * 6}</p><p><b>Fault</b></p><p>One line of definition.</p>"
    whole += "<p style='break-before: page'><b>Repair</b></p><p>Another.</p>"
    parted = f"<p>{TEXT * 6}</p><p><b>Fault</b></p><p>One line of definition<br>"
    parted += "<span style='display: block; break-before: page'>goes on.</span></p>"
    assert [f for f in preflight(pdf(whole), Expected()) if f.code == "preflight.heading"] == []
    found = [f for f in preflight(pdf(parted), Expected()) if f.code == "preflight.heading"]
    assert [f.message for f in found] == [
        f"heading 'Fault' keeps only one line of its text on page {found[0].page}"
    ]
