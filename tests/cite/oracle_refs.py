"""A seeded generator of the references a think tank cites, and of note sequences citing them.

`batch(seed)` returns CSL-JSON references of every type the Chicago oracle compares (books,
chapters, journal, newspaper and magazine articles, web pages and blog posts, reports,
documents, legislation, speeches, interviews, theses, data sets, software, personal
communications), with random names (persons with particles and suffixes, organisations as
`literal`, CJK names), and a sequence of notes: one or several sources, locators of several
labels, prefixes and suffixes, repeated sources (ibid, ibid with a locator, subsequent), and
notes without citations between; some titles hold CSL rich-text markup (`<i>`, `<sc>`, `<b>`).
Everything comes from `random.Random(seed)` (the markup from one seeded by the seed and the
key): the same seed gives the same batch, byte for byte.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

Ref = dict[str, Any]

TYPES = (
    "book",
    "chapter",
    "article-journal",
    "article-newspaper",
    "article-magazine",
    "webpage",
    "post-weblog",
    "report",
    "document",
    "legislation",
    "speech",
    "interview",
    "thesis",
    "dataset",
    "software",
    "personal_communication",
)

_GIVEN = (
    "Jane Richard Amelia Tomotaka Hiroshi Yuki Siti Nguyen Anh Maria José Li Wei Priya "
    "Olusegun Kenji Ingrid Hamid Chen Min-jun Ana Carlos Sophie Pierre"
).split()
_FAMILY = (
    "Doe Roe Smith Shoji Tanaka Watanabe Rahman Tran Fernández García Huang Kumar Okafor "
    "Sato Lindqvist Karimi Park Silva Dubois Müller O’Neill Novak Kowalski Haddad"
).split()
_PARTICLES = (("van", None), ("van der", None), ("de", None), ("della", None), (None, "von"))
_SUFFIXES = ("Jr.", "III")
_CJK = (("山田", "太郎"), ("佐藤", "花子"), ("鈴木", "一郎"), ("李", "明"), ("金", "民俊"))
_ORGS = (
    "Ministry of Defense",
    "National Institute for Defense Studies",
    "ASEAN Secretariat",
    "United Nations Security Council",
    "International Crisis Group",
    "Congressional Research Service",
    "World Bank",
    "Council on Foreign Relations",
)
_WORDS = (
    "Maritime Security Defense Cooperation Strategy Alliance Deterrence Regional Order Power "
    "Competition Indo-Pacific Southeast Asia Japan China Diplomacy Capacity Building Crisis "
    "Governance Institutions Partnership Hedging Balance Nuclear Energy Trade Technology "
    "Cyber Norms Sovereignty Islands Conflict Resilience Policy"
).split()
_SMALL = ("of", "and", "in", "for", "the")
_JOURNALS = (
    "International Security",
    "Survival",
    "Asian Security",
    "Contemporary Southeast Asia",
    "Journal of Strategic Studies",
    "Pacific Affairs",
)
_PAPERS = ("Nikkei Asia", "The Japan Times", "New York Times", "Straits Times", "Kyodo News")
_MAGAZINES = ("The Economist", "Foreign Affairs", "The Diplomat", "Foreign Policy")
_SITES = ("War on the Rocks", "Lawfare", "East Asia Forum", "The Interpreter", "IINA")
_PUBLISHERS = (
    "Oxford University Press",
    "Cambridge University Press",
    "Routledge",
    "Brookings Institution Press",
    "RAND Corporation",
    "National Institute for Defense Studies",
    "Lowy Institute",
)
_PLACES = ("Tokyo", "Washington, DC", "London", "Singapore", "New York", "Canberra")
_SERIES = ("Adelphi Series", "NIDS Commentary", "Research Report", "Policy Brief")
_MONTHS = range(1, 13)
_LOCATORS = (
    ("p.", "page"),
    ("pp.", "page"),
    ("chap.", "chapter"),
    ("sec.", "section"),
    ("para.", "paragraph"),
    ("n.", "note"),
    ("vol.", "volume"),
    ("fig.", "figure"),
    ("", "page"),  # a bare number is a page
)
_PREFIXES = ("see", "see also", "cf.", "compare")
_SUFFIXES_TEXT = ("emphasis added", "for details", "citing official data")


@dataclass(frozen=True)
class Item:
    """One source of a citation as written: `[prefix @key, locator, suffix]`."""

    key: str
    locator: str = ""  # as written after the key: "p. 5", "33-35", "chap. 3"
    prefix: str = ""
    suffix: str = ""

    def markdown(self) -> str:
        text = f"{self.prefix} @{self.key}" if self.prefix else f"@{self.key}"
        if self.locator:
            text += f", {self.locator}"
        if self.suffix:
            text += f", {self.suffix}"
        return text


@dataclass(frozen=True)
class NoteSpec:
    """A note: a citation in body text (its own note), a footnote with a citation inside it,
    or a note without any."""

    items: tuple[Item, ...] = ()
    in_footnote: bool = False

    def markdown(self, number: int) -> str:
        if not self.items:
            return f"Claim {number}.^[A remark without sources, number {number}.]"
        cite = "[" + "; ".join(i.markdown() for i in self.items) + "]"
        if self.in_footnote:
            return f"Claim {number}.^[On this point, {cite}.]"
        return f"Claim {number}.{cite}"


@dataclass
class Batch:
    refs: list[Ref]
    notes: list[NoteSpec]
    types: dict[str, str] = field(default_factory=dict)  # key -> CSL type

    @property
    def citations(self) -> int:
        return sum(len(n.items) for n in self.notes)

    def markdown(self, bibliography: str) -> str:
        """A briefing both pandoc and briefkit read: one paragraph per note."""
        head = (
            "---\n"
            "title: Chicago oracle\n"
            "lang: en-US\n"
            f"bibliography: {bibliography}\n"
            "bibliography-section: true\n"
            "---\n\n"
        )
        return head + "\n\n".join(n.markdown(i) for i, n in enumerate(self.notes, 1)) + "\n"

    def csl_json(self) -> str:
        return json.dumps(self.refs, ensure_ascii=False, indent=1)


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.seed = seed

    # ------------------------------------------------------------ atoms
    def person(self) -> dict[str, str]:
        r = self.r
        roll = r.random()
        if roll < 0.1:
            family, given = r.choice(_CJK)
            return {"family": family, "given": given}
        name = {"family": r.choice(_FAMILY), "given": r.choice(_GIVEN)}
        if roll < 0.2:
            nondrop, drop = r.choice(_PARTICLES)
            if nondrop:
                name["non-dropping-particle"] = nondrop
            if drop:
                name["dropping-particle"] = drop
        elif roll < 0.25:
            name["suffix"] = r.choice(_SUFFIXES)
        return name

    def names(self, most: int = 4) -> list[dict[str, str]]:
        r = self.r
        if r.random() < 0.15:
            return [{"literal": r.choice(_ORGS)}]
        count = r.choices(range(1, most + 1), weights=[6, 3, 2, 1][:most])[0]
        return [self.person() for _ in range(count)]

    def title(self, words: tuple[int, int] = (2, 6)) -> str:
        r = self.r
        picked = [r.choice(_WORDS) for _ in range(r.randint(*words))]
        if len(picked) > 2 and r.random() < 0.5:
            picked.insert(r.randint(1, len(picked) - 1), r.choice(_SMALL))
        text = " ".join(picked)
        if r.random() < 0.3:
            text += ": " + " ".join(r.choice(_WORDS) for _ in range(r.randint(2, 4)))
        return text

    def date(self, precision: str | None = None) -> dict[str, list[list[int]]]:
        r = self.r
        precision = precision or r.choice(("year", "month", "day"))
        parts = [r.randint(1990, 2025)]
        if precision in ("month", "day"):
            parts.append(r.choice(_MONTHS))
        if precision == "day":
            parts.append(r.randint(1, 28))
        return {"date-parts": [parts]}

    def url(self, key: str) -> str:
        return f"https://www.example.org/{self.r.choice(_WORDS).lower()}/{key}.html"

    def pages(self) -> str:
        start = self.r.randint(1, 400)
        return f"{start}-{start + self.r.randint(5, 40)}"

    # ------------------------------------------------------------ references
    def ref(self, key: str, kind: str) -> Ref:
        r = self.r
        ref: Ref = {"id": key, "type": kind, "title": self.title()}
        maybe = r.random
        if kind == "book":
            if maybe() < 0.15:
                ref["editor"] = self.names(3)
            else:
                ref["author"] = self.names()
                if maybe() < 0.2:
                    ref["editor"] = self.names(2)
            if maybe() < 0.2:
                ref["translator"] = [self.person()]
            if maybe() < 0.2:
                ref["edition"] = str(r.randint(2, 5))
            if maybe() < 0.15:
                ref["volume"] = str(r.randint(1, 4))
            if maybe() < 0.2:
                ref["collection-title"] = r.choice(_SERIES)
                ref["collection-number"] = str(r.randint(1, 480))
            ref["publisher"] = r.choice(_PUBLISHERS)
            if maybe() < 0.8:
                ref["publisher-place"] = r.choice(_PLACES)
            ref["issued"] = self.date("year")
        elif kind == "chapter":
            ref["author"] = self.names(2)
            ref["container-title"] = self.title()
            ref["editor"] = self.names(3)
            ref["page"] = self.pages()
            ref["publisher"] = r.choice(_PUBLISHERS)
            ref["publisher-place"] = r.choice(_PLACES)
            ref["issued"] = self.date("year")
        elif kind == "article-journal":
            ref["author"] = self.names()
            ref["container-title"] = r.choice(_JOURNALS)
            ref["volume"] = str(r.randint(1, 60))
            if maybe() < 0.8:
                ref["issue"] = str(r.randint(1, 4))
            ref["page"] = self.pages()
            ref["issued"] = self.date(r.choice(("year", "month")))
            if maybe() < 0.5:
                ref["DOI"] = f"10.{r.randint(1000, 9999)}/{key}"
        elif kind in ("article-newspaper", "article-magazine"):
            if maybe() < 0.7:
                ref["author"] = self.names(2)
            papers = _PAPERS if kind == "article-newspaper" else _MAGAZINES
            ref["container-title"] = r.choice(papers)
            ref["issued"] = self.date("day" if kind == "article-newspaper" else "month")
            if maybe() < 0.3:
                ref["section"] = r.choice(("Opinion", "World", "Asia"))
            if maybe() < 0.15:
                ref["edition"] = r.choice(("Asia", "Late"))
            if maybe() < 0.5:
                ref["URL"] = self.url(key)
        elif kind in ("webpage", "post-weblog"):
            if maybe() < 0.75:
                ref["author"] = self.names(2)
            ref["container-title"] = r.choice(_SITES)
            if maybe() < 0.4:
                ref["publisher"] = r.choice(_ORGS)
            if maybe() < 0.8:
                ref["issued"] = self.date("day")
            else:
                ref["accessed"] = self.date("day")
            ref["URL"] = self.url(key)
        elif kind == "report":
            ref["author"] = self.names(3)
            if maybe() < 0.6:
                ref["collection-title"] = r.choice(_SERIES)
            if maybe() < 0.6:
                ref["number"] = str(r.randint(1, 500))
            ref["publisher"] = r.choice(_PUBLISHERS)
            if maybe() < 0.6:
                ref["publisher-place"] = r.choice(_PLACES)
            ref["issued"] = self.date()
            if maybe() < 0.5:
                ref["URL"] = self.url(key)
        elif kind == "document":
            if maybe() < 0.6:
                ref["author"] = self.names(2)
            if maybe() < 0.4:
                ref["container-title"] = self.title()
                ref["volume"] = str(r.randint(1, 30))
            if maybe() < 0.4:
                ref["number"] = str(r.randint(1, 99))
            if maybe() < 0.4:
                ref["page"] = self.pages()
            if maybe() < 0.5:
                ref["publisher"] = r.choice(_ORGS)
            ref["issued"] = self.date()
            if maybe() < 0.5:
                ref["URL"] = self.url(key)
        elif kind == "legislation":
            ref["title"] = f"{self.title((1, 3))} Act"
            if maybe() < 0.6:
                ref["container-title"] = r.choice(("U.S. Statutes at Large", "Official Gazette"))
                ref["volume"] = str(r.randint(1, 130))
                ref["page"] = str(r.randint(1, 3000))
            if maybe() < 0.5:
                ref["number"] = f"Act No. {r.randint(1, 120)} of {r.randint(1990, 2025)}"
            ref["issued"] = self.date()
        elif kind == "speech":
            ref["author"] = [self.person()]
            ref["genre"] = r.choice(("Speech", "Keynote address", "Lecture"))
            ref["event-title"] = r.choice(("Shangri-La Dialogue", "ADMM-Plus", "Raisina Dialogue"))
            ref["publisher-place"] = r.choice(_PLACES)
            ref["issued"] = self.date("day")
            if maybe() < 0.4:
                ref["URL"] = self.url(key)
        elif kind == "interview":
            ref["author"] = [self.person()]
            if maybe() < 0.7:
                ref["interviewer"] = [self.person()]
            if maybe() < 0.5:
                ref["genre"] = "Interview"
            if maybe() < 0.4:
                ref["container-title"] = r.choice(_PAPERS)
            if maybe() < 0.4:
                ref["publisher-place"] = r.choice(_PLACES)
            ref["issued"] = self.date("day")
        elif kind == "thesis":
            ref["author"] = [self.person()]
            ref["genre"] = r.choice(("PhD diss.", "Master’s thesis"))
            ref["publisher"] = r.choice(("University of Tokyo", "Australian National University"))
            ref["issued"] = self.date("year")
        elif kind == "dataset":
            ref["author"] = self.names(2)
            ref["publisher"] = r.choice(_ORGS)
            ref["issued"] = self.date(r.choice(("year", "day")))
            if maybe() < 0.4:
                ref["version"] = f"{r.randint(1, 5)}.{r.randint(0, 9)}"
            if maybe() < 0.5:
                ref["DOI"] = f"10.{r.randint(1000, 9999)}/{key}"
            else:
                ref["URL"] = self.url(key)
        elif kind == "software":
            ref["author"] = self.names(2)
            ref["version"] = f"{r.randint(1, 5)}.{r.randint(0, 9)}.{r.randint(0, 9)}"
            if maybe() < 0.5:
                ref["publisher"] = r.choice(_ORGS)
            ref["issued"] = self.date("year")
            ref["URL"] = self.url(key)
        elif kind == "personal_communication":
            ref["author"] = [self.person()]
            ref["genre"] = r.choice(("email to the author", "letter to the author"))
            ref["issued"] = self.date("day")
            if maybe() < 0.5:
                del ref["title"]
        if "title" in ref and maybe() < 0.15:
            # two words that Chicago's title case leaves alone (the house never recases)
            words = [w for w in ref["title"].rstrip(":").split() if w not in _SMALL]
            ref["title-short"] = " ".join(words[:2]).rstrip(":")
        self.markup(key, ref)
        return ref

    def markup(self, key: str, ref: Ref) -> None:
        """CSL rich text in some titles (a book title within a title, an acronym in small caps,
        a bold word), drawn from a generator of its own so the rest of the batch is unchanged."""
        r = random.Random(f"{self.seed}-markup-{key}")
        for var in ("title", "container-title"):
            text = ref.get(var)
            if not isinstance(text, str) or r.random() >= 0.15:
                continue
            words = text.split(" ")
            start = r.randrange(len(words))
            end = min(len(words), start + r.randint(1, 3))
            if any(":" in w for w in words[start:end]):
                continue  # the subtitle's colon stays outside the markup
            tag = r.choice(("i", "i", "i", "sc", "b"))
            inner = " ".join(words[start:end])
            ref[var] = " ".join([*words[:start], f"<{tag}>{inner}</{tag}>", *words[end:]])

    # ------------------------------------------------------------ citations
    def item(self, key: str) -> Item:
        r = self.r
        locator = ""
        if r.random() < 0.6:
            label, kind = r.choice(_LOCATORS)
            value = self.pages() if label == "pp." else str(r.randint(1, 300))
            if kind == "page" and label == "" and r.random() < 0.3:
                value = self.pages()
            locator = f"{label} {value}".strip()
        prefix = r.choice(_PREFIXES) if r.random() < 0.12 else ""
        suffix = r.choice(_SUFFIXES_TEXT) if r.random() < 0.08 else ""
        return Item(key, locator, prefix, suffix)

    def notes(self, keys: list[str], count: int) -> list[NoteSpec]:
        r = self.r
        out: list[NoteSpec] = []
        recent: list[str] = []
        for _ in range(count):
            roll = r.random()
            if roll < 0.08:
                out.append(NoteSpec())
                continue
            size = r.choices((1, 2, 3), weights=(75, 20, 5))[0]
            chosen: list[str] = []
            for _ in range(size):
                if recent and r.random() < 0.45:  # the same source again: ibid, subsequent
                    key = r.choice(recent[-3:]) if r.random() < 0.7 else r.choice(recent)
                else:
                    key = r.choice(keys)
                if key not in chosen:
                    chosen.append(key)
            recent.extend(chosen)
            items = tuple(self.item(k) for k in chosen)
            out.append(NoteSpec(items, in_footnote=r.random() < 0.06))
        return out


def batch(seed: int, per_type: int = 14, notes: int = 1800) -> Batch:
    """References (`per_type` of each type, in a shuffled order) and `notes` notes citing them."""
    gen = _Gen(seed)
    refs: list[Ref] = []
    for kind in TYPES:
        for i in range(per_type):
            key = f"{kind.replace('_', '-')}-{i}"
            refs.append(gen.ref(key, kind))
    gen.r.shuffle(refs)
    keys = [ref["id"] for ref in refs]
    spec = gen.notes(keys, notes)
    return Batch(refs, spec, {ref["id"]: ref["type"] for ref in refs})
