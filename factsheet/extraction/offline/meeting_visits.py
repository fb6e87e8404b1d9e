"""Visits made to press a counterpart: "will travel to Lima to urge Peru to reopen the border".

A trip to a foreign capital whose stated purpose is to press, urge or lobby a named party
is a meeting between the traveller and that party, in person, where the trip goes. A
trip with no such purpose ("flew to Lima on Monday") is not, and a trip "to meet X" is
the meeting verb's own business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence

TRIP_VERBS = frozenset({"visit", "travel", "fly", "head", "go", "come"})
PRESSING_VERBS = frozenset({"press", "urge", "push", "lobby", "persuade", "convince", "pressure"})


@dataclass(frozen=True)
class Visit:
    verb: Token  # the verb of the trip
    place: Token  # where it goes
    counterpart: Token  # who it goes to press


def pressing_visits(sent: Sentence) -> Iterator[Visit]:
    if not sent.lemmas & TRIP_VERBS or not sent.lemmas & PRESSING_VERBS:
        return
    for verb in sent.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in TRIP_VERBS:
            continue
        places = [c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ in ("GPE", "LOC")]
        places += [
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children
            if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC")
        ]
        purposes = [
            c
            for c in verb.children
            if c.dep_ in ("advcl", "xcomp")
            and c.lemma_.lower() in PRESSING_VERBS
            and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
        ]
        for purpose in purposes:
            for counterpart in (c for c in purpose.children if c.dep_ == "dobj"):
                if places:
                    yield Visit(verb, places[0], counterpart)
