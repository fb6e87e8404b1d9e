"""Events across days: each stored fact joins the desk's event it reports, or starts one.

"Same event" is the one definition of `factsheet.kinds.identity`, the reconciler's too:
the kind's blocking key finds candidate events through the store's indexes, and
`identity.same_event` decides between them (identifying fields, nesting places, time,
article), comparing the new report with every current report of a candidate. The keys:

- the *state key*: the event key of the fact with its `status` field (if the kind has
  one) set to the field's default, so "scheduled" and later "held" (or "announced" and
  later "in force") are one event whose status moved;
- the *base key*: the state key without its last element (the date), for kinds whose
  reports are compared by time (`join_undated`): candidates are found by it, dated or not;
- the *dateless key*: the event key with the kind's date fields (and their wording,
  `<field>_text`) cleared, to find the event a new date replaces. A new date is a
  *revision* only when the report says so ("extended", "postponed", "new deadline"…)
  and the old date is at most `WINDOW_DAYS` past; the old event is kept and points to
  the new one.

A report without a time joins only events reported within `WINDOW_DAYS` (a Kyiv toll
next month is a new attack, not an update); two figures of one article are two events.
Within an event, a different key figure is an *update* when the report is later or says
the figure changed, a *conflict* when the same day's reports disagree, and an *earlier
report* (no change) when it is older than the figure it would replace. A status that
moves back (held → scheduled, in force → announced) in a later report is not news: it is
a `conflict` on the status, kept for review, and the status stands. Every report becomes
one `event_changes` row (value, source, date): nothing is overwritten without its history.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from factsheet.desk.store import Row, Store, dumps
from factsheet.kinds import KindSpec, get, to_fact
from factsheet.kinds.identity import WINDOW_DAYS, same_event, span
from factsheet.kinds.timing import distance
from factsheet.models import FactBase
from factsheet.reconcile import UPDATE_WORDS

CANDIDATES = 20
"""Events of one blocking key considered for a new report, most recently reported first."""
MEMBERS = 8
"""Reports of a candidate event the new report is compared with, newest first."""
REVISION_WORDS = re.compile(
    r"\b(?:extend(?:s|ed|ing)?|extension|postpone[sd]?|postponing|push(?:es|ed)?\s+back|delay(?:s|ed)?|"
    r"mov(?:e|es|ed)\s+(?:up|forward|back)|brought\s+forward|bring\s+forward|shorten(?:s|ed|ing)?|"
    r"new\s+deadline|replac(?:e|es|ed|ing)|reschedul\w*|advanced?)\b",
    re.IGNORECASE,
)
STATUS_FIELD = "status"


@dataclass(frozen=True)
class FactKeys:
    """How one fact is looked up among the desk's events."""

    key: str
    state_key: str
    base_key: str | None
    dateless_key: str | None
    date: str | None
    status: str | None
    figure: float | None


def kind_of(fact: FactBase) -> str:
    """The fact's kind name (every registered model declares `kind`; FactBase itself does not)."""
    return str(getattr(fact, "kind", ""))


def fact_date(fact: FactBase, spec: KindSpec) -> dt.date | None:
    """The fact's date: the first of the kind's date fields the fact gives."""
    for name in spec.roles.dates:
        value = getattr(fact, name, None)
        if isinstance(value, dt.date):
            return value
    return None


def fact_status(fact: FactBase) -> str | None:
    value = getattr(fact, STATUS_FIELD, None) if STATUS_FIELD in type(fact).model_fields else None
    return str(value) if value is not None else None


def fact_figure(fact: FactBase, spec: KindSpec) -> float | None:
    value = getattr(fact, spec.key_figure, None) if spec.key_figure else None
    return float(value) if isinstance(value, int | float) else None


def keys_for(fact: FactBase) -> FactKeys:
    spec = get(kind_of(fact))
    model_fields = type(fact).model_fields
    stateless: dict[str, Any] = {}
    if STATUS_FIELD in model_fields:
        stateless[STATUS_FIELD] = model_fields[STATUS_FIELD].default
    state = tuple(spec.event_key(fact.model_copy(update=stateless)))
    dateless_key = None
    if spec.roles.dates:
        cleared = dict(stateless)
        for name in spec.roles.dates:
            cleared[name] = None
            if f"{name}_text" in model_fields:
                cleared[f"{name}_text"] = None
        dateless_key = dumps(spec.event_key(fact.model_copy(update=cleared)))
    day = fact_date(fact, spec)
    return FactKeys(
        key=dumps(spec.event_key(fact)),
        state_key=dumps(state),
        base_key=dumps(state[:-1]) if spec.join_undated else None,
        dateless_key=dateless_key,
        date=day.isoformat() if day else None,
        status=fact_status(fact),
        figure=fact_figure(fact, spec),
    )


def _new_event_id(store: Store, fact: FactBase, published: str) -> str:
    """`evt-<day first reported>-<hash of the first report>`: stable when a desk is rebuilt from the
    same articles, readable, and in time order, so a day's new events and their history go to the
    end of the store's indexes instead of pages all over a year-old file."""
    digest = hashlib.sha1(f"{fact.id}|{published}".encode()).hexdigest()[:8]
    base = f"evt-{published.replace('-', '')}-{digest}"
    event_id, n = base, 1
    while store.event(event_id) is not None:
        n += 1
        event_id = f"{base}-{n}"
    return event_id


def _fmt(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


@dataclass(frozen=True)
class Replaced:
    """The facts of an article's previous version, which a new version supersedes."""

    same_text: bool
    """The text is unchanged: the article was extracted again (another extractor, or forced)."""
    facts: list[Row]

    def same_fact(self, fact: FactBase) -> Row | None:
        """The earlier extraction of this very fact (same id) from the same text, if it joined an event."""
        if not self.same_text:
            return None
        return next((r for r in self.facts if r["fact_id"] == fact.id and r["event_id"]), None)

    def rows(self) -> set[int]:
        return {r["id"] for r in self.facts}


NOTHING_REPLACED = Replaced(same_text=False, facts=[])


def record_fact(
    store: Store,
    run_id: int,
    fact: FactBase,
    store_fact: Callable[[str], int],
    published: dt.date,
    replaced: Replaced = NOTHING_REPLACED,
) -> tuple[str, list[str]]:
    """Store one fact with its event (found or new), recording what changed.

    `store_fact(event_id)` stores the fact already linked to its event and returns its
    row: one write per fact, not an insert and then an update.

    A fact read again, unchanged, from an unchanged text takes the place of its earlier
    copy without a history row (nothing happened in the world). When the event's figure
    came from the previous version of the same article, a different figure in the new
    version is that article's correction: an update whatever the dates.

    Returns the event id and the changes recorded (new, restated, update, status, …).
    """
    again = replaced.same_fact(fact)
    if again is not None and store.event(again["event_id"]) is not None:
        event_id = again["event_id"]
        fact_row = store_fact(event_id)
        current = store.event(event_id) or {}
        if current.get("figure_fact") == again["id"]:
            store.update_event(event_id, figure_fact=fact_row)
        return event_id, ["unchanged"]
    spec = get(kind_of(fact))
    keys = keys_for(fact)
    day = published.isoformat()
    kind = kind_of(fact)
    event = find_event(store, fact, keys, published)
    if event is None and replaced.facts and not replaced.same_text:
        event = _edited_in_new_version(store, fact, spec, keys, replaced)
    if event is None:
        revised = None
        if keys.date and keys.dateless_key and REVISION_WORDS.search(fact.quote):
            recent = (published - dt.timedelta(days=WINDOW_DAYS)).isoformat()
            candidates = store.find_events(
                kind, "dateless_key", keys.dateless_key, None, dated_from=recent, limit=20
            )
            earlier = [
                e
                for e in candidates
                if e["date"] != keys.date and e["revised_by"] is None and e["first_reported"] <= day
            ]
            revised = earlier[0] if earlier else None
        event_id = _new_event_id(store, fact, day)
        fact_row = store_fact(event_id)
        change = {"run_id": run_id, "fact": fact_row, "reported_on": day}
        store.insert_event(
            {
                "id": event_id,
                "kind": kind_of(fact),
                "summary": spec.describe(fact),
                "event_key": keys.key,
                "state_key": keys.state_key,
                "base_key": keys.base_key,
                "dateless_key": keys.dateless_key,
                "date": keys.date,
                "status": keys.status,
                "status_on": day if keys.status else None,
                "figure": keys.figure,
                "figure_on": day if keys.figure is not None else None,
                "figure_fact": fact_row if keys.figure is not None else None,
                "first_reported": day,
                "last_reported": day,
                "forward": int(bool(keys.date and keys.date > day)),
                "revises": revised["id"] if revised else None,
                "fact_json": fact.model_dump_json(),
            }
        )
        store.add_change({**change, "event_id": event_id, "change": "new", "new_value": _value(keys)})
        if revised is not None:
            store.update_event(revised["id"], revised_by=event_id)
            for target in (revised["id"], event_id):
                store.add_change(
                    {
                        **change,
                        "event_id": target,
                        "change": "revision",
                        "field": "date",
                        "old_value": revised["date"],
                        "new_value": keys.date,
                        "old_fact": revised["figure_fact"],
                        "note": f"{revised['id']} → {event_id}",
                    }
                )
        return event_id, ["new", "revision"] if revised is not None else ["new"]

    event_id = event["id"]
    fact_row = store_fact(event_id)
    change = {"run_id": run_id, "fact": fact_row, "reported_on": day}
    updates: dict[str, Any] = {"last_reported": max(event["last_reported"], day)}
    changes: list[dict[str, Any]] = []
    past = json.loads(event["past_statuses"])
    if keys.status and event["status"] != keys.status:
        stale = day > (event["status_on"] or "") or (event["date"] is not None and day > event["date"])
        if _moves_back(spec, event["status"], keys.status) and stale:
            changes.append(
                {
                    "change": "conflict",
                    "field": "status",
                    "old_value": event["status"],
                    "new_value": keys.status,
                    "note": f"a later report moves the status back ({event['status']} → {keys.status}): "
                    "status kept, to review",
                }
            )
            updates["conflict"] = 1
        elif keys.status in past or day < (event["status_on"] or "") or _moves_back(
            spec, event["status"], keys.status
        ):
            changes.append(
                {
                    "change": "restated",
                    "field": "status",
                    "new_value": keys.status,
                    "note": "earlier status reported again; status kept",
                }
            )
        else:
            changes.append(
                {
                    "change": "status",
                    "field": "status",
                    "old_value": event["status"],
                    "new_value": keys.status,
                }
            )
            updates.update(
                status=keys.status, status_on=day, past_statuses=json.dumps([*past, event["status"]])
            )
    if keys.figure is not None and event["figure"] is not None and keys.figure != event["figure"]:
        old = {
            "old_value": _fmt(event["figure"]),
            "new_value": _fmt(keys.figure),
            "old_fact": event["figure_fact"],
            "field": spec.key_figure,
        }
        corrected = event["figure_fact"] in replaced.rows()
        if corrected:
            old["note"] = "article edited: corrected in a new version of the article"
        if (
            corrected
            or day > (event["figure_on"] or "")
            or (day == event["figure_on"] and UPDATE_WORDS.search(fact.quote))
        ):
            changes.append({"change": "update", **old})
            updates.update(
                figure=keys.figure,
                figure_on=day,
                figure_fact=fact_row,
                fact_json=fact.model_dump_json(),
                summary=spec.describe(fact),
            )
        elif day < (event["figure_on"] or ""):
            changes.append({"change": "earlier", **old, "note": "an older report; the newer figure stands"})
        else:
            changes.append({"change": "conflict", **old, "note": "reports of the same day disagree"})
            updates["conflict"] = 1
    elif keys.figure is not None and event["figure"] is None:
        changes.append({"change": "update", "field": spec.key_figure, "new_value": _fmt(keys.figure)})
        updates.update(figure=keys.figure, figure_on=day, figure_fact=fact_row)
    if keys.date and not event["date"]:
        changes.append({"change": "dated", "field": "date", "new_value": keys.date})
        updates.update(date=keys.date, forward=int(keys.date > event["first_reported"]))
    if not changes:
        changes.append({"change": "restated", "new_value": _value(keys)})
    for item in changes:
        store.add_change({**change, "event_id": event_id, **item})
    store.update_event(event_id, **updates)
    return event_id, [item["change"] for item in changes]


def find_event(store: Store, fact: FactBase, keys: FactKeys, published: dt.date) -> Row | None:
    """The desk event this report is of, or None: among the events of its blocking key, those
    whose every current report is the same event as it (`identity.same_event`); of those the
    one dated as the report is, else the nearest in time, else one whose status the report
    shares (no move needed), else the most recently reported."""
    kind = kind_of(fact)
    spec = get(kind)
    column, key = ("base_key", keys.base_key) if keys.base_key is not None else ("state_key", keys.state_key)
    own = span(fact, published) or (published, published)
    # a report without a date of a kind that time tells apart looks only at recent events
    recent = keys.date is None and (spec.timed or spec.join_undated)
    window = (published - dt.timedelta(days=WINDOW_DAYS)).isoformat() if recent else None
    best: tuple[tuple[int, int, int, int], Row] | None = None
    candidates = [
        event
        for event in store.find_events(kind, column, key, window, limit=CANDIDATES)
        # an undated report is of the deadline (or date) that replaced this one
        if not (event["revised_by"] is not None and keys.date is None)
    ]
    reports_of = _reports(store, candidates)
    for rank, event in enumerate(candidates):
        reports = reports_of[event["id"]]
        if not all(same_event(fact, published, other, on) for other, on in reports):
            continue
        nearest = min(distance(own, span(other, on)) for other, on in reports)
        moves = int(keys.status is not None and event["status"] != keys.status)
        score = (0 if keys.date is not None and event["date"] == keys.date else 1, nearest, moves, rank)
        if best is None or score < best[0]:
            best = (score, event)
    return best[1] if best else None


def _reports(store: Store, events: list[Row]) -> dict[str, list[tuple[FactBase, dt.date | None]]]:
    """Each event's current reports with their articles' dates (the newest `MEMBERS`), in one
    query; the fact the event stores when none is current (its articles all have new versions)."""
    out: dict[str, list[tuple[FactBase, dt.date | None]]] = {e["id"]: [] for e in events}
    if not events:
        return out
    marks = ", ".join("?" * len(events))
    for row in store._all(
        "SELECT event_id, fact_json, published FROM (SELECT event_id, fact_json, published, "
        "row_number() OVER (PARTITION BY event_id ORDER BY published DESC, id DESC) AS n "
        f"FROM facts WHERE event_id IN ({marks}) AND superseded_by_run IS NULL) WHERE n <= {MEMBERS}",
        [e["id"] for e in events],
    ):
        out[row["event_id"]].append((_parsed(row["fact_json"]), _day(row["published"])))
    for event_id in [e for e, reports in out.items() if not reports]:
        stored = store._one("SELECT fact_json, first_reported FROM events WHERE id = ?", (event_id,))
        if stored is not None:
            out[event_id] = [(_parsed(stored["fact_json"]), _day(stored["first_reported"]))]
    return out


@functools.lru_cache(maxsize=4096)
def _parsed(fact_json: str) -> FactBase:
    """A stored fact, read once (a desk compares each new report with the same stored ones)."""
    return to_fact(json.loads(fact_json))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _moves_back(spec: KindSpec, old: str | None, new: str) -> bool:
    """The new status comes before the old one in the kind's order (held → scheduled)."""
    order = spec.status_order
    return old in order and new in order and order.index(new) < order.index(str(old))


def rekey_events(db: sqlite3.Connection) -> int:
    """Recompute every event's lookup keys (event, state, base and dateless key) from the fact it
    stores, with the kinds' current definitions; return how many changed.

    Keys are how a new report finds its event: when a release changes what a kind's key is
    made of, a desk made by an earlier release is re-keyed once (a migration), or its events
    would no longer be found and every later report would start a new one. Events of kinds
    not loaded (a plugin removed) keep their keys.
    """
    from factsheet.errors import KindError

    changed = 0
    for event_id, fact_json, *old in db.execute(
        "SELECT id, fact_json, event_key, state_key, base_key, dateless_key FROM events"
    ).fetchall():
        try:
            keys = keys_for(to_fact(json.loads(fact_json)))
        except (KindError, ValueError):
            continue
        new = [keys.key, keys.state_key, keys.base_key, keys.dateless_key]
        if new != old:
            db.execute(
                "UPDATE events SET event_key = ?, state_key = ?, base_key = ?, dateless_key = ? WHERE id = ?",
                (*new, event_id),
            )
            changed += 1
    return changed


def _edited_in_new_version(
    store: Store, fact: FactBase, spec: KindSpec, keys: FactKeys, replaced: Replaced
) -> Row | None:
    """The event of the previous version's fact that this one revises: same kind and identity,
    another key figure (an article edited from €90bn to €95bn is one event, revised)."""
    if not spec.key_figure:
        return None
    for row in replaced.facts:
        if not row["event_id"]:
            continue
        stored = store._one("SELECT kind, fact_json FROM facts WHERE id = ?", (row["id"],))
        if stored is None or stored["kind"] != kind_of(fact):
            continue
        before = to_fact(json.loads(stored["fact_json"]))
        same_figure = before.model_copy(update={spec.key_figure: getattr(fact, spec.key_figure)})
        if keys_for(same_figure).state_key == keys.state_key:
            return store.event(row["event_id"])
    return None


def withdraw_fact(store: Store, fact_row: Row, day: dt.date, note: str) -> None:
    """A fact rejected or withdrawn in review: noted in its event's history, its figure no longer stands.

    When the withdrawn fact gave the event's current figure, the newest figure of the
    reports still standing takes its place (an `update` with both sources), or none.
    """
    event_id = fact_row["event_id"]
    event = store.event(event_id)
    if event is None:
        return
    on = day.isoformat()
    store.add_change(
        {"event_id": event_id, "fact": fact_row["id"], "reported_on": on, "change": "withdrawn", "note": note}
    )
    if event["figure_fact"] != fact_row["id"]:
        return
    withdrawn = set(store.withdrawn_fact_ids(event_id))
    standing = [r for r in store.figure_reports(event_id) if r["fact_id"] not in withdrawn]
    best = standing[0] if standing else None
    store.add_change(
        {
            "event_id": event_id,
            "fact": best["id"] if best else None,
            "reported_on": on,
            "change": "update",
            "field": get(event["kind"]).key_figure,
            "old_value": _fmt(event["figure"]),
            "new_value": _fmt(best["figure"]) if best else None,
            "old_fact": fact_row["id"],
            "note": f"{fact_row['fact_id']} withdrawn",
        }
    )
    store.update_event(
        event_id,
        figure=best["figure"] if best else None,
        figure_on=best["reported_on"] if best else None,
        figure_fact=best["id"] if best else None,
    )


def _value(keys: FactKeys) -> str:
    parts = [p for p in (_fmt(keys.figure), keys.date, keys.status) if p]
    return " · ".join(parts)
