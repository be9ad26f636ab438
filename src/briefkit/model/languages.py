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
