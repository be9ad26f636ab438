"""Model: a reference's `language` as a BCP 47 tag, however the export spelt it.

Zotero writes `en-US` or `Japanese`, BibTeX's `langid` holds babel and polyglossia names
(`ngerman`, `american`, `japanese`: all of biblatex's, parse/biblangs.py), library catalogues
use ISO 639-2 codes (`jpn`, `ger`).
The citation engine decides a source's treatment by its primary language subtag, so the same
source must not change form with the spelling: every value is mapped here to one tag
(`japanese`, `Japanese`, `ja-jp` and `jpn` are all `ja`). A value that maps to nothing is kept
as written, and the library reports it (`ref.unknown-language`).
"""

from __future__ import annotations

import re

from briefkit.parse.biblangs import BABEL

_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# "հայերեն [Armenian]": one language's own name and its English one (two languages stay unknown)
_GLOSSED = re.compile(r"([^\[\],/]+?)\s*\[([^\[\],/]+)\]")

# babel / polyglossia language names, English names, ISO 639-2/B and /T codes, endonyms
_NAMES: dict[str, str] = {
    "english": "en",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "japanese": "ja",
    "日本語": "ja",
    "german": "de",
    "ngerman": "de-DE",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "acadian": "fr-CA",
    "canadien": "fr-CA",
    "spanish": "es",
    "mexican": "es-MX",
    "italian": "it",
    "portuguese": "pt",
    "portuges": "pt",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "dutch": "nl",
    "russian": "ru",
    "ukrainian": "uk",
    "polish": "pl",
    "czech": "cs",
    "slovak": "sk",
    "slovene": "sl",
    "slovenian": "sl",
    "croatian": "hr",
    "serbian": "sr",
    "bulgarian": "bg",
    "romanian": "ro",
    "hungarian": "hu",
    "magyar": "hu",
    "greek": "el",
    "turkish": "tr",
    "swedish": "sv",
    "norsk": "nb",
    "norwegian": "nb",
    "nynorsk": "nn",
    "danish": "da",
    "finnish": "fi",
    "icelandic": "is",
    "estonian": "et",
    "latvian": "lv",
    "lithuanian": "lt",
    "catalan": "ca",
    "basque": "eu",
    "galician": "gl",
    "irish": "ga",
    "welsh": "cy",
    "latin": "la",
    "hebrew": "he",
    "arabic": "ar",
    "persian": "fa",
    "farsi": "fa",
    "hindi": "hi",
    "bengali": "bn",
    "thai": "th",
    "vietnamese": "vi",
    "indonesian": "id",
    "bahasa": "id",
    "malay": "ms",
    "tagalog": "tl",
    "filipino": "fil",
    "chinese": "zh",
    "中文": "zh",
    "korean": "ko",
    "한국어": "ko",
    # ISO 639-2: the bibliographic (B) and terminology (T) codes of the common languages
    "eng": "en",
    "jpn": "ja",
    "ger": "de",
    "deu": "de",
    "fre": "fr",
    "fra": "fr",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "dut": "nl",
    "nld": "nl",
    "rus": "ru",
    "chi": "zh",
    "zho": "zh",
    "kor": "ko",
    "ara": "ar",
    "pol": "pl",
    "swe": "sv",
    "vie": "vi",
    "ind": "id",
    "tha": "th",
    "tur": "tr",
    "gre": "el",
    "ell": "el",
    "heb": "he",
    "lat": "la",
}


def bcp47(value: str) -> str | None:
    """The BCP 47 tag `value` stands for, in canonical case (`ja`, `en-US`, `zh-Hant-TW`), or
    None when it names no language briefkit knows."""
    text = value.strip()
    key = text.lower().replace(" ", "").replace("_", "")
    named = _NAMES.get(key) or BABEL.get(key)
    if named is not None:
        return named
    glossed = _GLOSSED.fullmatch(text)
    if glossed:  # an endonym with its English name, as Zotero libraries write them
        return bcp47(glossed.group(2)) or bcp47(glossed.group(1))
    text = text.replace("_", "-")
    if not _TAG.fullmatch(text):
        return None
    primary, *rest = text.split("-")
    if len(primary) == 3 and primary.lower() in _NAMES:  # jpn-JP
        primary = _NAMES[primary.lower()]
    subtags = [primary.lower()]
    for sub in rest:
        if len(sub) == 2 and sub.isalpha():
            subtags.append(sub.upper())  # region
        elif len(sub) == 4 and sub.isalpha():
            subtags.append(sub.title())  # script
        else:
            subtags.append(sub.lower())
    return "-".join(subtags)


# ISO 639-1: every two-letter language code (a short, stable list: the IANA registry adds none).
# Three-letter primary subtags are ISO 639-2/3, thousands of codes (yue, fil, haw): only those
# that have a two-letter code are caught (`jpn`: BCP 47 takes the shortest code).
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy"
    " da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht"
    " hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky"
    " la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny"
    " oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss"
    " st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo"
    " za zh zu".split()
)
# RFC 5646 section 2.1, `langtag` (the irregular grandfathered tags aside): language [-extlang]
# [-script] [-region] *(-variant) *(-extension) [-privateuse]
_WELL_FORMED = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*"
    r"(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*"
    r"(?:-x(?:-[a-z\d]{1,8})+)?",
    re.IGNORECASE,
)


def tag_problem(tag: str) -> tuple[str, str] | None:
    """What is wrong with a document's language tag (message, hint), or None: a tag that is not
    well-formed BCP 47, or whose language subtag is no ISO 639 language briefkit knows."""
    if not _WELL_FORMED.fullmatch(tag):
        return (
            f"'{tag}' is not a well-formed BCP 47 language tag",
            "a language, then a script, a region or variants if any: en, en-GB, zh-Hant-TW",
        )
    primary = tag.split("-")[0].lower()
    if len(primary) == 2 and primary not in ISO_639_1:
        return (f"'{primary}' is not an ISO 639 language code", "write e.g. en, fr, ja or zh")
    short = _NAMES.get(primary) if len(primary) == 3 else None
    if short is not None and len(short) == 2:
        return (
            f"'{primary}' has a two-letter code, which BCP 47 requires",
            f"write '{short}{tag[len(primary) :]}'",
        )
    return None
