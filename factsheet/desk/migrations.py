"""Schema migrations of the desk store: named functions, each run once and recorded.

A migration is never edited once released: a new schema is a new function appended to
`MIGRATIONS`. The store's `PRAGMA user_version` is the number of migrations applied, so
a store written by a newer factsheet (more migrations, or names this one does not know)
is refused before anything is written to it.

Table and column names are plain and foreign keys are declared, so the file opens
usefully in Datasette (links from a fact to its article, run and event).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def m001_initial(db: sqlite3.Connection) -> None:
    """Runs, article versions, facts, events with their history, decisions, publications.

    The `event_timeline` view is each event's history with its sources, for browsing.
    """
    _run_script(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            briefing_date TEXT,
            extractor TEXT,
            factsheet_version TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            url TEXT,
            published TEXT,
            source_path TEXT,
            text TEXT NOT NULL,
            extractor_signature TEXT NOT NULL,
            fact_count INTEGER NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            superseded_by_run INTEGER REFERENCES runs(id),
            UNIQUE (article_id, version)
        );
        CREATE INDEX articles_current ON articles(article_id, superseded_by_run);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            event_key TEXT NOT NULL,
            state_key TEXT NOT NULL,
            base_key TEXT,
            dateless_key TEXT,
            date TEXT,
            status TEXT,
            status_on TEXT,
            past_statuses TEXT NOT NULL DEFAULT '[]',
            figure REAL,
            figure_on TEXT,
            figure_fact INTEGER REFERENCES facts(id),
            first_reported TEXT NOT NULL,
            last_reported TEXT NOT NULL,
            forward INTEGER NOT NULL DEFAULT 0,
            conflict INTEGER NOT NULL DEFAULT 0,
            revised_by TEXT REFERENCES events(id),
            revises TEXT REFERENCES events(id),
            fact_json TEXT NOT NULL
        );
        CREATE INDEX events_state_key ON events(kind, state_key, last_reported);
        CREATE INDEX events_base_key ON events(kind, base_key, last_reported);
        CREATE INDEX events_dateless_key ON events(kind, dateless_key, date);
        CREATE INDEX events_first_reported ON events(first_reported);
        CREATE INDEX events_last_reported ON events(last_reported);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            fact_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            article INTEGER NOT NULL REFERENCES articles(id),
            run_id INTEGER NOT NULL REFERENCES runs(id),
            event_id TEXT REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
            extractor TEXT NOT NULL,
            status TEXT NOT NULL,
            check_json TEXT NOT NULL,
            quote TEXT NOT NULL,
            summary TEXT NOT NULL,
            figure REAL,
            published TEXT,
            fact_json TEXT NOT NULL,
            superseded_by_run INTEGER REFERENCES runs(id)
        );
        CREATE INDEX facts_fact_id ON facts(fact_id);
        CREATE INDEX facts_article ON facts(article);
        CREATE INDEX facts_event ON facts(event_id, superseded_by_run);
        CREATE TABLE event_changes (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            fact INTEGER REFERENCES facts(id),
            run_id INTEGER REFERENCES runs(id),
            reported_on TEXT,
            change TEXT NOT NULL,
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            old_fact INTEGER REFERENCES facts(id),
            note TEXT
        );
        CREATE INDEX event_changes_event ON event_changes(event_id);
        CREATE INDEX event_changes_reported_on ON event_changes(reported_on, change);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            fact_id TEXT NOT NULL,
            decision TEXT NOT NULL,
            decided_by TEXT,
            reason TEXT,
            briefing_date TEXT NOT NULL,
            decided_at TEXT NOT NULL
        );
        CREATE INDEX decisions_fact ON decisions(fact_id);
        CREATE INDEX decisions_briefing_date ON decisions(briefing_date);
        CREATE TABLE publications (
            id INTEGER PRIMARY KEY,
            briefing_date TEXT NOT NULL,
            published_at TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            path TEXT
        );
        CREATE INDEX publications_date ON publications(briefing_date);
        CREATE VIEW event_timeline AS
            SELECT c.event_id, e.kind, e.summary, c.reported_on, c.change, c.field, c.old_value, c.new_value,
                   a.article_id AS source, a.outlet, a.url, f.quote, c.note
            FROM event_changes c JOIN events e ON e.id = c.event_id
            LEFT JOIN facts f ON f.id = c.fact LEFT JOIN articles a ON a.id = f.article;
        """,
    )


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statement by statement: `executescript` would commit the migration's open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def m002_review_on_the_desk(db: sqlite3.Connection) -> None:
    """Review decisions and publications live on the desk, beside the facts they are about.

    Before, `factsheet review` and `publish` kept a second store in each day folder, so a
    decision was forgotten the next day. The review log (every change, its rowid the
    revision a page was drawn at), the current verdict and the per-field edits of each fact
    move here under the names the review store used; the desk's first `decisions` table
    (never written outside tests) is carried into them and replaced by a view of the same
    name (its `edits` maps each field to the edit's JSON text). A publication records what
    readers saw: the events it listed with their values, and its "since the last briefing"
    lists.
    """
    _run_script(
        db,
        """
        CREATE TABLE log (
            rev INTEGER PRIMARY KEY AUTOINCREMENT,
            fact_id TEXT NOT NULL,
            change TEXT NOT NULL,
            field TEXT,
            value TEXT,
            reason TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX log_fact ON log (fact_id, rev);
        CREATE TABLE verdicts (
            fact_id TEXT PRIMARY KEY,
            verdict TEXT CHECK (verdict IN ('accept', 'reject', 'override')),
            reason TEXT,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            verdict_rev INTEGER NOT NULL
        );
        CREATE TABLE edits (
            fact_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            PRIMARY KEY (fact_id, field)
        );
        CREATE TABLE decisions_synced (
            fact_id TEXT PRIMARY KEY,
            rev INTEGER NOT NULL,
            rejected INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE publications ADD COLUMN published_by TEXT;
        ALTER TABLE publications ADD COLUMN facts TEXT;
        ALTER TABLE publications ADD COLUMN events TEXT;
        ALTER TABLE publications ADD COLUMN since_last TEXT;
        ALTER TABLE runs ADD COLUMN events TEXT;
        ALTER TABLE articles ADD COLUMN received_on TEXT
        """,
    )
    verdict_of = {"accepted": "accept", "edited": "accept", "override": "override"}
    for fact_id, decision, decided_by, reason, decided_at in db.execute(
        "SELECT fact_id, decision, decided_by, reason, decided_at FROM decisions ORDER BY id"
    ).fetchall():
        verdict = verdict_of.get(decision, "reject")
        who = decided_by or "unknown"
        rev = db.execute(
            "INSERT INTO log (fact_id, change, reason, reviewer, at) VALUES (?,?,?,?,?)",
            (fact_id, verdict, reason, who, decided_at),
        ).lastrowid
        db.execute(
            "INSERT INTO verdicts VALUES (?,?,?,?,?,?,?) ON CONFLICT(fact_id) DO UPDATE SET "
            "verdict=excluded.verdict, reason=excluded.reason, reviewer=excluded.reviewer, "
            "decided_at=excluded.decided_at, rev=excluded.rev, verdict_rev=excluded.verdict_rev",
            (fact_id, verdict, reason, who, decided_at, rev, rev),
        )
    _run_script(
        db,
        """
        DROP TABLE decisions;
        CREATE VIEW decisions AS
            SELECT v.fact_id, v.verdict, v.reason, v.reviewer, v.decided_at, v.rev,
                   (SELECT json_group_object(e.field, e.value) FROM edits e WHERE e.fact_id = v.fact_id)
                   AS edits
            FROM verdicts v
        """,
    )


def m003_event_keys_with_time_and_place(db: sqlite3.Connection) -> None:
    """Re-key every event with the kinds' current identity (who sits at a meeting, who set a
    deadline, parts apart from totals), so reports after the upgrade find the events made before."""
    from factsheet.desk.history import rekey_events

    rekey_events(db)


MIGRATIONS: list[Migration] = [m001_initial, m002_review_on_the_desk, m003_event_keys_with_time_and_place]
SCHEMA_VERSION = len(MIGRATIONS)


def applied(db: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the store (none for a new file)."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    if not exists:
        return []
    return [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY rowid")]


def unknown(db: sqlite3.Connection) -> list[str]:
    """Migrations the store records that this factsheet does not have: a newer store."""
    known = {m.__name__ for m in MIGRATIONS}
    return [name for name in applied(db) if name not in known]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Run the migrations not yet applied, each in its own transaction; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = set(applied(db))
    ran = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if migration.__name__ in set(applied(db)):  # another process got there first
                db.execute("ROLLBACK")
                continue
            migration(db)
            db.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (migration.__name__, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            db.execute(f"PRAGMA user_version = {len(applied(db))}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(migration.__name__)
    return ran
