"""Resolve stage: `SourceDocument` + house style -> `ResolvedDocument`. Pure: no I/O.

Numbers every note once, in one sequence in order of reference — author footnotes (`[^x]`,
`^[...]`) and notes made from citations in body text alike — and formats every citation once,
in document order, with CSL positions computed from those note numbers. A citation inside a
footnote is formatted inline there. Also reports what only the whole document can tell:
unknown citation keys, undefined and unused footnotes, unused references, missing fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import assert_never

from briefkit import ir
from briefkit.cite.format import CitationFormatter, CiteRequest
from briefkit.cite.positions import Position, PositionTracker
from briefkit.errors import Diagnostics, SourceLocation, did_you_mean
from briefkit.model.document import Partner, SourceDocument
from briefkit.model.housestyle import HouseStyle
from briefkit.model.library import with_parents
from briefkit.resolve import notewarn, placement
from briefkit.resolve.bibliography import bibliography
from briefkit.resolve.blocks import BODY, META, BlockResolver, Context, InNote, Meta
from briefkit.resolve.crossrefs import CrossRefs, Ids
from briefkit.resolve.fields import check_cited_fields
from briefkit.resolve.meta import check_language, resolve_meta
from briefkit.urls import is_safe_url

_IBID = (Position.IBID, Position.IBID_WITH_LOCATOR)


class _Resolver(BlockResolver):
    def __init__(self, doc: SourceDocument, style: HouseStyle, diags: Diagnostics) -> None:
        self.doc = doc
        self.style = style
        self.diags = diags
        self.fmt = CitationFormatter(style, doc.front.lang)
        self.tracker = PositionTracker(style.citations.near_note_distance)
        self.notes: list[ir.Note] = []
        self.cited: dict[str, list[int]] = {}
        self.def_uses: Counter[str] = Counter()
        self.ids = Ids()  # heading ids
        self.labels = style.meta.labels_for(doc.front.lang)
        self.xrefs = CrossRefs(doc.body.blocks, self.labels, set(doc.library))
        self.level_shift = 0
        self.before = ""  # the text just before the inline being resolved ("Figure @fig:x")
        # identity of the citations that open or close the note being resolved
        self.note_edges: tuple[int, int] = (0, 0)
        # and of those that open a sentence of it, or are one ("... negligence. Ibid. The")
        self.sentences: tuple[frozenset[int], ...] = (frozenset(), frozenset(), frozenset())

    # ------------------------------------------------------------ inlines
    def inlines(self, inlines: Sequence[ir.SourceInline], ctx: Context) -> tuple[ir.Inline, ...]:
        out: list[ir.Inline] = []
        after_cite_stop = False
        moved = 0  # characters of this node that went before the previous note call
        for index, node in enumerate(inlines):
            if moved and isinstance(node, ir.Text):
                node, moved = ir.Text(node.text[moved:]), 0
                if not node.text:
                    continue
            if after_cite_stop and isinstance(node, ir.Text) and node.text.startswith("."):
                node = ir.Text(node.text[1:])  # "ibid." + "." : one full stop, not two
            if isinstance(node, ir.Cite) and isinstance(ctx, InNote) and not node.in_text:
                placement.space_after_stop(out)
            last = out[-1] if out else None
            self.before = last.text if isinstance(last, ir.Text) else ""
            resolved = self.inline(node, ctx)
            ahead = inlines[index + 1] if index + 1 < len(inlines) else None
            if isinstance(node, ir.Cite) and resolved and isinstance(resolved[-1], ir.NoteRef):
                moved = self.place_call(out, resolved, ahead)
            elif isinstance(node, ir.Cite) and self.style.citations.quotes.punctuation_inside:
                moved = placement.stop_into_quote(resolved, ahead)
            if isinstance(node, ir.Cite) and node.in_text:
                moved = moved or placement.close_up_wide(out, resolved, ahead)
            out.extend(resolved)
            cited = isinstance(node, ir.Cite) and bool(resolved)
            after_cite_stop = cited and ir.plain_text(resolved).endswith(".")
        notewarn.adjacent(self.diags, placement.separate_calls(out), self.notes)
        return tuple(out)

    def place_call(
        self, out: list[ir.Inline], resolved: list[ir.Inline], ahead: ir.SourceInline | None
    ) -> int:
        """Set a citation's note call as pandoc does (see `placement`); returns how many
        characters of the next node moved before the call."""
        if len(resolved) == 1:  # only the call: no author's name stands before it
            placement.drop_space_before(out)
        punct = placement.punctuation_ahead(ahead)
        if not punct or not self.doc.front.notes_after_punctuation:
            return 0
        # a call right after another (`Both [@a] [@b].`) takes the punctuation before them
        # both ("Both.¹,²"), not between them ("Both¹.²")
        calls = placement.trailing_calls(out) if len(resolved) == 1 else []
        rest = punct
        if len(resolved) == 1 and self.style.citations.quotes.punctuation_inside:
            rest = placement.into_quote(out, punct)
        if rest and calls:
            out.append(ir.Text(rest))
        elif rest:
            resolved.insert(len(resolved) - 1, ir.Text(rest))
        out.extend(calls)
        return len(punct)

    def inline(self, node: ir.SourceInline, ctx: Context) -> list[ir.Inline]:
        match node:
            case ir.Text() | ir.Code() | ir.LineBreak() | ir.Image() | ir.Math():
                return [node]
            case ir.Emph(children=kids):
                return [ir.Emph(self.inlines(kids, ctx))]
            case ir.Strong(children=kids):
                return [ir.Strong(self.inlines(kids, ctx))]
            case ir.Strikeout(children=kids):
                return [ir.Strikeout(self.inlines(kids, ctx))]
            case ir.SmallCaps(children=kids):
                return [ir.SmallCaps(self.inlines(kids, ctx))]
            case ir.Superscript(children=kids):
                return [ir.Superscript(self.inlines(kids, ctx))]
            case ir.Subscript(children=kids):
                return [ir.Subscript(self.inlines(kids, ctx))]
            case ir.Span(children=kids, id=ident, classes=classes, lang=lang):
                # an author's id is unique across the briefing, like a heading's
                ident = self.ids.claim(ident) if ident else ""
                return [ir.Span(self.inlines(kids, ctx), ident, classes, lang)]
            case ir.Link(children=kids, url=url, title=title):
                if not is_safe_url(url):  # reported by the load stage; keep only the text
                    return list(self.inlines(kids, ctx))
                return [ir.Link(self.inlines(kids, ctx), url, title)]
            case ir.FootnoteRef():
                return self.footnote_ref(node, ctx)
            case ir.InlineNote(blocks=blocks, loc=loc):
                if not notewarn.note_allowed(self.diags, ctx, loc):
                    return []
                return [self.new_note("inline", blocks, loc, None)]
            case ir.Cite():  # @fig:x, @tbl:x, @sec:x are cross-references, not citations
                return self.xrefs.resolve(node, self.diags, self.before) or self.cite(node, ctx)
        assert_never(node)

    def footnote_ref(self, ref: ir.FootnoteRef, ctx: Context) -> list[ir.Inline]:
        if not notewarn.note_allowed(self.diags, ctx, ref.loc):
            return []
        definition = self.doc.body.definitions.get(ref.label)
        if definition is None:
            self.diags.error(
                "note.undefined",
                f"footnote [^{ref.label}] is not defined",
                ref.loc,
                did_you_mean(ref.label, self.doc.body.definitions)
                or f"add a definition: [^{ref.label}]: text of the note",
            )
            return []
        self.def_uses[ref.label] += 1
        if self.def_uses[ref.label] == 2:
            self.diags.warning(
                "note.reused",
                f"footnote [^{ref.label}] is called more than once;"
                " each call prints its own copy of the note",
                ref.loc,
            )
        return [self.new_note("footnote", definition.blocks, definition.loc, ref.label)]

    def new_note(
        self,
        origin: ir.NoteOrigin,
        blocks: Sequence[ir.SourceBlock],
        loc: SourceLocation,
        label: str | None,
    ) -> ir.NoteRef:
        number = len(self.notes) + 1
        self.notes.append(ir.Note(number, origin, (), loc, label))  # reserve the number
        saved = self.note_edges, self.sentences
        self.note_edges, self.sentences = _edges(blocks), _sentences(blocks)
        resolved = self.blocks(blocks, InNote(number))
        self.note_edges, self.sentences = saved
        notewarn.flattened(self.diags, resolved, loc)
        self.notes[number - 1] = ir.Note(number, origin, resolved, loc, label)
        return ir.NoteRef(number)

    # ------------------------------------------------------------ citations
    def cite(self, cite: ir.Cite, ctx: Context) -> list[ir.Inline]:
        if isinstance(ctx, Meta):
            self.diags.warning(
                "cite.in-metadata",
                "citations are not formatted in front matter",
                cite.loc,
                "cite the source in the body instead",
            )
            return []
        if isinstance(ctx, InNote):  # inside a footnote: formatted in place
            # a citation opening the note, or one of its sentences, opens with a capital; one
            # closing the note, or that is a whole sentence of it, ends with a full stop
            starts = id(cite) == self.note_edges[0] or id(cite) in self.sentences[0]
            ends = id(cite) == self.note_edges[1] or id(cite) in self.sentences[1]
            marks = self.fmt.form.style.punctuation
            closes = id(cite) in self.sentences[2]
            if not closes or cite.in_text or not marks.in_sentence_parens:
                return list(
                    self.format(cite, ctx.number, starts=starts, ends=ends, in_text=cite.in_text)
                )
            # closing a sentence after its words: （…）, and the note's full stop after it
            text = self.format(cite, ctx.number, starts=False, ends=False)
            if not text:
                return []
            close = marks.parens[1] + (marks.terminal if ends else "")
            return [ir.Text(marks.parens[0]), *text, ir.Text(close)]
        number = len(self.notes) + 1
        self.notes.append(ir.Note(number, "citation", (), cite.loc))
        inlines = self.format(cite, number, starts=True, ends=True)
        self.notes[number - 1] = ir.Note(number, "citation", (ir.Paragraph(inlines),), cite.loc)
        out: list[ir.Inline] = []
        if cite.in_text:
            known = [i for i in cite.items if i.key in self.doc.library]
            if known:
                out.extend(self.fmt.in_text_author(self.doc.library[known[0].key].ref))
        out.append(ir.NoteRef(number))
        return out

    def format(
        self, cite: ir.Cite, note: int, *, starts: bool, ends: bool, in_text: bool = False
    ) -> tuple[ir.Inline, ...]:
        """The citation's text. `in_text`: an `@key` inside a note, where the source's name
        must stay in the sentence, so its first source is never "Ibid." (pandoc's citeproc
        prints the full form, then the short one: "As Smith, *Book*, 190–92 traces...")."""
        requests: list[CiteRequest] = []
        for index, item in enumerate(cite.items):
            located = self.doc.library.get(item.key)
            if located is None:
                self.diags.error(
                    "cite.unknown-key",
                    f"unknown reference '{item.key}'",
                    item.loc,
                    did_you_mean(item.key, self.doc.library)
                    or "add it to the bibliography file or to 'references:'",
                )
                continue
            self.cited.setdefault(item.key, []).append(note)
            position = self.tracker.observe(
                item.key, note, index, len(cite.items), item.locator, item.label
            )
            if in_text and index == 0 and position.position in _IBID:
                position = replace(position, position=Position.SUBSEQUENT)
            requests.append(
                CiteRequest(
                    located.ref,
                    position,
                    note,
                    item.locator,
                    item.label,
                    self.inlines(item.prefix, InNote(note)),
                    self.inlines(item.suffix, InNote(note)),
                    item.suppress_author,
                )
            )
        if not requests:
            return ()
        return self.fmt.citation(requests, starts_note=starts, ends_note=ends)

    # ------------------------------------------------------------ whole-document checks
    def check_unused(self) -> None:
        for label, definition in self.doc.body.definitions.items():
            if not self.def_uses[label]:
                self.diags.warning(
                    "note.unused",
                    f"footnote [^{label}] is defined but never called",
                    definition.loc,
                    f"call it in the text with [^{label}], or delete it",
                )
        used = with_parents(self.cited, self.doc.library)
        for key, located in self.doc.library.items():
            if key not in used and not located.shared:  # a series library: normal
                self.diags.warning("ref.unused", f"reference '{key}' is never cited", located.loc)

    def check_fields(self) -> None:
        check_cited_fields([self.doc.library[key] for key in self.cited], self.style, self.diags)


def _edges(blocks: Sequence[ir.SourceBlock]) -> tuple[int, int]:
    """ids of the Cite nodes (if any) that open and close a note's text.

    Only the note's own paragraphs count, not what is nested in them (a citation inside
    emphasis, a quote or a list neither opens nor closes the note), so this is no `ir.walk`.
    """
    flat: list[ir.SourceInline] = []
    for block in blocks:
        if isinstance(block, ir.Paragraph):
            flat.extend(block.inlines)
    significant = [n for n in flat if not (isinstance(n, ir.Text) and not n.text.strip())]
    first = significant[0] if significant else None
    last = significant[-1] if significant else None
    if isinstance(last, ir.Text) and not last.text.strip(" \u00a0"):
        last = None
    if blocks and not isinstance(blocks[-1], ir.Paragraph):
        last = None
    return (
        id(first) if isinstance(first, ir.Cite) else 0,
        id(last) if isinstance(last, ir.Cite) else 0,
    )


_SENTENCE_END = re.compile(r"[.?!。．？！][\"'”’)\]」』）]*\s*$")
# a full stop that ends an abbreviation, not a sentence: "cf. ibid.", "e.g. Smith, *Title*"
_ABBREVIATION = re.compile(r"(?:^|\W)(?:cf|e\.g|i\.e|esp|viz|p|pp|para|art|vol|n|nn)\.\s*$", re.I)


def _sentences(blocks: Sequence[ir.SourceBlock]) -> tuple[frozenset[int], ...]:
    """ids of the Cite nodes of a note's paragraphs that open a sentence (the first thing of a
    paragraph, or right after a full stop, question or exclamation mark), of those of them
    that are the whole sentence (a capital follows), and of those that close a sentence after
    its words (its full stop, or the paragraph's end, follows). The first are capitalised as
    a citation opening the note is ("Ibid."), the second end with a full stop ("Ibid., p. 5.
    Then"), the third may be set in parentheses (`punctuation.in-sentence-parens`)."""
    starts: set[int] = set()
    whole: set[int] = set()
    closing: set[int] = set()
    for block in blocks:
        if not isinstance(block, ir.Paragraph):
            continue
        before = ""  # the text since the paragraph began (only its end matters)
        last: int | None = None  # the citation just before
        for node in block.inlines:
            if isinstance(node, ir.Text) and last is not None and not node.text.strip():
                continue  # a space after the citation
            if isinstance(node, ir.Text) and last is not None:
                if last in starts and node.text[:1].isspace() and node.text.lstrip()[:1].isupper():
                    whole.add(last)
                if last not in starts and node.text.lstrip()[:1] in _STOPS:
                    closing.add(last)
            last = None
            if isinstance(node, ir.Cite):
                if not before.strip() or (
                    _SENTENCE_END.search(before) and not _ABBREVIATION.search(before)
                ):
                    starts.add(id(node))
                last = id(node)
                before = "x"  # a citation is text that ends no sentence
            elif isinstance(node, ir.Text):
                before = (before + node.text)[-40:]
            else:
                before = "x"  # emphasis, a link, a note call...: words, not a sentence's end
        if last is not None and last not in starts:
            closing.add(last)  # the paragraph's last words
    return frozenset(starts), frozenset(whole), frozenset(closing)


_STOPS = set(".?!。．？！")


def _top_level(blocks: Sequence[ir.SourceBlock]) -> int:
    """The level of the body's top headings (those of quotes and lists do not count)."""
    levels = [b.level for b in blocks if isinstance(b, ir.Heading)]
    return min(levels) if levels else 1


def resolve(
    doc: SourceDocument,
    style: HouseStyle,
    diags: Diagnostics,
    partners: Sequence[Partner] = (),
) -> ir.ResolvedDocument:
    """Number notes, format citations, and build the render-ready document."""
    check_language(doc, style, diags)
    r = _Resolver(doc, style, diags)
    r.level_shift = _top_level(doc.body.blocks) - 1
    body = r.blocks(doc.body.blocks, BODY)
    r.check_unused()
    r.check_fields()
    meta_md = {k: r.blocks(v.blocks, META) for k, v in doc.meta_md.items()}
    meta = resolve_meta(doc, style, meta_md, partners)
    return ir.ResolvedDocument(
        source=doc.path,
        meta=meta,
        body=body,
        notes=tuple(r.notes),
        bibliography=bibliography(doc, style, r.fmt, list(r.cited)),
        assets=doc.assets,
        citations={k: tuple(v) for k, v in r.cited.items()},
    )
