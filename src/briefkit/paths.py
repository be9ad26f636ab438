"""Where things are: the project root, its content, output and house-style folders.

A project is the nearest folder above a briefing (or the working directory) that holds a
`briefkit.toml`, a `pyproject.toml`, a `.git` or a `templates/` folder. Every path a build may
read must lie inside the project or inside a house-style folder.
"""

from __future__ import annotations

from pathlib import Path

MARKERS = ("briefkit.toml", "pyproject.toml", ".git", "templates")
DEFAULT_CONTENT = "content"
DEFAULT_OUTPUT = "output"
DEFAULT_STYLE = "commentary"


def find_project_root(start: Path) -> Path:
    """The nearest ancestor of `start` holding a project marker; `start`'s folder otherwise."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if any((candidate / m).exists() for m in MARKERS):
            return candidate
    return folder


def builtin_styles_dir() -> Path:
    """House styles shipped with briefkit (inside the wheel, or `templates/` of a checkout)."""
    here = Path(__file__).resolve().parent
    bundled = here / "_templates"
    if bundled.is_dir():
        return bundled
    return here.parents[1] / "templates"


def style_search_path(project_root: Path) -> list[Path]:
    """Project styles first (a copied, edited style wins), then the built-in ones."""
    dirs = [project_root / "templates", builtin_styles_dir()]
    out: list[Path] = []
    for d in dirs:
        d = d.resolve()
        if d not in out:
            out.append(d)
    return out


def is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
