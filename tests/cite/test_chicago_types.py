"""Golden notes per reference type: small English briefings in the `commentary` style (resolve
stage), with italics marked `*...*`, compared exactly with `tests/cite/chicago/<type>.txt`.

Each file is the Chicago (CMOS 18) form of the type, except where the house (the seed
commentary) chose otherwise; `docs/guide/references.md` lists those switches. Regenerate with
`pytest --update-golden`, then review the diff.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from briefkit import ir
from tests.conftest import Project
from tests.helpers import resolve_file

HERE = Path(__file__).parent / "chicago"


def marked(inlines: Iterable[object]) -> str:
    """A note's text with italics as `*...*`, so a golden file shows the styling too."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, ir.Emph):
            out.append(f"*{marked(node.children)}*")
        elif isinstance(node, ir.Text):
            out.append(node.text)
        elif hasattr(node, "children"):
            out.append(marked(node.children))
    return "".join(out)


def golden_notes(project: Project, name: str, refs: str, body: str) -> list[str]:
    project.write("content/refs.yaml", refs)
    path = project.write("content/b.md", "---\ntitle: T\nbibliography: refs.yaml\n---\n" + body)
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.items, [d.format() for d in diags]
    notes = []
    for note in doc.notes:
        paras = [b for b in note.blocks if isinstance(b, ir.Paragraph)]
        notes.append(" ".join(" ".join(marked(p.inlines) for p in paras).split()))
    return notes


def check(project: Project, update_golden: bool, name: str, refs: str, body: str) -> None:
    text = "".join(f"{i}\t{t}\n" for i, t in enumerate(golden_notes(project, name, refs, body), 1))
    golden = HERE / f"{name}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


JOURNAL = """
- id: lee
  type: article-journal
  author: [{family: Lee, given: Ana}]
  title: Strategy Partnership Institutions
  container-title: Asian Security
  volume: 13
  issue: 4
  issued: 2014-08
  page: 70-95
- id: kim
  type: article-journal
  author: [{family: Kim, given: Jun}]
  title: Southeast Security
  container-title: Survival
  volume: 24
  issued: 2016-11
  page: 362-88
"""

REPORT = """
- id: kumar
  type: report
  author: [{family: Kumar, given: Richard}]
  title: Sovereignty and Partnership
  collection-title: NIDS Commentary
  collection-number: 14
  publisher: National Institute for Defense Studies
  publisher-place: Tokyo
  issued: 2016-01-03
- id: sato
  type: report
  author: [{family: Sato, given: Mina}]
  title: Energy Balance
  number: 325
  collection-title: Adelphi Series
  publisher: IISS
  issued: 2008
  URL: https://example.org/energy
"""

BOOK = """
- id: doe
  type: book
  author: [{family: Doe, given: Jane}]
  title: Regional Order
  collection-title: Policy Brief
  collection-number: 275
  publisher: Press
  publisher-place: Tokyo
  issued: 2020-05-01
"""

WEB = """
- id: wb
  type: webpage
  title: Balance Norms Hedging
  container-title: Lawfare
  publisher: World Bank
  issued: 2017-07-20
  URL: https://example.org/balance
- id: law
  type: webpage
  title: Policy for Deterrence
  container-title: Lawfare
  issued: 2003-12-09
  URL: https://example.org/policy
- id: nyt
  type: article-newspaper
  title: Competition and Security
  container-title: New York Times
  issued: 2019-03-02
- id: fp
  type: article-magazine
  author: [{family: Tanaka, given: Pierre}]
  title: Cooperation and Governance
  container-title: Foreign Affairs
  issued: 2008-04
"""


@pytest.mark.parametrize(
    ("name", "refs", "body"),
    [
        (
            "article-journal",
            JOURNAL,
            "A[@lee, 83] B[@kim, sec. 3] C[@lee, n. 14] D[@kim]\n",
        ),
        # the house quotes a report's title and prints its full date, as the seed's note 13
        ("report", REPORT, "A[@kumar, 5] B[@sato] C[@kumar, 6]\n"),
        ("book", BOOK, "A[@doe, 12] B[@doe, 14]\n"),
        # the house keeps the seed's date before the site (note 5); Chicago has it after
        (
            "webpage-newspaper",
            WEB,
            "A[@wb] B[@law] C[@nyt, 26] D[@fp] E[@wb, para. 2] F[@law] G[@nyt, 291] H[@fp, 3]\n",
        ),
    ],
)
def test_golden_notes(
    project: Project, update_golden: bool, name: str, refs: str, body: str
) -> None:
    check(project, update_golden, name, refs, body)
