"""Parse stage: biblatex's `langid` and `langidopts` -> a BCP 47 language tag.

Consumes the two fields as written (`langid = {german}`, `langidopts = {variant=swiss,
spelling=old}`); produces the tag (`de-CH-1901`) and the options it did not understand. The
names are every language biblatex ships a module for (its `lbx/` files: `ngerman`,
`serbianc`, `UKenglish`, `brazil`...) and the babel and polyglossia names besides them
(`polutonikogreek`, `lowersorbian`, `pinyin`); the options are polyglossia's (`variant=`,
`spelling=old`, `script=`, `locale=`), as pandoc's LaTeX reader maps them. A name that is not
among them is returned as written: the model then reports it (`ref.unknown-language`).

A plain name is the language alone where the language has one standard (`german` is `de`,
`english` is `en`), and the region where the name says one (`ngerman` is `de-DE`, `british`
`en-GB`): the citation engine keys its treatment on the primary subtag either way.
"""

from __future__ import annotations

import re

BABEL: dict[str, str] = {
    # biblatex's language modules (tex/latex/biblatex/lbx/*.lbx)
    "american": "en-US", "usenglish": "en-US", "australian": "en-AU", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "english": "en", "newzealand": "en-NZ",
    "austrian": "de-AT", "naustrian": "de-AT", "german": "de", "ngerman": "de-DE",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "azerbaijani": "az", "basque": "eu",
    "brazil": "pt-BR", "brazilian": "pt-BR", "portuges": "pt-PT", "portuguese": "pt",
    "bulgarian": "bg", "catalan": "ca", "croatian": "hr", "czech": "cs", "danish": "da",
    "dutch": "nl", "estonian": "et", "finnish": "fi", "french": "fr", "galician": "gl",
    "greek": "el", "hungarian": "hu", "magyar": "hu", "icelandic": "is", "italian": "it",
    "latvian": "lv", "lithuanian": "lt", "marathi": "mr", "norsk": "nb", "norwegian": "no",
    "nynorsk": "nn", "persian": "fa", "polish": "pl", "romanian": "ro", "russian": "ru",
    "serbian": "sr-Latn", "serbianc": "sr-Cyrl", "slovak": "sk", "slovene": "sl",
    "slovenian": "sl", "spanish": "es", "swedish": "sv", "thai": "th", "turkish": "tr",
    "ukrainian": "uk",
    # babel and polyglossia names beyond those
    "acadian": "fr-CA", "canadien": "fr-CA", "francais": "fr", "frenchb": "fr",
    "germanb": "de", "mexican": "es-MX", "spanishmx": "es-MX", "afrikaans": "af",
    "albanian": "sq", "amharic": "am", "arabic": "ar", "armenian": "hy", "assamese": "as",
    "asturian": "ast", "bahasa": "id", "bahasai": "id", "bahasam": "ms", "belarusian": "be",
    "bengali": "bn", "bosnian": "bs", "breton": "br", "chinese": "zh",
    "classiclatin": "la-x-classic",
    "coptic": "cop", "divehi": "dv", "esperanto": "eo", "farsi": "fa", "friulan": "fur",
    "friulian": "fur", "gaelic": "gd", "scottish": "gd", "scottishgaelic": "gd",
    "georgian": "ka", "gujarati": "gu", "hebrew": "he", "hindi": "hi", "indonesian": "id",
    "interlingua": "ia", "irish": "ga", "japanese": "ja", "kannada": "kn", "kazakh": "kk",
    "khmer": "km", "korean": "ko", "kurmanji": "kmr", "lao": "lo", "latin": "la",
    "ecclesiasticlatin": "la", "medievallatin": "la", "lowersorbian": "dsb",
    "lsorbian": "dsb", "uppersorbian": "hsb", "usorbian": "hsb", "luxembourgish": "lb",
    "macedonian": "mk", "malay": "ms", "malayalam": "ml", "mongolian": "mn", "nko": "nqo",
    "northernsami": "se", "samin": "se", "occitan": "oc", "oriya": "or", "piedmontese": "pms",
    "pinyin": "zh-Latn-pinyin", "polutonikogreek": "el-polyton", "ancientgreek": "grc",
    "punjabi": "pa", "romansh": "rm", "sanskrit": "sa", "syriac": "syr", "tamil": "ta",
    "telugu": "te", "tibetan": "bo", "turkmen": "tk", "urdu": "ur", "uyghur": "ug",
    "uzbek": "uz", "vietnamese": "vi", "welsh": "cy",
}  # fmt: skip

# polyglossia's `variant=` values that name a region or form of one language (primary subtag,
# variant) -> tag; any other variant that is itself a language name of the same language
# (`english` + `variant=british`) is that name's tag
_VARIANTS: dict[tuple[str, str], str] = {
    ("en", "us"): "en-US", ("en", "usmax"): "en-US", ("en", "uk"): "en-GB",
    ("de", "german"): "de-DE", ("de", "austrian"): "de-AT", ("de", "swiss"): "de-CH",
    ("fr", "canadian"): "fr-CA", ("fr", "acadian"): "fr-CA", ("fr", "swiss"): "fr-CH",
    ("fr", "belgian"): "fr-BE", ("el", "monotonic"): "el", ("el", "mono"): "el",
    ("el", "poly"): "el-polyton", ("el", "polytonic"): "el-polyton", ("el", "ancient"): "grc",
    ("la", "classic"): "la-x-classic", ("la", "medieval"): "la", ("la", "ecclesiastic"): "la",
    ("la", "modern"): "la", ("pt", "brazilian"): "pt-BR", ("pt", "portuguese"): "pt-PT",
    ("pt", "brazil"): "pt-BR", ("es", "mexican"): "es-MX", ("es", "spanish"): "es-ES",
    ("no", "bokmal"): "nb", ("no", "nynorsk"): "nn", ("nb", "nynorsk"): "nn",
    ("zh", "simplified"): "zh-Hans", ("zh", "traditional"): "zh-Hant",
}  # fmt: skip
_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "greek": "Grek"}
_ARABIC = {
    "algeria": "DZ", "mashriq": "SY", "libya": "LY", "morocco": "MA", "mauritania": "MR",
    "tunisia": "TN",
}  # fmt: skip


def langid_tag(langid: str, opts: str = "") -> tuple[str, list[str]]:
    """The BCP 47 tag of a biblatex `langid` with its `langidopts`, and the options (as
    written) it could not use. An unknown `langid` comes back as written, options unused."""
    name = re.sub(r"[\s_]", "", langid).lower()
    tag = BABEL.get(name)
    options = [o.strip() for o in opts.split(",") if o.strip()]
    if tag is None:
        return langid.strip(), options
    unused: list[str] = []
    old_spelling = False
    for option in options:
        key, _, value = (p.strip().lower() for p in option.partition("="))
        primary = tag.split("-")[0]
        if key == "variant":
            named = _VARIANTS.get((primary, value)) or BABEL.get(value)
            if named is None or named.split("-")[0] not in (primary, "grc", "nn"):
                unused.append(option)
            else:
                tag = named
        elif key == "spelling" and primary == "de" and value in ("old", "new", "1901", "1996"):
            old_spelling = value in ("old", "1901")
        elif key == "script" and value in _SCRIPTS:
            tag = _with_script(tag, _SCRIPTS[value])
        elif key == "locale" and primary == "ar" and value in _ARABIC:
            tag = f"ar-{_ARABIC[value]}"
        else:
            unused.append(option)
    return (f"{tag}-1901" if old_spelling else tag), unused


def _with_script(tag: str, script: str) -> str:
    primary, *rest = tag.split("-")
    rest = [s for s in rest if not (len(s) == 4 and s.isalpha())]
    return "-".join([primary, script, *rest])
