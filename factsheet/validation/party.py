"""Party check: every party of a fact must be one the article names, under its canonical name.

Parties are the participants of a meeting, a tariff's imposer and target, an aid
donor and recipient, and whoever set a deadline. Each must be supported by the words
around its quote (the quote, its sentence, its paragraph) or, failing that, by the
rest of the article (news names a recipient once, in the lead): its name or a known spelling
of the same entity, a misspelling of a name standing there ("Vikov" for Witkoff), its
demonym or capital (a country), its leader, the dated office its holder held ("the
Chilean president"), or the group words the text uses ("European leaders"). A country
also stands for its own bodies (its government, ministries, central bank, customs, armed
forces: `names.json` "institutions"), so "Bank of Japan" is supported where Japan is, and
an international body by its acronym or its full name ("SADC" / "Southern African
Development Community"). Names are compared after folding diacritics ("To Lam" / "Tô
Lâm"). Where the body names a country only as "the government" or "the finance ministry",
the headline, or the country code of the outlet's web address, names it. A party with
none of these is flagged, naming it.

Canonical names come only from exact known spellings of the same entity (the table:
"U.S." -> United States, "Zelenskyy" -> Volodymyr Zelensky), from a bare surname whose
full name the article or its batch gives, or from a misspelling close to a name in the
same article; a person's name is published without diacritics ("To Lam"), as the format
of the facts prescribes. There is never a fuzzy jump to another entry of the table, a
title is never added, and no party is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from rapidfuzz import fuzz

from factsheet.models import Article, FactBase
from factsheet.parsing.names import FUZZY_THRESHOLD, NameTable, _key, _sound_fold, fold, strip_titles
from factsheet.validation.findings import Findings, roles_of
from factsheet.validation.text import Scope, word_set

FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:[\s-]+(?:(?:bin|von|der|van|de|da|al|el|la|ibn)\s+)?[A-Z][a-z]+)+\b")
FULL_NAME_SIMILARITY = 85.0
"""rapidfuzz ratio (sound-folded) above which a full name is a misspelling of one the same
article gives ("Steve Witkof" for "Steve Witkoff"): high, because two people of one
article may share a first name."""
_PARTICLES = frozenset(
    {"bin", "bint", "von", "der", "van", "de", "da", "al", "el", "la", "le", "ibn", "di", "du"}
)
_ORG_WORDS = word_set(
    "union nations organization organisation fund bank council commission agency ministry forces army "
    "party group court parliament assembly authority office department committee foundation society "
    "crescent cross programme program alliance coalition administration government kremlin house "
    "federation republic states kingdom emirates association institute movement front brigade corps "
    "police service services embassy mission bloc leaders allies partners mediators factions "
    "officials delegation team cabinet community conference secretariat tribunal bureau board "
    "centre center network initiative partnership forum league reserve treasury customs navy "
    "military guard institution organisation's organization's corporation company"
)
_TITLE_WORDS = word_set(
    "president vice prime minister secretary chancellor premier foreign defence defense commerce "
    "trade treasury finance interior justice health energy state homeland security national deputy "
    "acting chief senior special envoy ambassador spokesman spokeswoman spokesperson adviser advisor "
    "general gen leader king queen prince crown sheikh emir senator sen rep representative governor "
    "mayor pope mr mrs ms dr sir dame former then us u.s. uk eu un nato head director commissioner "
    "chairman chairwoman chair white press aide minister's"
)
_LEADING = word_set(
    "later earlier then when after before meanwhile but and the in on at as while since if also "
    "however yesterday today tomorrow last next this that both under over during according despite "
    "with without monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december"
)
"""Capitalised words that start a sentence, not a name: "Later Vikov met Putin"."""
_STOP = word_set("the and of its via for with from to in on at a an by their")
CONVENTIONS = frozenset({"all countries"})
"""Values the gold format prescribes rather than the text states (a sectoral or global
tariff's target is "all countries"): never flagged as unnamed."""


def is_person_like(mention: str, table: NameTable) -> bool:
    """Capitalised words that are not a country, body or group: a person's name."""
    words = mention.split()
    if not words or table.country(mention) or table.organisation(mention) or table.group(mention):
        return False
    if any(w.casefold().strip(".,'’") in _ORG_WORDS for w in words):
        return False
    if len(words) == 1 and mention.isupper():
        return False  # an acronym
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words)


def person_core(mention: str, table: NameTable) -> str:
    """The name without titles or a nationality before it: "Commerce Secretary Howard Lutnick"
    -> "Howard Lutnick". Never adds a word."""
    words = strip_titles(mention, table).split()
    while words and words[0].casefold() in _LEADING:
        words.pop(0)
    while len(words) > 2 and (words[0].casefold() in _TITLE_WORDS or table.country(words[0])):
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=64)
def people_named(text: str, table: NameTable) -> tuple[str, ...]:
    """Full names of people a text gives, titles removed."""
    found: dict[str, None] = {}
    for raw in FULL_NAME.findall(fold(text)):
        core = person_core(raw, table)
        if len(core.split()) >= 2 and is_person_like(core, table):
            found[core] = None
    return tuple(found)


@lru_cache(maxsize=8)
def _batch_people(batch: tuple[str, ...], table: NameTable) -> tuple[str, ...]:
    """The batch's names without titles, worked out once per batch, not once per fact."""
    return tuple(core for n in batch if len((core := person_core(n, table)).split()) >= 2)


def canonical_party(
    raw: str, table: NameTable, article_people: tuple[str, ...], batch: tuple[str, ...]
) -> str:
    """The canonical name of a party, or the party as given when none is known for sure. A
    person's name is published without diacritics ("Tô Lâm" -> "To Lam"), as the format of
    the facts prescribes."""
    name = _canonical_party(raw, table, article_people, batch)
    return fold(name) if name in table.canonical_people or is_person_like(name, table) else name


def _canonical_party(
    raw: str, table: NameTable, article_people: tuple[str, ...], batch: tuple[str, ...]
) -> str:
    mention = raw.strip()
    if hit := table.canonical(mention) or table.canonical(mention.removeprefix("the ")):
        return hit
    clean = person_core(mention, table)
    if not is_person_like(clean, table):
        return mention
    if hit := table.people.get(_key(clean)):
        return hit
    if fold(clean) in article_people:
        return clean  # the article's own name, written with or without its diacritics
    if len(clean.split()) > 1:
        whole = _sound_fold(clean)
        close_names = {
            table.people.get(_key(n), n)
            for n in article_people
            if n != clean and fuzz.ratio(whole, _sound_fold(n)) >= FULL_NAME_SIMILARITY
        }
        return close_names.pop() if len(close_names) == 1 else clean
    for pool in (article_people, batch):
        same = {table.people.get(_key(n), n) for n in pool if n.split()[-1].casefold() == clean.casefold()}
        if len(same) == 1:
            return same.pop()
    folded = _sound_fold(clean)
    close = {
        table.people.get(_key(n), n)
        for n in article_people
        if (other := _sound_fold(n.split()[-1]))[:1] == folded[:1]
        and fuzz.ratio(folded, other) >= FUZZY_THRESHOLD
    }
    return close.pop() if len(close) == 1 else mention


def split_parties(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def check_parties(
    fact: FactBase, article: Article, scope: Scope, table: NameTable, batch: tuple[str, ...] = ()
) -> Findings:
    findings = Findings()
    paragraph = article.text[scope.paragraph[0] : scope.paragraph[1]]
    article_people = people_named(article.text, table)
    batch_people = _batch_people(batch, table)
    roles = roles_of(fact)
    for name in roles.parties:
        value = getattr(fact, name, None)
        if not value:
            continue
        raws = (
            list(value)
            if isinstance(value, list)
            else split_parties(value)
            if name in roles.joined_parties
            else [value]
        )
        canon = [canonical_party(r, table, article_people, batch_people) for r in raws]
        for raw, party in zip(raws, canon, strict=True):
            if not (
                supported(party, raw, paragraph, table, article.published)
                or supported(party, raw, article.text, table, article.published)
                or framed(party, raw, article, table)
            ):
                findings.flag("party_unsupported", f"{name}: {raw!r} is not named in the article")
        if isinstance(value, list):
            new: object = sorted(dict.fromkeys(canon))
        elif name in roles.joined_parties:
            new = ", ".join(dict.fromkeys(canon))
        else:
            new = canon[0]
        if new != value and (not isinstance(value, list) or sorted(value) != new or len(new) != len(value)):
            findings.change(fact, name, new, "canonical names of the same entities", "name_canonicalised")
    return findings


def framed(party: str, raw: str, article: Article, table: NameTable) -> bool:
    """A country the body names only by its own institutions ("the government has raised the
    import duty"), where the headline or the outlet's web address names the country."""
    country = table.country(party) or table.institution_country(party) or table.institution_country(raw)
    if country is None or not _unnamed_institution(article.text, table):
        return False
    if article.title and supported(country, country, article.title, table, article.published):
        return True
    return table.country_of_address(article.url) == country


def _unnamed_institution(text: str, table: NameTable) -> bool:
    """Does `text` speak of "the government", "the central bank", "the finance ministry" …?"""
    words = "|".join(re.escape(i) for i in table.institutions if i not in _VAGUE_INSTITUTIONS)
    return re.search(rf"\bthe\s+(?:[a-z]+\s+)?(?:{words})\b", text, re.IGNORECASE) is not None


_VAGUE_INSTITUTIONS = frozenset({"state", "officials", "leaders", "forces", "troops", "republic", "mission"})


def supported(party: str, raw: str, text: str, table: NameTable, day: dt.date | None) -> bool:
    """Does `text` name this party, in any of the ways news names one?"""
    if party.casefold() in CONVENTIONS:
        return True
    for mention in (party, raw):
        country = None if table.country(mention) else table.institution_country(mention)
        if country and supported(country, country, text, table, day):
            return True  # "Bank of Japan" where Japan is named
    spellings = {party, raw, *table.spellings.get(party, ()), *table.spellings.get(raw, ())}
    spellings |= {v for v, country in table.venues.items() if country == party}
    person = is_person_like(party, table) or party in table.canonical_people
    if person:
        spellings |= {party.split()[-1], raw.split()[-1]}
    if any(mentions(text, s) for s in spellings if len(s) >= 2):
        return True
    if person:
        return (
            _misspelled(raw.split()[-1], text, table)
            or _misspelled(party.split()[-1], text, table)
            or any(
                _office_named(text, office.country, office.office, table)
                for office in table.offices_held(party, day)
            )
        )
    for office in table.offices:
        if (
            office.country == party
            and (holder := office.holder_on(day))
            and mentions(text, holder.split()[-1])
        ):
            return True  # a country or body is present through its leader
    return (
        _described(party, text)
        or (raw != party and _described(raw, text))
        or _acronym_of_named(party, text)
        or (raw != party and _acronym_of_named(raw, text))
    )


def _acronym_of_named(acronym: str, text: str) -> bool:
    """ "SADC" where the text names the Southern African Development Community: the initials
    of a capitalised name in the text (small words such as "of" left out)."""
    if not re.fullmatch(r"[A-Z]{2,8}", acronym):
        return False
    for m in _CAPITALISED_NAME.finditer(fold(text)):
        initials = "".join(w[0] for w in m.group(0).split() if w[:1].isupper())
        if acronym in initials:  # "The East African Community": EAC
            return True
    return False


_CAPITALISED_NAME = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|in|de|du|des|la|le|el)\s+)*[A-Z][\w'’-]*)+"
)


def mentions(text: str, name: str) -> bool:
    """`name` stands in `text` as a word: acronyms and short names by case ("US" is not "us"),
    diacritics folded ("To Lam" is "Tô Lâm")."""
    text, name = fold(text), fold(name)
    flags = 0 if len(name) <= 4 or name.isupper() else re.IGNORECASE
    body = r"\s+".join(re.escape(part) for part in name.split())
    pattern = rf"(?<![\w]){body}(?![\w])"
    return re.search(pattern, text.replace("’", "'"), flags) is not None or (
        "'" in name and re.search(pattern.replace("'", "’"), text, flags) is not None
    )


_CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december"
)


def _misspelled(surname: str, text: str, table: NameTable) -> bool:
    """A word of `text` used as a surname is a transliteration of `surname` ("Vikov",
    "Zarensky"): same first sound, about the same length, close in spelling (closer still
    for short names). A first name ("Marco Rubio") or a known name of something else
    ("Mexico") is not a misspelling of anyone."""
    folded = _sound_fold(surname)
    if len(folded) < 4:
        return False
    needed = FUZZY_THRESHOLD if len(folded) > 4 else 85.0
    for m in re.finditer(r"\b[A-Z][a-z]{3,}\b(?!\s+[A-Z])", fold(text)):
        word = m.group(0)
        if word.casefold() in _CALENDAR or table.canonical(word):
            continue
        other = _sound_fold(word)
        if (
            other[:1] == folded[:1]
            and abs(len(other) - len(folded)) <= 2
            and fuzz.ratio(folded, other) >= needed
        ):
            return True
    return False


def _office_named(text: str, country: str, office: str, table: NameTable) -> bool:
    """ "the Chilean president", "Ukraine's president", "president of France", "Russian leader"."""
    names = sorted(table.spellings.get(country, {country}), key=len, reverse=True)
    place = "|".join(re.escape(n) for n in names if len(n) > 2 and not n.startswith("the "))
    if not place:
        return False
    role = rf"(?:{re.escape(office)}|leader|head\s+of\s+state|premier)s?"
    listed = r"(?:(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,?\s+(?:and\s+)?){0,6}?"
    pattern = (
        rf"\b(?:{place})(?:['’]s)?\s+(?:[a-z-]+\s+){{0,2}}?{role}\b"
        rf"|\b{role}\s+(?:of|from)\s+{listed}(?:the\s+)?(?:{place})\b"
    )
    return re.search(pattern, text, re.IGNORECASE) is not None


def _described(party: str, text: str) -> bool:
    """A group or body described in words ("Arab mediators", "Gaza Humanitarian Foundation"):
    its content words stand in the text — all of them for a proper name (or its initials,
    "GHF"), most for a description."""
    party, text = fold(party), fold(text)
    words = [w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z-]+", party) if w.casefold() not in _STOP]
    if not words:
        return False
    initials = "".join(w[0] for w in party.split() if w[:1].isupper())
    if len(initials) >= 2 and len(initials) == len(words) and mentions(text, initials):
        return True
    present = {w for w in re.findall(r"[a-z][a-z-]+", text.casefold())}
    stems = {w[:5] for w in present}
    hits = sum(1 for w in words if w in present or w[:5] in stems)
    proper = all(w[:1].isupper() for w in party.split() if w.casefold() not in _STOP)
    return hits == len(words) if proper else hits * 2 >= len(words)
