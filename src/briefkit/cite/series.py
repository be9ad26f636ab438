"""Resolve stage helper: the citation parts for a work's place in a series and its number.

"Working Paper 12", "no. 170", a book's "Adelphi Series 12" and a report's series (Chicago:
*Title*, NIDS Commentary 14 (Publisher, 2016)). Registered with `cite.registry` as the
parts `number`, `collection` and `series`; `cite.parts` imports this module so that they are
among the names a layout may use.
"""

from __future__ import annotations

from briefkit.cite import richtext as rt
from briefkit.cite.registry import PartContext, part
from briefkit.model.reference import Reference


def _has_number(ref: Reference) -> bool:
    return bool(ref.number)


@part("number", reads={"number", "genre"}, claims=[("genre", _has_number)])  # Working Paper 12
def _number(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    if not ref.number:
        return []
    if ref.genre:
        return [f"{ref.genre} {ref.number}"]
    if not ref.number[:1].isdigit():  # "Act No. 43 of 2022" carries its own label
        return [ref.number]
    return [cx.style.terms.number.format(number=ref.number)]


# in a bibliography entry a series is a sentence of its own: "Policy Brief 275. Press, 1997."
@part("collection", reads={"collection-title", "collection-number"}, major=True)
def _collection(cx: PartContext) -> list[rt.Seg]:
    ref = cx.ref
    text = " ".join(x for x in (ref.collection_title, ref.text("collection-number")) if x)
    return [rt.field(text)] if text else []


@part(
    "series",
    major=True,  # in a bibliography entry, a full stop follows it
    reads={"collection-title", "collection-number", "number", "genre"},
    claims=[("genre", _has_number)],
    skip_if={"number"},  # a document's container printed it: "in *Register*, no. 44"
)
def _series(cx: PartContext) -> list[rt.Seg]:
    """A report's number, then its series with the series' number, as CMOS 18's CSL prints
    them: "no. 325, Adelphi Series", "NIDS Commentary 14", "Working Paper 12"."""
    pieces = [_number(cx), _collection(cx)]
    if cx.lang == "ja" and all(pieces):  # NIDSコメンタリー第412号: the series, then its number
        return [rt.seg_text(pieces[1]) + rt.seg_text(pieces[0])]
    if not cx.bibliography:
        return rt.join(pieces, cx.style.punctuation.part)
    # an entry sets each apart as a sentence: "No. 177. Adelphi Series. Publisher, 1993."
    text = (cx.style.punctuation.terminal + " ").join(rt.seg_text(p) for p in pieces if p)
    return [text[:1].upper() + text[1:]] if text else []
