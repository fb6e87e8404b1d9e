"""The grammatical number of a meeting noun: one meeting, several, a series, or one named before.

* "held four rounds of talks": a series, whose rounds the article lists one by one (or not);
  the series itself is no meeting.
* "meetings with Ana Ruiz and Omar Diallo": a plural noun with a list of counterparts is one
  meeting per counterpart.
* "During the meeting, the two sides signed ...": a definite noun with no party of its own
  points back to a meeting already reported.
"""

from __future__ import annotations

from spacy.tokens import Token

from factsheet.extraction.offline.context import expand
from factsheet.parsing.numbers import parse_number

SERIES_NOUNS = frozenset({"round", "rounds", "series", "sessions"})
PLURAL_MEETINGS = frozenset({"meetings", "calls", "summits", "conversations"})
BACK_DETERMINERS = frozenset({"the", "this", "that"})
SETTING_PREPOSITIONS = frozenset({"during", "at", "after", "following", "on", "in"})
PARTY_PREPOSITIONS = frozenset({"with", "between", "among", "involving"})


def _count(noun: Token) -> float | None:
    for child in noun.children:
        if child.dep_ == "nummod":
            return parse_number(child.text)
    return None


def is_series(trigger: Token) -> bool:
    """ "four rounds of talks", "several rounds": more than one meeting in one noun phrase."""
    holder = trigger
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of":
        holder = trigger.head.head  # "rounds of talks": the count is on "rounds"
    if holder.lower_ not in SERIES_NOUNS or holder.tag_ != "NNS":
        return False
    count = _count(holder)
    return count is None or count > 1


def is_back_reference(trigger: Token) -> bool:
    """ "During the meeting, ...": a definite meeting noun that sets the scene and names no party."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj":
        return False
    if trigger.head.lower_ not in SETTING_PREPOSITIONS:
        return False
    if not any(c.dep_ == "det" and c.lower_ in BACK_DETERMINERS for c in trigger.children):
        return False
    return not any(
        (c.dep_ in ("compound", "amod", "nmod", "poss") and c.pos_ in ("PROPN", "PRON"))
        or (c.dep_ in ("prep", "acl") and c.lower_ in PARTY_PREPOSITIONS)
        for c in trigger.children
    )


def counterparts_one_by_one(trigger: Token) -> list[Token]:
    """The counterparts of a plural meeting noun, each met on its own ("meetings with A and B")."""
    if trigger.lower_ not in PLURAL_MEETINGS:
        return []
    for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            items = expand(obj)
            if len(items) >= 2:
                return items
    return []


def sets_a_past_scene(trigger: Token) -> bool:
    """ "In their talks on Friday, A and B agreed ...": a meeting noun that sets the scene of a
    past-tense clause was held, whatever that clause agreed to do next."""
    prep = trigger.head
    return (
        trigger.dep_ == "pobj"
        and prep.lower_ in SETTING_PREPOSITIONS
        and prep.head.pos_ == "VERB"
        and prep.head.tag_ == "VBD"
    )
