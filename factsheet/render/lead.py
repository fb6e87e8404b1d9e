"""The briefing's lead: three to five sentences made from the day's most salient events.

Nothing here is free text. Each sentence is the event's kind template (`KindSpec.lead`,
made from the fact's own values) with a change template added (moved: "(was
announced)"; updated: "(updated)"; new on the desk: nothing), and it ends with the
footnotes of the reports that state its figure. Events are chosen in this order:

1. what changed since the last briefing: a status that moved, then an updated figure,
   then a new event;
2. within each, the section's salience order (due soonest, largest figure, most
   sources, newest: `render.salience`);
3. one event per kind first, so the lead is not five rows of one table; then the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factsheet.models import Event
from factsheet.render.salience import salience_key

if TYPE_CHECKING:
    from factsheet.desk.since_last import SinceGroups
    from factsheet.render.parts import BriefingParts

MIN_SENTENCES = 3
MAX_SENTENCES = 5


@dataclass
class LeadSentence:
    text: str
    """The sentence with its full stop, without footnotes."""
    refs: list[int]
    event: Event


_CHANGE_RANK = {"moved": 0, "updated": 1, "new": 2}


def lead(
    events: list[Event],
    parts: BriefingParts,
    since: SinceGroups | None,
    published: Callable[[str], dt.date | None],
) -> list[LeadSentence]:
    """Up to `MAX_SENTENCES` sentences; fewer only when the day has fewer events to tell."""
    from factsheet.kinds import get, names

    change: dict[str, tuple[str, str | None]] = {}
    if since is not None:
        for group in ("moved", "updated", "new"):
            for item in getattr(since, group):
                if group != "updated" or item.new is not None:  # a figure that changed, not a date left out
                    change.setdefault(item.event_id, (group, item.old))
    order = {name: i for i, name in enumerate(names())}
    ranked = sorted(
        range(len(events)),
        key=lambda i: (
            _CHANGE_RANK.get(change.get(events[i].id, ("", None))[0], 3),
            salience_key(events[i], parts.date, published, i),
            order.get(events[i].kind, 99),
        ),
    )
    chosen: list[tuple[Event, str]] = []
    kinds_used: set[str] = set()
    for second_pass in (False, True):
        for i in ranked:
            event = events[i]
            if len(chosen) >= MAX_SENTENCES or any(event is e for e, _ in chosen):
                continue
            if not second_pass and event.kind in kinds_used:
                continue
            builder = get(event.kind).lead
            sentence = builder(event, parts) if builder else None
            if not sentence:
                continue
            group, old = change.get(event.id, ("", None))
            if group == "moved" and old:
                sentence += f" (was {old})"
            elif group == "updated":
                sentence += " (updated)"
            chosen.append((event, sentence))
            kinds_used.add(event.kind)
    return [
        LeadSentence(text if text.endswith("…") else text.rstrip(".") + ".", parts.figure_refs(event), event)
        for event, text in chosen
    ]
