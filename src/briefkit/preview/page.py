"""Render stage, preview only: what the preview server adds to a page it serves.

Consumes a built HTML page (as bytes read from the output folder), the page's build status and
its version; produces the served copy: the page's Content-Security-Policy relaxed just enough
for one inline script (by nonce) that asks the server for the next version and reloads, and,
after a failed build, a banner with the diagnostics above the last good page. The files on disk
are never changed: only the served bytes carry the script.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

ENDPOINT = "/__briefkit__/version"
BANNER_ID = "briefkit-preview-banner"

_META = re.compile(r"<meta\b[^>]*>", re.I)
_HTTP_EQUIV_CSP = re.compile(r"""http-equiv\s*=\s*["']?content-security-policy["']?""", re.I)
_CONTENT = re.compile(r"""(content\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body\s*>", re.I)


@dataclass(frozen=True)
class PageStatus:
    """The last build of one briefing, as the preview shows it."""

    failed: bool = False
    messages: tuple[str, ...] = ()  # formatted diagnostics (`path:line:col: error[code]: ...`)


def relax_csp(policy: str, nonce: str) -> str:
    """The policy plus: our script by nonce, requests to this server, and inline styles for the
    banner (added only where the policy has no nonce or hash, which would disable them)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])

    def allow(name: str, source: str, unless: tuple[str, ...] = ()) -> None:
        # a fetch directive that is absent falls back to default-src; with neither, the kind
        # of resource is unrestricted and is left alone
        current = directives.get(name, directives.get("default-src"))
        if current is None or source in current or any(s in current for s in unless):
            return
        if any(s.startswith(("'nonce-", "'sha")) for s in current) and source == "'unsafe-inline'":
            return  # a nonce or hash disables 'unsafe-inline': the banner goes unstyled
        directives[name] = [s for s in current if s != "'none'"] + [source]

    allow("script-src", f"'nonce-{nonce}'")
    allow("connect-src", "'self'", unless=("*",))
    allow("style-src", "'unsafe-inline'")
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def _attr(value: str, quote: str) -> str:
    """Escape for an attribute delimited by `quote` (a CSP's own quotes stay readable)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace(quote, "&quot;" if quote == '"' else "&#39;")


def _rewrite_meta(page: str, nonce: str) -> str:
    def fix(m: re.Match[str]) -> str:
        tag = m.group(0)
        if not _HTTP_EQUIV_CSP.search(tag):
            return tag
        return _CONTENT.sub(
            lambda c: (
                c.group(1)
                + c.group(2)
                + _attr(relax_csp(html.unescape(c.group(3)), nonce), c.group(2))
                + c.group(2)
            ),
            tag,
            count=1,
        )

    return _META.sub(fix, page)


def reload_script(page: str, version: int, nonce: str) -> str:
    """A script that waits (long poll) for the page's next version, then reloads the page."""
    query = json.dumps({"page": page, "since": version})
    return f"""<script nonce="{nonce}">
(function () {{
  var q = {query};
  function poll() {{
    fetch("{ENDPOINT}?page=" + encodeURIComponent(q.page) + "&since=" + q.since,
          {{cache: "no-store"}})
      .then(function (r) {{ return r.json(); }})
      .then(function (d) {{ if (d.version > q.since) {{ location.reload(); }} else {{ poll(); }} }})
      .catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>"""


def banner(status: PageStatus, has_page: bool) -> str:
    if not status.failed:
        return ""
    lead = (
        "The last build failed; this is the last good build."
        if has_page
        else "The build failed; nothing has been built yet."
    )
    lines = html.escape("\n".join(status.messages) or "(see the terminal)")
    return (
        f'<div id="{BANNER_ID}" role="alert" style="position:sticky;top:0;z-index:2147483647;'
        "margin:0;padding:12px 16px;background:#9b1c1c;color:#fff;"
        'font:14px/1.45 system-ui,sans-serif;text-align:left">'
        f"<strong>briefkit: {html.escape(lead)}</strong>"
        '<pre style="margin:8px 0 0;white-space:pre-wrap;font:13px/1.4 monospace;color:#fff">'
        f"{lines}</pre></div>"
    )


def serve_page(
    data: bytes, page: str, version: int, status: PageStatus, nonce: str | None = None
) -> bytes:
    """The served copy of a built page: relaxed CSP, reload script, banner if failed."""
    nonce = nonce or secrets.token_urlsafe(16)
    text = data.decode("utf-8", errors="replace")
    text = _rewrite_meta(text, nonce)
    top = banner(status, has_page=True)
    if top:
        m = _BODY_OPEN.search(text)
        text = text[: m.end()] + top + text[m.end() :] if m else top + text
    script = reload_script(page, version, nonce)
    m = _BODY_CLOSE.search(text)
    text = text[: m.start()] + script + text[m.start() :] if m else text + script
    return text.encode("utf-8")


def _shell(title: str, body: str, page: str, version: int) -> bytes:
    nonce = secrets.token_urlsafe(16)
    policy = _attr(relax_csp("default-src 'none'; base-uri 'none'; form-action 'none'", nonce), '"')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        '<body style="font:16px/1.5 system-ui,sans-serif;margin:2em auto;max-width:48em">\n'
        f"{body}\n{reload_script(page, version, nonce)}\n</body>\n</html>\n"
    ).encode()


def error_page(page: str, version: int, status: PageStatus) -> bytes:
    """Served for a briefing whose every build so far has failed (no page on disk)."""
    return _shell(f"{page}: build failed", banner(status, has_page=False), page, version)


def index_page(entries: Sequence[tuple[str, Sequence[str], PageStatus]], version: int) -> bytes:
    """The folder's front page: each briefing with its outputs and its last build's state."""
    rows = []
    for stem, files, status in entries:
        links = " ".join(
            f'<a href="{html.escape(name)}">{html.escape(name.rsplit(".", 1)[-1])}</a>'
            for name in files
        )
        state = (
            f'<strong style="color:#9b1c1c">failed ({len(status.messages)} problem'
            f"{'s' * (len(status.messages) != 1)})</strong>"
            if status.failed
            else "ok"
        )
        rows.append(f"<li><code>{html.escape(stem)}</code> {links} &middot; {state}</li>")
    body = (
        "<h1>briefkit preview</h1>\n<ul>\n" + "\n".join(rows) + "\n</ul>"
        if rows
        else "<h1>briefkit preview</h1>\n<p>No briefings yet: save one in the watched folder.</p>"
    )
    return _shell("briefkit preview", body, "", version)
