"""Part of the IR: who and what a briefing's masthead names — its authors, its publisher, its
other language editions — as plain strings, every one decided once by `resolve` (in
`resolve.meta`) and printed alike by the HTML, PDF and Word renderers.

Held apart from `briefkit.ir`, which re-exports them (`ir.AuthorMeta`...), because they hold
no inlines or blocks: nothing here is generic over source and resolved forms.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuthorMeta:
    name: str  # as printed in the byline and profile (house style may reorder and capitalise)
    meta_name: str  # for metadata: "Family, Given" when the parts are known
    position: str | None = None
    affiliation: str | None = None
    expertise: str | None = None
    email: str | None = None
    url: str | None = None
    # position and affiliation as one line, in the language's order ("Research Fellow,
    # Defense Policy Division" / "政策研究部防衛政策研究室 研究員")
    role: str | None = None


@dataclass(frozen=True)
class Phone:
    label: str
    number: str


@dataclass(frozen=True)
class PublisherMeta:
    name: str | None = None
    office: str | None = None
    phones: tuple[Phone, ...] = ()
    website: str | None = None  # as printed ("www.nids.mod.go.jp")
    website_url: str | None = None  # as linked ("https://www.nids.mod.go.jp")
    website_label: str | None = None
    address: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class EditionLink:
    """Another language edition of the same briefing, which every output links to."""

    lang: str
    label: str  # "日本語版 (Japanese edition)", from the house style's strings
    title: str
    stem: str  # its output files are <stem>.html, <stem>.pdf, <stem>.docx
    url: str | None = None  # its published web address, when its front matter gives one
