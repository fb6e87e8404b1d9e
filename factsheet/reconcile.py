"""Reconcile: facts from many articles about the same event become one `Event`.

"Same event" is defined per kind by a blocking key, so the cost grows linearly with
the number of facts (one dictionary pass, then one pass over the groups), never
with all pairs, and never across kinds:
- meeting:  participants' surnames + held/upcoming + date; an undated report joins
            the one dated event with the same parties, if there is exactly one
- tariff:   target + rate + basis (the 25% additional and the 50% total India
            tariffs stay two events)
- aid:      amount (within 1%) + currency
- casualty: outcome + location; reports without a location stay on their own
- deadline: due date (or, undated, the words) + who set it
Values that disagree within an event are a conflict, kept with every source's
figure and the low/high range, never silently resolved. A later article whose
quote says the figure changed ("death toll rises to 23") is an update, not a
conflict: the event then carries the latest figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import defaultdict

from factsheet.models import KEY_FIGURE, ArticleMeta, Event, EventSource, FactBase

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
            groups[_key(fact)].append(fact)
    _join_undated_meetings(groups)
    events: list[Event] = []
    event_of: dict[str, str] = {}
    for key, members in groups.items():
        event_id = "evt-" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]
        event_of.update({m.id: event_id for m in members})
        events.append(_event(event_id, members, published))
    out = [f.model_copy(update={"event_id": event_of.get(f.id)}) for f in facts]
    events.sort(key=lambda e: (e.kind, e.summary))
    return out, events


def _surname(name: str) -> str:
    return name.split()[-1].casefold()


def _key(fact: FactBase) -> tuple:
    if fact.kind == "meeting":
        surnames = tuple(sorted({_surname(p) for p in fact.participants}))
        phase = "held" if fact.status == "held" else "upcoming"
        return ("meeting", surnames, phase, fact.date.isoformat() if fact.date else None)
    if fact.kind == "tariff":
        return ("tariff", (fact.target or "").casefold(), fact.rate_percent, fact.basis)
    if fact.kind == "aid":
        bucket = round(math.log(fact.amount) / math.log(1.01)) if fact.amount else fact.id
        return ("aid", bucket, fact.currency)
    if fact.kind == "casualty":
        return ("casualty", fact.outcome, (fact.location or "").casefold() or fact.id)
    if fact.kind == "deadline":
        due = fact.due.isoformat() if fact.due else (fact.due_text or "").casefold()
        return ("deadline", due, fact.set_by)
    return (fact.kind, fact.id)


def _join_undated_meetings(groups: dict[tuple, list[FactBase]]) -> None:
    dated: dict[tuple, list[tuple]] = defaultdict(list)
    for key in groups:
        if key[0] == "meeting" and key[3] is not None:
            dated[key[:3]].append(key)
    for key in [k for k in groups if k[0] == "meeting" and k[3] is None]:
        targets = dated.get(key[:3], [])
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))


def _figure(fact: FactBase) -> float | None:
    field = KEY_FIGURE.get(fact.kind)
    return getattr(fact, field) if field else None


def _event(event_id: str, members: list[FactBase], published: dict[str, dt.date | None]) -> Event:
    members = sorted(members, key=lambda f: (f.check.status != "verified", f.doc, f.start or 0))
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
    elif representative.kind == "meeting":
        places = {f.location for f in members if f.location}
        if len(places) > 1:
            conflict = True
            note = "sources disagree on the place: " + ", ".join(sorted(places))
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
    if fact.kind == "meeting":
        return " – ".join(fact.participants)
    if fact.kind == "tariff":
        rate = f"{fact.rate_percent:g}%" if fact.rate_percent is not None else "rate not given"
        return f"{fact.imposed_by or '?'} on {fact.target or '?'}: {rate} ({fact.basis or 'n/a'})"
    if fact.kind == "aid":
        return f"{fact.donor or '?'} → {fact.recipient or '?'}"
    if fact.kind == "casualty":
        return f"{fact.outcome} in {fact.location or 'unspecified location'}"
    if fact.kind == "deadline":
        return fact.subject
    return fact.quote
