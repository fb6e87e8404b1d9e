"""Who a noun phrase names: a person, a country, a group, or the holder of an office.

"the president of the United Arab Emirates" on 2025-08-07 is Mohamed bin Zayed Al
Nahyan; "Ukraine's European allies" are "European leaders"; "he" is the subject of
the sentence's reporting verb, or else the last person the article spoke of.
Everything comes out in canonical form, typed, so rules can prefer people to
countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from factsheet.extraction.offline.context import PERSON_PRONOUNS, Sentence, expand

# "government": a country named through one of its ministers ("India's foreign minister"),
# which stands for that country and never for its leader.
PartyType = Literal["person", "group", "country", "government", "place"]

OFFICE_WORDS = {
    "president": "president",
    "presidents": "president",
    "leader": None,
    "leaders": None,
    "chancellor": "chancellor",
    "premier": "prime minister",
    "minister": "prime minister",
    "ministers": "prime minister",
    "secretaries": "secretary general",
    "secretary": "secretary general",
    "chief": "secretary general",
    "head": None,
}
GROUP_NOUNS = frozenset({"leaders", "allies", "counterparts", "counterpart", "partners", "leader", "ally"})
DELEGATE_NOUNS = frozenset(
    {
        "negotiators",
        "negotiator",
        "delegation",
        "delegations",
        "officials",
        "representatives",
        "envoys",
        "diplomats",
        "mediators",
        "team",
    }
)
PORTFOLIO_OFFICES = frozenset({"minister", "ministers", "secretary", "secretaries"})
COUNTERPART_NOUNS = frozenset({"counterpart", "counterparts"})
SPEAKING = frozenset({"speak", "talk", "say", "explain", "confirm", "write", "reply"})
EUROPE_WORDS = frozenset({"european", "eu", "europe"})


@dataclass(frozen=True)
class Party:
    name: str
    type: PartyType

    @property
    def is_actor(self) -> bool:
        """People and groups of people, as opposed to countries and places."""
        return self.type in ("person", "group")


def acting_for(party: Party, sent: Sentence) -> str:
    """Who a party acts for when it imposes or gives: a leader's country, else itself."""
    return sent.state.names.table.country_led_by(party.name) or party.name


def entity_name(ent: Span) -> str:
    """An entity's text without a leading "the" or a possessive "'s"."""
    return re.sub(r"^the\s+|['’]s$", "", ent.text, flags=re.IGNORECASE)


def entity_at(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.sent.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def parties_of(token: Token, sent: Sentence) -> list[Party]:
    """Canonical parties named by the phrase headed by `token` (with its appositions)."""
    names = sent.state.names
    table = names.table
    if sent.char(token) < sent.state.document.dateline_end:
        return []  # "SEOUL, March 4 -": the dateline's city is where the news comes from
    # "US President Donald Trump and Chinese President Xi Jinping": the parser may hang
    # the second name on the first one's apposition; both are people of the phrase.
    found = [
        p
        for appos in token.children
        if appos.dep_ == "appos"
        for a in expand(appos)
        for p in parties_of(a, sent)
        if p.type == "person"
    ]
    if found:
        own = names.known_person(_proper_phrase(token)) if token.pos_ == "PROPN" else None
        return list(dict.fromkeys([*([Party(own, "person")] if own else []), *found]))
    lower = token.lower_
    if lower in BOTH_SIDES and _both(token) and sent.state.last_meeting_parties:
        return list(sent.state.last_meeting_parties)  # "the two sides": those of the last meeting
    if lower in STATE_BODIES and (country := _state_of(token, sent)):
        return [Party(country, "government")]  # the state as a body, never its leader
    if lower in PERSON_PRONOUNS:
        person = resolve_pronoun(token, sent)
        return [Party(person, "person")] if person else []
    if lower in GROUP_NOUNS or lower in OFFICE_WORDS:
        return _office_or_group(token, sent)
    named = entity_at(token)
    if lower in DELEGATE_NOUNS and (named is None or named.label_ != "ORG" or len(named) == 1):
        # ... but "the Joint Representatives forum" names a forum, not who sent delegates
        return _led_by(token, sent) or _delegations(token, sent) or _people_group(token)
    ent = entity_at(token)
    if ent is not None and "-" in ent.text and token.pos_ == "PROPN" and token.text != ent.text:
        text = token.text  # "Trump-Putin-Zelensky" is three names, not one
        ent = None
    else:
        text = ent.text if ent is not None else _proper_phrase(token)
    if not text and (group := _people_group(token)):
        return group
    if not text:
        # The tagger sometimes calls a sentence-initial surname a common noun ("Starmer
        # hosted ..."): a capitalised word that names a known person still counts.
        known = names.known_person(token.text) if token.text[:1].isupper() else None
        return [Party(known, "person")] if known else []
    if group := table.group(text):
        return [Party(group, "group")]
    label = ent.label_ if ent is not None else ""
    if label == "PERSON":
        if (country := table.country(text)) is not None:
            return [Party(country, "country")]
        return [Party(names.person(text), "person")]
    known = names.known_person(text)
    if known:
        return [Party(known, "person")]
    bare = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE).strip()
    country = table.country(text) or table.country(bare)
    if country:
        return [Party(country, "country")]
    if label in ("GPE", "LOC", "FAC"):
        return [Party(bare, "place")]
    if label == "ORG" and ent is not None and ent.root.i == token.i and token.dep_ != "compound":
        # A body the name table does not know (a movement, an agency) acts as itself, but
        # "spoke to Reuters" names an audience, not a party.
        audience = token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lemma_ in SPEAKING
        return [] if audience else [Party(entity_name(ent), "government")]
    return []


# "the two sides", "both leaders": the two parties the article has just had meet.
BOTH_SIDES = frozenset({"sides", "leaders", "countries", "nations", "parties", "neighbours", "neighbors"})


def _both(token: Token) -> bool:
    return any(
        (c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
        for c in token.children
    )


# A state's organs, which stand for the state: "the Government of Chile", "the Trump
# administration", "Peruvian authorities".
STATE_BODIES = frozenset(
    {"government", "governments", "authorities", "administration", "cabinet", "ministry", "ministries"}
)


def _state_of(body: Token, sent: Sentence) -> str | None:
    """The country whose government, authorities or administration `body` names."""
    table = sent.state.names.table
    sources = [c for c in body.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    sources += [o for p in body.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    for source in sources:
        phrase = _proper_phrase(source)
        if country := table.country(phrase) or table.country(phrase.removeprefix("the ")):
            return country
        ent = entity_at(source)
        if ent is not None and ent.label_ != "ORG" and (bodies := _body(source, table)):
            return bodies[0]
        if ent is not None and ent.label_ == "PERSON":
            person = sent.state.names.known_person(ent.text) or sent.state.names.person(ent.text)
            if country := table.country_led_by(person):
                return country  # "the Trump administration"
    return None


# Plural nouns for a body of people that a nationality or people names without naming
# a state: "Arab mediators", "Palestinian factions", "Kurdish rebels".
PEOPLE_GROUP_NOUNS = frozenset(
    {"mediators", "factions", "groups", "militias", "rebels", "negotiators", "delegations", "tribes"}
)


def _people_group(token: Token) -> list[Party]:
    """ "Arab mediators": a group named by its people when no country stands for it."""
    if token.lower_ not in PEOPLE_GROUP_NOUNS:
        return []
    peoples = [c for c in token.children if c.dep_ == "amod" and c.ent_type_ == "NORP"]
    if len(peoples) != 1:
        return []
    return [Party(f"{peoples[0].text} {token.text}", "government")]


def _proper_phrase(token: Token) -> str:
    if token.pos_ != "PROPN":
        return ""
    parts = [
        t for t in token.subtree if t.pos_ == "PROPN" and (t.i == token.i or t.dep_ in ("compound", "flat"))
    ]
    return " ".join(t.text for t in parts)


def resolve_pronoun(token: Token, sent: Sentence) -> str | None:
    """ "he"/"his": the nearest person subject above it in this sentence, else the last person."""
    names = sent.state.names
    for ancestor in token.ancestors:
        for subj in (c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subj.i == token.i or subj.lower_ in PERSON_PRONOUNS or subj.i > token.i:
                continue
            ent = entity_at(subj)
            text = ent.text if ent is not None else _proper_phrase(subj)
            if not text:
                # "Chile's negotiator Ana Ruiz said he ...": the name in apposition to the subject
                named = [entity_at(a) for a in subj.children if a.dep_ == "appos" and a.ent_type_ == "PERSON"]
                if named and (person := named[0]) is not None:
                    ent, text = person, person.text
            if text and ((ent is not None and ent.label_ == "PERSON") or names.known_person(text)):
                return names.known_person(text) or names.person(text)
    if token.lower_ in ("himself", "herself"):
        return None  # a reflexive points inside its sentence, never back to an earlier one
    return sent.state.last_person


def _office_or_group(token: Token, sent: Sentence) -> list[Party]:
    names = sent.state.names
    table = names.table
    modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    if token.lower_ in GROUP_NOUNS and any(m.lower_ in EUROPE_WORDS for m in modifiers):
        return [Party("European leaders", "group")]
    countries: list[str] = []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for item in expand(obj):
                countries.extend(_body(item, table))
    for m in modifiers:
        countries.extend(_body(m, table))
    office = OFFICE_WORDS.get(token.lower_)
    portfolio = token.lower_ in PORTFOLIO_OFFICES and any(
        m.dep_ in ("amod", "compound") and m.lower_ not in ("prime", "general") and not _body(m, table)
        for m in modifiers
    )
    if portfolio or token.lower_ in COUNTERPART_NOUNS:
        # "the foreign ministers of India and Pakistan", "his Iranian counterpart": no
        # holder table for every portfolio, so the country stands for its government
        # (and for its leader when a named person is at the same meeting).
        kind: PartyType = "government" if portfolio else "country"
        return [Party(country, kind) for country in dict.fromkeys(countries)]
    holders: list[Party] = []
    for country in dict.fromkeys(countries):
        holder = table.office_holder(country, office, sent.state.published)
        if holder is None and office is not None:
            holder = table.office_holder(country, None, sent.state.published)
        if holder:
            holders.append(Party(holder, "person"))
    return holders


def _led_by(token: Token, sent: Sentence) -> list[Party]:
    """ "the delegation led by Ana Ruiz": the person at its head is the one present."""
    for acl in (c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in ("lead", "head")):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                people = [p for p in parties_of(obj, sent) if p.type == "person"]
                if people:
                    return people
    return []


def _delegations(token: Token, sent: Sentence) -> list[Party]:
    """ "negotiators from Israel and Hamas", "US and Chinese officials": who sent them."""
    table = sent.state.names.table
    sources = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
        sources.extend(item for obj in prep.children if obj.dep_ == "pobj" for item in expand(obj))
    found: list[str] = []
    for source in [*sources, *(c for s in sources for c in s.conjuncts)]:
        bodies = _body(source, table)
        ent = entity_at(source)
        if not bodies and ent is not None and ent.label_ == "ORG":
            bodies = [table.group(ent.text) or ent.text.removeprefix("the ")]
        found.extend(bodies)
    return [Party(name, "government") for name in dict.fromkeys(found)]


def _body(token: Token, table) -> list[str]:
    """The country or institution a modifier names: "French", "the UAE", "European Commission"."""
    ent = entity_at(token)
    text = (ent.text if ent is not None else token.text).removesuffix("'s").removesuffix("’s")
    phrase = " ".join(t.text for t in token.subtree).casefold()
    if "commission" in phrase:
        return ["European Commission"]
    if text.upper() == "NATO":
        return ["NATO"]
    country = table.country(text) or table.country(text.removeprefix("the "))
    return [country] if country else []


def leader_of(country: str, sent: Sentence) -> str | None:
    return sent.state.names.table.office_holder(country, None, sent.state.published)
