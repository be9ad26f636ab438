"""The one link policy: which link targets briefkit lets through to its outputs, whatever
field they come from (body and notes, front matter, publisher, editions, references).

Web and mail addresses (`http`, `https`, `mailto`) and relative links within a published site
are kept. Anything else is never made a link in any format: another scheme (`javascript:`,
`vbscript:`, `data:`, `file:`, `ftp:`...), and network paths (`//host/share`, `\\host\\share`),
which Word on Windows opens as file shares, handing the reader's credentials to that host. The
load stage reports each refused target once (`link.unsafe`); later stages apply the policy
silently.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# the hint of every `link.unsafe` warning
POLICY_HINT = "links may point to http(s) or mailto addresses, or be relative"


def is_safe_url(url: str) -> bool:
    text = url.strip()
    if not text or any(ord(c) < 32 for c in text):
        return False
    if "\\" in text or text.startswith("//"):  # a UNC or network path, however written
        return False
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or scheme == ""


def website_target(site: str) -> str:
    """Publishers write `www.example.org`: the address it links to (https when none is given)."""
    return site if "://" in site or site.startswith(("mailto:", "/", "\\")) else f"https://{site}"
