"""Load stage helper: the other language editions of a briefing.

A translation names its original with `translation-of:`; an original may list its
translations with `editions:`, and is also found by the translations in its folder that name
it. Consumes a loaded `SourceDocument`; produces `Partner`s (each partner loaded, to know its
language, title and the sources it cites) and reports: a partner that does not exist (error),
and editions that cite different sources (warning, from the translation's side; an `excerpt`
translation is only held to citing nothing the original does not).
"""

from __future__ import annotations

from pathlib import Path

from briefkit import ir
from briefkit.errors import Diagnostics, SourceLocation
from briefkit.load.document import load_document, read_front_matter
from briefkit.model.document import Partner, SourceDocument
from briefkit.model.frontmatter import FrontMatter
from briefkit.paths import is_within


def cited_keys(doc: SourceDocument) -> frozenset[str]:
    """Every citation key the briefing's body and footnotes use (from the source IR), wherever
    the citation stands: tables, captions, inline notes and the affixes of other citations."""
    blocks = [*doc.body.blocks, *(b for d in doc.body.definitions.values() for b in d.blocks)]
    cites = (node for node in ir.walk(blocks) if isinstance(node, ir.Cite))
    return frozenset(item.key for cite in cites for item in cite.items)


def _translation_target(candidate: Path) -> Path | None:
    """The briefing `candidate` says it translates (reading its front matter only)."""
    data = read_front_matter(candidate)
    value = data.get("translation-of") if data else None
    if isinstance(value, dict):
        value = value.get("path")
    return (candidate.parent / value).resolve() if isinstance(value, str) else None


def translations_in(folder: Path) -> dict[Path, list[Path]]:
    """Original -> its translations, for every briefing of a folder that names one."""
    found: dict[Path, list[Path]] = {}
    for candidate in sorted(folder.glob("*.md")):
        target = _translation_target(candidate)
        if target is not None:
            found.setdefault(target, []).append(candidate)
    return found


def partner_paths(
    doc_path: Path, front: FrontMatter, translations: dict[Path, list[Path]]
) -> list[Path]:
    """Every other edition of the briefing at `doc_path`: named by it, or naming it."""
    paths: list[Path] = []
    if front.translation_of is not None:
        paths.append(doc_path.parent / front.translation_of.path)
    paths.extend(doc_path.parent / rel for rel in front.editions)
    named = {p.resolve() for p in paths}
    for sibling in translations.get(doc_path.resolve(), []):
        if sibling.resolve() not in named and sibling.resolve() != doc_path.resolve():
            paths.append(sibling)
    return paths


def find_partners(
    doc: SourceDocument, diags: Diagnostics, translations: dict[Path, list[Path]] | None = None
) -> list[Partner]:
    front = doc.front
    if translations is None:
        translations = translations_in(doc.path.parent)
    declared: dict[Path, SourceLocation] = {}
    if front.translation_of is not None:
        declared[(doc.path.parent / front.translation_of.path).resolve()] = doc.front_doc.loc(
            ("translation-of",)
        )
    for i, rel in enumerate(front.editions):
        declared[(doc.path.parent / rel).resolve()] = doc.front_doc.loc(("editions", i))
    wanted = [
        (p, declared.get(p.resolve(), SourceLocation(doc.path, 1, 1)))
        for p in partner_paths(doc.path, front, translations)
    ]
    partners: list[Partner] = []
    for path, where in wanted:
        if path.exists() and not is_within(path, doc.project_root):
            diags.error(
                "path.outside-project",
                f"edition '{path.name}' lies outside the project (symlinks are followed)",
                where,
                "keep every edition of a briefing inside the project",
            )
            continue
        if not path.is_file():
            diags.error(
                "edition.missing",
                f"edition '{path.name}' not found",
                where,
                f"paths are relative to {doc.path.name}'s folder",
            )
            continue
        quiet = Diagnostics()  # the partner's own problems are reported when it is checked
        other = load_document(path.resolve(), doc.project_root, quiet)
        if other is None:
            diags.warning(
                "edition.unreadable",
                f"edition '{path.name}' has errors; it is linked but not compared",
                where,
            )
            partners.append(Partner(path, "und", path.stem, None))
            continue
        partners.append(Partner(path, other.front.lang, other.front.title, other.front.url))
        if (
            front.translation_of is not None
            and path.resolve() == (doc.path.parent / front.translation_of.path).resolve()
        ):
            _compare(doc, other, front.translation_of.excerpt, where, diags)
    return partners


def _compare(
    doc: SourceDocument,
    original: SourceDocument,
    excerpt: bool,
    where: SourceLocation,
    diags: Diagnostics,
) -> None:
    mine, theirs = cited_keys(doc), cited_keys(original)
    added = sorted(mine - theirs)
    missing = [] if excerpt else sorted(theirs - mine)
    if not added and not missing:
        return
    parts = []
    if added:
        parts.append(f"cites {', '.join(added)}, which {original.path.name} does not")
    if missing:
        parts.append(f"does not cite {', '.join(missing)}")
    diags.warning(
        "edition.sources-differ",
        f"this edition {'; '.join(parts)}",
        where,
        "the editions of a briefing should cite the same sources"
        + ("" if excerpt else " (mark a partial translation with 'excerpt: true')"),
    )
