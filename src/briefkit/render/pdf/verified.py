"""Render stage helper: where briefkit's patches of WeasyPrint (and its PDF writer) apply.

Consumes WeasyPrint's version (or another package's, given) and the process environment;
produces the decision each patch (`footnote_area`, `hyphen_limit`, `resume`, `write_once`)
takes before it changes anything: only on the versions its code was checked against, and not
when its A/B variable turns it off; and `Switch`, the state each patch keeps in its process
(in or out, and whether a test or bench run chose already).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Generic, TypeVar

# weasyprint.__version__ values whose layout code the patches were checked against
VERIFIED = ("70.0",)

T = TypeVar("T")


def applies(
    env: str,
    off: str,
    log: logging.Logger | None = None,
    fallback: str = "",
    version: str | None = None,
    verified: tuple[str, ...] = VERIFIED,
    package: str = "WeasyPrint",
) -> bool:
    """True where a patch applies: the package is a `verified` version (WeasyPrint's, unless
    `version` is another `package`'s) and `env` is not `off`. An unverified version is logged on
    `log`, with the `fallback` taken instead."""
    if version is None:
        from briefkit.render import weasylibs

        version = weasylibs.load().__version__
    if version not in verified:
        if log is not None:
            log.info("%s %s is not one of %s: %s", package, version, verified, fallback)
        return False
    return os.environ.get(env) != off


class Switch(Generic[T]):
    """One patch's state in this process. `check()` says whether it applies (`applies`, and
    anything else the patch verifies); `patch()` puts it in and returns what `unpatch` needs
    to put the stock code back (`installed` while it is in). `ensure` is the engine's hook:
    it installs the patch once per process, unless a test or a bench run chose already."""

    def __init__(
        self, check: Callable[[], bool], patch: Callable[[], T], unpatch: Callable[[T], None]
    ) -> None:
        self._check, self._patch, self._unpatch = check, patch, unpatch
        self.installed: T | None = None
        self.decided = False

    def ensure(self) -> None:
        if not self.decided:
            self.install()

    def install(self) -> bool:
        """Put the patch in; True if it applies (if not, the stock code stays or comes back)."""
        self.decided = True
        if not self._check():
            self.uninstall()
            return False
        if self.installed is None:
            self.installed = self._patch()
        return True

    def uninstall(self) -> None:
        """The stock code again (the other side of a comparison)."""
        self.decided = True
        if self.installed is not None:
            self._unpatch(self.installed)
            self.installed = None
