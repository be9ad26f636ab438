"""weasylibs: WeasyPrint imported without library-lookup subprocesses, and the stock import kept
as the fallback. Each case runs in a fresh interpreter (an import happens once per process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

COUNT_SPAWNS = """
import subprocess, sys
spawned = []
_init = subprocess.Popen.__init__
def counting(self, *args, **kwargs):
    spawned.append(args[0] if args else kwargs.get("args"))
    _init(self, *args, **kwargs)
subprocess.Popen.__init__ = counting
"""

RENDER = """
from briefkit.render import weasylibs
weasyprint = weasylibs.load()
pdf = weasyprint.HTML(string="<p>Hello weasylibs</p>").write_pdf()
assert pdf.startswith(b"%PDF"), pdf[:8]
print("SPAWNED", len(spawned))
"""


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def spawned(result: subprocess.CompletedProcess[str]) -> int:
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("SPAWNED")]
    assert len(lines) == 1, result.stdout
    return int(lines[0].split()[1])


def test_load_spawns_no_process_and_renders() -> None:
    fast = run(COUNT_SPAWNS + RENDER)
    assert spawned(fast) == 0
    assert "could not import some external libraries" not in fast.stdout


def test_stock_switch_uses_weasyprint_own_lookup() -> None:
    stock = run(COUNT_SPAWNS + RENDER, BRIEFKIT_WEASYPRINT_LIBS="stock")
    count = spawned(stock)
    if count == 0:  # a platform whose find_library needs no process: nothing to compare
        pytest.skip("ctypes.util.find_library spawns no process here")
    assert count > 0


def test_falls_back_to_stock_import_when_sonames_do_not_load() -> None:
    # a system where the libraries load only under the names find_library answers
    only_lookup = """
    import cffi, ctypes.util
    _dlopen = cffi.FFI.dlopen
    def via_lookup(self, name, *args, **kwargs):
        if isinstance(name, str):
            found = ctypes.util.find_library(name)
            if found is None:
                raise OSError(f"cannot load {name}")
            name = found
        return _dlopen(self, name, *args, **kwargs)
    cffi.FFI.dlopen = via_lookup
    """
    result = run(COUNT_SPAWNS + textwrap.dedent(only_lookup) + RENDER)
    assert spawned(result) > 0  # the stock lookup ran: the fast path failed and was retried
    assert "could not import some external libraries" not in result.stdout
    assert "Hello" not in result.stderr
