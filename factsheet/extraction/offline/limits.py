"""Limits that carry no calendar date: a truce's length, and a state kept up until an event.

* "a 72-hour truce", "the 30-day ceasefire": the duration of a truce is when it runs out,
  with no date of its own (`due` stays empty, the duration is the due text).
* "extend the pause until the end of the negotiations": a limit set by an event, not a day.

Both are deadlines by the gold format's conventions; both are found from the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence

TRUCE_NOUNS = frozenset({"ceasefire", "truce", "cease", "pause", "moratorium", "armistice"})
# "hour" and "day" are joined to their number by a hyphen the tokenizer splits off.
DURATION_UNITS = frozenset({"hour", "day", "week", "month"})
EVENT_BOUNDS = frozenset(
    {"conclusion", "end", "completion", "outcome", "close", "start", "beginning", "resumption", "signing"}
)
KEEPING_VERBS = frozenset({"extend", "keep", "maintain", "hold", "prolong", "last"})
# What a limit set by an event bounds: "extend the truce until the end of the talks",
# never "he will remain until the end of his term".
LIMITED = TRUCE_NOUNS | {"deadline", "suspension", "ban", "freeze", "exemption", "waiver", "sanctions"}
_HYPHENED = re.compile(r"^\d+-(?:hour|day|week|month)$", re.IGNORECASE)


def truce_durations(sent: Sentence) -> Iterator[tuple[list[Token], str, Token]]:
    """(tokens, due text, truce noun) for each "N-hour/N-day" truce of the sentence."""
    if not sent.words & TRUCE_NOUNS:
        return
    for noun in sent.tokens:
        if noun.lemma_.lower() not in TRUCE_NOUNS or noun.pos_ != "NOUN":
            continue
        for mod in (c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")):
            if _HYPHENED.match(mod.text):
                yield [mod], mod.text, noun
            elif mod.lemma_.lower() in DURATION_UNITS:
                numbers = [c for c in mod.children if c.dep_ == "nummod" and c.like_num]
                if numbers and mod.i - numbers[0].i <= 2:
                    tokens = list(mod.doc[numbers[0].i : mod.i + 1])
                    yield tokens, "".join(t.text_with_ws for t in tokens).strip(), noun


def event_bounds(sent: Sentence) -> Iterator[tuple[list[Token], str, Token]]:
    """(tokens, due text, verb) for "until the end of the negotiations" on a verb of keeping."""
    if not sent.lowers & {"until", "till"} or not sent.words & LIMITED:
        return
    for prep in sent.tokens:
        if prep.lower_ not in ("until", "till") or prep.dep_ != "prep":
            continue
        verb = prep.head
        if verb.lemma_.lower() not in KEEPING_VERBS:
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.lower_ in EVENT_BOUNDS and not obj.ent_type_:
                tokens = [prep, *obj.subtree]
                text = prep.doc[prep.i : obj.right_edge.i + 1].text
                yield tokens, text, verb
