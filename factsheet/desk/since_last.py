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
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from factsheet.desk.review import rejected_fact_ids
from factsheet.desk.store import Store
from factsheet.models import Event

COMPARED = ("figure", "status", "date")
FIGURE_WORDS = {"rate_percent": "rate"}
"""A key figure's field as a reader names it in an "Updated" line ("count 9 → 11", "rate 25% → 50%")."""


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
            "shown": _shown(event, figure),
            "figure_docs": sorted(
                {
                    s.doc
                    for s in event.sources
                    if figure is not None and s.value is not None and s.value == figure
                }
            ),
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


def _shown(event: Event, figure: float | None) -> str | None:
    """The figure as the briefing printed it (25%, $1.2 bn, 1,250)."""
    from factsheet.render.parts import figure as figure_text

    return figure_text(event.fact, figure) if figure is not None else None


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


class SinceItem(BaseModel):
    """One line of "what changed" or "ahead": a complete phrase, and the sources that state it."""

    group: str
    """new, updated, moved, passed, withdrawn, ahead or overdue."""
    event_id: str
    kind: str
    text: str
    sources: list[str] = Field(default_factory=list)
    """Ids of the articles that state the (new) value."""
    old_sources: list[str] = Field(default_factory=list)
    """Ids of the articles that stated the value before (an update)."""
    date: dt.date | None = None
    when: str | None = None
    """ "today", "tomorrow", "in 3 days", "2 days ago": the date against the briefing date."""
    old: str | None = None
    """The value before (a status or figure in words), for an update or a move."""
    new: str | None = None

    def line(self) -> str:
        label = {"new": "New", "updated": "Updated", "moved": "Moved", "passed": "Passed"}.get(self.group)
        label = (
            label
            or {"withdrawn": "Withdrawn after review", "ahead": "Ahead", "overdue": "Overdue"}[self.group]
        )
        return f"{label}: {self.text}" + (f" ({self.when})" if self.when else "")


class DayValue(BaseModel):
    """An event's value on one day: what the "Events over time" sheet and the line over time show."""

    event_id: str
    kind: str
    summary: str
    day: dt.date
    value: float | None = None
    status: str | None = None
    sources: list[str] = Field(default_factory=list)


class SinceGroups(BaseModel):
    """What the desk adds to a briefing: what changed (grouped), what is ahead, values over time."""

    base: str | None = None
    previous_date: dt.date | None = None
    new: list[SinceItem] = Field(default_factory=list)
    updated: list[SinceItem] = Field(default_factory=list)
    moved: list[SinceItem] = Field(default_factory=list)
    passed: list[SinceItem] = Field(default_factory=list)
    withdrawn: list[SinceItem] = Field(default_factory=list)
    ahead: list[SinceItem] = Field(default_factory=list)
    overdue: list[SinceItem] = Field(default_factory=list)
    over_time: list[DayValue] = Field(default_factory=list)
    series: dict[str, list[DayValue]] = Field(default_factory=dict)
    """Events of the briefing with values on three or more days: their line over time."""
    copies: dict[str, str] = Field(default_factory=dict)
    """Article id → the article it copies (one wire story, >= 90% the same text)."""
    source_names: dict[str, str] = Field(default_factory=dict)
    """Article id → "outlet, date" for sources of earlier days cited by a line."""
    review_record: str | None = None
    """"Facts reviewed in the last 30 days: N; accepted unchanged: P %" — what the checks are worth."""

    GROUPS: ClassVar[tuple[str, ...]] = ("new", "updated", "moved", "passed", "withdrawn")

    def changed(self) -> list[tuple[str, list[SinceItem]]]:
        return [(name, getattr(self, name)) for name in self.GROUPS if getattr(self, name)]

    def lines(self) -> list[str]:
        """Every group as flat lines ("New: …", "Ahead: …"), for `Briefing.since` and plain readers."""
        items = [i for name in (*self.GROUPS, "ahead", "overdue") for i in getattr(self, name)]
        return [item.line() for item in items]


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
    groups = since_groups(report, current)
    return [
        item.line() for name in ("new", "updated", "moved", "withdrawn") for item in getattr(groups, name)
    ]


def since_groups(report: SinceLast, current: dict[str, dict[str, Any]]) -> SinceGroups:
    """New / Updated / Moved / Withdrawn from the report: one item per event (and per changed value)."""
    out = SinceGroups(base=report.base, previous_date=report.previous_date)
    for event_id in report.new:
        values = current[event_id]
        out.new.append(
            SinceItem(
                group="new",
                event_id=event_id,
                kind=values["kind"],
                text=phrase(values["summary"], values.get("status"), values.get("date")),
                sources=values.get("figure_docs") or values.get("docs") or [],
            )
        )
    for event_id, diff in report.changed:
        values = current[event_id]
        before = report.previous.get(event_id, {})
        for name, (old, new) in diff.items():
            if name == "status":
                out.moved.append(
                    SinceItem(
                        group="moved",
                        event_id=event_id,
                        kind=values["kind"],
                        text=f"{values['summary']} — {_word(old)} → {_word(new)}",
                        sources=values.get("docs") or [],
                        old=_word(old),
                        new=_word(new),
                    )
                )
                continue
            if name == "figure":
                old_text = before.get("shown") if before.get("figure") == old else None
                field_name = values.get("figure_field") or "figure"
                shown = FIGURE_WORDS.get(field_name, field_name.replace("_", " "))
                change = f"{shown} {old_text or _word(old)} → {values.get('shown') or _word(new)}"
                sources = values.get("figure_docs") or values.get("docs") or []
                old_sources = before.get("figure_docs") or before.get("docs") or []
            else:  # the date
                change = (
                    f"date {_day(old)} → {_day(new)}"
                    if old is not None and new is not None
                    else (
                        f"now dated {_day(new)}" if new is not None else f"no longer dated (was {_day(old)})"
                    )
                )
                sources = values.get("docs") or []
                old_sources = before.get("docs") or []
            out.updated.append(
                SinceItem(
                    group="updated",
                    event_id=event_id,
                    kind=values["kind"],
                    text=f"{values['summary']} — {change}",
                    sources=sources,
                    old_sources=[d for d in old_sources if d not in sources],
                    old=change.split(" → ")[0].removeprefix(f"{shown} ") if name == "figure" else None,
                    new=change.split(" → ")[-1] if name == "figure" else None,
                )
            )
    for event_id in report.withdrawn:
        values = report.previous[event_id]
        out.withdrawn.append(
            SinceItem(
                group="withdrawn",
                event_id=event_id,
                kind=values["kind"],
                text=phrase(values["summary"], values.get("status"), values.get("date")),
                sources=values.get("docs") or [],
            )
        )
    return out


def phrase(summary: str, status: str | None = None, date: Any = None) -> str:
    """An event's summary made a complete phrase: its status in words and its date, where the summary
    does not already say them ("Donald Trump – Vladimir Putin (scheduled, Fri 15 Aug 2025)")."""
    extra = []
    if status and _word(status) not in summary:
        extra.append(_word(status))
    if date is not None and _day(date) not in summary and str(date) not in summary:
        extra.append(_day(date))
    return f"{summary} ({', '.join(extra)})" if extra else summary


def _word(value: Any) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,g}"
    return str(value).replace("_", " ")


def _day(value: Any) -> str:
    from factsheet.render.parts import day

    try:
        return day(dt.date.fromisoformat(str(value)))
    except ValueError:
        return _word(value)


def briefing_since(
    desk: Any, day: dt.date, events: list[Event]
) -> tuple[SinceLast, SinceGroups, dict[str, Any]]:
    """The draft's and the publication's "since the last briefing": the report, its groups, the snapshot.

    The groups hold New / Updated / Moved / Passed / Withdrawn (empty on a desk's first
    briefing), what is ahead in the next `AHEAD_DAYS` days and what is overdue, the
    events' values day by day (`over_time`, `series`) and which of today's articles
    copy another (`copies`). `SinceGroups.lines()` is the same as flat lines.
    """
    from factsheet.desk.digest import ahead_items, copies, over_time, passed_items

    current = snapshot(events)
    report = since_last(desk.store, day, current)
    groups = since_groups(report, current) if report.base is not None else SinceGroups()
    passed = passed_items(desk, report.previous_date, day) if report.base is not None else []
    groups.passed = passed
    groups.ahead, groups.overdue = ahead_items(desk, day, events, {p.event_id for p in passed})
    groups.over_time, groups.series = over_time(desk, [e.id for e in events])
    groups.copies = copies(desk, [[s.doc for s in e.sources] for e in events])
    groups.source_names = _source_names(desk, groups)
    from factsheet.desk.measure import review_record

    groups.review_record = review_record(desk.store, day)["line"]
    return report, groups, current


def _source_names(desk: Any, groups: SinceGroups) -> dict[str, str]:
    """ "Outlet, date" for each article a line cites, so a source of an earlier day can be named."""
    docs = sorted(
        {
            d
            for name in (*groups.GROUPS, "ahead")
            for item in getattr(groups, name)
            for d in (*item.sources, *item.old_sources)
        }
    )
    if not docs:
        return {}
    marks = ",".join("?" * len(docs))
    rows = desk.store._all(
        f"SELECT article_id, outlet, published FROM articles WHERE article_id IN ({marks}) ORDER BY version",
        docs,
    )
    return {
        r["article_id"]: f"{r['outlet'] or r['article_id']}, {r['published'] or 'date unknown'}" for r in rows
    }
