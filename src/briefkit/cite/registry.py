"""Resolve stage helper: the registry of citation parts, and the loop that renders a layout.

A part (`author`, `title`, `publication`...) is a function registered where it is defined
(`cite.parts`) with `@part(name, ...)`. Its registration declares everything other code needs
to know about it, so that the order of a layout and the interactions between parts are data:

- `joiner`: what separates it from the part before it in a full note;
- `reads`: the reference variables (CSL names, and the cite's `locator`) it prints from;
- `marks`: variables it has printed once it has run, and `may_mark`: those it marks only in
  some cases (through `PartContext.mark`); a later part sees them through `skip_if`/`omits`;
- `skip_if`: variables whose printing by an earlier part (or claim by another part of the
  layout) skips it: `editors` after an `author` that stood in with the editors;
- `omits`: variables it leaves out of its own output once printed (`PartContext.printed`);
- `claims`: variables it prints wherever it stands in the type's layout, when a test on the
  reference holds: `number` prints the genre ("Working Paper 12"), so `genre` yields to it.

Consumes a `CiteRequest`, the `CitationStyle` and its `TypeLayout`; produces, per part that
printed something, its rich-text segments with its declaration. `PartContext` checks at run time
that a part only queries and marks what it declared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from briefkit import ir
from briefkit.cite import richtext as rt
from briefkit.cite.positions import CitePosition
from briefkit.model.citestyle import CitationStyle, TypeLayout
from briefkit.model.reference import KNOWN_VARIABLES, Reference

# Variables of the cite rather than of the reference (CSL's cite-level `locator`).
CITE_VARIABLES = frozenset({"locator"})


@dataclass(frozen=True, slots=True)
class CiteRequest:
    """One source of a citation, ready to format."""

    ref: Reference
    position: CitePosition
    note: int
    locator: str | None = None
    label: str | None = None
    prefix: tuple[ir.Inline, ...] = ()
    suffix: tuple[ir.Inline, ...] = ()
    suppress_author: bool = False


class Joiner(Enum):
    """What a full note puts between a part and the one before it."""

    PART = "part"  # the style's `punctuation.part` (", "; Japanese "、")
    SPACE = "space"  # a space before parentheses; none where the style sets none at brackets
    URL = "url"  # the style's `url.separator`

    def text(self, style: CitationStyle) -> str:
        if self is Joiner.URL:
            return style.url.separator
        if self is Joiner.SPACE:
            return "" if style.punctuation.none_at_brackets else " "
        return style.punctuation.part


Claim = tuple[str, Callable[[Reference], bool]]
PartFn = Callable[["PartContext"], list[rt.Seg]]


@dataclass(frozen=True, slots=True)
class PartSpec:
    """One registered part: its function and its declaration (see the module docstring)."""

    name: str
    render: PartFn
    reads: frozenset[str]
    joiner: Joiner = Joiner.PART
    marks: frozenset[str] = frozenset()
    may_mark: frozenset[str] = frozenset()
    skip_if: frozenset[str] = frozenset()
    omits: frozenset[str] = frozenset()
    claims: tuple[Claim, ...] = ()
    # Chicago's bibliography ends this part with a full stop ("Doe, Jane. Title. Place: ...")
    major: bool = False
    # ... and a full stop precedes this one ("*Foreign Affairs*, April 2008. Asia Edition")
    opens: bool = False


_REGISTRY: dict[str, PartSpec] = {}
REGISTRY: Mapping[str, PartSpec] = MappingProxyType(_REGISTRY)


def part(
    name: str,
    *,
    reads: Iterable[str],
    joiner: Joiner = Joiner.PART,
    marks: Iterable[str] = (),
    may_mark: Iterable[str] = (),
    skip_if: Iterable[str] = (),
    omits: Iterable[str] = (),
    claims: Iterable[Claim] = (),
    major: bool = False,
    opens: bool = False,
) -> Callable[[PartFn], PartFn]:
    """Register the decorated function as the part `name` of citation layouts."""

    def register(fn: PartFn) -> PartFn:
        spec = PartSpec(
            name,
            fn,
            frozenset(reads),
            joiner,
            frozenset(marks),
            frozenset(may_mark),
            frozenset(skip_if),
            frozenset(omits),
            tuple(claims),
            major,
            opens,
        )
        _check(spec)
        _REGISTRY[name] = spec
        return fn

    return register


def _check(spec: PartSpec) -> None:
    """A declaration that cannot be right is a programming error, raised at import."""
    if spec.name in _REGISTRY:
        raise ValueError(f"citation part '{spec.name}' is registered twice")
    unknown = spec.reads - KNOWN_VARIABLES - CITE_VARIABLES
    if unknown:
        raise ValueError(f"part '{spec.name}' reads unknown variables {sorted(unknown)}")
    # a part can only mark, skip on, omit or claim what it prints itself
    claimed = {var for var, _ in spec.claims}
    for what, names in (
        ("marks", spec.marks | spec.may_mark),
        ("skip_if", spec.skip_if),
        ("omits", spec.omits),
        ("claims", claimed),
    ):
        if not names <= spec.reads:
            raise ValueError(f"part '{spec.name}' {what} {sorted(names - spec.reads)} unread")


def names() -> frozenset[str]:
    """The names of the parts registered so far (all of them once `cite.parts` is imported)."""
    return frozenset(_REGISTRY)


@dataclass
class State:
    """One rendering of one reference: what its parts have printed so far."""

    req: CiteRequest
    style: CitationStyle
    layout: TypeLayout
    bibliography: bool = False
    printed: set[str] = field(default_factory=set)
    lang: str = "en"  # the briefing's primary language: it decides the form of every note
    _claims: dict[str, frozenset[str]] | None = None

    def claimed_by_other(self, var: str, name: str) -> bool:
        """Whether a part of the type's layout other than `name` prints `var` for this
        reference, wherever it stands (the short form asks the full layout too)."""
        if self._claims is None:
            found: dict[str, set[str]] = {}
            for part_name in self.layout.parts:
                for claimed, holds in _REGISTRY[part_name].claims:
                    if holds(self.req.ref):
                        found.setdefault(claimed, set()).add(part_name)
            self._claims = {k: frozenset(v) for k, v in found.items()}
        return bool(self._claims.get(var, frozenset()) - {name})


class PartContext:
    """What one part sees while it renders: the cite, the style, and what it declared."""

    __slots__ = ("_spec", "_state")

    def __init__(self, spec: PartSpec, state: State) -> None:
        self._spec = spec
        self._state = state

    @property
    def req(self) -> CiteRequest:
        return self._state.req

    @property
    def ref(self) -> Reference:
        return self._state.req.ref

    @property
    def style(self) -> CitationStyle:
        return self._state.style

    @property
    def layout(self) -> TypeLayout:
        return self._state.layout

    @property
    def bibliography(self) -> bool:
        return self._state.bibliography

    @property
    def lang(self) -> str:
        """The briefing's primary language subtag (`en`, `ja`)."""
        return self._state.lang

    def printed(self, var: str) -> bool:
        """Whether an earlier part printed `var` (one of the part's declared `omits`)."""
        if var not in self._spec.omits:
            raise AssertionError(f"part '{self._spec.name}' did not declare omits={var!r}")
        return var in self._state.printed

    def mark(self, var: str) -> None:
        """Record that this part printed `var` (one of its declared `may_mark`)."""
        if var not in self._spec.may_mark:
            raise AssertionError(f"part '{self._spec.name}' did not declare may_mark={var!r}")
        self._state.printed.add(var)


def render(parts: Sequence[str], state: State) -> Iterator[tuple[PartSpec, list[rt.Seg]]]:
    """Render `parts` in order; yields each part that printed something, with its spec.

    Part names were checked when the style was loaded (`load.styles`), so a name missing from
    the registry here is a programming error (a `KeyError`)."""
    for name in parts:
        spec = _REGISTRY[name]
        if any(v in state.printed or state.claimed_by_other(v, name) for v in spec.skip_if):
            continue
        segs = spec.render(PartContext(spec, state))
        state.printed.update(spec.marks)
        if segs:
            yield spec, segs
