"""The environment a user's command runs in, for every timing in bench/. Never a test.

A user's `pip install briefkit` compiles the package's bytecode once; an editable checkout
compiles it on first import and keeps it in `__pycache__`, unless `PYTHONDONTWRITEBYTECODE`
is set (as on some CI and sandbox machines), when every run compiles every module of `src/`
again: 0.1 s more for `check` on 2026-12-03, which is not what a user feels. So timings run
without that variable, after compiling `src/` once.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def user_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ without PYTHONDONTWRITEBYTECODE, plus `extra`; and the bytecode compiled."""
    compileall.compile_dir(SRC, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}
