""" "Since the last briefing": today's events against what readers last saw, from the desk.

A briefing's snapshot is the events it lists, each with the values a reader saw (figure,
status, date, summary) and the facts behind them. Publishing records it on the desk (a
run records its draft's). Today's list is compared with the briefings dated before today:
the published ones when this desk has published any (a day published again is compared
with its own earlier publication: what readers saw), else the drafts of earlier runs.

- *new*: an event no earlier briefing listed, whatever the date of its article (an
  article published on the 2nd that the desk receives on the 4th is new on the 4th; so is
  a day run after a later one);
- *changed*: listed before with another figure, status or date (old → new);
- *withdrawn*: listed in the last briefing, and every fact behind it has since been
  rejected in review.

The draft, `factsheet publish` and its manifest use this one function, so the counts a
user is told are the lists the briefing prints.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from factsheet.desk.review import rejected_fact_ids
from factsheet.desk.store import Store
from factsheet.models import Event

COMPARED = ("figure", "status", "date")


def snapshot(events: list[Event]) -> dict[str, dict[str, Any]]:
    """What a briefing showed of each event: the values compared tomorrow, and its facts."""
    out: dict[str, dict[str, Any]] = {}
    for event in events:
        fact = event.fact
        spec_date = next(
            (getattr(fact, name) for name in _dates(fact) if getattr(fact, name, None) is not None), None
        )
        figure = event.high if event.conflict and event.high is not None else _figure(event)
        out[event.id] = {
            "kind": event.kind,
            "summary": event.summary,
            "figure": figure,
            "status": getattr(fact, "status", None),
            "date": spec_date.isoformat() if isinstance(spec_date, dt.date) else None,
            "figure_field": _figure_field(event),
            "facts": [s.fact_id for s in event.sources],
            "docs": sorted({s.doc for s in event.sources}),
        }
    return out


def _dates(fact: Any) -> tuple[str, ...]:
    from factsheet.kinds import get

    return tuple(get(fact.kind).roles.dates)


def _figure_field(event: Event) -> str | None:
    from factsheet.kinds import get

    return get(event.kind).key_figure


def _figure(event: Event) -> float | None:
    from factsheet.kinds import get

    name = get(event.kind).key_figure
    value = getattr(event.fact, name, None) if name else None
    return float(value) if isinstance(value, int | float) else None


@dataclass
class SinceLast:
    """Today's list against the briefings before it."""

    base: str | None = None
    """"published" or "draft": what today is compared with; None on a desk's first briefing."""
    previous_date: dt.date | None = None
    new: list[str] = field(default_factory=list)
    changed: list[tuple[str, dict[str, list[Any]]]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The last values readers saw of each event listed before (for lines and withdrawn ones)."""
    later: list[str] = field(default_factory=list)
    """Briefings dated after today that already exist: they were made without today's run."""

    def ids(self) -> dict[str, list[str]]:
        return {"new": self.new, "changed": [c[0] for c in self.changed], "withdrawn": self.withdrawn}


def _earlier(store: Store, day: str) -> tuple[str | None, list[tuple[str, dict[str, dict[str, Any]]]]]:
    published = store._all(  # a day published again is compared with its own earlier publication
        "SELECT briefing_date, events FROM publications WHERE briefing_date <= ? AND events IS NOT NULL "
        "ORDER BY briefing_date, id",
        (day,),
    )
    if published:
        return "published", [(r["briefing_date"], json.loads(r["events"])) for r in published]
    drafts = store._all(
        "SELECT briefing_date, events FROM runs WHERE briefing_date < ? AND events IS NOT NULL "
        "AND finished_at IS NOT NULL ORDER BY briefing_date, id",
        (day,),
    )
    return (
        ("draft", [(r["briefing_date"], json.loads(r["events"])) for r in drafts]) if drafts else (None, [])
    )


def since_last(store: Store, day: dt.date, current: dict[str, dict[str, Any]]) -> SinceLast:
    """Compare today's snapshot with the earlier briefings of this desk."""
    base, earlier = _earlier(store, day.isoformat())
    out = SinceLast(base=base)
    later = store._all(
        "SELECT DISTINCT briefing_date FROM runs WHERE briefing_date > ? AND finished_at IS NOT NULL "
        "ORDER BY briefing_date",
        (day.isoformat(),),
    )
    out.later = [r["briefing_date"] for r in later]
    if not earlier:
        return out
    out.previous_date = dt.date.fromisoformat(earlier[-1][0])
    last_seen: dict[str, dict[str, Any]] = {}
    for _, events in earlier:
        last_seen.update(events)
    out.previous = last_seen
    for event_id, values in current.items():
        before = last_seen.get(event_id)
        if before is None:
            out.new.append(event_id)
            continue
        diff = {k: [before.get(k), values.get(k)] for k in COMPARED if before.get(k) != values.get(k)}
        if diff:
            out.changed.append((event_id, diff))
    rejected = rejected_fact_ids(store)
    for event_id, values in earlier[-1][1].items():
        facts = set(values.get("facts") or [])
        if event_id not in current and facts and facts <= rejected:
            out.withdrawn.append(event_id)
    return out


def since_lines(report: SinceLast, current: dict[str, dict[str, Any]]) -> list[str]:
    """The lines the briefing prints for the three lists, each a complete phrase."""
    lines = [f"New: {current[i]['summary']} ({current[i]['kind']})" for i in report.new]
    for event_id, diff in report.changed:
        values = current[event_id]
        for name, (old, new) in diff.items():
            label = "Moved" if name == "status" else "Updated"
            shown = (values.get("figure_field") or "figure") if name == "figure" else name
            lines.append(
                f"{label}: {values['summary']}: {shown.replace('_', ' ')} {_word(old)} → {_word(new)}"
                f" ({', '.join(values.get('docs') or [])})"
            )
    lines += [
        f"Withdrawn after review: {report.previous[i]['summary']} ({report.previous[i]['kind']})"
        for i in report.withdrawn
    ]
    return lines


def _word(value: Any) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,g}"
    return str(value).replace("_", " ")


def briefing_since(
    desk: Any, day: dt.date, events: list[Event]
) -> tuple[SinceLast, list[str], dict[str, Any]]:
    """The draft's and the publication's "since the last briefing": the report, its lines, the snapshot.

    After the New / Updated / Moved / Withdrawn lines come the dates that passed since the
    previous briefing and what is ahead, from the desk's dated events.
    """
    from factsheet.desk import ahead
    from factsheet.desk.queries import since as dated_since

    current = snapshot(events)
    report = since_last(desk.store, day, current)
    if report.base is None:
        return report, [], current
    lines = since_lines(report, current)
    passed = dated_since(desk, report.previous_date, day).dates_passed
    lines += [
        f"Passed: {p.event.summary}" + (f" — “{p.report}”" if p.report else f" ({_word(p.outcome)})")
        for p in passed
    ]
    coming = ahead(desk, day)
    settled = {"held", "in_force", "cancelled"}  # reported as having happened (or not): not ahead
    passed_ids = {p.event.id for p in passed}
    lines += [
        f"Ahead: {i.event.summary}, " + _when(i.days_left)
        for i in coming.upcoming
        if (i.event.status or "") not in settled
    ]
    lines += [
        f"No report: {i.event.summary} (date passed {-i.days_left} days ago)"
        for i in coming.no_report
        if i.event.id not in passed_ids
    ]
    return report, lines, current


def _when(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
