"""Resolve stage helper: front matter -> `DocumentMeta`, with every display string decided.

Dates, author names and house-style labels are formatted here, once, so that the masthead,
profile and publisher block read the same in HTML, PDF and Word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefkit import ir
from briefkit.cite.dates import format_partial
from briefkit.cite.names import byline_name
from briefkit.cite.typography import smart_quotes
from briefkit.errors import Diagnostics
from briefkit.lang import primary_subtag
from briefkit.model.document import Partner, SourceDocument
from briefkit.model.frontmatter import Author, Publisher
from briefkit.model.housestyle import HouseStyle
from briefkit.model.languages import tag_problem
from briefkit.urls import is_safe_url, website_target


def check_language(doc: SourceDocument, style: HouseStyle, diags: Diagnostics) -> None:
    """`style.language-fallback` at `lang:` when the style has no words (`strings/<lang>.yaml`)
    for the briefing's language: its labels ('Notes', 'Figure') would print in another one."""
    lang, labels = doc.front.lang, style.meta.labels
    primary = primary_subtag(lang)
    if lang in labels or primary in labels or tag_problem(lang) is not None:
        return  # a malformed or unknown tag is said at load: its fix is the one to make
    fallback = "English" if "en" in labels else "no"  # labels_for: the language, then `en`
    have = ", ".join(sorted(labels)) or "none"
    diags.warning(
        "style.language-fallback",
        f"house style '{style.name}' has no words for '{lang}': {fallback} labels are printed"
        f" (the style has: {have})",
        doc.front_loc("lang"),
        f"add strings/{primary}.yaml to the style's folder, or write the briefing in one of"
        f" its languages",
    )


def _first_inlines(blocks: Sequence[ir.ResolvedBlock]) -> tuple[ir.Inline, ...]:
    for block in blocks:
        if isinstance(block, ir.Paragraph):
            return tuple(block.inlines)
        if isinstance(block, ir.Heading):  # "title: '# x'" is still the title text
            return tuple(block.inlines)
    return ()


def role_line(author: Author, labels: dict[str, str]) -> str | None:
    """Position and affiliation as the house prints them in the briefing's language."""
    if author.position and author.affiliation:
        template = labels.get("role", "{position}, {affiliation}")
        return template.format(position=author.position, affiliation=author.affiliation)
    return author.position or author.affiliation or None


def number_line(number: str | None, labels: dict[str, str]) -> str | None:
    """The briefing's number in its series as the house writes it in the briefing's language:
    the `number` label is a template ("No. {number}", "第{number}号": Japanese closes it with
    号, which "label number" cannot); a label without the placeholder (a house style written
    before it had one, `number: "No."`) is followed by a space and the number, as it was."""
    if not number:
        return None
    template = labels.get("number", "No. {number}")
    if "{number}" not in template:
        return f"{template} {number}".strip()
    return template.format(number=number)


def author_meta(author: Author, style: HouseStyle, labels: dict[str, str]) -> ir.AuthorMeta:
    if author.family:
        name = byline_name(
            author.family, author.given, author.name_order, style.meta.byline.uppercase_family
        )
        meta_name = f"{author.family}, {author.given}" if author.given else author.family
        if author.name:  # an explicit display name wins; the parts still feed metadata
            name = author.name
    else:
        name = meta_name = author.name or ""
    return ir.AuthorMeta(
        name=name,
        meta_name=meta_name,
        position=author.position,
        affiliation=author.affiliation,
        expertise=author.expertise,
        email=author.email,
        url=author.url if author.url and is_safe_url(author.url) else None,
        role=role_line(author, labels),
    )


def publisher_meta(pub: Publisher, labels: dict[str, str]) -> ir.PublisherMeta:
    website_label = pub.website_label
    if pub.website and not website_label:
        template = labels.get("website", "{publisher} website")
        website_label = template.format(publisher=pub.name or "").strip()
    return ir.PublisherMeta(
        name=pub.name,
        office=pub.office,
        phones=tuple(ir.Phone(p.label, p.number) for p in pub.phones),
        website=pub.website,
        website_url=website_url(pub.website) if pub.website else None,
        website_label=website_label,
        address=pub.address,
        email=pub.email,
    )


def website_url(site: str) -> str | None:
    """Publishers write 'www.example.org'; links need a scheme (and a safe one)."""
    url = website_target(site)
    return url if is_safe_url(url) else None


def edition_links(
    partners: Sequence[Partner], labels: dict[str, str]
) -> tuple[ir.EditionLink, ...]:
    out = []
    for p in partners:
        label = labels.get(f"edition-{primary_subtag(p.lang)}", f"{p.lang} edition")
        url = p.url if p.url and is_safe_url(p.url) else None  # reported where it is written
        out.append(ir.EditionLink(p.lang, label, p.title, p.path.stem, url))
    return tuple(out)


def short_title(doc: SourceDocument, style: HouseStyle, title: tuple[ir.Inline, ...]) -> str:
    """The running head: `short-title` is YAML, which no typographer has seen, so it gets the
    curly quotes and apostrophes the title (parsed as Markdown) already has, nested as the
    house's citations nest them (“…‘…’…” in English, 「…『…』…」 in Japanese)."""
    front = doc.front
    if not front.short_title:
        return ir.plain_text(title)
    cite_style = style.citations_for(front.lang)
    if not cite_style.typography.smart_quotes:
        return front.short_title
    q = cite_style.quotes
    return smart_quotes(front.short_title, 0, q.outer, q.inner)


def resolve_meta(
    doc: SourceDocument,
    style: HouseStyle,
    md: Mapping[str, tuple[ir.ResolvedBlock, ...]],
    partners: Sequence[Partner] = (),
) -> ir.DocumentMeta:
    front = doc.front
    labels = style.meta.labels_for(front.lang)
    title = _first_inlines(md.get("title", ())) or (ir.Text(front.title),)
    subtitle = _first_inlines(md.get("subtitle", ()))
    abstract = md.get("abstract", ())
    subtitle_text = ir.plain_text(subtitle)
    description = ir.blocks_text(abstract) if abstract else subtitle_text
    return ir.DocumentMeta(
        title=title,
        title_text=ir.plain_text(title),
        lang=front.lang,
        style=style.name,
        subtitle=subtitle,
        subtitle_text=subtitle_text,
        short_title=short_title(doc, style, title),
        authors=tuple(author_meta(a, style, labels) for a in front.author),
        date_iso=front.date.iso() if front.date else None,
        date_display=(
            format_partial(front.date, style.citations_for(front.lang).dates)
            if front.date
            else front.date_text  # written in words: printed as written
        ),
        series=front.series,
        number=front.number,
        number_display=number_line(front.number, labels),
        keywords=tuple(front.keywords),
        abstract=abstract,
        description=" ".join(description.split()),
        disclaimer=md.get("disclaimer", ()),
        rights=md.get("rights", ()),
        publisher=publisher_meta(front.publisher, labels) if front.publisher else None,
        labels=labels,
        editions=edition_links(partners, labels),
        url=front.url if front.url and is_safe_url(front.url) else None,
    )
