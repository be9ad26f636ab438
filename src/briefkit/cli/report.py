"""CLI stage: how diagnostics and progress are shown — for people, GitHub or GitLab.

- `human`: `path:line:col: severity[code]: message` on stderr (colour on a terminal);
- `github`: workflow commands (`::error file=…,line=…,col=…,title=…::message`) that GitHub
  Actions turns into annotations on the pull request's lines;
- `gitlab`: a Code Quality JSON report on stdout (redirect it to the artifact file), with
  progress and the summary on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from typing import Any, Literal, get_args

from briefkit.cli.console import err_console, print_diagnostics
from briefkit.errors import Diagnostic, one_of

ErrorFormat = Literal["human", "github", "gitlab"]
FORMATS: tuple[ErrorFormat, ...] = get_args(ErrorFormat)


def check_format(name: str) -> ErrorFormat:
    return one_of(name, FORMATS, "--error-format")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(d: Diagnostic, strict: bool) -> str:
    kind = "error" if d.is_error or strict else "warning"
    props = []
    if d.loc is not None:
        props.append(f"file={_gh_escape(d.loc.display_path(), True)}")
        if d.loc.line:
            props.append(f"line={d.loc.line}")
        if d.loc.col:
            props.append(f"col={d.loc.col}")
    props.append(f"title={_gh_escape(d.code, True)}")
    message = d.message + (f" (hint: {d.hint})" if d.hint else "")
    return f"::{kind} {','.join(props)}::{_gh_escape(message)}"


def gitlab_entry(d: Diagnostic, strict: bool) -> dict[str, Any]:
    path = d.loc.display_path() if d.loc else ""
    line = d.loc.line if d.loc and d.loc.line else 1
    fingerprint = hashlib.sha256(f"{path}:{line}:{d.code}:{d.message}".encode()).hexdigest()
    return {
        "description": d.message + (f" (hint: {d.hint})" if d.hint else ""),
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": "major" if d.is_error or strict else "minor",
        "location": {"path": path, "lines": {"begin": line}},
    }


class Reporter:
    """Prints each briefing's diagnostics as it finishes, in the chosen format."""

    def __init__(self, error_format: ErrorFormat, strict: bool) -> None:
        self.format = error_format
        self.strict = strict
        self.gitlab: list[dict[str, Any]] = []

    def diagnostics(self, items: Iterable[Diagnostic]) -> None:
        if self.format == "human":
            print_diagnostics(items, self.strict)
        elif self.format == "github":
            for d in items:
                print(github_line(d, self.strict), flush=True)  # stdout, as Actions reads it
        else:
            self.gitlab.extend(gitlab_entry(d, self.strict) for d in items)

    def info(self, message: str) -> None:
        """Progress and summaries: stdout for people and GitHub, stderr beside a JSON report."""
        if self.format == "gitlab":
            err_console().print(message, markup=False, highlight=False)
        else:
            print(message, flush=True)

    def close(self) -> None:
        if self.format == "gitlab":
            print(json.dumps(self.gitlab, ensure_ascii=False, indent=1))


def interactive() -> bool:
    """A person at a terminal (progress bar), not a CI log (plain lines)."""
    return sys.stderr.isatty() and not os.environ.get("CI")
