"""Parse stage: biblatex localisation keys (`resreport`, `phdthesis`, `countryuk`, `newseries`...)
-> words in the briefing's language.

biblatex databases write these keys in `type`, `location`, `series` and `pubstate` (and as
`\\bibstring{key}`) so that the style prints them in the document's language; pandoc's reader
resolves them from biblatex's `.lbx` strings the same way. The words below are biblatex's long
forms for the keys databases use (biblatex manual, §4.9.2); a language without a table falls
back to English, and an unknown key is left as written.
"""

from __future__ import annotations

_EN = {
    "bathesis": "Bachelor’s thesis",
    "mathesis": "Master’s thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "resreport": "research report",
    "techreport": "technical report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
    "jourser": "series",
    "newseries": "new series",
    "oldseries": "old series",
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "inpress": "in press",
    "prepublished": "pre-published",
    "patent": "patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
    "countryde": "Germany",
    "countryeu": "European Union",
    "countryep": "European Union",
    "countryfr": "France",
    "countryuk": "United Kingdom",
    "countryus": "United States of America",
    "library": "library",
    "abstract": "abstract",
}
_DE = {
    "bathesis": "Bachelorarbeit",
    "mathesis": "Masterarbeit",
    "phdthesis": "Dissertation",
    "candthesis": "Kandidatenarbeit",
    "resreport": "Forschungsbericht",
    "techreport": "Technischer Bericht",
    "software": "Computer-Software",
    "datacd": "CD-ROM",
    "audiocd": "Audio-CD",
    "jourser": "Reihe",
    "newseries": "neue Folge",
    "oldseries": "alte Folge",
    "inpreparation": "in Vorbereitung",
    "submitted": "eingereicht",
    "forthcoming": "angekündigt",
    "inpress": "im Druck",
    "prepublished": "vorveröffentlicht",
    "patent": "Patent",
    "patentde": "deutsches Patent",
    "patenteu": "europäisches Patent",
    "patentfr": "französisches Patent",
    "patentuk": "britisches Patent",
    "patentus": "US-Patent",
    "patreq": "Patentanmeldung",
    "patreqde": "deutsche Patentanmeldung",
    "patreqeu": "europäische Patentanmeldung",
    "patreqfr": "französische Patentanmeldung",
    "patrequk": "britische Patentanmeldung",
    "patrequs": "US-Patentanmeldung",
    "countryde": "Deutschland",
    "countryeu": "Europäische Union",
    "countryep": "Europäische Union",
    "countryfr": "Frankreich",
    "countryuk": "Großbritannien",
    "countryus": "USA",
}
_FR = {
    "bathesis": "mémoire de licence",
    "mathesis": "mémoire de master",
    "phdthesis": "thèse de doctorat",
    "resreport": "rapport scientifique",
    "techreport": "rapport technique",
    "software": "logiciel",
    "jourser": "série",
    "newseries": "nouvelle série",
    "oldseries": "ancienne série",
    "inpreparation": "en préparation",
    "submitted": "soumis",
    "forthcoming": "à paraître",
    "inpress": "sous presse",
    "patent": "brevet",
    "patentde": "brevet allemand",
    "patenteu": "brevet européen",
    "patentfr": "brevet français",
    "patentuk": "brevet britannique",
    "patentus": "brevet américain",
    "patreq": "demande de brevet",
    "patreqfr": "demande de brevet français",
    "countryde": "Allemagne",
    "countryeu": "Union européenne",
    "countryfr": "France",
    "countryuk": "Royaume-Uni",
    "countryus": "États-Unis",
}
TABLES = {"en": _EN, "de": _DE, "fr": _FR}
KEYS = frozenset(_EN)


def resolve_key(key: str, lang: str = "en") -> str:
    """The words for a localisation key in `lang` (a BCP 47 tag), or `key` unchanged."""
    word = key.strip()
    table = TABLES.get(lang.split("-")[0].lower(), _EN)
    return table.get(word, _EN.get(word, word))


def is_key(word: str) -> bool:
    return word.strip() in KEYS
