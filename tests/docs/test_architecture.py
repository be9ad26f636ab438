"""docs/dev/architecture.md stays the map of the source tree: every package and shared module
of `src/briefkit` is described there, and its layer diagram is the import contract CI checks."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

PAGE = (REPO / "docs" / "dev" / "architecture.md").read_text(encoding="utf-8")
SRC = REPO / "src" / "briefkit"


def test_every_package_and_shared_module_is_on_the_map() -> None:
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())
    modules = sorted(p.stem for p in SRC.glob("*.py") if p.stem != "__init__")
    assert len(modules) <= 8
    for name in packages:
        assert f"| `{name}/` |" in PAGE, name
    for name in modules:
        assert f"`{name}`" in PAGE, name


def test_the_layer_diagram_is_the_import_contract() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [stages] = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["name"].startswith("Stages")
    ]
    diagram = PAGE.split("## Dependency rules", 1)[1].split("```")[1]
    drawn = [re.sub(r"\s*\(.*\)$", "", line).strip() for line in diagram.strip().splitlines()]
    written = [
        " ".join(part.strip().removeprefix("briefkit.") for part in re.split(r"(\||:)", layer))
        for layer in stages["layers"]
    ]
    assert [re.sub(r"\s+", " ", d) for d in drawn] == [re.sub(r"\s+", " ", w) for w in written]


def test_every_module_is_small() -> None:
    for path in SRC.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.relative_to(REPO)} has {lines} lines"
