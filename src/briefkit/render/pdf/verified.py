"""Render stage helper: where briefkit's patches of WeasyPrint's layout apply.

Consumes WeasyPrint's version and the process environment; produces the decision each patch
(`footnote_area`, `hyphen_limit`, `resume`) takes before it changes anything: only on the
WeasyPrint versions its code was checked against, and not when its A/B variable turns it off.
"""

from __future__ import annotations

import logging
import os

# weasyprint.__version__ values whose layout code the patches were checked against
VERIFIED = ("70.0",)


def applies(env: str, off: str, log: logging.Logger | None = None, fallback: str = "") -> bool:
    """True where a patch applies: WeasyPrint is a verified version and `env` is not `off`.
    An unverified version is logged on `log`, with the `fallback` taken instead."""
    from briefkit.render import weasylibs

    version = weasylibs.load().__version__
    if version not in VERIFIED:
        if log is not None:
            log.info("WeasyPrint %s is not one of %s: %s", version, VERIFIED, fallback)
        return False
    return os.environ.get(env) != off
