"""Rounds of talks listed one by one: "the first round in Lima on May 2, the second in Quito on May 9".

An article that says two parties "have held three rounds of talks" often lists them in
the next sentence by ordinal, each with its own place and date and with the parties left
unsaid. The series sentence gives the parties (mediators included); each ordinal of the
list is one meeting. Without a series before it, a list of ordinals names no one and
gives nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span

from factsheet.extraction.offline.context import Sentence
from factsheet.kinds import Meeting
from factsheet.parsing.dates import resolve

if TYPE_CHECKING:
    from factsheet.extraction.offline.parties import Party

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _segments(sent: Sentence) -> list[list[Span]]:
    """The sentence's entities, cut at each ordinal ("first", "second", ...)."""
    ents = [e for e in sent.span.ents]
    starts = [i for i, e in enumerate(ents) if e.label_ == "ORDINAL"]
    return [ents[a:b] for a, b in zip(starts, [*starts[1:], len(ents)], strict=True)]


def listed_rounds(sent: Sentence, series: list[Party], participants) -> Iterator[Meeting]:
    """One meeting per ordinal of a list of rounds that has a date, for the series' parties.

    `participants` turns the parties into names (with the place), as the meeting rule does.
    """
    segments = [s for s in _segments(sent) if any(e.label_ == "DATE" for e in s)]
    if len(segments) < 2 or not series:
        return
    past = any(t.tag_ == "VBD" for t in sent.tokens)
    published = sent.state.published
    for segment in segments:
        date_ent = next(e for e in segment if e.label_ == "DATE")
        place_ent = next((e for e in segment if e.label_ in PLACE_LABELS), None)
        place = None
        if place_ent is not None and not _possessed(place_ent):
            place = place_ent.text.removeprefix("the ")
        day = resolve(date_ent.text, published, "past" if past else "future")
        names = participants(series, place, sent)
        if len(names) < 2:
            continue
        held = day is not None and published is not None and day <= published
        used = [*segment[0], *date_ent, *(place_ent or [])]
        yield Meeting(
            **sent.provenance(used, "meeting.listed_round"),
            participants=sorted(names),
            location=place,
            date=day,
            mode="in_person",
            status="held" if held or (day is None and past) else "scheduled",
        )


def _possessed(ent: Span) -> bool:
    """ "Peru's capital": the place is the possessor of the real venue, not the venue."""
    end = ent.end
    doc = ent.doc
    return end < len(doc) and doc[end].dep_ == "case"
