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

import itertools
import re
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


# ---------------------------------------------------------------- where a URL may break
# The Chicago Manual of Style, 14.18: a URL that must break across lines breaks after a colon
# or a double slash; before a single slash, a tilde, a period, a comma, a hyphen, an
# underline, a question mark, a number sign or a percent symbol; before or after an equals
# sign or an ampersand; never with a hyphen added. Renderers decide how a break is expressed
# (a zero-width break, Word's no-width optional break); this is the one rule.
_BREAK_BEFORE = frozenset("/~.,-_?#%=&")
_BREAK_AFTER = frozenset(":=&")


def url_break_points(url: str) -> tuple[int, ...]:
    """The offsets `i` (0 < i < len(url)) where a line may break between `url[i-1]` and
    `url[i]`. Nothing breaks inside the scheme and its `//` ("h⏎ttps://" cannot happen)."""
    scheme_end = url.find("://")
    start = scheme_end + 3 if scheme_end > 0 else 0
    if start == 0 and url.lower().startswith("mailto:"):
        start = len("mailto:")
    points: list[int] = []
    for i in range(max(start, 1), len(url)):
        before, here = url[i - 1], url[i]
        nxt = url[i + 1] if i + 1 < len(url) else ""
        if before == "/" and i >= 2 and url[i - 2] == "/" and here != "/":
            points.append(i)  # after a double slash
        elif before == ":" and here != "/":
            points.append(i)  # after a colon (a port, a URN), never "https:⏎//"
        elif here == "/" and (before == "/" or nxt == "/"):
            continue  # a double slash stays together
        elif here in _BREAK_BEFORE or before in _BREAK_AFTER:
            points.append(i)
    # never one character alone on the next line: a URL's trailing slash printed "/." on a
    # line of its own
    return tuple(i for i in points if len(url) - i >= 2)


def url_segments(url: str) -> list[str]:
    """`url` cut at its break points: joined, the pieces are the URL exactly."""
    cuts = (0, *url_break_points(url), len(url))
    return [url[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def looks_like_url(text: str) -> bool:
    """Link text that prints an address (typeset as a URL, not as words)."""
    t = text.strip()
    if not t or any(c.isspace() for c in t):
        return False
    low = t.lower()
    return "://" in low or low.startswith(("www.", "mailto:")) or ("/" in t and "." in t)


_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"\u201d\u2019"  # sentence punctuation after an address is not in it


def split_urls(text: str) -> list[tuple[str, bool]]:
    """`text` as pieces, each marked True if it is a bare address (`https://…`, `www.…`) to
    typeset as a URL; the pieces joined are `text` exactly."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _BARE_URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        if len(url) < 8:
            continue
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((url, True))
        pos = m.start() + len(url)
    if pos < len(text):
        out.append((text[pos:], False))
    return out
