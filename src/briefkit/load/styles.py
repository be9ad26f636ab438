"""Load stage: house styles (`templates/<name>/`) -> a validated `HouseStyle`.

A house style is a folder: `style.yaml` (labels per language, byline rules), `citations.yaml`
(the citation style), `html/` (Jinja template and CSS), and, for later formats, a Word template
and fonts. Styles are looked up in the project's `templates/` first, then among the built-in
ones, so a user copies a style folder into the project and edits it.

Beyond what the models validate, two checks need the YAML positions and are made here: every
part a citation layout names must be a registered citation part (`cite.parts.PARTS`), and the
labels that are templates (`role`, `website`, `number`) may use only their placeholders. Each
mistake is a `style.invalid` error at the line and column of the offending name or string.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from briefkit.cite.parts import PARTS
from briefkit.codes import Code
from briefkit.errors import Diagnostics, SourceLocation, did_you_mean
from briefkit.load.wordtemplate import check_word_template
from briefkit.model.citestyle import CitationStyle
from briefkit.model.housestyle import LABEL_TEMPLATES, HouseStyle, StyleMeta
from briefkit.model.templates import template_problem
from briefkit.model.validation import validate_located
from briefkit.parse.yamlsrc import PathKey, YamlDoc, parse_yaml
from briefkit.paths import (
    ContainmentError,
    builtin_styles_dir,
    contained,
    read_contained,
    style_search_path,
)

M = TypeVar("M", bound=BaseModel)


def available_styles(project_root: Path) -> list[str]:
    names: set[str] = set()
    for folder in style_search_path(project_root):
        if folder.is_dir():
            names.update(p.name for p in folder.iterdir() if (p / "style.yaml").is_file())
    return sorted(names)


def find_style_dir(name: str, project_root: Path) -> Path | None:
    for folder in style_search_path(project_root):
        candidate = folder / name
        if (candidate / "style.yaml").is_file():
            return candidate
    return None


def _read(path: Path, diags: Diagnostics, refused: Code | None = None) -> str | None:
    """A style file's text, read under the containment rule: inside its own style's folder
    (a link out of it is refused), a regular file, under the `style` size cap."""
    root = next((f for f in path.parents if (f / "style.yaml").is_file()), path.parent)
    try:
        data = read_contained(path, (root,), "style")
    except ContainmentError as exc:
        if exc.code == "file.missing":
            diags.error(
                "style.file-missing",
                f"house style file '{path.name}' is missing",
                SourceLocation(path, 1, 1),
            )
        else:
            code = refused or exc.code
            diags.error(code, f"house style file {exc.message}", SourceLocation(path, 1, 1))
        return None
    try:
        # newlines as Python's text mode reads them, as before
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:  # located at the first byte that is not UTF-8
        before = data[: exc.start]
        where = SourceLocation(path, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"))
        diags.error("style.unreadable", f"cannot read house style file: {exc}", where)
    return None


def load_style(
    name: str, project_root: Path, diags: Diagnostics, where: SourceLocation | None = None
) -> HouseStyle | None:
    """Find and validate a house style; problems are located in the style's own files."""
    folder = find_style_dir(name, project_root)
    if folder is None:
        known = available_styles(project_root)
        diags.error(
            "style.unknown",
            f"no house style named '{name}'",
            where,
            did_you_mean(name, known) or ("available: " + ", ".join(known) if known else None),
        )
        return None
    try:  # the folder itself may be a link out of the project
        contained(folder, (project_root, builtin_styles_dir()))
    except ContainmentError as exc:
        diags.error(exc.code, f"house style '{name}' {exc.message}", where)
        return None
    meta = _load_meta(folder / "style.yaml", diags)
    cites = _load_citations(folder / "citations.yaml", diags)
    template_ok = _check_template(folder / "html" / "page.html.j2", diags)
    # the Word template is checked here, once, so that a broken one is refused by `check`
    # and in every format, never met by the Word renderer (load/wordtemplate.py); a built-in
    # style's is briefkit's own, checked by its tests, not on every run (5 ms with lxml's import)
    if not folder.is_relative_to(builtin_styles_dir()):
        template_ok &= check_word_template(folder / "template.docx", folder, diags)
    # the style sheets must be text too: WeasyPrint would read undecodable bytes as
    # replacement characters, silently (the renderers read them again, from the same rule)
    for sheet in sorted((folder / "html").glob("*.css")):
        template_ok &= _read(sheet, diags, refused="style.invalid") is not None  # as renderers
    # language variants: citations.ja.yaml prints sources written in Japanese
    variants: dict[str, CitationStyle] = {}
    for path in sorted(folder.glob("citations.*.yaml")):
        variant = _load_citations(path, diags)
        if variant is not None:
            variants[path.name.split(".")[1]] = variant
    # words per language: strings/<lang>.yaml, over the labels of style.yaml
    strings: dict[str, dict[str, str]] = {}
    for path in sorted((folder / "strings").glob("*.yaml")):
        loaded = _load_strings(path, diags)
        if loaded is not None:
            strings[path.stem] = loaded
    if meta is None or cites is None or not template_ok:
        return None
    if strings:
        merged = {lang: {**meta.labels.get(lang, {}), **words} for lang, words in strings.items()}
        meta = meta.model_copy(update={"labels": {**meta.labels, **merged}})
    return HouseStyle(name, folder.resolve(), meta, cites, variants)


def _read_yaml(path: Path, diags: Diagnostics) -> YamlDoc | None:
    text = _read(path, diags)
    return None if text is None else parse_yaml(text, path, diags, code="style.syntax")


def _load_strings(path: Path, diags: Diagnostics) -> dict[str, str] | None:
    doc = _read_yaml(path, diags)
    if doc is None:
        return None
    if not isinstance(doc.data, dict) or not all(
        isinstance(v, (str, int, float)) for v in doc.data.values()
    ):
        diags.error("style.invalid", "a strings file maps each label to its text", doc.start())
        return None
    if not check_label_templates(doc.data, doc, (), diags):
        return None
    return {str(k): str(v) for k, v in doc.data.items()}


def check_label_templates(
    labels: Mapping[str, Any], doc: YamlDoc, at: PathKey, diags: Diagnostics
) -> bool:
    """The labels that are templates use only their placeholders (`LABEL_TEMPLATES`)."""
    ok = True
    for key, allowed in LABEL_TEMPLATES.items():
        text = labels.get(key)
        problem = template_problem(text, allowed) if isinstance(text, str) else None
        if problem is not None:
            message, hint = problem
            where = ".".join(str(k) for k in (*at, key))
            diags.error("style.invalid", f"{where}: {message}", doc.loc((*at, key)), hint)
            ok = False
    return ok


def check_part_names(doc: YamlDoc, diags: Diagnostics) -> bool:
    """Every part named by a layout or the short form is a registered citation part.

    The model leaves this to the load stage: the names are the registry's (`cite.parts`),
    which the model stage may not import. Shapes the model rejects are skipped here."""
    data = doc.data
    if not isinstance(data, dict):
        return True
    lists: list[tuple[tuple[str, ...], Any]] = [(("short",), data.get("short"))]
    layouts = data.get("layouts")
    if isinstance(layouts, dict):
        for kind, layout in layouts.items():
            if isinstance(layout, dict):
                lists.append((("layouts", kind, "parts"), layout.get("parts")))
                lists.append((("layouts", kind, "short"), layout.get("short")))
    ok = True
    for path, names in lists:
        if not isinstance(names, list):
            continue
        for index, name in enumerate(names):
            if isinstance(name, str) and name not in PARTS:
                known = ", ".join(sorted(PARTS))
                diags.error(
                    "style.invalid",
                    f"{'.'.join(path)}: unknown layout part '{name}' (known: {known})",
                    doc.loc((*path, index)),
                    did_you_mean(name, PARTS),
                )
                ok = False
    return ok


def _check_template(path: Path, diags: Diagnostics) -> bool:
    """The page template must exist and be readable. Its syntax is checked when a page is
    rendered (parsing it here would cost `check` the import of Jinja)."""
    return _read(path, diags) is not None


def _load_meta(path: Path, diags: Diagnostics) -> StyleMeta | None:
    doc = _read_yaml(path, diags)
    if doc is None:
        return None
    meta = _validate(doc, StyleMeta, diags)
    labels = doc.data.get("labels") if isinstance(doc.data, dict) else None
    if isinstance(labels, dict):
        for lang, words in labels.items():
            if isinstance(words, dict) and not check_label_templates(
                words, doc, ("labels", lang), diags
            ):
                meta = None
    return meta


def _load_citations(path: Path, diags: Diagnostics) -> CitationStyle | None:
    doc = _read_yaml(path, diags)
    if doc is None:
        return None
    style = _validate(doc, CitationStyle, diags)
    return style if check_part_names(doc, diags) else None


def _validate(doc: YamlDoc, model: type[M], diags: Diagnostics) -> M | None:
    return validate_located(
        model,
        doc.data if doc.data is not None else {},
        doc.loc,
        diags,
        code="style.invalid",
        unknown_code="style.unknown-key",
        what="style setting",
    )
