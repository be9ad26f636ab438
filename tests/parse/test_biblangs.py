"""biblatex `langid` + `langidopts` to BCP 47 (`parse.biblangs`), and the reader with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.errors import Diagnostics
from briefkit.model.export import to_csl
from briefkit.model.languages import bcp47
from briefkit.model.library import build_library
from briefkit.parse.biblangs import langid_tag
from briefkit.parse.references import read_reference_file

# every language module biblatex ships (plk/biblatex, tex/latex/biblatex/lbx/*.lbx, 2024)
LBX = """UKenglish USenglish american australian austrian azerbaijani basque brazil brazilian
british bulgarian canadian catalan croatian czech danish dutch english estonian finnish french
galician german greek hungarian icelandic italian latvian lithuanian magyar marathi naustrian
newzealand ngerman norsk norwegian nswissgerman nynorsk persian polish portuges portuguese
romanian russian serbian serbianc slovak slovene slovenian spanish swedish swissgerman thai
turkish ukrainian""".split()


@pytest.mark.parametrize("name", LBX)
def test_every_biblatex_language_is_a_tag(name: str) -> None:
    tag, unused = langid_tag(name)
    assert unused == []
    assert tag != name
    assert bcp47(tag) == tag  # already canonical: the model keeps it as it is


@pytest.mark.parametrize(
    ("langid", "opts", "tag"),
    [
        ("german", "", "de"),
        ("ngerman", "", "de-DE"),
        ("nswissgerman", "", "de-CH"),
        ("german", "variant=swiss, spelling=old", "de-CH-1901"),
        ("german", "variant=austrian", "de-AT"),
        ("english", "variant=british", "en-GB"),
        ("english", "variant=usmax", "en-US"),
        ("english", "variant=australian", "en-AU"),
        ("French", "variant=canadian", "fr-CA"),
        ("greek", "variant=ancient", "grc"),
        ("greek", "variant=poly", "el-polyton"),
        ("polutonikogreek", "", "el-polyton"),
        ("latin", "variant=classic", "la-x-classic"),
        ("serbian", "", "sr-Latn"),
        ("serbianc", "", "sr-Cyrl"),
        ("serbian", "script=cyrillic", "sr-Cyrl"),
        ("arabic", "locale=morocco", "ar-MA"),
        ("portuguese", "variant=brazilian", "pt-BR"),
        ("norwegian", "variant=nynorsk", "nn"),
        ("lowersorbian", "", "dsb"),
        ("pinyin", "", "zh-Latn-pinyin"),
        ("japanese", "", "ja"),
    ],
)
def test_langid_with_its_options(langid: str, opts: str, tag: str) -> None:
    assert langid_tag(langid, opts) == (tag, [])


def test_an_option_that_changes_nothing_is_returned_and_an_unknown_name_kept() -> None:
    assert langid_tag("english", "variant=german, foo=bar") == (
        "en",
        ["variant=german", "foo=bar"],
    )
    assert langid_tag("klingon", "variant=x") == ("klingon", ["variant=x"])


def test_the_reader_writes_the_tag_and_warns_at_an_unused_option() -> None:
    text = (
        "@book{a, title = {A}, langid = {greek}, langidopts = {variant=ancient}}\n"
        "@book{b, title = {B}, langid = {swissgerman}}\n"
        "@book{c, title = {C}, hyphenation = {serbianc}}\n"
        "@book{d,\n  title = {D},\n  langid = {english},\n  langidopts = {variant=martian},\n}\n"
    )
    diags = Diagnostics()
    library = build_library(read_reference_file(Path("l.bib"), text, diags), diags)
    languages = {k: to_csl(v.ref).get("language") for k, v in library.items()}
    assert languages == {"a": "grc", "b": "de-CH", "c": "sr-Cyrl", "d": "en"}
    warned = [(d.code, d.loc.line if d.loc else 0, d.message) for d in diags]
    assert warned == [
        (
            "ref.unknown-language",
            7,  # the langidopts line
            "entry 'd', field 'langidopts': option 'variant=martian' does not change the "
            "language; it is en",
        )
    ]


def test_a_csl_json_language_may_be_a_babel_name() -> None:
    assert bcp47("serbianc") == "sr-Cyrl"
    assert bcp47("polutonikogreek") == "el-polyton"
