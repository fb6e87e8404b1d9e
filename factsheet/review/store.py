"""Review decisions in an embedded SQLite store next to the outputs (`factsheet.db`).

Decisions are keyed by the stable fact id (kind + article + quote span), so they
survive a re-run of extraction, a crash or a closed browser tab. Each published
run is recorded too, which is what "since the last briefing" compares against.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    fact_id TEXT PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'edit')),
    edits TEXT NOT NULL DEFAULT '{}',
    reason TEXT,
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS publications (
    published_at TEXT NOT NULL,
    briefing_date TEXT NOT NULL,
    facts TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Decision:
    fact_id: str
    action: str
    edits: dict
    reason: str | None
    reviewer: str
    decided_at: str


class ReviewStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def decide(
        self,
        fact_id: str,
        action: str,
        reviewer: str,
        *,
        reason: str | None = None,
        edits: dict | None = None,
    ) -> Decision:
        """Record (or replace) the decision on one fact; it is on disk when this returns."""
        previous = self.decisions().get(fact_id)
        merged = {**(previous.edits if previous and action == "edit" else {}), **(edits or {})}
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self.db.execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(fact_id) DO UPDATE SET "
            "action=excluded.action, edits=excluded.edits, reason=excluded.reason, "
            "reviewer=excluded.reviewer, decided_at=excluded.decided_at",
            (fact_id, action, json.dumps(merged), reason, reviewer, now),
        )
        return Decision(fact_id, action, merged, reason, reviewer, now)

    def decisions(self) -> dict[str, Decision]:
        rows = self.db.execute("SELECT fact_id, action, edits, reason, reviewer, decided_at FROM decisions")
        return {r[0]: Decision(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows}

    def record_publication(self, briefing_date: str, facts: dict[str, dict]) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self.db.execute("INSERT INTO publications VALUES (?, ?, ?)", (now, briefing_date, json.dumps(facts)))

    def last_publication(self) -> dict[str, dict] | None:
        row = self.db.execute("SELECT facts FROM publications ORDER BY rowid DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        self.db.close()
