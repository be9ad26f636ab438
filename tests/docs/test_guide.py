"""The user guide (docs/guide/) is executable: every fenced example in it is run or validated.

Each page runs top to bottom in its own empty project folder, so a page reads like a session:
files its examples write are there for the commands after them. The fence's info string says
what a block is (see docs/guide/README.md, "How the examples are tested"):

- `sh [exit=N]`: each command runs in bash (the venv's `bin/` first on PATH; plain `briefkit`
  commands run in-process, which is faster and the same code) and must exit 0 (or N);
  `briefkit watch` runs as a real process until it is watching, then gets Ctrl-C and must exit 0;
  `--serve 8000` becomes `--serve 0`, so that tests never fight over a port;
- `markdown [file=PATH] [expect=CODE,...] [fragment]`: a briefing, written to PATH and checked:
  `check --strict` passes, or reports exactly the codes in `expect`; a `fragment` is body text,
  checked below a minimal front matter that names `content/sources.yaml` (the example
  briefing's references), where only `ref.unused` is tolerated;
- `text notes`: the notes the previous markdown example must resolve to, one per line;
- `yaml [file=PATH] [merge] [compare=PATH] [frontmatter|references|citations|style]`: parsed
  and validated as that kind (the kind also follows from the file name); `merge` deep-merges
  it into PATH; `compare` says an earlier example wrote exactly this data to PATH;
- `json [file=PATH] [references]`, `bibtex [file=PATH]`, `css [file=PATH] [append]`: parsed
  and validated (and written);
- `toml [file=PATH] [expect=CODE,...]`: a `briefkit.toml`, parsed as TOML (and written); with
  `expect`, checked in a project of its own (a one-line briefing beside it): `check --strict`
  reports exactly those codes, and the page's own project keeps no such file;
- `text`: output or a file listing: not code, and so it must hold no command.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from briefkit import ir
from briefkit.authoring.schema import frontmatter_schema, references_schema
from briefkit.build.pipeline import Pipeline
from briefkit.cli import app
from briefkit.codes import CODES, Code
from briefkit.errors import Diagnostics
from briefkit.load.references import load_reference_file
from briefkit.load.styles import check_label_templates, check_part_names
from briefkit.model.citestyle import CitationStyle
from briefkit.model.housestyle import StyleMeta
from briefkit.parse.yamlsrc import YamlDoc, parse_yaml
from briefkit.paths import builtin_styles_dir
from tests.cli.test_watch import Running, until
from tests.conftest import REPO

GUIDE = REPO / "docs" / "guide"
PAGES = sorted(GUIDE.glob("*.md"))
LANGS = {"sh", "markdown", "yaml", "json", "bibtex", "css", "toml", "text"}
SOURCES = REPO / "content" / "japan-asean-defense-cooperation.references.yaml"
SHELL_SYNTAX = re.compile(r"[|&;<>$`*?(){}\[\]]|^\w+=")
FRAGMENT_HEAD = "---\ntitle: Example\nbibliography: sources.yaml\n---\n\n"


@dataclass
class Block:
    lang: str
    text: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def where(self, page: Path) -> str:
        return f"{page.relative_to(REPO)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    found = []
    for token in MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")):
        if token.type not in ("fence", "code_block"):
            continue
        words = token.info.split()
        line = (token.map[0] if token.map else 0) + 1
        block = Block(words[0] if words else "", token.content, line)
        for word in words[1:]:
            key, eq, value = word.partition("=")
            if eq:
                block.attrs[key] = value
            else:
                block.flags.add(key)
        found.append(block)
    return found


class Session:
    """One page's project folder, and what its examples have left in it."""

    def __init__(self, page: Path, root: Path) -> None:
        self.page = page
        self.root = root
        self.runner = CliRunner()
        self.last_briefing: Path | None = None
        self.count = 0
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env.pop("CI", None)
        self.env = env

    # ---- sh
    def sh(self, block: Block) -> None:
        expected = int(block.attrs.get("exit", "0"))
        for command in commands(block.text):
            command = re.sub(r"--serve \d+", "--serve 0", command)
            if command.startswith("briefkit watch"):
                self.watch(command, block)
                continue
            code, output = self.run(command)
            assert code == expected, (
                f"{block.where(self.page)}: `{command}` exited {code}\n{output}"
            )

    def run(self, command: str) -> tuple[int, str]:
        words = shlex.split(command, comments=True)
        if words and words[0] == "briefkit" and not SHELL_SYNTAX.search(command.split("#")[0]):
            result = self.runner.invoke(app, words[1:])
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            return result.exit_code, result.stdout + result.stderr
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.returncode, done.stdout + done.stderr

    def watch(self, command: str, block: Block) -> None:
        running = Running(shlex.split(command, comments=True)[1:], self.root)
        try:
            until(lambda: any("watching" in line for line in running.stdout), 120, running)
            running.proc.send_signal(signal.SIGINT)
            assert running.proc.wait(30) == 0, f"{block.where(self.page)}\n{running.text()}"
        finally:
            running.close()

    # ---- markdown
    def markdown(self, block: Block) -> None:
        text = block.text
        if "fragment" in block.flags:
            self.sources()
            text = FRAGMENT_HEAD + text
        self.count += 1
        rel = block.attrs.get("file", f"content/example-{self.count}.md")
        path = self.write(rel, text)
        self.last_briefing = path
        result, _, _ = Pipeline().check(path)
        found = sorted({d.code for d in result.diagnostics})
        if "expect" in block.attrs:
            wanted = sorted(set(block.attrs["expect"].split(",")))
            assert found == wanted, f"{block.where(self.page)}: {found} (expected {wanted})"
        elif "fragment" in block.flags:
            shown = [d.format() for d in result.diagnostics if d.code != "ref.unused"]
            assert shown == [], f"{block.where(self.page)}: {shown}"
        else:
            shown = [d.format() for d in result.diagnostics]
            assert shown == [], f"{block.where(self.page)}: {shown}"

    def notes(self, block: Block) -> None:
        assert self.last_briefing is not None, f"{block.where(self.page)}: no briefing before"
        result, _, _ = Pipeline().check(self.last_briefing)
        assert result.document is not None
        got = [f"{n.number}. {ir.note_text(n)}" for n in result.document.notes]
        wanted = [line.strip() for line in block.text.splitlines() if line.strip()]
        assert got == wanted, f"{block.where(self.page)}"

    def sources(self) -> None:
        target = self.root / "content" / "sources.yaml"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(SOURCES, target)

    # ---- data files
    def yaml(self, block: Block) -> None:
        rel = block.attrs.get("file")
        kind = kind_of(block, rel)
        data = load_yaml(block.text, block.where(self.page))
        if rel and "merge" in block.flags:
            target = self.root / rel
            data = merge(load_yaml(target.read_text(encoding="utf-8"), str(target)), data)
            self.write(rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        elif rel:
            self.write(rel, block.text)
        if "compare" in block.attrs:  # shows a file an earlier example wrote: the same data
            written = self.root / block.attrs["compare"]
            found = load_yaml(written.read_text(encoding="utf-8"), str(written))
            assert found == data, f"{block.where(self.page)}: {written.name} holds {found}"
        validate(
            kind, block.text if not (rel and "merge" in block.flags) else None, data, self, block
        )

    def json(self, block: Block) -> None:
        data = json.loads(block.text)
        if "references" in block.flags:
            errors = list(jsonschema.Draft7Validator(references_schema()).iter_errors(data))
            assert errors == [], block.where(self.page)
        if "file" in block.attrs:
            self.write(block.attrs["file"], block.text)

    def bibtex(self, block: Block) -> None:
        path = self.write(block.attrs.get("file", "_bibtex_check/x.bib"), block.text)
        diags = Diagnostics()
        library = load_reference_file(path, diags)
        assert library and [d.format() for d in diags] == [], block.where(self.page)

    def css(self, block: Block) -> None:
        import tinycss2

        rules = tinycss2.parse_stylesheet(block.text, skip_comments=True, skip_whitespace=True)
        bad = [r for r in rules if r.type == "error"]
        assert rules and not bad, f"{block.where(self.page)}: {bad}"
        rel = block.attrs.get("file")
        if rel:
            target = self.root / rel
            before = target.read_text(encoding="utf-8") if "append" in block.flags else ""
            self.write(rel, before + "\n" + block.text)

    def toml(self, block: Block) -> None:
        import tomllib

        tomllib.loads(block.text)  # a TOMLDecodeError names the page's example by its traceback
        if "expect" not in block.attrs:
            if "file" in block.attrs:
                self.write(block.attrs["file"], block.text)
            return
        self.count += 1
        scratch = f"_toml_check_{self.count}"
        self.write(f"{scratch}/briefkit.toml", block.text)
        path = self.write(f"{scratch}/content/x.md", "---\ntitle: T\n---\n\nText.\n")
        result, _, _ = Pipeline().check(path)
        found = sorted({d.code for d in result.diagnostics})
        wanted = sorted(set(block.attrs["expect"].split(",")))
        assert found == wanted, f"{block.where(self.page)}: {found} (expected {wanted})"

    def text(self, block: Block) -> None:
        if "notes" in block.flags:
            self.notes(block)
            return
        commands_here = [
            ln for ln in block.text.splitlines() if ln.lstrip().startswith(("briefkit ", "$ "))
        ]
        assert commands_here == [], f"{block.where(self.page)}: a command in a text block"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


def commands(text: str) -> list[str]:
    """Command lines of a sh block: comments and blank lines dropped, `\\` continuations joined."""
    out: list[str] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        out.append((pending + line).strip())
        pending = ""
    return out


def load_yaml(text: str, where: str) -> Any:
    """YAML as briefkit and editors read it (1.2: `2025-11-05` stays a string)."""
    diags = Diagnostics()
    doc = parse_yaml(text, Path(where), diags)
    assert doc is not None, [d.format() for d in diags]
    return doc.data


def kind_of(block: Block, rel: str | None) -> str:
    for kind in ("frontmatter", "references", "citations", "style"):
        if kind in block.flags:
            return kind
    name = Path(rel).name if rel else ""
    if name == "citations.yaml" or name.startswith("citations."):
        return "citations"
    if name == "style.yaml":
        return "style"
    if name.endswith(".references.yaml") or name == "sources.yaml":
        return "references"
    return "plain"


def merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base.get(key), value)
        return out
    return extra


def validate(kind: str, text: str | None, data: Any, session: Session, block: Block) -> None:
    where = block.where(session.page)
    if kind == "frontmatter":
        errors = list(jsonschema.Draft7Validator(frontmatter_schema()).iter_errors(data))
        assert errors == [], f"{where}: {[e.message for e in errors]}"
        path = session.root / "_frontmatter_check" / "x.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{block.text}---\n\nText.\n", encoding="utf-8")
        result, _, _ = Pipeline().check(path)
        bad = [d.format() for d in result.diagnostics if d.code.startswith("frontmatter.")]
        assert bad == [], where
    elif kind == "references":
        path = session.root / "_references_check" / "x.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else yaml.safe_dump(data), encoding="utf-8")
        diags = Diagnostics()
        load_reference_file(path, diags)
        assert [d.format() for d in diags] == [], where
        errors = list(jsonschema.Draft7Validator(references_schema()).iter_errors(data))
        assert errors == [], where
    elif kind in ("citations", "style"):
        name = "citations.yaml" if kind == "citations" else "style.yaml"
        base = load_yaml((builtin_styles_dir() / "commentary" / name).read_text("utf-8"), name)
        model = CitationStyle if kind == "citations" else StyleMeta
        merged = merge(base, data)
        model.model_validate(merged)
        # part names and label templates are checked by the load stage, where they are located
        diags = Diagnostics()
        doc = YamlDoc(merged, None, Path(name))
        if kind == "citations":
            check_part_names(doc, diags)
        else:
            for lang, words in (merged.get("labels") or {}).items():
                check_label_templates(words, doc, ("labels", lang), diags)
        assert [d.format() for d in diags] == [], where
    else:
        assert parse_yaml(block.text, Path("x.yaml"), Diagnostics()) is not None, where


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_guide_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    session = Session(page, root)
    for block in blocks(page):
        assert block.lang in LANGS, f"{block.where(page)}: say what the block is ({block.lang!r})"
        getattr(session, block.lang)(block)


def test_every_page_is_linked_from_the_index() -> None:
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        if page.name != "README.md":
            assert f"({page.name})" in index, page.name


def test_the_guide_is_mostly_examples_that_run() -> None:
    counts = {p.name: len(blocks(p)) for p in PAGES}
    assert sum(counts.values()) >= 60, counts


def test_every_front_matter_key_is_described() -> None:
    from briefkit.model.frontmatter import frontmatter_keys

    page = (GUIDE / "content-format.md").read_text(encoding="utf-8")
    missing = [k for k in frontmatter_keys() if f"`{k}`" not in page]
    assert missing == [], "describe these keys in docs/guide/content-format.md"


def test_every_command_is_in_the_guide() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    names += [g.name for g in app.registered_groups if g.name]
    missing = [n for n in names if f"briefkit {n}" not in text]
    assert missing == []


def codes_documented() -> list[str]:
    page = (GUIDE / "troubleshooting.md").read_text(encoding="utf-8")
    return re.findall(r"^### `([a-z]+\.[a-z-]+)`", page, re.M)


# The codes briefkit emits are those of the registry: tests/test_codes.py checks that every code
# written in src/ is registered and every registered one is used.
def test_every_diagnostic_code_has_a_fix_in_troubleshooting() -> None:
    missing = [c for c in get_args(Code) if c not in codes_documented()]
    assert missing == [], "document these codes in docs/guide/troubleshooting.md"


def test_troubleshooting_documents_no_code_briefkit_does_not_use() -> None:
    stale = sorted(set(codes_documented()) - CODES)
    assert stale == []


def test_troubleshooting_documents_each_code_once() -> None:
    documented = codes_documented()
    assert sorted(c for c in set(documented) if documented.count(c) > 1) == []


def test_the_vscode_problem_matcher_reads_check_output(project: Any, cli: Any) -> None:
    """The tasks.json of editors.md turns `briefkit check` output into located problems."""
    tasks = next(
        b for b in blocks(GUIDE / "editors.md") if b.attrs.get("file", "").endswith("tasks.json")
    )
    pattern = json.loads(tasks.text)["tasks"][0]["problemMatcher"]["pattern"]
    project.write("content/x.md", "---\ntitle: X\nsubtitel: y\n---\n\nText.[@nokey]\n")
    result = cli("check", "content")
    assert result.exit_code == 1
    found = [
        (
            m.group(pattern["file"]),
            m.group(pattern["line"]),
            m.group(pattern["column"]),
            m.group(pattern["severity"]),
            m.group(pattern["code"]),
        )
        for line in result.stderr.splitlines()
        if (m := re.match(pattern["regexp"], line))
    ]
    assert found == [
        ("content/x.md", "3", "1", "warning", "frontmatter.unknown-key"),
        ("content/x.md", "6", "8", "error", "cite.unknown-key"),
    ]
