"""Review decisions as the desk sees them: they change its events, and they last.

A decision is recorded once, on the fact id (`verdicts`, `edits` and `log`, written by
`factsheet.review.store.ReviewStore` on the desk's file). Fact ids come from the article,
the quote's span and the content, so the same fact read again from the same text tomorrow
has the same id and the same decision: a rejected fact stays rejected, an edited value
stays edited. A fact whose text changed gets a new id and is asked about again.

`sync_decisions` carries decisions made since the last sync into the events: a rejected
fact's figure no longer stands, an edited key figure becomes the event's figure when that
report is the one the event shows. Each carried decision is one `event_changes` row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from factsheet.desk.history import _fmt
from factsheet.desk.store import Row, Store
from factsheet.kinds import get


def current_decisions(store: Store, fact_ids: list[str] | None = None) -> dict[str, Row]:
    """fact_id → {verdict, reason, reviewer, decided_at, rev, edits}: where review stands.

    Only the rows of `fact_ids` are read when they are given (per event, per report):
    never the whole table once per event.
    """
    sql = "SELECT fact_id, verdict, reason, reviewer, decided_at, rev, edits FROM decisions"
    if fact_ids is None:
        rows = store._all(sql)
    else:
        wanted = sorted(set(fact_ids))
        rows = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows += store._all(f"{sql} WHERE fact_id IN ({','.join('?' * len(chunk))})", chunk)
    out: dict[str, Row] = {}
    for row in rows:
        row["edits"] = {k: json.loads(v) for k, v in json.loads(row["edits"]).items()} if row["edits"] else {}
        if row["verdict"] is None and not row["edits"]:
            continue
        out[row["fact_id"]] = row
    return out


def rejected_fact_ids(store: Store) -> set[str]:
    return {r["fact_id"] for r in store._all("SELECT fact_id FROM verdicts WHERE verdict = 'reject'")}


def sync_decisions(store: Store, day: dt.date | None = None) -> int:
    """Apply every decision made since the last sync to the desk's events; return how many."""
    pending = store._all(
        "SELECT v.fact_id, v.verdict, v.reviewer, v.reason, v.rev, coalesce(s.rejected, 0) AS was_rejected "
        "FROM verdicts v LEFT JOIN decisions_synced s ON s.fact_id = v.fact_id "
        "WHERE s.rev IS NULL OR s.rev < v.rev"
    )
    if not pending:
        return 0
    on = (day or dt.date.today()).isoformat()
    decisions = current_decisions(store, [p["fact_id"] for p in pending])
    rejected = rejected_fact_ids(store)
    with store.transaction():
        for item in pending:
            fact_id = item["fact_id"]
            now_rejected = item["verdict"] == "reject"
            edits = decisions.get(fact_id, {}).get("edits", {})
            who = item["reviewer"]
            for row in _current_rows(store, fact_id):
                event_id = row["event_id"]
                if not event_id:
                    continue
                if now_rejected and not item["was_rejected"]:
                    store.add_change(
                        {
                            "event_id": event_id,
                            "fact": row["id"],
                            "reported_on": on,
                            "change": "withdrawn",
                            "note": item["reason"] or f"rejected in review by {who}",
                        }
                    )
                elif item["was_rejected"] and not now_rejected:
                    store.add_change(
                        {
                            "event_id": event_id,
                            "fact": row["id"],
                            "reported_on": on,
                            "change": "restored",
                            "note": f"rejection cleared in review by {who}",
                        }
                    )
                if edits:
                    _record_edits(store, row, edits, on, who)
                why = f"{fact_id} withdrawn" if now_rejected else f"{fact_id} reviewed by {who}"
                _refresh_figure(store, event_id, rejected, on, why)
            store.db.execute(
                "INSERT INTO decisions_synced (fact_id, rev, rejected) VALUES (?,?,?) ON CONFLICT(fact_id) "
                "DO UPDATE SET rev = excluded.rev, rejected = excluded.rejected",
                (fact_id, item["rev"], int(now_rejected)),
            )
    return len(pending)


def _current_rows(store: Store, fact_id: str) -> list[Row]:
    return store._all(
        "SELECT id, fact_id, kind, event_id, figure, published FROM facts "
        "WHERE fact_id = ? AND superseded_by_run IS NULL",
        (fact_id,),
    )


def _record_edits(store: Store, row: Row, edits: dict[str, Any], on: str, who: str) -> None:
    """One history row per edited field not recorded yet (an edit made again is not news)."""
    seen = {
        (r["field"], r["new_value"])
        for r in store._all(
            "SELECT field, new_value FROM event_changes WHERE fact = ? AND change = 'edited'", (row["id"],)
        )
    }
    fact = json.loads(store._one("SELECT fact_json FROM facts WHERE id = ?", (row["id"],))["fact_json"])  # type: ignore[index]
    for name, value in edits.items():
        new = _text(value)
        if (name, new) in seen:
            continue
        store.add_change(
            {
                "event_id": row["event_id"],
                "fact": row["id"],
                "reported_on": on,
                "change": "edited",
                "field": name,
                "old_value": _text(fact.get(name)),
                "new_value": new,
                "note": f"edited in review by {who}",
            }
        )


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float | int):
        return _fmt(float(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def edited_figure(row: Row, edits: dict[str, Any], key_figure: str | None) -> float | None:
    if key_figure and key_figure in edits and isinstance(edits[key_figure], int | float):
        return float(edits[key_figure])
    return row["figure"]


def _refresh_figure(store: Store, event_id: str, rejected: set[str], on: str, note: str) -> None:
    """The event's figure: the newest standing report's, with a reviewer's edit where there is one."""
    event = store.event(event_id)
    if event is None:
        return
    key_figure = get(event["kind"]).key_figure
    reports = [r for r in store.figure_reports(event_id) if r["fact_id"] not in rejected]
    decisions = current_decisions(store, [r["fact_id"] for r in reports])
    best = reports[0] if reports else None
    figure = (
        edited_figure(best, decisions.get(best["fact_id"], {}).get("edits", {}), key_figure) if best else None
    )
    if figure == event["figure"] and (best["id"] if best else None) == event["figure_fact"]:
        return
    if figure != event["figure"]:
        store.add_change(
            {
                "event_id": event_id,
                "fact": best["id"] if best else None,
                "reported_on": on,
                "change": "update",
                "field": key_figure,
                "old_value": _fmt(event["figure"]),
                "new_value": _fmt(figure),
                "old_fact": event["figure_fact"],
                "note": note,
            }
        )
    store.update_event(
        event_id,
        figure=figure,
        figure_on=best["reported_on"] if best else None,
        figure_fact=best["id"] if best else None,
    )


def event_decisions(store: Store, event_id: str) -> list[Row]:
    """The decisions on an event's current facts: who, when, verdict, edits, reason."""
    ids = [
        r["fact_id"]
        for r in store._all(
            "SELECT DISTINCT fact_id FROM facts WHERE event_id = ? AND superseded_by_run IS NULL", (event_id,)
        )
    ]
    found = current_decisions(store, ids)
    return [
        {
            "fact_id": fact_id,
            "verdict": d["verdict"],
            "edits": d["edits"],
            "reason": d["reason"],
            "reviewer": d["reviewer"],
            "decided_at": d["decided_at"],
        }
        for fact_id, d in sorted(found.items())
    ]


def event_is_rejected(store: Store, event_id: str) -> bool:
    """Every current fact of the event was rejected in review: withdrawn, still listed."""
    row = store._one(
        "SELECT count(DISTINCT f.fact_id) AS facts, count(DISTINCT v.fact_id) AS rejected FROM facts f "
        "LEFT JOIN verdicts v ON v.fact_id = f.fact_id AND v.verdict = 'reject' "
        "WHERE f.event_id = ? AND f.superseded_by_run IS NULL",
        (event_id,),
    )
    return row is not None and row["facts"] > 0 and row["facts"] == row["rejected"]
