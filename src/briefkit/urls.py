"""Which link targets briefkit lets through to its outputs (shared by resolve and renderers).

Web and mail addresses, and relative links (within a published site), are kept. Anything with
another scheme — `javascript:`, `vbscript:`, `data:`, `file:` and the rest — is never made a
link: its text is printed instead, and the load stage says so.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})


def is_safe_url(url: str) -> bool:
    text = url.strip()
    if not text or any(ord(c) < 32 for c in text):
        return False
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or scheme == ""
