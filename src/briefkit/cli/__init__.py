"""CLI stage: the `briefkit` command. One module per command, wired in `cli.wiring`; no logic
beyond wiring.

Exit codes (see `errors.ExitCode`): 0 ok; 1 content errors, or warnings under --strict;
2 usage; 3 environment or render failure. Nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

__all__ = ["app", "console", "main"]


def console() -> NoReturn:
    """The console script: `main`, then the process ends without tearing the interpreter
    down. A build leaves tens of thousands of objects (models, the IR, Word's XML trees,
    cached style sheets) that Python would free one by one at exit, and collect, and run its
    exit handlers over: 60-75 ms of every command, measured on the seed's build and `check`
    (docs/performance.md), with every output already written, closed and renamed in place.
    The streams are flushed and the log handlers closed first; the PDF worker has been
    stopped by `main`. Under a tracer or coverage the exit is Python's own, for their data."""
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = _exit_code(exc)
    if sys.gettrace() is not None or "coverage" in sys.modules:
        sys.exit(code)
    import logging

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`briefkit check | head -1`)
            pass
    logging.shutdown()
    os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    """The status Python would exit with for `exc` (a message is printed, and means 1)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def main() -> None:
    """The `briefkit` command: fork the PDF worker if a build may want it (`cli.early`, before
    typer is imported), then run the application."""
    import gc

    from briefkit.cli import early

    # a build allocates many long-lived objects (models, style sheets, layout boxes) and frees
    # little before it exits: the default threshold (700) runs the collector thousands of times
    # for nothing. Measured in docs/performance.md; the worker forked below inherits it.
    gc.set_threshold(20000, 20, 20)
    # briefkit's models are its own business: pydantic's plugin discovery (a scan of every
    # installed package's entry points when the first model is made, 10-20 ms of each command)
    # could only find observability hooks nobody asked to run inside a build
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    early.start(sys.argv[1:])
    try:
        from briefkit.cli.wiring import main as run

        run()
    finally:
        early.discard()


def __getattr__(name: str) -> Any:
    # `app` on first use: importing this package (the console script does) stays light
    if name == "app":
        from briefkit.cli.wiring import app

        return app
    raise AttributeError(name)
