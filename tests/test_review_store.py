"""The decision store and the rules decisions follow, on real SQLite files.

No server here: these are the guarantees the review page and `factsheet review` build on.
"""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from factsheet.models import Check, FactAdapter
from factsheet.review.decisions import (
    EditError,
    apply_edit,
    check_edits,
    check_verdict,
    coerce,
    final_facts,
    human,
)
from factsheet.review.migrations import MIGRATIONS, SchemaTooNew, schema_version
from factsheet.review.store import Refused, ReviewStore, Stale

# The schema `factsheet.db` had in the first release, before migrations were recorded.
FIRST_RELEASE_SCHEMA = """
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


def _fact(kind: str, **values):
    base = {"kind": kind, "doc": "a", "quote": "q", "start": 0, "end": 1, "extractor": "test"}
    return FactAdapter.validate_python(base | values)


CASUALTY = {"count": 12, "outcome": "injured", "location": "Zaporizhzhia"}
AID = {"amount": 50_000_000.0, "currency": "EUR", "donor": "European Union", "recipient": "Moldova"}


def test_a_first_release_database_is_upgraded_with_its_decisions(tmp_path):
    path = tmp_path / "factsheet.db"
    old = sqlite3.connect(path)
    old.executescript(FIRST_RELEASE_SCHEMA)
    old.executemany(
        "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("cas-1", "edit", '{"count": 13, "location": "Kharkiv"}', None, "ana", "2025-08-07T10:00"),
            ("aid-1", "reject", "{}", "a budget line", "ben", "2025-08-07T10:01:00+00:00"),
            ("mee-1", "accept", "{}", None, "ana", "2025-08-07T10:02:00+00:00"),
        ],
    )
    old.execute("INSERT INTO publications VALUES ('2025-08-07T11:00:00+00:00', '2025-08-07', '{\"x\": {}}')")
    old.commit()
    old.close()

    store = ReviewStore(path)
    decisions = store.decisions()
    assert {k: (d.action, d.verdict, d.edits, d.reviewer) for k, d in decisions.items()} == {
        "cas-1": ("edit", "accept", {"count": 13, "location": "Kharkiv"}, "ana"),
        "aid-1": ("reject", "reject", {}, "ben"),
        "mee-1": ("accept", "accept", {}, "ana"),
    }
    assert decisions["aid-1"].reason == "a budget line"
    assert [json.loads(str(p["facts"])) for p in store.publications()] == [{"x": {}}]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version() == len(MIGRATIONS)
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")] == [
        fn.__name__ for fn in MIGRATIONS
    ]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    # Opening again runs nothing twice and keeps every decision.
    assert ReviewStore(path).decisions() == decisions


def test_a_database_from_a_newer_release_is_refused_not_misread(tmp_path):
    path = tmp_path / "factsheet.db"
    ReviewStore(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {schema_version() + 1}")
    db.commit()
    db.close()
    with pytest.raises(SchemaTooNew, match="upgrade factsheet"):
        ReviewStore(path)


def test_edits_to_different_fields_from_one_view_all_land(tmp_path):
    store = ReviewStore(tmp_path / "factsheet.db")
    seen = store.revision("aid-1")
    fields = {"donor": "Germany", "recipient": "Ukraine", "amount": 7.0, "currency": "USD"}
    barrier = threading.Barrier(len(fields))

    def edit(name: str, value: object) -> None:
        barrier.wait()
        store.edit("aid-1", name, value, "ana", seen=seen)

    threads = [threading.Thread(target=edit, args=item) for item in fields.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.decision("aid-1").edits == fields
    assert [h["change"] for h in store.history("aid-1")] == ["edit"] * 4


def test_a_stale_view_is_refused_and_what_it_missed_is_kept(tmp_path):
    store = ReviewStore(tmp_path / "factsheet.db")
    drawn = store.revision("cas-1")
    store.edit("cas-1", "count", 13, "ana", seen=drawn)
    with pytest.raises(Stale, match="edited by ana"):
        store.set_verdict("cas-1", "accept", "ben", seen=drawn)  # a tab drawn before the edit
    with pytest.raises(Stale):
        store.edit("cas-1", "count", 14, "ben", seen=drawn)  # the same field, edited since
    with pytest.raises(Stale):
        store.clear("cas-1", "ben", seen=drawn)
    assert store.decision("cas-1").edits == {"count": 13}
    # The same change on a fresh view goes through, and an accept keeps the edits it saw.
    fresh = store.revision("cas-1")
    assert store.set_verdict("cas-1", "accept", "ben", seen=fresh).edits == {"count": 13}
    # An edit from a page drawn before that accept is stale too: the verdict moved on.
    with pytest.raises(Stale):
        store.edit("cas-1", "location", "Kyiv", "ana", seen=fresh - 1)


def test_clear_undoes_a_decision_and_a_rejected_fact_is_not_edited(tmp_path):
    store = ReviewStore(tmp_path / "factsheet.db")
    store.set_verdict("cas-1", "reject", "ana", reason="duplicate")
    with pytest.raises(Refused, match="clear the decision"):
        store.edit("cas-1", "count", 3, "ana")
    store.clear("cas-1", "ana")
    assert store.decision("cas-1") is None and store.decisions() == {}
    store.edit("cas-1", "count", 3, "ana")
    assert store.decision("cas-1").action == "edit"
    assert [h["change"] for h in store.history("cas-1")] == ["reject", "clear", "edit"]


@pytest.mark.parametrize(
    ("kind", "values", "name", "raw", "message"),
    [
        ("aid", AID, "amount", "Infinity", "digits"),
        ("aid", AID, "amount", float("inf"), "finite"),
        ("aid", AID, "amount", float("nan"), "finite"),
        ("aid", AID, "amount", "1e400", "digits"),
        ("aid", AID, "amount", "99999999999999999999999", "at most"),
        ("aid", AID, "amount", "-5", "digits"),
        ("aid", AID, "currency", "euro", "ISO 4217"),
        ("aid", AID, "currency", "XXX", "ISO 4217"),
        ("casualty", CASUALTY, "count", "true", "whole number"),
        ("casualty", CASUALTY, "count", True, "not true/false"),
        ("casualty", CASUALTY, "count", "12.5", "whole number"),
        ("casualty", CASUALTY, "count", "99999999999999999999999", "at most"),
        ("casualty", CASUALTY, "outcome", "dead", "one of killed, injured"),
        ("casualty", CASUALTY, "outcome", "", "cannot be empty"),
        ("casualty", CASUALTY, "location", "Kyiv\nLviv", "line breaks"),
        ("casualty", CASUALTY, "nickname", "x", "no field"),
        ("meeting", {"participants": ["A", "B"]}, "participants", "[]", "at least one"),
        ("meeting", {"participants": ["A", "B"]}, "participants", [], "at least one"),
        ("meeting", {"participants": ["A", "B"]}, "participants", " ; ;", "at least one"),
        ("meeting", {"participants": ["A", "B"]}, "date", "1066-10-14", "between"),
        ("meeting", {"participants": ["A", "B"]}, "date", "2025-02-30", "YYYY-MM-DD"),
        ("meeting", {"participants": ["A", "B"]}, "date", "next Friday", "YYYY-MM-DD"),
        ("tariff", {"rate_percent": 25.0}, "rate_percent", "25000", "at most"),
    ],
)
def test_edits_are_held_to_the_models_and_sane_bounds(kind, values, name, raw, message):
    fact = _fact(kind, **values)
    with pytest.raises(EditError, match=message):
        apply_edit(fact, {name: raw})


def test_good_edits_are_typed_and_keep_the_fact_id():
    aid = _fact("aid", **AID)
    edited = apply_edit(aid, {"amount": "1,200,000", "currency": "USD"})
    assert (edited.amount, edited.currency, edited.id) == (1_200_000.0, "USD", aid.id)
    meeting = _fact("meeting", participants=["Donald Trump", "Vladimir Putin"])
    moved = apply_edit(meeting, {"participants": "Vladimir Putin; Donald Trump;  Steve Witkoff ;"})
    assert moved.participants == ["Donald Trump", "Steve Witkoff", "Vladimir Putin"]
    assert str(apply_edit(meeting, {"date": "2025-08-15"}).date) == "2025-08-15"
    assert apply_edit(_fact("casualty", **CASUALTY), {"location": ""}).location is None
    assert coerce(meeting, "participants", ["B", "A"]) == ["A", "B"]


def test_values_are_written_for_people():
    assert [human(v) for v in (None, [], ["a", "b"], 50_000_000.0, 12, 2.5, True)] == [
        "—",
        "—",
        "a, b",
        "50,000,000",
        "12",
        "2.5",
        "yes",
    ]


def test_published_facts_say_who_reviewed_them_and_keep_the_validators_status(tmp_path):
    from factsheet.models import Briefing

    flagged = _fact("casualty", **CASUALTY).model_copy(update={"check": Check(status="flagged")})
    rejected = _fact("casualty", count=70, outcome="killed").model_copy(
        update={"check": Check(status="rejected", grounding="none")}
    )
    verified = _fact("aid", **AID).model_copy(update={"check": Check(status="verified")})
    briefing = Briefing(
        briefing_date="2025-08-07",
        generated_at="2025-08-07T12:00:00Z",
        extractor="test",
        sources=[],
        facts=[flagged, rejected, verified],
    )
    store = ReviewStore(tmp_path / "factsheet.db")
    assert [f.id for f in final_facts(briefing, store.decisions())] == [verified.id]

    with pytest.raises(EditError, match="Override"):
        check_verdict(rejected, "accept")
    with pytest.raises(EditError, match="override it"):
        check_edits(rejected, {"count": 7}, None)
    store.set_verdict(flagged.id, "accept", "ana")
    store.set_verdict(rejected.id, "override", "ben", reason="the wire copy has it")
    store.edit(verified.id, "amount", 60_000_000.0, "cy")
    out = {f.id: f for f in final_facts(briefing, store.decisions())}
    assert {k: (f.check.status, f.check.review, f.check.reviewed_by) for k, f in out.items()} == {
        flagged.id: ("flagged", "accepted", "ana"),
        rejected.id: ("rejected", "override", "ben"),
        verified.id: ("verified", "edited", "cy"),
    }
    assert out[verified.id].amount == 60_000_000.0


def test_an_infinite_edit_saved_by_the_first_release_stops_publish_with_one_line(tmp_path):
    """The first release stored `Infinity`; publishing it then crashed with a traceback."""
    import subprocess
    import sys
    from pathlib import Path

    from test_review_support import find, offline_run

    run_dir = offline_run(tmp_path)
    aid = find(run_dir, "aid", currency="EUR")["id"]
    old = sqlite3.connect(run_dir / "factsheet.db")
    old.executescript(FIRST_RELEASE_SCHEMA)
    old.execute(
        "INSERT INTO decisions VALUES (?, 'edit', '{\"amount\": Infinity}', NULL, 'ana', '2025-08-07T10:00')",
        (aid,),
    )
    old.commit()
    old.close()
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    done = subprocess.run([factsheet, "publish", str(run_dir)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    said = " ".join(done.stderr.split())
    assert f"a saved edit is not valid: {aid}: amount must be a finite number" in said
    assert not (run_dir / "published").exists()
