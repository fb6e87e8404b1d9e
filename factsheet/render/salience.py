"""Which events a briefing shows when there are more than it has room for.

A briefing is read in minutes; a day of a thousand articles has far more events
than that. Each section keeps its `max_rows` most salient events, ranked by, in
order:

1. due soonest: an event with a date on or after the briefing date (a deadline, a
   tariff's start, a scheduled meeting) before one without, the nearest first;
2. largest figure: the kind's key figure (`FieldRoles.figure`: an amount, a rate, a
   count), the largest first;
3. most sources: an event reported by more articles first;
4. newest: the most recently published report first;
5. the section's own order, so equal events keep their place.

The section still lists the kept rows in its own reading order (deadlines by date,
aid by amount); only the choice of rows follows salience. Nothing here names a kind:
the dates and the figure come from each kind's `FieldRoles`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from factsheet.models import Event

DEFAULT_MAX_ROWS = 8
"""Rows per section: six sections of eight rows, their sources and quotes fit on
eight A4 pages with room to spare (bench/scale.py renders 5,000 articles to check)."""

MAX_REFS = 3
"""Source numbers shown per row (and per glance line); the rest are counted ("+12")."""


def salience_key(
    event: Event, today: dt.date, published: Callable[[str], dt.date | None], position: int
) -> tuple:
    """Sort key: smaller is more salient (see the module docstring for the order)."""
    from factsheet.kinds import get

    roles = get(event.kind).roles
    upcoming = [
        value
        for name in roles.dates
        if isinstance(value := getattr(event.fact, name, None), dt.date) and value >= today
    ]
    due = (min(upcoming) - today).days if upcoming else None
    figure = getattr(event.fact, roles.figure, None) if roles.figure else None
    if event.high is not None:
        figure = event.high
    dates = [d for s in event.sources if (d := published(s.doc)) is not None]
    newest = max(dates).toordinal() if dates else 0
    return (
        due is None,
        due if due is not None else 0,
        -(float(figure) if isinstance(figure, int | float) else float("-inf")),
        -len(event.sources),
        -newest,
        position,
    )


def most_salient(
    events: Sequence[Event],
    limit: int | None,
    today: dt.date,
    published: Callable[[str], dt.date | None],
) -> set[int]:
    """Positions (in `events`) of the `limit` most salient events; all of them when no limit."""
    if limit is None or len(events) <= limit:
        return set(range(len(events)))
    ranked = sorted(range(len(events)), key=lambda i: salience_key(events[i], today, published, i))
    return set(ranked[:limit])
