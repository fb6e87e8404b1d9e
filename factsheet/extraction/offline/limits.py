"""Limits that carry no calendar date: a truce's length, and a state kept up until an event.

* "a 72-hour truce", "the 30-day ceasefire": the duration of a truce is when it runs out,
  with no date of its own (`due` stays empty, the duration is the due text).
* "extend the pause until the end of the negotiations": a limit set by an event, not a day.
* "push the start from 30 June to the end of 2026": a date moved is two limits, the one it
  replaces and the new one (a month or year end keeps no date of its own).

Both are deadlines by the gold format's conventions; both are found from the parse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence
from factsheet.parsing.dates import resolve

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


POSTPONING_VERBS = frozenset({"push", "postpone", "delay", "move", "defer", "shift", "reschedule", "extend"})
_FROM_TO = re.compile(
    r"\bfrom\s+(?P<old>[^,;]{3,30}?)\s+(?:to|until)\s+(?P<new>[^,;]{3,30}?)(?=\s*(?:[,.;]|$)|\s+(?:and|but|for|so)\b)"
)
PERIOD_ENDS = re.compile(
    r"\b(?:end|middle|start|beginning|spring|summer|autumn|fall|winter)\b", re.IGNORECASE
)


def moved_dates(sent: Sentence) -> Iterator[tuple[list[Token], str, dt.date | None, Token]]:
    """(tokens, due text, due, verb) for both ends of a date moved "from X to Y"."""
    verbs = [t for t in sent.tokens if t.pos_ == "VERB" and t.lemma_.lower() in POSTPONING_VERBS]
    if not verbs:
        return
    dates = [e for e in sent.span.ents if e.label_ == "DATE"]
    base = sent.span.start_char
    for match in _FROM_TO.finditer(sent.text):
        ends = []
        for name, words in (("old", f"from {match.group('old')}"), ("new", match.group("new"))):
            start, end = base + match.start(name), base + match.end(name)
            if not any(e.start_char < end and start < e.end_char for e in dates):
                break  # "from 5% to 10%": not a date that moved
            tokens = [t for t in sent.tokens if start <= t.idx < end]
            due = resolve(match.group(name), sent.state.published, "future")
            if due is None and not PERIOD_ENDS.search(match.group(name)):
                break
            ends.append((tokens, words, due))
        if len(ends) == 2:
            for tokens, words, due in ends:
                yield tokens, words, due, verbs[0]
