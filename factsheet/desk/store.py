"""All the SQL of the desk, behind one small class: `Store`.

Nothing outside this module writes SQL, so a server database can replace SQLite
without touching a stage. The store is one file per desk (`DESK/factsheet.db`) in WAL
mode: readers never block the writer, and a second writer waits (`busy_timeout`) up
to `timeout` seconds before failing with one clear line. Every write happens inside
`transaction()` (BEGIN IMMEDIATE … COMMIT), so a crash or a kill leaves the store as
it was before the transaction or with all of it.

Opening never changes a file it cannot use: the header and schema version are read
before anything is written, so a file that is not SQLite, a corrupt one, or one made
by a newer factsheet is refused with the file's name and the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factsheet.desk import migrations
from factsheet.errors import FactsheetError

STORE_NAME = "factsheet.db"
CACHE_KIB = -65536
"""SQLite page cache (negative: KiB), 64 MiB: the indexes a day's writes touch stay in memory
as the store grows, so a day costs the same on day 365 as on day 1."""
EVENT_LOOKUP = (
    "id, kind, date, status, status_on, past_statuses, figure, figure_on, figure_fact, first_reported, "
    "last_reported, revised_by"
)
Row = dict[str, Any]


class DeskError(FactsheetError):
    """The desk store cannot be used; the message is one line naming the file and the reason."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class DeskLocked(DeskError):
    """Another run held the store for longer than the timeout."""


class DeskTooNew(DeskError):
    """The store was written by a newer factsheet; it is left as it is."""


class DeskUnreadable(DeskError):
    """The file is not an SQLite database, or is corrupt; it is left as it is."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class Store:
    """One open desk store. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path, *, timeout: float = 30.0, check: bool = False) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.check = check
        if self.path.exists() and self.path.is_dir():
            raise DeskUnreadable(f"{self.path}: is a folder, not a desk store", path=str(self.path))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise DeskError(
                f"{self.path}: cannot open the desk store ({reason})", path=str(self.path)
            ) from None
        self.db.row_factory = sqlite3.Row
        try:
            self._check_and_prepare()
        except BaseException:
            self.db.close()
            raise

    # -- opening -----------------------------------------------------------------------------
    def _check_and_prepare(self) -> None:
        where = str(self.path)
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            newer = migrations.unknown(self.db)
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise self._lock_error() from None
            raise DeskUnreadable(
                f"{where}: cannot read the desk store ({exc}); left as it is", path=where
            ) from None
        except sqlite3.DatabaseError as exc:
            raise DeskUnreadable(
                f"{where}: not a usable desk store ({exc}); left as it is", path=where
            ) from None
        if self.check:
            self._quick_check()
        if version > migrations.SCHEMA_VERSION or newer:
            raise DeskTooNew(
                f"{where}: written by a newer factsheet (schema {version}, this one knows "
                f"{migrations.SCHEMA_VERSION}); upgrade factsheet, nothing was changed",
                path=where,
            )
        try:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self._set_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute(f"PRAGMA cache_size = {CACHE_KIB}")
            self.db.execute("PRAGMA foreign_keys = ON")
            if version < migrations.SCHEMA_VERSION:
                migrations.migrate(self.db)
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise self._lock_error() from None
            raise DeskUnreadable(f"{where}: cannot prepare the desk store ({exc})", path=where) from None
        except sqlite3.DatabaseError as exc:
            raise DeskUnreadable(f"{where}: corrupt desk store ({exc}); left as it is", path=where) from None

    def _quick_check(self) -> None:
        """A store with damaged pages is refused before anything is written to it."""
        where = str(self.path)
        try:
            verdict = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise self._lock_error() from None
            verdict = [str(exc)]
        except sqlite3.DatabaseError as exc:
            verdict = [str(exc)]
        if verdict != ["ok"]:
            first = " ".join(verdict[0].split())
            raise DeskUnreadable(
                f"{where}: corrupt desk store ({first}); left as it is, nothing was written "
                "(restore it from a backup, or start a new desk)",
                path=where,
            )

    def _set_wal(self) -> None:
        """Switch to WAL, waiting while another process holds the lock: SQLite answers a
        journal-mode change with "locked" at once, without its busy handler, when two
        processes open a new desk at the same moment."""
        import time

        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _lock_error(self) -> DeskLocked:
        return DeskLocked(
            f"{self.path}: locked by another run for more than {self.timeout:g} s; "
            "try again when it has finished",
            path=str(self.path),
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: all of it is stored, or none of it."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise self._lock_error() from None
            raise
        try:
            yield
        except sqlite3.DatabaseError as exc:
            self.db.execute("ROLLBACK")
            raise self._database_error(exc) from None
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.db.execute("ROLLBACK")
            if _locked(exc):
                raise self._lock_error() from None
            raise

    def _database_error(self, exc: sqlite3.DatabaseError) -> DeskError:
        """A locked store, or a corrupt one found while reading pages the header did not cover."""
        if isinstance(exc, sqlite3.OperationalError) and _locked(exc):
            return self._lock_error()
        if isinstance(exc, sqlite3.OperationalError):
            return DeskError(f"{self.path}: {exc}", path=str(self.path))
        return DeskUnreadable(f"{self.path}: corrupt desk store ({exc}); left as it is", path=str(self.path))

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        try:
            row = self.db.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            if self.db.in_transaction:
                raise  # the transaction rolls back and reports it
            raise self._database_error(exc) from None
        return dict(row) if row is not None else None

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return [dict(row) for row in self.db.execute(sql, params)]
        except sqlite3.DatabaseError as exc:
            if self.db.in_transaction:
                raise
            raise self._database_error(exc) from None

    # -- runs ----------------------------------------------------------------------------------
    def start_run(self, briefing_date: dt.date | None, extractor: str, version: str) -> int:
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO runs (started_at, briefing_date, extractor, factsheet_version) VALUES (?,?,?,?)",
                (_now(), briefing_date.isoformat() if briefing_date else None, extractor, version),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, events: str | None = None) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = ?, events = ? WHERE id = ?", (_now(), events, run_id)
            )

    # -- articles and facts --------------------------------------------------------------------
    def current_article(self, article_id: str) -> Row | None:
        """The newest version of an article, without its text."""
        return self._one(
            "SELECT id, article_id, version, sha256, extractor_signature, published, fact_count "
            "FROM articles WHERE article_id = ? ORDER BY version DESC LIMIT 1",
            (article_id,),
        )

    def insert_article(
        self, run_id: int, meta: Row, text: str, signature: str, fact_count: int
    ) -> tuple[int, Row | None, list[Row]]:
        """A new version of the article; the previous version and its facts are marked superseded.

        Returns the new row id, the previous version (without text) and the facts it replaces.
        """
        previous = self.current_article(meta["id"])
        version = previous["version"] + 1 if previous else 1
        replaced: list[Row] = []
        if previous:
            replaced = self._all(
                "SELECT id, fact_id, event_id FROM facts WHERE article = ? AND superseded_by_run IS NULL",
                (previous["id"],),
            )
            self.db.execute(
                "UPDATE articles SET superseded_by_run = ? "
                "WHERE article_id = ? AND superseded_by_run IS NULL",
                (run_id, meta["id"]),
            )
            self.db.execute(
                "UPDATE facts SET superseded_by_run = ? WHERE superseded_by_run IS NULL AND article IN "
                "(SELECT id FROM articles WHERE article_id = ?)",
                (run_id, meta["id"]),
            )
        cur = self.db.execute(
            "INSERT INTO articles (article_id, version, sha256, title, outlet, url, published, source_path, "
            "text, extractor_signature, fact_count, run_id, received_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                meta["id"],
                version,
                meta["sha256"],
                meta.get("title"),
                meta.get("outlet"),
                meta.get("url"),
                meta.get("published"),
                meta.get("source_path"),
                text,
                signature,
                fact_count,
                run_id,
                dt.date.today().isoformat(),
            ),
        )
        return int(cur.lastrowid or 0), previous, replaced

    def insert_fact(self, run_id: int, article_row: int, fact: Row, event_id: str | None) -> int:
        """One fact of an article version, linked to its event (None for a rejected fact)."""
        cur = self.db.execute(
            "INSERT INTO facts (fact_id, kind, article, run_id, event_id, extractor, status, check_json, "
            "quote, summary, figure, published, fact_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                fact["fact_id"],
                fact["kind"],
                article_row,
                run_id,
                event_id,
                fact["extractor"],
                fact["status"],
                fact["check_json"],
                fact["quote"],
                fact["summary"],
                fact["figure"],
                fact["published"],
                fact["fact_json"],
            ),
        )
        return int(cur.lastrowid or 0)

    def current_facts(self, article_ids: Sequence[str]) -> list[Row]:
        """The stored facts of the current version of each article, in stored order."""
        out: list[Row] = []
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            out += self._all(
                "SELECT f.* FROM facts f JOIN articles a ON a.id = f.article "
                "WHERE a.superseded_by_run IS NULL "
                f"AND f.superseded_by_run IS NULL AND a.article_id IN ({marks}) ORDER BY f.id",
                chunk,
            )
        return out

    def article_counts(self) -> Row:
        return (
            self._one(
                "SELECT (SELECT count(*) FROM articles) AS versions, "
                "(SELECT count(DISTINCT article_id) FROM articles) AS articles, "
                "(SELECT count(*) FROM facts) AS facts, (SELECT count(*) FROM events) AS events"
            )
            or {}
        )

    def articles_with_facts(self) -> list[Row]:
        """Each stored article version with its declared and its actual number of facts."""
        return self._all(
            "SELECT a.article_id, a.version, a.fact_count, "
            "(SELECT count(*) FROM facts f WHERE f.article = a.id) "
            "AS stored FROM articles a"
        )

    # -- events ----------------------------------------------------------------------------------
    def find_events(
        self,
        kind: str,
        column: str,
        key: str,
        reported_since: str | None,
        *,
        dated_from: str | None = None,
        limit: int = 1,
    ) -> list[Row]:
        """Events of `kind` whose `column` (state_key, base_key or dateless_key) equals `key`, newest first.

        `reported_since` keeps events reported on or after that day; `dated_from` keeps
        dated events whose date is on or after it. The index on (kind, column, …) and
        the limit keep a lookup as cheap on day 365 as on day 1.
        """
        assert column in ("state_key", "base_key", "dateless_key")
        sql = f"SELECT {EVENT_LOOKUP} FROM events WHERE kind = ? AND {column} = ?"
        params: list[Any] = [kind, key]
        if reported_since is not None:
            sql += " AND last_reported >= ?"
            params.append(reported_since)
        if dated_from is not None:
            sql += " AND date >= ?"
            params.append(dated_from)
        return self._all(sql + f" ORDER BY last_reported DESC, id LIMIT {int(limit)}", params)

    def insert_event(self, event: Row) -> None:
        columns = ", ".join(event)
        marks = ", ".join("?" * len(event))
        self.db.execute(f"INSERT INTO events ({columns}) VALUES ({marks})", list(event.values()))

    def update_event(self, event_id: str, **fields: Any) -> None:
        sets = ", ".join(f"{name} = ?" for name in fields)
        self.db.execute(f"UPDATE events SET {sets} WHERE id = ?", [*fields.values(), event_id])

    def add_change(self, change: Row) -> None:
        columns = ", ".join(change)
        marks = ", ".join("?" * len(change))
        self.db.execute(f"INSERT INTO event_changes ({columns}) VALUES ({marks})", list(change.values()))

    def event(self, event_id: str) -> Row | None:
        return self._one("SELECT * FROM events WHERE id = ?", (event_id,))

    def event_changes(self, event_id: str) -> list[Row]:
        """An event's history, oldest first, each change with its source article."""
        return self._all(
            "SELECT c.*, f.fact_id, f.quote, f.figure AS fact_figure, a.article_id AS source, a.outlet, "
            "a.title, a.url FROM event_changes c LEFT JOIN facts f ON f.id = c.fact "
            "LEFT JOIN articles a ON a.id = f.article WHERE c.event_id = ? ORDER BY c.reported_on, c.id",
            (event_id,),
        )

    def changes_between(self, after: str | None, until: str, changes: Sequence[str]) -> list[Row]:
        """Changes of the given types reported in (after, until], with both sources of an update."""
        marks = ",".join("?" * len(changes))
        return self._all(
            "SELECT c.*, e.kind, e.summary, e.date, f.fact_id, f.quote, a.article_id AS source, "
            "of.fact_id AS old_fact_id, oa.article_id AS old_source, of.quote AS old_quote "
            "FROM event_changes c JOIN events e ON e.id = c.event_id "
            "LEFT JOIN facts f ON f.id = c.fact LEFT JOIN articles a ON a.id = f.article "
            "LEFT JOIN facts of ON of.id = c.old_fact LEFT JOIN articles oa ON oa.id = of.article "
            f"WHERE c.change IN ({marks}) AND c.reported_on > ? AND c.reported_on <= ? "
            "ORDER BY c.reported_on, c.id",
            [*changes, after or "", until],
        )

    def events_first_reported(self, after: str | None, until: str) -> list[Row]:
        return self._all(
            "SELECT * FROM events WHERE first_reported > ? AND first_reported <= ? "
            "ORDER BY first_reported, kind, id",
            (after or "", until),
        )

    def forward_events_dated(self, start: str | None, end: str, *, reported_before: str) -> list[Row]:
        """Forward-looking events (dated later than first reported) with a date in [start, end)."""
        return self._all(
            "SELECT * FROM events WHERE forward = 1 AND revised_by IS NULL AND date >= ? AND date < ? "
            "AND first_reported < ? ORDER BY date, kind, id",
            (start or "", end, reported_before),
        )

    def latest_report_after(self, event_id: str, day: str) -> Row | None:
        """The newest report of an event published on or after `day`: what the text says happened."""
        return self._one(
            "SELECT c.reported_on, f.quote, f.fact_id, a.article_id AS source FROM event_changes c "
            "JOIN facts f ON f.id = c.fact JOIN articles a ON a.id = f.article "
            "WHERE c.event_id = ? AND c.reported_on >= ? ORDER BY c.reported_on DESC, c.id DESC LIMIT 1",
            (event_id, day),
        )

    def search_events(
        self,
        kind: str | None,
        since: str | None,
        until: str | None,
        text: str | None,
        status: str | None,
        limit: int | None,
    ) -> list[Row]:
        """Events reported in [since, until] (by any report), filtered; newest report first."""
        sql = (
            "SELECT id, kind, summary, date, status, figure, first_reported, last_reported, conflict, "
            "revised_by, revises, (SELECT count(*) FROM facts f WHERE f.event_id = events.id "
            "AND f.superseded_by_run IS NULL) AS sources "
            "FROM events WHERE 1=1"
        )
        params: list[Any] = []
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        if since:
            sql += " AND last_reported >= ?"
            params.append(since)
        if until:
            sql += " AND first_reported <= ?"
            params.append(until)
        if status:
            sql += " AND status = ?"
            params.append(status)
        if text:
            sql += " AND (summary LIKE ? OR fact_json LIKE ?)"
            params += [f"%{text}%", f"%{text}%"]
        sql += " ORDER BY last_reported DESC, kind, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._all(sql, params)

    def figure_reports(self, event_id: str) -> list[Row]:
        """The event's current reports that give a figure, newest first."""
        return self._all(
            "SELECT id, fact_id, figure, published AS reported_on FROM facts WHERE event_id = ? "
            "AND figure IS NOT NULL AND superseded_by_run IS NULL ORDER BY published DESC, id DESC",
            (event_id,),
        )

    def withdrawn_fact_ids(self, event_id: str) -> list[str]:
        return [
            r["fact_id"]
            for r in self._all(
                "SELECT fact_id FROM verdicts WHERE verdict = 'reject' "
                "AND fact_id IN (SELECT fact_id FROM facts WHERE event_id = ?)",
                (event_id,),
            )
        ]

    def event_source_count(self, event_id: str) -> int:
        row = self._one("SELECT count(*) AS n FROM facts WHERE event_id = ?", (event_id,))
        return int(row["n"]) if row else 0

    # -- decisions and publications ------------------------------------------------------------
    def fact_rows(self, fact_id: str) -> list[Row]:
        return self._all("SELECT * FROM facts WHERE fact_id = ? ORDER BY id DESC", (fact_id,))

    def decisions_between(self, after: str | None, until: str, decisions: Sequence[str]) -> list[Row]:
        """Facts withdrawn in review whose withdrawal the events noted in (after, until]."""
        return self._all(
            "SELECT f.fact_id, 'rejected' AS decision, v.reviewer AS decided_by, v.reason, f.kind, "
            "f.summary, f.quote, c.event_id FROM event_changes c JOIN facts f ON f.id = c.fact "
            "LEFT JOIN verdicts v ON v.fact_id = f.fact_id "
            "WHERE c.change = 'withdrawn' AND c.reported_on > ? AND c.reported_on <= ? ORDER BY c.id",
            [after or "", until],
        )

    def insert_publication(
        self,
        briefing_date: str,
        run_id: int | None,
        path: str | None,
        *,
        events: str | None = None,
        facts: str | None = None,
        since_last: str | None = None,
        published_by: str | None = None,
    ) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO publications (briefing_date, published_at, run_id, path, events, facts, "
                "since_last, published_by) VALUES (?,?,?,?,?,?,?,?)",
                (briefing_date, _now(), run_id, path, events, facts, since_last, published_by),
            )

    def previous_publication(self, before: str) -> str | None:
        row = self._one("SELECT max(briefing_date) AS d FROM publications WHERE briefing_date < ?", (before,))
        return row["d"] if row else None

    def previous_run_date(self, before: str) -> str | None:
        row = self._one(
            "SELECT max(briefing_date) AS d FROM runs WHERE briefing_date < ? AND finished_at IS NOT NULL",
            (before,),
        )
        return row["d"] if row else None


def dumps(value: Any) -> str:
    """JSON for key and value columns: compact, stable, dates as ISO strings."""
    return json.dumps(value, default=str, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
