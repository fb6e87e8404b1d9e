"""Who a tariff targets, read from the syntax of its sentence rather than from word order.

Three questions the tariff rule asks of the parse:

* Does a party *bear* the tariff? The subject of "face", "shoulder", "be subject to" or
  "be in line for" is the target, whatever country the goods phrase then names
  ("Ruritania will shoulder a 15% tariff on all Freedonian exports" is a tariff on
  Ruritania). A company that bears a rate is not a country: the rate is a per-company
  rate of the tariff the article is about.
* Which countries does the target phrase list? "on Chile and Peru" is one tariff each;
  "on Chile and other Andean countries" is one target, written as the text gives it.
* Is it a sectoral tariff? A tariff "on <goods>" that no country qualifies, in an article
  that has named no target, is a duty on those goods from everywhere ("all countries").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence, expand, subject_of
from factsheet.extraction.offline.parties import entity_at, entity_name, parties_of

BEARING_VERBS = frozenset({"face", "shoulder", "bear", "suffer", "incur", "endure", "pay", "receive", "hit"})
ENTERING_VERBS = frozenset({"enter", "arrive", "ship", "sell"})
BEARING_ADJECTIVES = frozenset({"subject", "liable", "exposed"})
OTHERS = frozenset({"countries", "nations", "economies", "partners", "exporters"})


@dataclass(frozen=True)
class Bearer:
    """The party that bears a tariff: a country, or a named non-country (a company)."""

    country: str | None
    token: Token


def bearer(trigger: Token, sent: Sentence) -> Bearer | None:
    """The subject of the clause that says who bears the tariff headed by `trigger`."""
    node = trigger
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return None
        bearing = (
            (
                head.pos_ in ("VERB", "AUX")
                and head.lemma_.lower() in BEARING_VERBS
                and (node.dep_ == "dobj" or (node.dep_ == "prep" and node.lower_ == "with"))
            )
            or (node.dep_ == "prep" and head.lower_ in BEARING_ADJECTIVES)
            # "Chilean wine will enter Peru at a 5% tariff": the goods' origin bears it
            or (node.dep_ == "prep" and node.lower_ == "at" and head.lemma_.lower() in ENTERING_VERBS)
            or (node.dep_ == "prep" and node.lower_ == "for" and head.lower_ == "line")
        )
        if bearing and head.lower_ == "line":
            return _in_line(head.head.head if head.dep_ == "pobj" else head.head, sent)
        if node.dep_ == "prep" and node.lower_ == "for" and _has_in_line(head):
            return _in_line(head, sent)  # "first in line for" with both phrases on the verb
        if bearing:
            return _subject_party(head, sent)
        if node.dep_ not in ("pobj", "prep", "acomp", "dobj", "conj") and head.lower_ != "line":
            return None
        node = head
    return None


def _has_in_line(node: Token) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "line" for g in c.children)
        for c in node.children
    )


def _in_line(verb: Token, sent: Sentence) -> Bearer | None:
    """ "Chile is next in line for", "..., with Chile and Peru first in line for"."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if (country := country_of(obj, sent)) is not None:
                return Bearer(country, obj)
    if verb.lemma_ == "be":
        return _subject_party(verb, sent)
    return None


def _subject_party(node: Token, sent: Sentence) -> Bearer | None:
    clause = node
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    subjects = subject_of(clause, through=frozenset({"xcomp", "conj", "advcl"}))
    if not subjects and clause.dep_ == "relcl":
        subjects = [clause.head]  # "cars, which are subject to": the noun the clause describes
    for subj in subjects:
        if subj.lower_ in ("which", "that", "who"):
            subj = subj.head.head if subj.head.dep_ == "relcl" else subj
        country = country_of(subj, sent)
        if country is not None:
            return Bearer(country, subj)
        ent = entity_at(subj)
        if (
            ent is not None
            and ent.label_ in ("PERSON", "ORG")
            and not sent.state.names.known_person(ent.text)
        ):
            return Bearer(None, subj)  # "Acme Distillers will face a duty of 12%": a company's rate
    return None


def country_of(token: Token, sent: Sentence) -> str | None:
    """The country a noun phrase names, directly ("Chile") or as the origin of goods
    ("Chilean wine", "Chile's copper")."""
    table = sent.state.names.table
    for party in parties_of(token, sent):
        if party.type == "country":
            return party.name
    for mod in (c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")):
        ent = entity_at(mod)
        if ent is not None and (country := table.country(entity_name(ent))):
            return country
    return None


def listed_countries(token: Token, first: str, sent: Sentence) -> list[str]:
    """The targets a phrase lists: "Chile and Peru" -> both; "Chile and other Andean
    countries" -> that whole phrase, as one target."""
    table = sent.state.names.table
    found = [first]
    for item in expand(token)[1:]:
        if item.lower_ in OTHERS and any(c.lower_ == "other" for c in item.children):
            words = [t.text for t in item.subtree if t.dep_ != "cc"]
            return [f"{first} and {' '.join(words)}"]
        ent = entity_at(item)
        country = table.country(entity_name(ent)) if ent is not None else None
        if country and country not in found:
            found.append(country)
    return found


def sectoral_goods(nodes: list[Token], sent: Sentence) -> Token | None:
    """The goods of a tariff "on <goods>" that no country qualifies, if any."""
    table = sent.state.names.table
    for node in nodes:
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ == "on"):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")):
                if any(c.dep_ == "poss" for c in obj.children):
                    return None  # "on its goods": someone's goods, not goods from everywhere
                if any(
                    t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or table.country(t.text)
                    for t in obj.subtree
                ):
                    return None
                return obj
    return None


# Nouns a percentage measures that are not a duty: "an inflation rate of 3%", "a 20% stake".
MEASURE_NOUNS = frozenset(
    {"share", "stake", "proportion", "portion", "majority", "inflation", "growth", "unemployment", "gdp"}
)
NOT_DUTY_MODIFIERS = frozenset(
    {"inflation", "interest", "unemployment", "growth", "exchange", "tax", "approval", "participation"}
)


def is_share(rate: Token, triggers: list[Token]) -> bool:
    """Whether a percentage is a share or another measure, not a duty rate.

    "95% of its goods will enter duty-free" counts goods ("of" + a noun on the
    percentage); "an inflation rate of 3%" and "a 20% stake" measure something else.
    """
    if any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.dep_ == "pobj" and o.pos_ in ("NOUN", "PRON") for o in c.children)
        for c in rate.children
    ):
        return True
    if rate.dep_ == "pobj" and rate.head.lower_ == "by" and rate.head.head.pos_ == "VERB":
        # "tightened quotas by 15%", "prices rose by 4%": how much something else moved
        verb = rate.head.head
        moved = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
        return not any(m in triggers for m in moved)
    node = rate
    if node.dep_ == "pobj" and node.head.lower_ == "of":
        node = node.head.head  # "a rate of 3%": the noun the figure is of
    elif node.dep_ in ("compound", "amod", "nummod"):
        node = node.head  # "a 20% stake"
    else:
        return False
    if node in triggers and node.lower_ not in ("rate", "rates"):
        return False
    return node.lemma_.lower() in MEASURE_NOUNS or any(
        c.lower_ in NOT_DUTY_MODIFIERS for c in node.children if c.dep_ in ("compound", "amod")
    )
