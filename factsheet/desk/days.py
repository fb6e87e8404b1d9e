"""A desk and its day folders: which is which, and the per-day stores of earlier releases.

A desk is recognised by its store: `DESK/factsheet.db` holding the desk's tables (`runs`).
Each day's outputs live in `DESK/<date>/`. Earlier releases kept review decisions and
publications in a second store, also named `factsheet.db`, inside each day folder; the
first time a desk is opened for writing, such a store is carried into the desk (every
logged decision replayed in order, every publication kept) and renamed aside to
`factsheet.db.migrated`, nothing lost.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from factsheet.desk.store import STORE_NAME, DeskError, Store

MIGRATED_SUFFIX = ".migrated"


def store_kind(path: Path) -> str | None:
    """ "desk", "day" (a per-day review store of an earlier release), "other", or None (no file)."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            names = {
                r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")
            }
        finally:
            db.close()
    except sqlite3.Error:
        return "other"
    if "runs" in names:
        return "desk"
    if names & {"verdicts", "decisions", "publications"}:
        return "day"
    return "other"


def _is_day_name(name: str) -> bool:
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def refuse_day_folder(out: Path) -> None:
    """`--out` pointing inside a desk (a day folder) would make a second desk there: refuse it."""
    parent = out.parent
    if store_kind(out / STORE_NAME) == "desk":
        return
    if store_kind(parent / STORE_NAME) == "desk" or store_kind(out / STORE_NAME) == "day":
        desk = parent if store_kind(parent / STORE_NAME) == "desk" else None
        hint = f"; run with --out {desk}" if desk else ""
        raise DeskError(
            f"{out}: is a day folder of a desk, not a desk (a second desk would be made inside it){hint}",
            path=str(out),
        )


def locate(folder: Path) -> tuple[Path, Path]:
    """(desk folder, day folder) for a day folder or a desk; `DeskError` in one line otherwise.

    Given a desk, its newest day folder is the day (what `review` and `publish` mean then).
    """
    folder = Path(folder)
    if store_kind(folder / STORE_NAME) == "desk":
        days = sorted(
            p
            for p in folder.iterdir()
            if p.is_dir() and _is_day_name(p.name) and (p / "facts.json").is_file()
        )
        if not days:
            raise DeskError(f"{folder}: a desk with no day yet; run `factsheet run … --out {folder}` first")
        return folder, days[-1]
    if store_kind(folder.parent / STORE_NAME) == "desk":
        return folder.parent, folder
    for store in (folder / STORE_NAME, folder.parent / STORE_NAME):
        if store_kind(store) == "other" or store.is_dir():
            raise DeskError(
                f"{store}: not a desk store (not SQLite, corrupt, or another program's); left as it is"
            )
    if (folder / "facts.json").is_file():
        raise DeskError(
            f"{folder}: no desk beside this day folder ({folder.parent / STORE_NAME} is missing); "
            "run `factsheet run` again with --out on the folder above it"
        )
    raise DeskError(f"{folder}: not a desk or a day folder of one (no facts.json, no {STORE_NAME})")


def import_day_stores(store: Store, desk: Path) -> list[Path]:
    """Carry every per-day review store under `desk` into the desk's store; return those carried."""
    carried: list[Path] = []
    try:
        entries = sorted(desk.iterdir())
    except OSError:
        return carried
    for day in entries:
        old = day / STORE_NAME
        if not (day.is_dir() and store_kind(old) == "day"):
            continue
        _import_one(store, old)
        for suffix in ("-wal", "-shm"):
            Path(f"{old}{suffix}").unlink(missing_ok=True)
        os.replace(old, f"{old}{MIGRATED_SUFFIX}")
        carried.append(old)
    return carried


def _import_one(store: Store, old: Path) -> None:
    from factsheet.review.migrations import SchemaTooNew
    from factsheet.review.store import ReviewStore

    try:
        review = ReviewStore(old)  # brings an older per-day schema up to the last one first
        log = review.log()
        publications = review.publications()
    except (sqlite3.Error, SchemaTooNew, OSError) as exc:
        raise DeskError(
            f"{old}: cannot carry this day's review store into the desk ({exc}); desk untouched",
            path=str(old),
        ) from None
    with store.transaction():
        for entry in sorted(log, key=lambda e: (str(e["at"]), int(e["rev"]))):  # type: ignore[call-overload]
            _replay(store.db, entry)
        for publication in publications:
            facts = json.loads(str(publication["facts"] or "{}"))
            events = _events_of(store, list(facts))
            store.db.execute(
                "INSERT INTO publications (briefing_date, published_at, path, published_by, facts, events) "
                "VALUES (?,?,?,?,?,?)",
                (
                    publication["briefing_date"],
                    publication["published_at"],
                    str(old.parent / "published"),
                    publication["published_by"],
                    json.dumps(facts),
                    json.dumps(events),
                ),
            )


def _events_of(store: Store, fact_ids: list[str]) -> dict[str, dict]:
    """The desk events of a carried publication's facts, with the values the desk holds."""
    out: dict[str, dict] = {}
    for fact_id in fact_ids:
        row = store.db.execute(
            "SELECT e.id, e.kind, e.summary, e.figure, e.status, e.date FROM facts f JOIN events e "
            "ON e.id = f.event_id WHERE f.fact_id = ? ORDER BY f.id DESC LIMIT 1",
            (fact_id,),
        ).fetchone()
        if row is None:
            continue
        event = out.setdefault(
            row["id"],
            {
                "kind": row["kind"],
                "summary": row["summary"],
                "figure": row["figure"],
                "status": row["status"],
                "date": row["date"],
                "facts": [],
                "docs": [],
            },
        )
        event["facts"].append(fact_id)
    return out


def _replay(db: sqlite3.Connection, entry: dict) -> None:
    """One logged change of the old store, applied to the desk's decision tables as it was then."""
    fact_id, change, who, at = entry["fact_id"], entry["change"], entry["reviewer"], entry["at"]
    rev = db.execute(
        "INSERT INTO log (fact_id, change, field, value, reason, reviewer, at) VALUES (?,?,?,?,?,?,?)",
        (fact_id, change, entry["field"], entry["value"], entry["reason"], who, at),
    ).lastrowid
    if change in ("accept", "reject", "override"):
        if change == "reject":
            db.execute("DELETE FROM edits WHERE fact_id = ?", (fact_id,))
        db.execute(
            "INSERT INTO verdicts VALUES (?,?,?,?,?,?,?) ON CONFLICT(fact_id) DO UPDATE SET "
            "verdict=excluded.verdict, reason=excluded.reason, reviewer=excluded.reviewer, "
            "decided_at=excluded.decided_at, rev=excluded.rev, verdict_rev=excluded.verdict_rev",
            (fact_id, change, entry["reason"], who, at, rev, rev),
        )
    elif change == "clear":
        db.execute("DELETE FROM edits WHERE fact_id = ?", (fact_id,))
        db.execute(
            "INSERT INTO verdicts VALUES (?, NULL, NULL, ?, ?, ?, ?) ON CONFLICT(fact_id) DO UPDATE SET "
            "verdict=NULL, reason=NULL, reviewer=excluded.reviewer, decided_at=excluded.decided_at, "
            "rev=excluded.rev, verdict_rev=excluded.verdict_rev",
            (fact_id, who, at, rev, rev),
        )
    elif change == "edit":
        db.execute(
            "INSERT INTO edits VALUES (?,?,?,?,?,?) ON CONFLICT(fact_id, field) DO UPDATE SET "
            "value=excluded.value, reviewer=excluded.reviewer, decided_at=excluded.decided_at, "
            "rev=excluded.rev",
            (fact_id, entry["field"], entry["value"], who, at, rev),
        )
        db.execute(
            "INSERT INTO verdicts VALUES (?, 'accept', NULL, ?, ?, ?, 0) ON CONFLICT(fact_id) DO UPDATE SET "
            "verdict=coalesce(verdicts.verdict, 'accept'), reviewer=excluded.reviewer, "
            "decided_at=excluded.decided_at, rev=excluded.rev",
            (fact_id, who, at, rev),
        )
