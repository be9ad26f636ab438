"""Shared fixtures: a throwaway project folder, the seed briefing, and a CLI runner."""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from briefkit.cli import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "content" / "japan-asean-defense-cooperation.md"
SEED_TEXT = REPO / "tests" / "fixtures" / "nids-commentary-seed.txt"
GOLDEN = REPO / "tests" / "golden"


# Property-test budgets: a fixed one in `make test`, a long one in `make fuzz`.
settings.register_profile("ci", max_examples=150, derandomize=True)
settings.register_profile("fuzz", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff!)",
    )
    parser.addoption(
        "--update-oracle-baseline",
        action="store_true",
        help="rewrite tests/cite/oracle_baseline.json from the Chicago oracle's current counts",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty briefkit project (marker file, content/ folder) as the working directory."""
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> object:
    runner = CliRunner()

    def invoke(*args: str) -> CliResult:
        result = runner.invoke(app, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke
