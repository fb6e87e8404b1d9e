"""What the desk knows, as plain records: since the last briefing, ahead, events, one event's history.

Every function takes an open `Desk` and reads; none writes. The records are dataclasses
with `as_dict()` so the briefing, `--json` and `--csv` all show the same fields.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factsheet.desk.desk import Desk

Row = dict[str, Any]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class EventRow:
    """One event as the desk knows it now."""

    id: str
    kind: str
    summary: str
    date: dt.date | None
    status: str | None
    figure: float | None
    first_reported: dt.date
    last_reported: dt.date
    conflict: bool
    revised_by: str | None
    revises: str | None
    sources: int = 0

    @classmethod
    def from_row(cls, row: Row, sources: int = 0) -> EventRow:
        return cls(
            id=row["id"],
            kind=row["kind"],
            summary=row["summary"],
            date=_date(row["date"]),
            status=row["status"],
            figure=row["figure"],
            first_reported=dt.date.fromisoformat(row["first_reported"]),
            last_reported=dt.date.fromisoformat(row["last_reported"]),
            conflict=bool(row["conflict"]),
            revised_by=row["revised_by"],
            revises=row["revises"],
            sources=sources,
        )

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class HistoryRow:
    """One change of an event: what was reported, by which source, on which day."""

    reported_on: dt.date | None
    change: str
    """new, restated, update, earlier, conflict, status, dated, revision or withdrawn."""
    field: str | None
    old_value: str | None
    new_value: str | None
    source: str | None
    fact_id: str | None
    quote: str | None
    note: str | None
    old_source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Change:
    """A change reported since the last briefing (an updated figure, a status that moved, a revision)."""

    event_id: str
    kind: str
    summary: str
    change: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reported_on: dt.date
    source: str | None
    quote: str | None
    old_source: str | None
    old_quote: str | None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Passed:
    """A forward-looking event whose date came since the last briefing, and what was reported after."""

    event: EventRow
    outcome: str
    """The status it reached (e.g. held, in_force), "no report" if its status never moved, or "passed"."""
    report: str | None
    """The newest quote published on or after the date: what the text says happened."""
    report_source: str | None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Withdrawn:
    fact_id: str
    decision: str
    kind: str | None
    summary: str | None
    event_id: str | None
    reason: str | None
    decided_by: str | None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Since:
    """What changed on the desk in (previous, date]."""

    previous: dt.date | None
    date: dt.date
    new_events: list[EventRow] = field(default_factory=list)
    updated_figures: list[Change] = field(default_factory=list)
    status_changes: list[Change] = field(default_factory=list)
    revisions: list[Change] = field(default_factory=list)
    dates_passed: list[Passed] = field(default_factory=list)
    withdrawn: list[Withdrawn] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    def is_empty(self) -> bool:
        return not any(
            (
                self.new_events,
                self.updated_figures,
                self.status_changes,
                self.revisions,
                self.dates_passed,
                self.withdrawn,
            )
        )


@dataclass
class AheadItem:
    event: EventRow
    days_left: int
    """Days from the briefing date to the event's date; negative when it passed."""

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Ahead:
    date: dt.date
    upcoming: list[AheadItem] = field(default_factory=list)
    """Dated events reported on earlier days whose date is today or later."""
    no_report: list[AheadItem] = field(default_factory=list)
    """Events with a status (a scheduled meeting) whose date passed and whose status never moved."""

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _change(row: Row) -> Change:
    return Change(
        event_id=row["event_id"],
        kind=row["kind"],
        summary=row["summary"],
        change=row["change"],
        field=row["field"],
        old_value=row["old_value"],
        new_value=row["new_value"],
        reported_on=dt.date.fromisoformat(row["reported_on"]),
        source=row["source"],
        quote=row["quote"],
        old_source=row["old_source"],
        old_quote=row["old_quote"],
    )


def since(desk: Desk, previous_briefing_date: dt.date | None, date: dt.date) -> Since:
    """New events, updated figures, moved statuses, revisions, passed dates, withdrawals in (previous, date].

    A date "passed" when it lies in [previous, date): on the previous briefing it was
    still today or ahead.
    """
    store = desk.store
    after = previous_briefing_date.isoformat() if previous_briefing_date else None
    until = date.isoformat()
    out = Since(previous=previous_briefing_date, date=date)
    out.new_events = [EventRow.from_row(r) for r in store.events_first_reported(after, until)]
    for row in store.changes_between(after, until, ("update", "status", "revision")):
        item = _change(row)
        if row["change"] == "update":
            if row["old_value"] is not None:
                out.updated_figures.append(item)
        elif row["change"] == "status":
            out.status_changes.append(item)
        elif not any(r.new_value == item.new_value and r.old_value == item.old_value for r in out.revisions):
            out.revisions.append(item)
    for row in store.forward_events_dated(after, until, reported_before=until):
        event = EventRow.from_row(row)
        moved = json.loads(row["past_statuses"])
        outcome = event.status if moved else ("no report" if event.status is not None else "passed")
        report = store.latest_report_after(event.id, row["date"])
        out.dates_passed.append(
            Passed(
                event, str(outcome), report["quote"] if report else None, report["source"] if report else None
            )
        )
    for row in store.decisions_between(after, until, ("rejected", "withdrawn")):
        out.withdrawn.append(
            Withdrawn(
                row["fact_id"],
                row["decision"],
                row["kind"],
                row["summary"],
                row["event_id"],
                row["reason"],
                row["decided_by"],
            )
        )
    return out


def ahead(desk: Desk, date: dt.date, *, no_report_days: int = 14) -> Ahead:
    """Dated events from earlier days still ahead of `date`, and recent ones that passed unreported."""
    store = desk.store
    day = date.isoformat()
    out = Ahead(date=date)
    for row in store.forward_events_dated(day, "9999-12-31", reported_before=day):
        event = EventRow.from_row(row)
        assert event.date is not None
        out.upcoming.append(AheadItem(event, (event.date - date).days))
    start = (date - dt.timedelta(days=no_report_days)).isoformat()
    for row in store.forward_events_dated(start, day, reported_before=day):
        if row["status"] is None or json.loads(row["past_statuses"]):
            continue
        event = EventRow.from_row(row)
        assert event.date is not None
        out.no_report.append(AheadItem(event, (event.date - date).days))
    return out


def events(
    desk: Desk,
    kind: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> list[EventRow]:
    """Events reported in [since, until], newest report first; filters combine."""
    rows = desk.store.search_events(
        kind, since.isoformat() if since else None, until.isoformat() if until else None, text, status, limit
    )
    return [EventRow.from_row(r, r["sources"]) for r in rows]


def event_history(desk: Desk, event_id: str) -> list[HistoryRow]:
    """Every report and change of one event, oldest first; `KeyError` for an unknown id."""
    if desk.store.event(event_id) is None:
        raise KeyError(event_id)
    old_sources = {}
    rows = desk.store.event_changes(event_id)
    for row in rows:
        if row["fact"] is not None:
            old_sources[row["fact"]] = row["source"]
    return [
        HistoryRow(
            reported_on=_date(r["reported_on"]),
            change=r["change"],
            field=r["field"],
            old_value=r["old_value"],
            new_value=r["new_value"],
            source=r["source"],
            fact_id=r["fact_id"],
            quote=r["quote"],
            note=r["note"],
            old_source=old_sources.get(r["old_fact"]) if r["old_fact"] else None,
        )
        for r in rows
    ]


@dataclass
class Point:
    """One day's value of an event's key figure, with the report that gave it."""

    day: dt.date
    value: float
    source: str | None


def series(desk: Desk, event_id: str) -> list[Point]:
    """The event's key figure day by day (the last report of each day), for a line over time.

    A briefing draws the line when there are values on three or more days.
    """
    points: dict[dt.date, Point] = {}
    for row in desk.store.event_changes(event_id):
        if (
            row["fact_figure"] is None
            or row["reported_on"] is None
            or row["change"] in ("withdrawn", "earlier")
        ):
            continue
        day = dt.date.fromisoformat(row["reported_on"])
        points[day] = Point(day, float(row["fact_figure"]), row["source"])
    return [points[d] for d in sorted(points)]
