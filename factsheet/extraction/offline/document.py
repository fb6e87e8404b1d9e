"""What an article says as a whole, for rules that find a field missing from their sentence.

A national outlet reporting its own government's duty often names the country only in
the dateline ("HANOI, May 3 (VNA) -") or in its name ("The Freedonia Herald"); a headline
often states the tariff its story then details without repeating who imposes it on whom
("Ruritania sets 30% duty on Freedonian steel"). This module reads those once per
article: the article's home country, the tariffs its headline states, and the countries
it names most. Rules fall back on them only after their own sentence and the sentences
before it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from factsheet.models import Article
from factsheet.parsing.names import ArticleNames, NameTable

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "OSLO, March 3 /NTB/.", "ACCRA, Ghana —", "TRIPOLI:", "Kuala Lumpur, Jun 2 (Bernama).-"
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z .'-]{1,40}?)\s*(?:,|:|—|–| - |\()")
_AGENCY = re.compile(r"[/(]\s*([A-Za-z][A-Za-z .-]{1,20}?)\s*[/)]")


@cache
def _places() -> dict[str, dict[str, str]]:
    """Capitals and dateline cities, and news agencies, each with its country."""
    text = resources.files("factsheet.extraction.offline").joinpath("places.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {
        section: {k.casefold(): v for k, v in data[section].items()} for section in ("cities", "agencies")
    }


def city_country(name: str) -> str | None:
    """The country of a capital or dateline city ("Hanoi" -> "Vietnam")."""
    return _places()["cities"].get(" ".join(name.split()).casefold())


def agency_country(name: str) -> str | None:
    """The country of a national news agency ("Bernama" -> "Malaysia")."""
    return _places()["agencies"].get(" ".join(name.split()).casefold())


_DATELINE_HEAD = re.compile(r"^(?P<head>[^\n]{2,70}?)(?P<sep>\s[—–]\s|\s--?\s|:\s|\.-\s*|/\.\s)")


def news_start(paragraph: str) -> int:
    """Where the news of a paragraph begins after a dateline ("MINNA, Nigeria — ",
    "SEOUL, March 4 (Yonhap) - ", "TOKYO: "), or 0. Parsed apart from its dateline, the
    first sentence keeps its real subject: the parser otherwise makes the city one."""
    match = _DATELINE_HEAD.match(paragraph)
    if not match:
        return 0
    city = re.split(r"[,:(/]", match.group("head"))[0].strip()
    letters = city.replace(" ", "").replace(".", "")
    capitals = len(letters) >= 3 and letters.isalpha() and city.isupper()
    return match.end() if capitals or city_country(city) else 0


def dateline_end(text: str, table: NameTable) -> int:
    """Where the dateline of the article's first line ends ("SEOUL, March 4 -"), or 0.

    The city is no party to what the sentence then says, though the parser may make it
    the subject."""
    match = _DATELINE.match(text)
    if not match or not (match.group(1).isupper() or city_country(match.group(1).strip())):
        return 0
    if not (city_country(match.group(1).strip()) or table.country(match.group(1).strip())):
        return 0
    return match.end(1)


def home_country(text: str, outlet: str | None, table: NameTable) -> str | None:
    """The country an article reports from: its dateline, its agency, or its outlet's name."""
    lines = [line for line in text.splitlines() if line.strip()][:3]
    for line in lines:
        match = _DATELINE.match(line)
        if match:
            place = match.group(1).strip()
            if place.isupper() or line[match.end(1) :].lstrip().startswith(","):
                found = city_country(place) or table.country(place)
                if found:
                    return found
        for agency in _AGENCY.findall(line[:120]):
            if found := agency_country(agency):
                return found
    if outlet:
        name = re.sub(r"\(.*?\)", "", outlet).strip()
        if found := agency_country(name):
            return found
        for size in (2, 1):  # "The Bangladesh Chronicle", "China Daily"
            words = re.findall(r"[A-Za-z]+", name)
            for start in range(len(words) - size + 1):
                if found := table.country(" ".join(words[start : start + size])):
                    return found
    return None


@dataclass
class HeadlineTariff:
    imposer: str | None
    target: str
    rate: float


@dataclass
class DocumentContext:
    """Article-level facts a rule may fall back on."""

    home: str | None = None
    dateline_end: int = 0
    headline_tariffs: list[HeadlineTariff] = field(default_factory=list)
    title_countries: list[str] = field(default_factory=list)
    nationality: dict[str, str] = field(default_factory=dict)
    """The country the article gives each person ("Peruvian Foreign Minister Ana Ruiz")."""
    lead_effective: dt.date | None = None
    """The start date the lead gives the article's tariffs ("tariffs set to begin on May 1")."""
    delegation_heads: dict[str, str] = field(default_factory=dict)
    """Country -> the person the article says heads its delegation: the one present."""

    def centres_on_other_than(self, country: str | None) -> bool:
        """Whether the article's home or headline names a country other than `country`."""
        return any(c != country for c in [self.home, *self.title_countries] if c)

    def headline_targets(self, rates: list[float]) -> list[str]:
        """The targets the headline gives a tariff of one of these rates."""
        found = [h.target for h in self.headline_tariffs if any(abs(h.rate - r) < 1e-6 for r in rates)]
        return list(dict.fromkeys(found))

    def tariff_imposer(self, targets: list[str]) -> str | None:
        """Who imposes a tariff whose sentence does not say: the headline's imposer, else
        the article's home country, never one of the targets."""
        for candidate in [*(h.imposer for h in self.headline_tariffs), self.home]:
            if candidate and candidate not in targets and candidate != "all countries":
                return candidate
        return None


def nationalities(docs: list[Doc], names: ArticleNames) -> dict[str, str]:
    """Person -> country, from a nationality or country written in front of the name
    ("Peruvian Foreign Minister Ana Ruiz", "Chile's Gabriel Boric")."""
    found: dict[str, str] = {}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            front = []  # the title words in front of the name, nearest first, up to a list break
            for i in range(ent.start - 1, max(ent.start - 6, ent.sent.start - 1), -1):
                if doc[i].dep_ in ("cc", "punct") or doc[i].pos_ in ("VERB", "AUX", "ADP"):
                    break
                front.append(doc[i])
            for token in front:
                if token.ent_type_ not in ("NORP", "GPE"):
                    continue
                text = re.sub(r"['’]s$", "", token.text)
                if country := names.table.country(text):
                    found.setdefault(names.person(ent.text), country)
                    break
    return found


LEADING_VERBS = frozenset({"head", "lead"})
DELEGATION_NOUNS = frozenset({"delegation", "delegations", "team", "teams", "negotiators"})


def delegation_heads(docs: list[Doc], names: ArticleNames) -> dict[str, str]:
    """ "The Peruvian delegation is led by Ana Ruiz", "Ana Ruiz heads Peru's delegation"."""
    found: dict[str, str] = {}
    for doc in docs:
        for noun in doc:
            if noun.lower_ not in DELEGATION_NOUNS or noun.dep_ not in ("nsubjpass", "dobj"):
                continue
            verb = noun.head
            if verb.lemma_.lower() not in LEADING_VERBS:
                continue
            country = next(
                (
                    c
                    for m in noun.children
                    if m.dep_ in ("amod", "compound", "poss")
                    and m.ent_type_ in ("NORP", "GPE")
                    and (c := names.table.country(re.sub(r"['’]s$", "", m.text)))
                ),
                None,
            )
            if noun.dep_ == "nsubjpass":
                heads = [
                    o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                ]
            else:
                heads = [c for c in verb.children if c.dep_ == "nsubj"]
            people = [h for h in heads if h.ent_type_ == "PERSON"]
            if country and people:
                ent = next(e for e in doc.ents if e.start <= people[0].i < e.end)
                found.setdefault(country, names.person(ent.text))
    return found


def read_document(
    article: Article, titles: list[Doc], names: ArticleNames, body: list[Doc] | None = None
) -> DocumentContext:
    """The context of one article, from its text, outlet and parsed title."""
    from factsheet.extraction.offline.context import ArticleState, Sentence
    from factsheet.extraction.offline.tariffs import find_tariffs

    context = DocumentContext(
        home=home_country(article.text, article.outlet, names.table),
        dateline_end=dateline_end(article.text, names.table),
        nationality=nationalities(body or [], names),
        delegation_heads=delegation_heads(body or [], names),
    )
    scratch = ArticleState(article, names)  # the title's own reading, kept apart from the body's
    for doc in titles:
        for ent in doc.ents:
            country = names.table.country(re.sub(r"^the\s+|['’]s$", "", ent.text, flags=re.IGNORECASE))
            if ent.label_ in ("GPE", "NORP", "ORG") and country and country not in context.title_countries:
                context.title_countries.append(country)
        for span in doc.sents:
            for fact in find_tariffs(Sentence(span, 0, scratch)):
                if fact.target and fact.rate_percent is not None:
                    context.headline_tariffs.append(
                        HeadlineTariff(fact.imposed_by, fact.target, fact.rate_percent)
                    )
    return context
