"""Schema of `factsheet.db`, as named migrations that run once each and are recorded.

Each function below changes the schema one step. `migrate` runs, in order, the ones a
database has not had yet and records each in `_migrations`, so a `factsheet.db` written
by any earlier release opens in this one. The count of applied migrations is also kept
in `PRAGMA user_version`, which lets an older release refuse a newer database instead of
misreading it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


class SchemaTooNew(RuntimeError):
    """The database was written by a newer release than this one."""


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def schema_version() -> int:
    """The version a database has once every migration of this release has run."""
    return len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> list[str]:
    """Bring `db` up to this release's schema; return the names of the migrations run.

    All pending migrations run in one transaction: a crash leaves the old schema whole.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > schema_version():
            raise SchemaTooNew(
                f"factsheet.db has schema version {version}; this factsheet knows {schema_version()} "
                "(upgrade factsheet to open it)"
            )
        db.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
        ran: list[str] = []
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (fn.__name__, now))
            ran.append(fn.__name__)
        db.execute(f"PRAGMA user_version = {schema_version()}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return ran


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    """The first release's tables: one decision row per fact, and each publication's snapshot.

    `IF NOT EXISTS`: a database of that release has these tables but no `_migrations`.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS decisions (
            fact_id TEXT PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'edit')),
            edits TEXT NOT NULL DEFAULT '{}',
            reason TEXT,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS publications (
            published_at TEXT NOT NULL,
            briefing_date TEXT NOT NULL,
            facts TEXT NOT NULL
        )"""
    )


@migration
def m002_verdicts_edits_and_log(db: sqlite3.Connection) -> None:
    """Split a decision into a verdict and per-field edits, each stamped with a revision.

    One row per fact held the whole decision, so two edits to different fields of one fact
    raced and one was lost, and a stale page could overwrite what it never saw. Now each
    field is its own row, every change appends to `log` (whose rowid is the revision), and
    a decision carries the revision the reviewer saw. Old rows carry over: `edit` becomes an
    accept verdict plus one edit row per field.
    """
    db.execute(
        """CREATE TABLE log (
            rev INTEGER PRIMARY KEY AUTOINCREMENT,
            fact_id TEXT NOT NULL,
            change TEXT NOT NULL,
            field TEXT,
            value TEXT,
            reason TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX log_fact ON log (fact_id, rev)")
    db.execute(
        """CREATE TABLE verdicts (
            fact_id TEXT PRIMARY KEY,
            verdict TEXT CHECK (verdict IN ('accept', 'reject', 'override')),
            reason TEXT,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            verdict_rev INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE edits (
            fact_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            PRIMARY KEY (fact_id, field)
        )"""
    )
    rows = db.execute(
        "SELECT fact_id, action, edits, reason, reviewer, decided_at FROM decisions ORDER BY rowid"
    ).fetchall()
    for fact_id, action, edits, reason, reviewer, decided_at in rows:
        verdict = "accept" if action == "edit" else action
        cursor = db.execute(
            "INSERT INTO log (fact_id, change, reason, reviewer, at) VALUES (?, ?, ?, ?, ?)",
            (fact_id, verdict, reason, reviewer, decided_at),
        )
        rev = cursor.lastrowid
        db.execute(
            "INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?)",
            (fact_id, verdict, reason, reviewer, decided_at, rev, rev),
        )
        for name, value in json.loads(edits or "{}").items():
            cursor = db.execute(
                "INSERT INTO log (fact_id, change, field, value, reviewer, at) "
                "VALUES (?, 'edit', ?, ?, ?, ?)",
                (fact_id, name, json.dumps(value), reviewer, decided_at),
            )
            db.execute(
                "INSERT INTO edits VALUES (?, ?, ?, ?, ?, ?)",
                (fact_id, name, json.dumps(value), reviewer, decided_at, cursor.lastrowid),
            )
            db.execute("UPDATE verdicts SET rev = ? WHERE fact_id = ?", (cursor.lastrowid, fact_id))
    db.execute("DROP TABLE decisions")
    db.execute("ALTER TABLE publications ADD COLUMN published_by TEXT")
