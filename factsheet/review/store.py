"""Review decisions in an embedded SQLite store next to the outputs (`factsheet.db`).

A decision on a fact is a verdict (accept, reject, or override of the validator's
rejection) plus any edits, one row per field. Every change appends to a log whose row
number is a revision; the page a reviewer decides on carries the revision it showed, and
a change is refused (`Stale`) when what it would overwrite has moved on since. Each change
runs in one `BEGIN IMMEDIATE` transaction on its own connection, so simultaneous requests
(threads of the review page, or a `factsheet review` process) queue instead of losing
writes. Each publication's snapshot is kept too: it is what "since the last briefing"
compares against.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factsheet.review.migrations import migrate

BUSY_TIMEOUT_S = 15.0
Verdict = str  # "accept" | "reject" | "override"
VERDICTS = ("accept", "reject", "override")


class Stale(Exception):
    """The decision was made on a view of the fact older than what it would overwrite."""


class Refused(Exception):
    """The decision does not fit the fact's current state (e.g. editing a rejected fact)."""


@dataclass(frozen=True)
class Decision:
    """Where review stands on one fact."""

    fact_id: str
    verdict: Verdict | None
    edits: dict[str, object]
    reason: str | None
    reviewer: str
    decided_at: str
    rev: int = 0
    verdict_rev: int = 0
    edit_revs: dict[str, int] = field(default_factory=dict)

    @property
    def action(self) -> str | None:
        """One word for lists and the manifest: reject, override, edit, accept (or None)."""
        if self.verdict in ("reject", "override"):
            return self.verdict
        if self.edits:
            return "edit"
        return self.verdict

    @property
    def decided(self) -> bool:
        return self.verdict is not None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class ReviewStore:
    """Decisions on facts, in a desk's store (or, read once for migration, an old per-day store).

    On a desk (`runs` is one of its tables) the desk's migrations made these tables; the
    per-day store of earlier releases is brought up to date by its own migrations.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as db:
            self.on_desk = _is_desk(db)
            if not self.on_desk:
                db.execute("PRAGMA journal_mode=WAL")
                migrate(db)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own for one operation: threads never share a transaction."""
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            yield db
        finally:
            db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # reading

    def decisions(self) -> dict[str, Decision]:
        """Every fact with a decision (a verdict or edits)."""
        with self._connect() as db:
            return _read(db, None)

    def decision(self, fact_id: str) -> Decision | None:
        with self._connect() as db:
            return _read(db, fact_id).get(fact_id)

    def drawn(self, fact_id: str) -> tuple[dict[str, Decision], int]:
        """Every decision and one fact's revision, read in one transaction: a page drawn from
        them shows exactly the state its revision names."""
        with self._connect() as db:
            db.execute("BEGIN")
            try:
                return _read(db, None), self._current_rev(db, fact_id)
            finally:
                db.execute("COMMIT")

    def revision(self, fact_id: str) -> int:
        """The latest revision of a fact's decision (0: never decided): what a page shows."""
        with self._connect() as db:
            row = db.execute("SELECT rev FROM verdicts WHERE fact_id = ?", (fact_id,)).fetchone()
        return row[0] if row else 0

    # changing

    def set_verdict(
        self,
        fact_id: str,
        verdict: Verdict,
        reviewer: str,
        *,
        reason: str | None = None,
        seen: int | None = None,
        keep_edits: bool = True,
    ) -> Decision:
        """Accept, reject or override a fact. A reject drops its edits (the fact is not
        published, so they would mean nothing). `seen`: the revision the reviewer saw; any
        change since then refuses this one."""
        if verdict not in VERDICTS:
            raise Refused(f"unknown decision {verdict!r}")
        with self._transaction() as db:
            current = _read(db, fact_id).get(fact_id)
            rev_now = self._current_rev(db, fact_id)
            if seen is not None and rev_now > seen:
                raise Stale(_stale_message(current))
            rev = _log(db, fact_id, verdict, reviewer, reason=reason)
            now = _now()
            if verdict == "reject" or not keep_edits:
                db.execute("DELETE FROM edits WHERE fact_id = ?", (fact_id,))
            db.execute(
                "INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fact_id) DO UPDATE SET "
                "verdict=excluded.verdict, reason=excluded.reason, reviewer=excluded.reviewer, "
                "decided_at=excluded.decided_at, rev=excluded.rev, verdict_rev=excluded.verdict_rev",
                (fact_id, verdict, reason, reviewer, now, rev, rev),
            )
            return _read(db, fact_id)[fact_id]

    def clear(self, fact_id: str, reviewer: str, *, seen: int | None = None) -> None:
        """Undo the decision on a fact: no verdict, no edits (the log keeps what was)."""
        with self._transaction() as db:
            current = _read(db, fact_id).get(fact_id)
            if seen is not None and self._current_rev(db, fact_id) > seen:
                raise Stale(_stale_message(current))
            rev = _log(db, fact_id, "clear", reviewer)
            db.execute("DELETE FROM edits WHERE fact_id = ?", (fact_id,))
            db.execute(
                "INSERT INTO verdicts VALUES (?, NULL, NULL, ?, ?, ?, ?) ON CONFLICT(fact_id) DO UPDATE SET "
                "verdict=NULL, reason=NULL, reviewer=excluded.reviewer, decided_at=excluded.decided_at, "
                "rev=excluded.rev, verdict_rev=excluded.verdict_rev",
                (fact_id, reviewer, _now(), rev, rev),
            )

    def edit(
        self,
        fact_id: str,
        name: str,
        value: object,
        reviewer: str,
        *,
        seen: int | None = None,
        check: Callable[[dict[str, object], Decision | None], None] | None = None,
        default_verdict: Verdict = "accept",
    ) -> Decision:
        """Set one field's edit. Stale only if this field, or the verdict, changed after
        `seen`: edits to other fields made meanwhile are kept, not overwritten.

        `check(edits, current)` sees every edit the fact will have and raises to refuse;
        it runs inside the transaction, so it judges exactly what is stored.
        """
        with self._transaction() as db:
            current = _read(db, fact_id).get(fact_id)
            if seen is not None and current is not None:
                moved = max(current.verdict_rev, current.edit_revs.get(name, 0))
                if moved > seen:
                    raise Stale(_stale_message(current))
            elif (
                seen is not None and self._current_rev(db, fact_id) > seen
            ):  # cleared since: a clear is a revision
                raise Stale(_stale_message(current))
            if current is not None and current.verdict == "reject":
                raise Refused("this fact is rejected: clear the decision before editing it")
            edits = {**(current.edits if current else {}), name: value}
            if check is not None:
                check(edits, current)
            encoded = json.dumps(value, ensure_ascii=False)
            rev = _log(db, fact_id, "edit", reviewer, name=name, value=encoded)
            now = _now()
            db.execute(
                "INSERT INTO edits VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(fact_id, field) DO UPDATE SET "
                "value=excluded.value, reviewer=excluded.reviewer, decided_at=excluded.decided_at, "
                "rev=excluded.rev",
                (fact_id, name, encoded, reviewer, now, rev),
            )
            # An edit is a decision to publish the corrected fact: the verdict follows it, but
            # verdict_rev stays, so edits to other fields from the same page are not stale.
            verdict = current.verdict if current is not None and current.verdict else default_verdict
            db.execute(
                "INSERT INTO verdicts VALUES (?, ?, NULL, ?, ?, ?, 0) ON CONFLICT(fact_id) DO UPDATE SET "
                "verdict=excluded.verdict, reviewer=excluded.reviewer, decided_at=excluded.decided_at, "
                "rev=excluded.rev",
                (fact_id, verdict, reviewer, now, rev),
            )
            return _read(db, fact_id)[fact_id]

    @staticmethod
    def _current_rev(db: sqlite3.Connection, fact_id: str) -> int:
        row = db.execute("SELECT rev FROM verdicts WHERE fact_id = ?", (fact_id,)).fetchone()
        return row[0] if row else 0

    def history(self, fact_id: str) -> list[dict[str, object]]:
        """Every change made to a fact's decision, oldest first (the audit trail)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT rev, change, field, value, reason, reviewer, at FROM log "
                "WHERE fact_id = ? ORDER BY rev",
                (fact_id,),
            ).fetchall()
        keys = ("rev", "change", "field", "value", "reason", "reviewer", "at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # publications

    def publications(self) -> list[dict[str, object]]:
        """Every publication this store recorded, oldest first (for migrating a per-day store)."""
        with self._connect() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(publications)")}
            who = "published_by" if "published_by" in columns else "NULL"
            rows = db.execute(
                f"SELECT published_at, briefing_date, facts, {who} FROM publications ORDER BY rowid"
            ).fetchall()
        keys = ("published_at", "briefing_date", "facts", "published_by")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def log(self) -> list[dict[str, object]]:
        """The whole decision log, oldest first (for migrating a per-day store)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT rev, fact_id, change, field, value, reason, reviewer, at FROM log ORDER BY rev"
            ).fetchall()
        keys = ("rev", "fact_id", "change", "field", "value", "reason", "reviewer", "at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def close(self) -> None:
        """Nothing stays open between operations; kept so callers may close what they opened."""


def _is_desk(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='runs'").fetchone() is not None


def _log(
    db: sqlite3.Connection,
    fact_id: str,
    change: str,
    reviewer: str,
    *,
    name: str | None = None,
    value: str | None = None,
    reason: str | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO log (fact_id, change, field, value, reason, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (fact_id, change, name, value, reason, reviewer, _now()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _read(db: sqlite3.Connection, fact_id: str | None) -> dict[str, Decision]:
    where, args = ("WHERE fact_id = ?", (fact_id,)) if fact_id is not None else ("", ())
    edits: dict[str, dict[str, object]] = {}
    edit_revs: dict[str, dict[str, int]] = {}
    for fid, name, value, rev in db.execute(f"SELECT fact_id, field, value, rev FROM edits {where}", args):
        edits.setdefault(fid, {})[name] = json.loads(value)
        edit_revs.setdefault(fid, {})[name] = rev
    out: dict[str, Decision] = {}
    for fid, verdict, reason, reviewer, at, rev, verdict_rev in db.execute(
        f"SELECT fact_id, verdict, reason, reviewer, decided_at, rev, verdict_rev FROM verdicts {where}", args
    ):
        if verdict is None and fid not in edits:
            continue
        out[fid] = Decision(
            fid, verdict, edits.get(fid, {}), reason, reviewer, at, rev, verdict_rev, edit_revs.get(fid, {})
        )
    return out


def _stale_message(current: Decision | None) -> str:
    if current is None:
        now = "its decision was cleared"
    else:
        what = {"accept": "accepted", "reject": "rejected", "override": "overridden", "edit": "edited"}
        state = what.get(current.action or "", "cleared")
        at = current.decided_at.replace("T", " ").replace("+00:00", " UTC")
        now = f"it is now {state} by {current.reviewer} at {at}"
    return (
        f"Not saved: this fact's decision changed after your page was drawn ({now}). "
        "Look at it as it is now and decide again."
    )
