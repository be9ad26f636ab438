"""Render stage: the house style's page template, run as untrusted content.

Consumes a house style's `html/` folder (through its `StyleResources`) and the page's context;
produces the compiled page template, and turns whatever goes wrong in it into a located error.

A project may copy a style and edit its `page.html.j2`, and a style may come from anyone, so
the template runs in Jinja's `ImmutableSandboxedEnvironment`: no attribute starting with `_`
(the `''.__class__.__mro__` gadgets), no unsafe callables, no mutating the context's lists and
dicts. It sees only the context `render.html.page` passes (documented in
docs/guide/house-styles.md) and Jinja's harmless globals. `{% include %}`, `{% import %}` and
`{% extends %}` load only files of the style's own `html/` folder: `..` is refused, and so is a
file that resolves outside the folder (a symlink out). Any failure — a syntax error, a refused
attribute (`SecurityError`), an undefined name, a missing include, an exception in a filter —
is a `style.invalid` error (a syntax error: `style.template`) at the template file and line
Jinja reports (exit 1). It renders under a time and an output budget (`render.budget`): a
runaway loop or a huge value is stopped the same way. A template that includes itself ends in
Python's recursion limit, reported the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.loaders import split_template_path

from briefkit.codes import Code
from briefkit.errors import BriefkitError, ExitCode, SourceLocation
from briefkit.paths import ContainmentError, is_within, read_contained
from briefkit.render.budget import BoundedImmutableSandbox
from briefkit.render.resources import Slot, StyleResources

PAGE_TEMPLATE = "page.html.j2"
# Jinja's globals a template may use; `lipsum` is left out (random text: builds are reproducible)
GLOBALS = ("range", "dict", "cycler", "joiner", "namespace")


class StyleLoader(BaseLoader):
    """Templates from one style's `html/` folder only."""

    def __init__(self, html_dir: Path, style_dir: Path) -> None:
        self.html_dir = html_dir
        self.style_dir = style_dir
        self.served: set[str] = set()  # file names handed to Jinja: its traceback frames

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        outside = TemplateNotFound(
            template,
            f"'{template}' lies outside the house style's html/ folder; templates are read "
            "only from that folder",
        )
        if template.startswith(("/", "\\")):
            raise outside
        try:
            pieces = split_template_path(template)  # refuses '..'
        except TemplateNotFound:
            raise outside from None
        path = self.html_dir.joinpath(*pieces)
        # resolved, so that a symlink out of the folder is refused too
        if not (is_within(path, self.html_dir) and is_within(path, self.style_dir)):
            raise outside
        if not path.exists():
            raise TemplateNotFound(template, f"no template '{template}' in the house style")
        try:  # a regular file under the size cap (a FIFO named page.html.j2 cannot hang it)
            data = read_contained(path, (self.html_dir,), "style")
        except ContainmentError as exc:
            raise TemplateNotFound(template, f"template '{template}' {exc.message}") from None
        # line ends as Python's text mode reads them
        source = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        filename = os.path.normpath(path)
        self.served.add(filename)
        # the compiled template lives as long as the style's resources, which `watch` drops
        # when a file of the style changes: nothing to check here
        return source, filename, lambda: True


def _page_template(style: StyleResources) -> tuple[Template, StyleLoader]:
    html_dir = style.folder / "html"
    loader = StyleLoader(html_dir, style.folder)
    env = BoundedImmutableSandbox(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals = {name: env.globals[name] for name in GLOBALS}
    env.bound_filters()
    try:
        return env.get_template(PAGE_TEMPLATE), loader
    except Exception as exc:
        raise template_error(exc, loader, html_dir) from exc


PAGE = Slot("html:page-template", _page_template)


def page_template(style: StyleResources) -> tuple[Template, StyleLoader]:
    """The style's compiled page template (made once per style), and the loader that read it."""
    return style.get(PAGE)


def template_error(exc: BaseException, loader: StyleLoader, html_dir: Path) -> BriefkitError:
    """A failure of the style's template, located at the line Jinja reports: a syntax error's
    own, or the innermost line of the style's templates that was running."""
    if isinstance(exc, TemplateSyntaxError):
        message = exc.message or str(exc)
        where = SourceLocation(Path(exc.filename or html_dir / PAGE_TEMPLATE), exc.lineno or 1, 1)
    else:
        message = str(exc) or type(exc).__name__
        if isinstance(exc, TemplateNotFound) and message == exc.name:
            message = f"no template '{exc.name}' in the house style"
        elif not _is_jinjas(exc):
            message = f"{type(exc).__name__}: {message}"
        where = _running_line(exc, loader) or SourceLocation(html_dir / PAGE_TEMPLATE, 1, 1)
    # a syntax error keeps its own code, as before the sandbox (CI scripts match on codes)
    code: Code = "style.template" if isinstance(exc, TemplateSyntaxError) else "style.invalid"
    return BriefkitError(f"template error: {message}", ExitCode.CONTENT, where, code)


def _is_jinjas(exc: BaseException) -> bool:
    # Jinja's own errors, and the budget's (a SecurityError), speak for themselves
    return isinstance(exc, TemplateError) or type(exc).__module__.startswith("jinja2")


def _running_line(exc: BaseException, loader: StyleLoader) -> SourceLocation | None:
    """The innermost traceback frame in one of the style's templates (Jinja rewrites the
    frames of compiled templates to their file and line)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in loader.served:
            found = SourceLocation(Path(filename), tb.tb_lineno, 1)
        tb = tb.tb_next
    return found
