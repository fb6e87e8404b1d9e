"""Reconcile: facts from many articles about the same event become one `Event`.

"Same event" is decided in two steps, as on the desk: a blocking key
(`factsheet.kinds.identity.block_key`, from each kind's `event_key`) finds the
candidates in one dictionary pass, never across kinds, and within a block
`identity.same_event` compares reports by identifying fields, nesting places, time and
article (reports taken in publication order; each joins the nearest event in time whose
every report it agrees with, preferring one whose status it shares). A kind whose key
ends in a date compares dated and undated reports within one block (`KindSpec.join_undated`).
Values that disagree within an event are a conflict, kept with every source's
figure and the low/high range, never silently resolved. A later article whose
quote says the figure changed ("death toll rises to 23") is an update, not a
conflict: the event then carries the latest figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict

from factsheet import places as place_names
from factsheet.kinds import get
from factsheet.kinds.identity import block_key, same_event, span, status_rank
from factsheet.kinds.timing import distance
from factsheet.models import ArticleMeta, Event, EventSource, FactBase

UPDATE_WORDS = re.compile(
    r"\b(?:rises?|rose|risen|climbs?|climbed|increased?|jumped?|updated?|revised|now\s+stands|"
    r"has\s+risen|toll\s+(?:rose|rises|climbed|reached|hit))\b",
    re.IGNORECASE,
)


def reconcile(
    facts: list[FactBase], sources: list[ArticleMeta] | None = None
) -> tuple[list[FactBase], list[Event]]:
    """Group non-rejected facts into events; return the facts with `event_id` set, and the events."""
    published = {s.id: s.published for s in sources or []}
    groups: dict[tuple, list[FactBase]] = defaultdict(list)
    for fact in facts:
        if fact.check.status != "rejected":
            groups[block_key(fact)].append(fact)
    events: list[Event] = []
    event_of: dict[str, str] = {}
    for key, block in groups.items():
        for number, members in enumerate(_same_events(block, published)):
            basis = key if number == 0 else (*key, number)
            event_id = "evt-" + hashlib.sha1(repr(basis).encode()).hexdigest()[:10]
            event_of.update({m.id: event_id for m in members})
            events.append(_event(event_id, members, published))
    out = [f.model_copy(update={"event_id": event_of.get(f.id)}) for f in facts]
    events.sort(key=lambda e: (e.kind, e.summary))
    return out, events


def events_by_id(facts: list[FactBase], sources: list[ArticleMeta] | None = None) -> list[Event]:
    """The events of facts that already name theirs (the desk's ids): one id, one grouping.

    A run's facts are grouped once, on the desk; the day's files, the review page, the
    briefing and `factsheet event(s)` then share the desk's event ids. Facts without an
    event (rejected by the validator or in review) are part of none.
    """
    published = {s.id: s.published for s in sources or []}
    groups: dict[str, list[FactBase]] = defaultdict(list)
    for fact in facts:
        if fact.event_id and fact.check.status != "rejected":
            groups[fact.event_id].append(fact)
    events = [_event(event_id, members, published) for event_id, members in groups.items()]
    events.sort(key=lambda e: (e.kind, e.summary))
    return events


def _same_events(block: list[FactBase], published: dict[str, dt.date | None]) -> list[list[FactBase]]:
    """Split one block into events: in publication order (dated reports first, so an undated one
    finds them), each report joins the event nearest in time whose every report is the same
    event as it (`identity.same_event`), or starts one."""

    def day(fact: FactBase) -> dt.date | None:
        return published.get(fact.doc)

    def order(fact: FactBase) -> tuple:
        return (span(fact, day(fact)) is None, day(fact) or dt.date.min, fact.doc, fact.start or 0)

    out: list[list[FactBase]] = []
    for fact in sorted(block, key=order):
        published_on = day(fact)
        own = span(fact, published_on) or ((published_on, published_on) if published_on else None)
        homes = [g for g in out if all(same_event(fact, day(fact), m, day(m)) for m in g)]
        if not homes:
            out.append([fact])
            continue
        status = getattr(fact, "status", None)
        nearest = min(
            homes,
            key=lambda g: (
                min(distance(own, span(m, day(m))) for m in g),
                all(getattr(m, "status", None) != status for m in g),
            ),
        )
        nearest.append(fact)
    return out


def _places(fact: FactBase) -> set[str]:
    """The fact's place names, as stated."""
    spec = get(fact.kind)
    return {str(value) for name in spec.roles.places if (value := getattr(fact, name))}


def _place_conflict(members: list[FactBase]) -> list[str]:
    """Places of one event that cannot be one place (neither lies in the other), as stated."""
    named = sorted({p.casefold(): p for f in members for p in _places(f)}.values())
    clash = any(not place_names.nested(a, b) for i, a in enumerate(named) for b in named[i + 1 :])
    return named if clash else []


def _figure(fact: FactBase) -> float | None:
    field = get(fact.kind).key_figure
    return getattr(fact, field) if field else None


def _event(event_id: str, members: list[FactBase], published: dict[str, dt.date | None]) -> Event:
    members = sorted(
        members,
        key=lambda f: (f.check.status != "verified", -(status_rank(f) or 0), f.doc, f.start or 0),
    )
    sources = [EventSource(fact_id=f.id, doc=f.doc, quote=f.quote, value=_figure(f)) for f in members]
    values = [s.value for s in sources if s.value is not None]
    low, high = (min(values), max(values)) if values else (None, None)
    representative = members[0]
    conflict, note = False, None
    if low is not None and low != high:
        latest = max(members, key=lambda f: (published.get(f.doc) or dt.date.min, f.doc))
        newer_than_all = all(
            (published.get(f.doc) or dt.date.min) < (published.get(latest.doc) or dt.date.min)
            for f in members
            if _figure(f) != _figure(latest)
        )
        if newer_than_all and UPDATE_WORDS.search(latest.quote):
            representative = latest
            note = f"updated: {latest.doc} reports {_figure(latest):g}, earlier reports " + ", ".join(
                f"{s.value:g}" for s in sources if s.doc != latest.doc and s.value is not None
            )
        else:
            conflict = True
            note = "sources disagree: " + "; ".join(
                f"{s.doc}: {s.value:g}" for s in sources if s.value is not None
            )
    elif clash := _place_conflict(members):
        conflict = True
        note = "sources disagree on the place: " + ", ".join(clash)
    return Event(
        id=event_id,
        kind=representative.kind,
        summary=summarise(representative),
        fact=representative,
        sources=sources,
        conflict=conflict,
        low=low,
        high=high,
        note=note,
    )


def summarise(fact: FactBase) -> str:
    """A one-line description of a fact, for tables and event lists."""
    return get(fact.kind).describe(fact)
