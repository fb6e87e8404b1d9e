"""The desk store on disk: schema and migrations, bad stores, locks, versions, crashes, two writers.

Every test uses a real SQLite file; the crash and concurrency tests use real processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factsheet.desk import (
    STORE_NAME,
    Desk,
    DeskError,
    DeskLocked,
    DeskTooNew,
    DeskUnreadable,
    event_history,
    events,
)
from factsheet.kinds import to_fact
from factsheet.models import Article

ROOT = Path(__file__).resolve().parent.parent
SIG = "sig-1"

# A writer process: batches of `per` articles, each with two casualty facts, one transaction per batch.
WRITER = """
import datetime as dt, sys
from pathlib import Path
from factsheet.desk import Desk
from factsheet.kinds import to_fact
from factsheet.models import Article
folder, prefix, batches, per = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with Desk.open(folder, timeout=60) as desk:
    run = desk.begin_run(dt.date(2025, 5, 1), "sig-1")
    for b in range(batches):
        batch = []
        for i in range(per):
            doc = f"{prefix}-{b}-{i}"
            q1, q2 = f"{b + 2} people were killed in Town{i}", f"{i + 1} people were injured in Town{i}"
            text = q1 + ". " + q2 + ". " + "Filler sentence. " * 200
            facts = [to_fact({"kind": "casualty", "doc": doc, "quote": q, "count": n, "outcome": o,
                              "location": f"Town{i}", "check": {"status": "verified"}})
                     for q, n, o in ((q1, b + 2, "killed"), (q2, i + 1, "injured"))]
            published = dt.date(2025, 5, 1) + dt.timedelta(days=b)
            batch.append((Article(id=doc, text=text, published=published), facts))
        desk.add_articles(run, batch, "sig-1")
        print(b, flush=True)
    desk.finish_run(run)
"""


def writer(folder: Path, prefix: str, batches: int, per: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), prefix, str(batches), str(per)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def article(doc: str, text: str, published: str = "2025-05-01") -> Article:
    return Article(id=doc, text=text, published=dt.date.fromisoformat(published))


def casualty(doc: str, quote: str, count: int):
    return to_fact(
        {
            "kind": "casualty",
            "doc": doc,
            "quote": quote,
            "count": count,
            "outcome": "killed",
            "location": "Odesa",
            "check": {"status": "verified"},
        }
    )


def test_a_new_desk_is_migrated_once_in_wal_mode_with_declared_foreign_keys(tmp_path):
    with Desk.open(tmp_path) as desk:
        assert desk.store.schema_version() == 3
    with Desk.open(tmp_path):
        pass
    db = sqlite3.connect(tmp_path / STORE_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == [
        "m001_initial",
        "m002_review_on_the_desk",
        "m003_event_keys_with_time_and_place",
    ]
    targets = {row[2] for row in db.execute("PRAGMA foreign_key_list('facts')")}
    assert targets == {"articles", "runs", "events"}
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"articles", "facts", "events", "event_changes", "decisions", "publications", "runs"} <= tables
    assert {"verdicts", "edits", "log"} <= tables  # review decisions live on the desk


def test_a_store_from_a_newer_factsheet_is_refused_and_left_unchanged(tmp_path):
    with Desk.open(tmp_path):
        pass
    path = tmp_path / STORE_NAME
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 7")
    db.close()
    before = sha(path)
    with pytest.raises(DeskTooNew) as caught:
        Desk.open(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "newer" in message
    assert sha(path) == before


def test_a_store_with_a_migration_this_version_does_not_know_is_refused(tmp_path):
    with Desk.open(tmp_path):
        pass
    db = sqlite3.connect(tmp_path / STORE_NAME)
    db.execute("UPDATE migrations SET name = 'm001_from_the_future' WHERE name = 'm001_initial'")
    db.commit()
    db.close()
    with pytest.raises(DeskTooNew):
        Desk.open(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused_and_not_overwritten(tmp_path):
    path = tmp_path / STORE_NAME
    path.write_text("these are my notes, not a database\n" * 40)
    before = sha(path)
    with pytest.raises(DeskUnreadable) as caught:
        Desk.open(tmp_path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert sha(path) == before


def test_a_corrupt_store_is_refused_and_not_overwritten(tmp_path):
    with Desk.open(tmp_path) as desk:
        run = desk.begin_run(None, SIG)
        desk.add_articles(run, [(article("a", "Two were killed in Odesa."), [])], SIG)
    path = tmp_path / STORE_NAME
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes of the header
    path.write_bytes(bytes(data))
    before = sha(path)
    with pytest.raises(DeskUnreadable) as caught:
        Desk.open(tmp_path)
    assert "\n" not in str(caught.value)
    assert sha(path) == before


def test_a_desk_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "desk").write_text("not a folder")
    with pytest.raises(DeskError) as caught:
        Desk.open(tmp_path / "desk")
    assert "\n" not in str(caught.value) and "desk" in str(caught.value)
    assert (tmp_path / "desk").read_text() == "not a folder"


def test_a_store_corrupt_past_its_header_fails_with_one_line_on_first_use(tmp_path):
    with Desk.open(tmp_path) as desk:
        run = desk.begin_run(None, SIG)
        desk.add_articles(run, [(article(f"a{i}", "Filler. " * 800), []) for i in range(40)], SIG)
    path = tmp_path / STORE_NAME
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[8192:24576] = b"\x13" * 16384  # pages 3 to 6 overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(DeskUnreadable) as caught, Desk.open(tmp_path) as desk:
        desk.needs_extraction(article("a3", "Other text."), SIG)
        run = desk.begin_run(None, SIG)
        desk.add_articles(run, [(article("a3", "Other text."), [])], SIG)
    assert "\n" not in str(caught.value) and "corrupt" in str(caught.value)


def test_a_store_locked_by_another_run_waits_then_fails_with_one_line(tmp_path):
    with Desk.open(tmp_path):
        pass
    other = sqlite3.connect(tmp_path / STORE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Desk.open(tmp_path, timeout=0.5) as desk:
            started = time.monotonic()
            with pytest.raises(DeskLocked) as caught:
                desk.begin_run(None, SIG)
            waited = time.monotonic() - started
        assert 0.4 <= waited < 5
        assert "\n" not in str(caught.value) and "locked" in str(caught.value)
    finally:
        other.execute("ROLLBACK")
    with Desk.open(tmp_path, timeout=0.5) as desk:  # free again: the run goes ahead
        desk.begin_run(None, SIG)


def test_an_article_is_extracted_again_only_when_its_text_or_the_extractor_changed(tmp_path):
    q = "Two people were killed in Odesa"
    first = article("a1", q + " on Monday.")
    with Desk.open(tmp_path) as desk:
        run = desk.begin_run(None, SIG)
        assert desk.needs_extraction(first, SIG)
        desk.add_articles(run, [(first, [casualty("a1", q, 2)])], SIG)
        assert not desk.needs_extraction(first, SIG)
        assert desk.needs_extraction(first, "sig-2")
        changed = article("a1", "Three people were killed in Odesa on Monday.", "2025-05-02")
        assert desk.needs_extraction(changed, SIG)
        desk.add_articles(run, [(changed, [casualty("a1", "Three people were killed in Odesa", 3)])], SIG)
        assert [f.count for f in desk.facts_for(["a1"])] == [3]
        rows = desk.store.articles_with_facts()
        assert sorted((r["version"], r["stored"]) for r in rows) == [(1, 1), (2, 1)]
    db = sqlite3.connect(tmp_path / STORE_NAME)
    superseded = db.execute("SELECT count(*) FROM facts WHERE superseded_by_run IS NOT NULL").fetchone()[0]
    assert superseded == 1  # the old fact is kept, marked superseded
    changes = [tuple(r) for r in db.execute("SELECT change, note FROM event_changes ORDER BY id")]
    assert changes == [("new", None), ("update", "article edited: corrected in a new version of the article")]


def test_extracting_an_unchanged_text_again_adds_no_history_and_counts_each_source_once(tmp_path):
    q = "Two people were killed in Odesa"
    first = article("a1", q + " on Monday.")
    with Desk.open(tmp_path) as desk:
        run = desk.begin_run(None, SIG)
        desk.add_articles(run, [(first, [casualty("a1", q, 2)])], SIG)
        assert desk.needs_extraction(first, "sig-2")
        desk.add_articles(run, [(first, [casualty("a1", q, 2)])], "sig-2")
        (event,) = events(desk)
        assert (event.sources, event.figure) == (1, 2)
        assert [h.change for h in event_history(desk, event.id)] == ["new"]
        assert not desk.needs_extraction(first, "sig-2")


def _check_whole(folder: Path, per: int) -> int:
    with Desk.open(folder) as desk:
        assert desk.store.integrity() == "ok"
        rows = desk.store.articles_with_facts()
        assert all(r["stored"] == r["fact_count"] == 2 for r in rows)
        assert len(rows) % per == 0
        db = desk.store.db
        assert db.execute("SELECT count(*) FROM facts WHERE event_id IS NULL").fetchone()[0] == 0
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return len(rows)


def test_a_killed_run_leaves_whole_batches_only(tmp_path):
    rng = random.Random(16)
    folder = tmp_path / "desk"
    stored = 0
    for round_ in range(4):
        proc = writer(folder, f"k{round_}", batches=400, per=5)
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one batch is in
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _check_whole(folder, per=5)
        assert stored < now < stored + 400 * 5  # killed part-way, after at least one batch
        stored = now


def test_two_runs_writing_one_desk_at_once_do_not_corrupt_it(tmp_path):
    folder = tmp_path / "desk"  # created by whichever process comes first
    procs = [writer(folder, name, batches=15, per=4) for name in ("p", "q")]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert _check_whole(folder, per=4) == 2 * 15 * 4
    with Desk.open(folder) as desk:
        runs = desk.store.db.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0]
        assert runs == 2
