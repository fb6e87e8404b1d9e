"""Reconcile: facts from many articles about the same event become one `Event`.

"Same event" is defined per kind by a blocking key (`KindSpec.event_key`, in each
kind's module), so the cost grows linearly with the number of facts (one dictionary
pass, then one pass over the groups), never with all pairs, and never across kinds.
A kind whose key ends in a date may let an undated report join the one dated event
with the same other key parts (`KindSpec.join_undated`).
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

from factsheet.kinds import get, kinds
from factsheet.kinds.identity import compatible
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
            groups[_key(fact)].append(fact)
    _join_undated(groups)
    events: list[Event] = []
    event_of: dict[str, str] = {}
    for key, block in groups.items():
        for number, members in enumerate(_compatible_groups(block)):
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


def _compatible_groups(block: list[FactBase]) -> list[list[FactBase]]:
    """Split facts with one key into events whose identifying fields agree (`kinds.identity`)."""
    out: list[list[FactBase]] = []
    for fact in block:
        home = next((g for g in out if all(compatible(fact, m) for m in g)), None)
        if home is None:
            out.append([fact])
        else:
            home.append(fact)
    return out


def _key(fact: FactBase) -> tuple:
    return get(fact.kind).event_key(fact)


def _join_undated(groups: dict[tuple, list[FactBase]]) -> None:
    """An undated report joins the one dated event of its kind with the same other key parts."""
    dated: dict[tuple, list[tuple]] = defaultdict(list)
    joining = {spec.name for spec in kinds() if spec.join_undated}
    for key in groups:
        if key[0] in joining and key[-1] is not None:
            dated[key[:-1]].append(key)
    for key in [k for k in groups if k[0] in joining and k[-1] is None]:
        targets = dated.get(key[:-1], [])
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))


def _places(fact: FactBase) -> set[str]:
    """The fact's place names, told apart regardless of case: disagreeing places are a conflict."""
    spec = get(fact.kind)
    return {str(value) for name in spec.roles.places if (value := getattr(fact, name))}


def _figure(fact: FactBase) -> float | None:
    field = get(fact.kind).key_figure
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
    else:
        places = {place.casefold(): place for f in members for place in _places(f)}.values()
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
    return get(fact.kind).describe(fact)
