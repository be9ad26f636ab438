"""CLI stage: the `briefkit` command. One module per command, wired in `cli.app`; no logic
beyond wiring.

Exit codes (see `errors.ExitCode`): 0 ok; 1 content errors, or warnings under --strict;
2 usage; 3 environment or render failure. Nothing a user can cause prints a traceback.
"""

from briefkit.cli.app import app, main

__all__ = ["app", "main"]
