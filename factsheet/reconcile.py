"""Reconcile: facts from many articles about the same event become one `Event`.

"Same event" is defined per kind by a blocking key, so the cost grows with the
number of facts (one dictionary pass), never with all pairs:
- meeting:  participants' surnames + held/upcoming + date (when both give one)
- tariff:   imposer + target + rate + basis (the 25% additional and the 50% total
            India tariffs stay two events)
- aid:      amount (rounded to 1%) + currency + recipient
- casualty: outcome + location + when; differing counts are a conflict range
- deadline: due date (or, undated, the words) + who set it
Values that disagree within an event are kept as a conflict (low/high and every
source's figure), never silently resolved.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict

from factsheet.models import Event, EventSource, FactBase

_UPDATE_WORDS = re.compile(
    r"\b(?:rises?|rose|climbs?|climbed|increases?d?|up to|now|updated|revised)\b", re.IGNORECASE
)


def reconcile(facts: list[FactBase]) -> tuple[list[FactBase], list[Event]]:
    """Group publishable and flagged facts into events; return facts with `event_id` set."""
    groups: dict[tuple, list[FactBase]] = defaultdict(list)
    for fact in facts:
        if fact.check.status == "rejected":
            continue
        groups[_key(fact)].append(fact)
    events: list[Event] = []
    ids: dict[int, str] = {}
    for key, members in groups.items():
        event_id = "evt-" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]
        for member in members:
            ids[id(member)] = event_id
        events.append(_event(event_id, members))
    out: list[FactBase] = []
    for fact in facts:
        copy = fact.model_copy()
        copy.event_id = ids.get(id(fact))
        out.append(copy)
    events.sort(key=lambda e: (e.kind, e.summary))
    return out, events


def _surname(name: str) -> str:
    return name.split()[-1].casefold()


def _key(fact: FactBase) -> tuple:
    if fact.kind == "meeting":
        surnames = tuple(sorted(_surname(p) for p in fact.participants))
        phase = "held" if fact.status == "held" else "upcoming"
        return ("meeting", surnames, phase, fact.date.isoformat() if fact.date else None)
    if fact.kind == "tariff":
        return ("tariff", fact.imposed_by, fact.target, fact.rate_percent, fact.basis)
    if fact.kind == "aid":
        bucket = round(math.log(fact.amount) / math.log(1.01)) if fact.amount else None
        return ("aid", bucket, fact.currency, fact.recipient)
    if fact.kind == "casualty":
        return (
            "casualty",
            fact.outcome,
            (fact.location or "").casefold() or fact.id,
            (fact.when_text or "").casefold(),
        )
    if fact.kind == "deadline":
        return (
            "deadline",
            fact.due.isoformat() if fact.due else (fact.due_text or "").casefold(),
            fact.set_by,
        )
    return (fact.kind, fact.id)


FIGURE_FIELD = {"tariff": "rate_percent", "aid": "amount", "casualty": "count"}


def _figure(fact: FactBase) -> float | None:
    field = FIGURE_FIELD.get(fact.kind)
    return getattr(fact, field) if field else None


def _event(event_id: str, members: list[FactBase]) -> Event:
    members = sorted(members, key=lambda f: (f.check.status != "verified", f.doc, f.start or 0))
    representative = members[0]
    sources = [EventSource(fact_id=f.id, doc=f.doc, quote=f.quote, value=_figure(f)) for f in members]
    values = [s.value for s in sources if s.value is not None]
    low = min(values) if values else None
    high = max(values) if values else None
    conflict = low is not None and high is not None and low != high
    note = None
    if conflict and any(_UPDATE_WORDS.search(f.quote) for f in members):
        note = "a later report updates the figure"
    elif conflict:
        note = "sources disagree: " + "; ".join(
            f"{s.doc}: {s.value:g}" for s in sources if s.value is not None
        )
    return Event(
        id=event_id,
        kind=representative.kind,
        summary=summarise(representative),
        fact=representative,
        sources=sources,
        conflict=conflict and note is not None,
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
