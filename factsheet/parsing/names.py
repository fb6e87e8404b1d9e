"""Canonical names for people, countries, groups and office-holders.

The spellings live in `factsheet/data/names.json` (data, not code): demonyms, capitals,
seats of government, offices and their holders, and the words by which a country's own
institutions stand for it ("the government", "the central bank"). Country names and
codes come from CLDR through Babel (every territory's English name is a country
spelling; a web address's country code names its outlet's country). Names are compared
after folding diacritics ("Tô Lâm" is "To Lam"). On top of the table, names are resolved
within an article: a bare surname takes the full name
the article used elsewhere ("Putin" -> "Vladimir Putin"), and a misspelling close to
a name the article gives resolves to it ("Vikov" -> "Steve Witkoff").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

_TITLES = re.compile(
    r"^(?:(?:the|former|then|us|u\.s\.|presidents?|vice\s+president|prime\s+minister|premier|"
    r"chancellor|minister|foreign\s+minister|defen[cs]e\s+minister|secretary(?:\s+of\s+state)?|"
    r"general|gen\.|envoy|special\s+envoy|mr\.?|mrs\.?|ms\.?|dr\.?|sir|dame|king|queen|prince|"
    r"sheikh|senator|sen\.|rep\.|representative|governor|gov\.|mayor|pope|ambassador|"
    r"spokesman|spokeswoman|spokesperson|aide|adviser|advisor|leader|chief|nato\s+chief)\s+)+",
    re.IGNORECASE,
)
FUZZY_THRESHOLD = 70.0
"""Similarity (0-100, rapidfuzz ratio on sound-folded names) above which a surname
is taken as a misspelling of a name in the same article. Measured on transliterated
surnames: 70 joins Vikov/Witkoff (72.7) and Zarensky/Zelensky (75.0) while keeping
apart Putin/Peskov (18.2) and Trump/Tusk (44.4)."""


@dataclass(frozen=True)
class Office:
    country: str
    office: str
    leader: bool
    holders: tuple[tuple[str, dt.date, dt.date | None], ...]

    def holder_on(self, day: dt.date | None) -> str | None:
        day = day or dt.date.today()
        for name, start, end in self.holders:
            if start <= day and (end is None or day < end):
                return name
        return None


@dataclass(eq=False)
class NameTable:
    """The shipped alias table, indexed for lookup by casefolded spelling.

    Compared and hashed by identity: a loaded table is one immutable source of truth."""

    people: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    venues: dict[str, str] = field(default_factory=dict)
    offices: list[Office] = field(default_factory=list)
    canonical_people: set[str] = field(default_factory=set)
    organisations: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, set[str]] = field(default_factory=dict)
    """Every known spelling of each canonical name (the name itself included)."""
    institutions: tuple[str, ...] = ()
    """Words for a country's own bodies ("government", "central bank", "customs", "armed
    forces"): "the Indian finance ministry" stands for India."""
    territory_codes: dict[str, str] = field(default_factory=dict)
    """ISO 3166 alpha-2 code (lower case, as in a web address) -> canonical country."""

    @classmethod
    def from_json(cls, data: dict) -> NameTable:
        table = cls()
        for section, index in (
            ("people", table.people),
            ("countries", table.countries),
            ("groups", table.groups),
            ("organisations", table.organisations),
        ):
            for canonical, aliases in data.get(section, {}).items():
                if section == "people":
                    table.canonical_people.add(canonical)
                for alias in [canonical, *aliases]:
                    index[_key(alias)] = canonical
                    table.spellings.setdefault(canonical, set()).add(alias)
        for country, aliases in data.get("venues", {}).items():
            for alias in aliases:
                table.venues[_key(alias)] = country
        for entry in data.get("offices", []):
            holders = tuple(
                (
                    h["name"],
                    dt.date.fromisoformat(h["from"]),
                    dt.date.fromisoformat(h["to"]) if h.get("to") else None,
                )
                for h in entry["holders"]
            )
            table.offices.append(
                Office(entry["country"], entry["office"], bool(entry.get("leader")), holders)
            )
        table.institutions = tuple(sorted(data.get("institutions", []), key=len, reverse=True))
        _add_territories(table, data.get("generic_domains", []))
        return table

    def institution_country(self, mention: str) -> str | None:
        """The country whose own body `mention` names ("the Indian finance ministry", "Bank of
        Japan", "Pakistan's armed forces"): a country spelling left when its institution
        words are taken away."""
        words = fold(mention).replace("’", "'").casefold()
        found = False
        for institution in self.institutions:
            pattern = rf"\b{re.escape(institution)}s?\b"
            if re.search(pattern, words):
                words = re.sub(pattern, " ", words)
                found = True
        if not found:
            return None
        rest = re.sub(r"\b(?:the|of|for|and|'s)\b|'s\b|[,.]", " ", words)
        rest = " ".join(rest.split())
        return self.country(rest) if rest else None

    def country_of_address(self, url: str | None) -> str | None:
        """The country an outlet's web address names by its country code ("….co.ke" -> Kenya);
        None for generic ones (".com", ".tv", ".io")."""
        if not url:
            return None
        host = re.sub(r"^[a-z]+://", "", url.casefold()).split("/", 1)[0].split(":", 1)[0]
        return self.territory_codes.get(host.rsplit(".", 1)[-1])

    def country(self, mention: str) -> str | None:
        return self.countries.get(_key(mention))

    def organisation(self, mention: str) -> str | None:
        return self.organisations.get(_key(mention))

    def canonical(self, mention: str) -> str | None:
        """The canonical name `mention` is an exact known spelling of, if any (any sort of entity)."""
        key = _key(mention)
        for index in (self.people, self.countries, self.organisations, self.groups):
            if key in index:
                return index[key]
        return None

    def offices_held(self, person: str, day: dt.date | None) -> list[Office]:
        """The offices `person` held on `day` ("the Chilean president" names its holder)."""
        return [o for o in self.offices if o.holder_on(day) == person]

    def by_surname(self, surname: str) -> str | None:
        """The one canonical person in the table with this surname, if exactly one."""
        key = surname.casefold()
        found = {p for p in self.canonical_people if p.split()[-1].casefold() == key}
        return found.pop() if len(found) == 1 else None

    def venue_country(self, place: str) -> str | None:
        """The country whose seat of government `place` is ("White House" -> United States)."""
        return self.venues.get(_key(place))

    def group(self, mention: str) -> str | None:
        return self.groups.get(_key(mention))

    def office_holder(self, country: str, office: str | None, day: dt.date | None) -> str | None:
        """Who held `office` (or, with None, the leading office) of `country` on `day`."""
        for entry in self.offices:
            if entry.country != country:
                continue
            if (office is None and entry.leader) or (office and entry.office == office.lower()):
                return entry.holder_on(day)
        return None

    def country_led_by(self, person: str) -> str | None:
        for entry in self.offices:
            if entry.leader and any(name == person for name, _, _ in entry.holders):
                return entry.country
        return None


@cache
def default_table() -> NameTable:
    text = resources.files("factsheet.data").joinpath("names.json").read_text(encoding="utf-8")
    return NameTable.from_json(json.loads(text))


def load_table(path: Path | None) -> NameTable:
    return default_table() if path is None else NameTable.from_json(json.loads(path.read_text("utf-8")))


def _key(name: str) -> str:
    return " ".join(fold(name).replace("’", "'").split()).casefold()


_UNFOLDED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"})


@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """Text without diacritics ("Tô Lâm" -> "To Lam", "Erdoğan" -> "Erdogan"), for comparing
    names; letters without a decomposition are mapped by hand (ø, ł, đ, ı, ß)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNFOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _add_territories(table: NameTable, generic_domains: list[str]) -> None:
    """Every territory's English name from CLDR (Babel) as a spelling of its country, and its
    ISO code for web addresses. Names CLDR writes with a qualifier ("Congo - Kinshasa",
    "Myanmar (Burma)") add only their plain part when that is a known country."""
    from babel import Locale

    english = Locale.parse("en")
    generic = {d.casefold() for d in generic_domains}
    for code, name in english.territories.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isalpha()) or code in ("ZZ", "EU", "UN"):
            continue
        plain = re.split(r"\s+[-(]|\s+SAR\b", name)[0].strip()
        canonical = table.country(name) or table.country(plain)
        if canonical is None and plain == name:
            canonical = name
            table.spellings.setdefault(name, set()).add(name)
        if canonical is None:
            continue
        table.countries.setdefault(_key(name), canonical)
        table.spellings.setdefault(canonical, set()).add(fold(name) if plain == name else canonical)
        domain = "uk" if code == "GB" else code.casefold()
        if domain not in generic:
            table.territory_codes[domain] = canonical


def strip_titles(mention: str, table: NameTable | None = None) -> str:
    """'Ukrainian President Volodymyr Zelensky's' -> 'Volodymyr Zelensky'."""
    text = re.sub(r"(?:'s|’s|'|’)$", "", mention.strip())
    table = table or default_table()
    previous = None
    while previous != text:
        previous = text
        text = _TITLES.sub("", text).strip(" ,.")
        first, _, rest = text.partition(" ")
        if rest and table.country(first) and first[:1].isupper():
            text = rest  # a nationality or country before a name: "Russian", "US"
    return text


def _sound_fold(name: str) -> str:
    """Fold spellings that transliteration confuses: w/v, ff/f, y/i, ck/k, doubled letters."""
    text = name.casefold().replace("w", "v").replace("ck", "k").replace("y", "i")
    text = text.replace("ph", "f").replace("kh", "h").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", text)


class ArticleNames:
    """Resolves the names of one article against the table and the article's own names."""

    def __init__(self, table: NameTable, full_names: Iterable[str], published: dt.date | None):
        self.table = table
        self.published = published
        self.full_names: list[str] = []
        for name in full_names:
            clean = strip_titles(name, table)
            if len(clean.split()) >= 2 and clean not in self.full_names:
                self.full_names.append(clean)

    def person(self, mention: str) -> str:
        """The canonical name for a person mention."""
        clean = strip_titles(mention, self.table)
        if not clean:
            return mention.strip()
        if hit := self.table.people.get(_key(clean)):
            return hit
        surname = clean.split()[-1]
        for full in self.full_names:
            if full.split()[-1].casefold() == surname.casefold() and len(full) >= len(clean):
                return self.table.people.get(_key(full), full)
        if len(clean.split()) == 1 and (match := self._fuzzy(clean)):
            return match
        return clean

    def _fuzzy(self, surname: str) -> str | None:
        folded = _sound_fold(surname)
        candidates: dict[str, float] = {}
        for full in self.full_names:
            canonical = self.table.people.get(_key(full), full)
            other = _sound_fold(full.split()[-1])
            if other[:1] != folded[:1]:
                continue
            score = fuzz.ratio(folded, other)
            if score >= FUZZY_THRESHOLD:
                candidates[canonical] = max(score, candidates.get(canonical, 0))
        if len(candidates) == 1:
            return next(iter(candidates))
        return None

    def known_person(self, mention: str) -> str | None:
        """The canonical person `mention` names, if the table or this article knows them."""
        clean = strip_titles(mention, self.table)
        if not clean or self.table.country(clean) or self.table.group(clean):
            return None
        if hit := self.table.people.get(_key(clean)):
            return hit
        surname = clean.split()[-1].casefold()
        for full in self.full_names:
            if full.split()[-1].casefold() == surname:
                return self.table.people.get(_key(full), full)
        if len(clean.split()) == 1:
            return self.table.by_surname(clean) or self._fuzzy(clean)
        return None

    def is_known_person(self, mention: str) -> bool:
        return self.known_person(mention) is not None
