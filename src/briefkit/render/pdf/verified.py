"""Render stage helper: where briefkit's patches of WeasyPrint (and its PDF writer) apply.

Consumes WeasyPrint's version (or another package's, given) and the process environment;
produces the decision each patch (`footnote_area`, `hyphen_limit`, `resume`, `write_once`)
takes before it changes anything: only on the versions its code was checked against, and not
when its A/B variable turns it off.
"""

from __future__ import annotations

import logging
import os

# weasyprint.__version__ values whose layout code the patches were checked against
VERIFIED = ("70.0",)


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
