"""Render stage helper (PDF, and Word's SVG rasteriser): import WeasyPrint, no lookup subprocesses.

Consumes nothing but the environment; produces the imported `weasyprint` module.

WeasyPrint 70 loads Pango, HarfBuzz and fontconfig by trying several names per library
(`libgobject-2.0-0`, `gobject-2.0-0`, … `libgobject-2.0.so.0`). cffi tries each name with
dlopen and, when that fails, asks `ctypes.util.find_library`, which on Linux runs `ldconfig -p`
and then gcc and ld in subprocesses: about a fifth of a second per build process spent on names
that are never Linux names, before the one that loads directly. While WeasyPrint is imported,
`find_library` here answers "not found" at once, so cffi moves to the next name and reaches the
soname that dlopen finds on its own. If that import fails (a system where only find_library
locates the libraries), the stock import runs instead, so nothing works less than before.
`BRIEFKIT_WEASYPRINT_LIBS=stock` skips the shortcut entirely.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import sys
import threading
from collections.abc import Iterator
from types import ModuleType

ENV = "BRIEFKIT_WEASYPRINT_LIBS"
_lock = threading.Lock()


@contextlib.contextmanager
def _no_find_library() -> Iterator[None]:
    stock = ctypes.util.find_library

    def not_found(name: str) -> str | None:
        return None

    ctypes.util.find_library = not_found
    try:
        yield
    finally:
        ctypes.util.find_library = stock


def _forget_partial_import() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]


def load() -> ModuleType:
    """`import weasyprint`, the fast way where it works; raises OSError as the stock import does."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _lock:
        if "weasyprint" not in sys.modules and os.environ.get(ENV) != "stock":
            try:
                # a failed lookup prints WeasyPrint's install advice: only the stock one may
                with _no_find_library(), contextlib.redirect_stdout(io.StringIO()):
                    import weasyprint
            except OSError:
                _forget_partial_import()  # a half-run ffi module must not be reused
        import weasyprint  # noqa: F401  (the stock import, or the module already loaded)

        return sys.modules["weasyprint"]
