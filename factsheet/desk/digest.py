"""The desk's part of a briefing beyond "what changed": passed dates, what is ahead, values over time,
wire copies.

`desk.since_last.briefing_since` calls these and puts the results in `SinceGroups`,
which the briefing renders (page 1's "What changed" and "Ahead", page 2's lines over
time) and the XLSX exports ("Events over time", "Since"). Each reads the desk; none
writes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from factsheet.desk.since_last import DayValue, SinceItem, phrase

if TYPE_CHECKING:
    from factsheet.desk.desk import Desk
    from factsheet.models import Event

AHEAD_DAYS = 14
"""How far "Ahead" looks: the next two weeks."""
OVERDUE_DAYS = 14
"""How far back an unreported date counts as overdue."""
SERIES_DAYS = 3
"""An event with values on this many days or more gets its line over time."""
COPY_SIMILARITY = 0.9
"""Two articles sharing at least this share of their word 5-grams are one wire story."""
MIN_SHINGLES = 20
"""Texts shorter than this (in word 5-grams) are never called copies: too little to tell."""

SETTLED = {"held", "in_force", "cancelled"}
"""Statuses reported as having happened (or not): not ahead, not overdue."""


def _word(value: Any) -> str:
    return "not stated" if value is None else str(value).replace("_", " ")


def passed_items(desk: Desk, previous: dt.date | None, day: dt.date) -> list[SinceItem]:
    """Dates that came since the last briefing, each with what the text says happened."""
    from factsheet.desk.queries import since
    from factsheet.render.parts import clip, when
    from factsheet.render.parts import day as day_text

    items: list[SinceItem] = []
    seen: set[str] = set()
    for p in since(desk, previous, day).dates_passed:
        if p.event.id in seen:
            continue
        seen.add(p.event.id)
        date = p.event.date
        assert date is not None
        if p.report:
            happened = f"reported: “{clip(p.report, 140)}”"
        elif p.outcome == "no report":
            happened = f"no report since that it took place (still {_word(p.event.status)})"
        elif p.outcome == "passed":
            happened = "no later report"
        else:
            happened = _word(p.outcome)
        items.append(
            SinceItem(
                group="passed",
                event_id=p.event.id,
                kind=p.event.kind,
                text=f"{phrase(p.event.summary)} — due {day_text(date)}; {happened}",
                sources=[p.report_source] if p.report_source else [],
                date=date,
                when=when(date, day),
            )
        )
    return items


def ahead_items(
    desk: Desk, day: dt.date, events: list[Event], passed: set[str]
) -> tuple[list[SinceItem], list[SinceItem]]:
    """The next `AHEAD_DAYS` days by date (from earlier days and today's reports), and overdue dates."""
    from factsheet.desk.queries import ahead
    from factsheet.kinds import get
    from factsheet.render.parts import day as day_text
    from factsheet.render.parts import when

    horizon = day + dt.timedelta(days=AHEAD_DAYS)
    found: dict[str, SinceItem] = {}
    for event in events:
        roles = get(event.kind).roles
        status = getattr(event.fact, "status", None)
        if status in SETTLED:
            continue
        for name in roles.dates:
            date = getattr(event.fact, name, None)
            if isinstance(date, dt.date) and day <= date <= horizon:
                found.setdefault(
                    event.id,
                    SinceItem(
                        group="ahead",
                        event_id=event.id,
                        kind=event.kind,
                        text=phrase(event.summary, status),
                        sources=sorted({s.doc for s in event.sources}),
                        date=date,
                        when=when(date, day),
                    ),
                )
    coming = ahead(desk, day, no_report_days=OVERDUE_DAYS)
    for item in coming.upcoming:
        date = item.event.date
        if date is None or date > horizon or (item.event.status or "") in SETTLED or item.event.id in found:
            continue
        found[item.event.id] = SinceItem(
            group="ahead",
            event_id=item.event.id,
            kind=item.event.kind,
            text=phrase(item.event.summary, item.event.status),
            date=date,
            when=when(date, day),
        )
    overdue = [
        SinceItem(
            group="overdue",
            event_id=i.event.id,
            kind=i.event.kind,
            text=f"{i.event.summary} — was due {day_text(i.event.date)}, still {_word(i.event.status)}",
            date=i.event.date,
            when=when(i.event.date, day) if i.event.date else None,
        )
        for i in coming.no_report
        if i.event.id not in passed and i.event.id not in found
    ]
    ordered = sorted(found.values(), key=lambda i: (i.date or dt.date.max, i.kind, i.text))
    return ordered, overdue


def over_time(desk: Desk, event_ids: list[str]) -> tuple[list[DayValue], dict[str, list[DayValue]]]:
    """Each event's value, status and sources day by day; and the events with values on 3+ days."""
    rows: list[DayValue] = []
    series: dict[str, list[DayValue]] = {}
    for event_id in event_ids:
        event = desk.store.event(event_id)
        if event is None:
            continue
        days: dict[dt.date, DayValue] = {}
        status: str | None = None
        for change in desk.store.event_changes(event_id):
            if change["reported_on"] is None or change["change"] == "withdrawn":
                continue
            day = dt.date.fromisoformat(change["reported_on"])
            if change["change"] == "status" and change["new_value"]:
                status = change["new_value"]
            elif change["change"] == "new" and change["new_value"]:
                status = _status_in(change["new_value"], status)
            entry = days.setdefault(
                day, DayValue(event_id=event_id, kind=event["kind"], summary=event["summary"], day=day)
            )
            if change["fact_figure"] is not None and change["change"] != "earlier":
                entry.value = float(change["fact_figure"])
            entry.status = status
            if change["source"] and change["source"] not in entry.sources:
                entry.sources.append(change["source"])
        ordered = [days[d] for d in sorted(days)]
        rows.extend(ordered)
        valued = [d for d in ordered if d.value is not None]
        if len(valued) >= SERIES_DAYS:
            series[event_id] = valued
    return rows, series


_STATUS_WORD = re.compile(
    r"\b(held|scheduled|proposed|cancelled|in_force|announced|threatened|approved|"
    r"delivered|pledged)\b"
)


def _status_in(text: str, current: str | None) -> str | None:
    """The status word in a "new" change's summary of values ("25 · 2025-08-27 · announced")."""
    match = _STATUS_WORD.search(text)
    return match.group(1) if match else current


def copies(desk: Desk, groups: list[list[str]]) -> dict[str, str]:
    """Article id → the earlier article it copies: one wire story published twice counts once.

    Only articles reporting one event (a group) are compared. Two texts are copies when
    at least `COPY_SIMILARITY` of the shorter one's word 5-grams are in the other (a wire
    story with a different headline, byline or last paragraph is still a copy).
    """
    groups = [sorted(set(g)) for g in groups if len(set(g)) > 1]
    docs = sorted({d for g in groups for d in g})
    if not docs:
        return {}
    marks = ",".join("?" * len(docs))
    rows = desk.store._all(
        f"SELECT article_id, text, published FROM articles a WHERE article_id IN ({marks}) "
        "AND version = (SELECT MAX(version) FROM articles b WHERE b.article_id = a.article_id)",
        docs,
    )
    shingles = {r["article_id"]: (_shingles(r["text"]), r["published"] or "") for r in rows if r["text"]}
    out: dict[str, str] = {}
    for group in groups:
        order = sorted((d for d in group if d in shingles), key=lambda doc: (shingles[doc][1], doc))
        for i, doc in enumerate(order):
            mine = shingles[doc][0]
            for earlier in order[:i]:
                if doc in out or earlier in out:
                    continue
                theirs = shingles[earlier][0]
                smaller = min(len(mine), len(theirs))
                if smaller >= MIN_SHINGLES and len(mine & theirs) / smaller >= COPY_SIMILARITY:
                    out[doc] = earlier
    return out


_WORD = re.compile(r"\w+")


def _shingles(text: str, size: int = 5) -> frozenset[int]:
    words = _WORD.findall(text.casefold())
    return frozenset(hash(tuple(words[i : i + size])) for i in range(max(1, len(words) - size + 1)))
