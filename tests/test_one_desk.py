"""One desk: run, review and publish share one store, one set of events, and a decision lasts.

Every test drives the installed `factsheet` command over article folders written here, on
a real desk file, as an analyst's daily loop does it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from articles import article_folder

FACTSHEET = str(Path(sys.executable).with_name("factsheet"))

AID = (
    "Norway pledges aid to Sudan\n\nNorway pledged $250 million in humanitarian aid to Sudan on Monday, "
    "the foreign ministry said.\n"
)
DAY1 = {
    "a1": AID,
    "a2": "Quake strikes eastern Turkey\n\nAt least 400 people were injured when a powerful earthquake "
    "struck eastern Turkey on Sunday, officials said.\n",
    "a3": "US tariff on Canadian steel\n\nThe United States will impose a 25% tariff on steel imports from "
    "Canada starting October 1, the White House said.\n",
    "a4": "Macron and Merz meet\n\nFrench President Emmanuel Macron met German Chancellor Friedrich Merz in "
    "Berlin on Monday to discuss trade.\n",
}
DAY2 = {
    "b1": "Turkey quake toll\n\nAt least 120 people were killed in the earthquake in eastern Turkey, "
    "officials said on Tuesday.\n",
    "b2": "Japan loan to the Philippines\n\nJapan approved a loan of $500 million to the Philippines for "
    "flood defences on Tuesday.\n",
    "b3": "Storm in Bangladesh\n\nSix people were killed when a cyclone hit the coast of Bangladesh on "
    "Monday night, police said.\n",
    "b4": "EU tariff\n\nThe European Union will impose a 10% tariff on electric vehicles from China from "
    "November 1, officials said.\n",
}


def run_day(tmp_path: Path, name: str, published: str, texts: dict[str, str], desk: Path, *flags: str):
    return ok("run", str(article_folder(tmp_path / name, published, texts)), "--out", str(desk), *flags)


def factsheet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSHEET, *args], capture_output=True, text=True, timeout=300)


def ok(*args: str) -> subprocess.CompletedProcess:
    done = factsheet(*args)
    assert done.returncode == 0, done.stderr
    return done


def facts_of(day: Path) -> list[dict]:
    return json.loads((day / "facts.json").read_text())["facts"]


def one(facts: list[dict], kind: str, **values: object) -> dict:
    (found,) = [f for f in facts if f["kind"] == kind and all(f.get(k) == v for k, v in values.items())]
    return found


def desk_events(desk: Path) -> list[dict]:
    return json.loads(ok("events", str(desk), "--json").stdout)


def test_a_decision_lasts_and_the_since_lists_agree(tmp_path):
    desk = tmp_path / "desk"
    ok("run", str(article_folder(tmp_path / "day1", "2025-09-01", DAY1)), "--out", str(desk), "-q")
    day1 = desk / "2025-09-01"
    aid = one(facts_of(day1), "aid", donor="Norway")
    injured = one(facts_of(day1), "casualty", outcome="injured")
    assert injured["count"] == 400
    ok("review", str(day1), "--reject", aid["id"], "--reason", "not what the ministry said")
    ok("review", str(day1), "--edit", f"{injured['id']}:count=410")
    ok("publish", str(day1))

    day2_texts = {**DAY2, "a1": AID}  # yesterday's aid article sent again, unchanged
    folder2 = article_folder(tmp_path / "day2", "2025-09-02", day2_texts)
    docs = [json.loads(line) for line in (folder2 / "docs.jsonl").read_text().splitlines()]
    for doc in docs:
        if doc["id"] == "a1":
            doc["published"] = "2025-09-01"
    (folder2 / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    ok("run", str(folder2), "--out", str(desk), "-q")
    day2 = desk / "2025-09-02"
    published = ok("publish", str(day2)).stdout.replace("\n", " ")

    # one store: no second database anywhere in the desk
    assert sorted(p.name for p in desk.rglob("*.db")) == ["factsheet.db"]
    # the rejected fact is published on no day, and the desk shows it rejected
    for day in (day1, day2):
        shown = json.loads((day / "published" / "facts.json").read_text())["facts"]
        assert aid["id"] not in {f["id"] for f in shown}
        assert "Sudan" not in (day / "published" / "briefing.md").read_text()
    assert "Sudan" not in (day2 / "briefing.md").read_text()  # nor in the next day's draft
    events = desk_events(desk)
    (rejected,) = [e for e in events if any(d["fact_id"] == aid["id"] for d in e["decisions"])]
    assert rejected["rejected"] is True
    assert rejected["decisions"][0]["verdict"] == "reject"
    # the edit stands on the desk
    (quake,) = [e for e in events if e["kind"] == "casualty" and "injured" in e["summary"]]
    assert quake["figure"] == 410
    history = json.loads(ok("event", str(desk), quake["id"], "--json").stdout)["history"]
    assert any(
        h["change"] == "edited" and h["old_value"] == "400" and h["new_value"] == "410" for h in history
    )
    # since: what publish prints is what the manifest records and the briefing lists
    manifest = json.loads((day2 / "published" / "manifest.json").read_text())
    new = manifest["since_last"]["new"]
    assert new and f"{len(new)} new" in published
    briefing = (day2 / "published" / "briefing.md").read_text()
    assert briefing.count("- New: ") == len(new)
    # the colophon: what the editors' decisions say the checks are worth
    assert "Facts reviewed in the last 30 days: 2; accepted unchanged: 0 %" in briefing
    assert json.loads((day2 / "run.json").read_text())["since_last"]["new"] == new  # the draft agreed
    # one id: every event of the day's files is a desk event
    desk_ids = {e["id"] for e in events}
    day_events = json.loads((day2 / "events.json").read_text())["events"]
    assert day_events and {e["id"] for e in day_events} <= desk_ids
    assert {f["event_id"] for f in facts_of(day2) if f["event_id"]} <= desk_ids
    assert set(new) <= desk_ids


def test_an_unchanged_rerun_extracts_nothing_and_keeps_decisions(tmp_path):
    desk = tmp_path / "desk"
    folder = article_folder(tmp_path / "day1", "2025-09-01", DAY1)
    ok("run", str(folder), "--out", str(desk), "-q")
    aid = one(facts_of(desk / "2025-09-01"), "aid", donor="Norway")
    ok("review", str(desk), "--reject", aid["id"])  # the desk given: its newest day
    again = ok("run", str(folder), "--out", str(desk))
    assert "4 already on the desk" in again.stdout.replace("\n", " ")
    assert "Sudan" not in (desk / "2025-09-01" / "briefing.md").read_text()


def test_a_day_store_of_the_previous_release_is_carried_into_the_desk(tmp_path):
    from factsheet.review.store import ReviewStore

    desk = tmp_path / "desk"
    ok("run", str(article_folder(tmp_path / "day1", "2025-09-01", DAY1)), "--out", str(desk), "-q")
    day1 = desk / "2025-09-01"
    aid = one(facts_of(day1), "aid", donor="Norway")
    injured = one(facts_of(day1), "casualty", outcome="injured")
    # The per-day store the previous release made, with its own schema and migrations.
    old = ReviewStore(day1 / "factsheet.db")
    assert not old.on_desk
    old.set_verdict(aid["id"], "reject", "ana", reason="wrong donor")
    old.edit(injured["id"], "count", 410, "ben")
    with sqlite3.connect(day1 / "factsheet.db") as db:
        db.execute(
            "INSERT INTO publications (published_at, briefing_date, facts, published_by) VALUES (?,?,?,?)",
            ("2025-09-01T18:00:00+00:00", "2025-09-01", json.dumps({injured["id"]: {}}), "ben"),
        )
    listing = ok("review", str(day1), "--list").stdout
    assert f"{aid['id']}" in listing and "reject" in listing
    assert not (day1 / "factsheet.db").exists() and (day1 / "factsheet.db.migrated").is_file()
    events = desk_events(desk)
    (quake,) = [e for e in events if e["kind"] == "casualty"]
    assert quake["figure"] == 410
    with sqlite3.connect(desk / "factsheet.db") as db:
        (by,) = db.execute("SELECT published_by FROM publications").fetchone()
        assert by == "ben"
        reviewers = {r[0] for r in db.execute("SELECT reviewer FROM log")}
        assert reviewers == {"ana", "ben"}


def test_a_day_store_that_cannot_be_read_is_named_and_the_desk_left_untouched(tmp_path):
    desk = tmp_path / "desk"
    folder = article_folder(tmp_path / "day1", "2025-09-01", DAY1)
    ok("run", str(folder), "--out", str(desk), "-q")
    bad = desk / "2025-09-01" / "factsheet.db"
    with sqlite3.connect(bad) as db:  # an old store whose log table is not what it should be
        db.execute("CREATE TABLE verdicts (x)")
        db.execute("CREATE TABLE log (y)")
        db.execute("PRAGMA user_version = 2")
    before = (desk / "factsheet.db").read_bytes()
    done = factsheet("run", str(folder), "--out", str(desk), "-q")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and str(bad) in done.stderr
    assert (desk / "factsheet.db").read_bytes() == before and bad.is_file()


def test_out_inside_a_desk_is_refused_in_one_line(tmp_path):
    desk = tmp_path / "desk"
    folder = article_folder(tmp_path / "day1", "2025-09-01", DAY1)
    ok("run", str(folder), "--out", str(desk), "-q")
    done = factsheet("run", str(folder), "--out", str(desk / "2025-09-01"), "-q")
    assert done.returncode == 2
    assert "day folder of a desk" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (desk / "2025-09-01" / "factsheet.db").exists()


def test_review_of_a_fact_the_desk_does_not_know_is_one_line(tmp_path):
    desk = tmp_path / "desk"
    ok("run", str(article_folder(tmp_path / "day1", "2025-09-01", DAY1)), "--out", str(desk), "-q")
    done = factsheet("review", str(desk / "2025-09-01"), "--reject", "aid-0000000000")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["error: aid-0000000000: no fact with this id in the run"]


def test_a_changed_text_revises_its_event(tmp_path):
    desk = tmp_path / "desk"
    first = "Loan to Ukraine\n\nThe European Union approved a €90 billion loan to Ukraine on Monday.\n"
    second = first.replace("€90 billion", "€95 billion")
    ok("run", str(article_folder(tmp_path / "d1", "2025-09-01", {"eu": first})), "--out", str(desk), "-q")
    ok("run", str(article_folder(tmp_path / "d2", "2025-09-01", {"eu": second})), "--out", str(desk), "-q")
    aid = [e for e in desk_events(desk) if e["kind"] == "aid"]
    assert len(aid) == 1 and aid[0]["figure"] == 95e9 and aid[0]["sources"] == 1
    history = json.loads(ok("event", str(desk), aid[0]["id"], "--json").stdout)["history"]
    update = [h for h in history if h["change"] == "update"]
    assert update and update[0]["old_value"] == "9e+10" and "article edited" in update[0]["note"]


def test_a_late_article_is_new_on_the_day_the_desk_receives_it(tmp_path):
    desk = tmp_path / "desk"
    ok(
        "run",
        str(article_folder(tmp_path / "d1", "2025-09-01", {"a3": DAY1["a3"]})),
        "--out",
        str(desk),
        "-q",
    )
    ok("publish", str(desk / "2025-09-01"))
    late = article_folder(tmp_path / "d2", "2025-08-30", {"b3": DAY2["b3"], "b4": DAY2["b4"]})
    ok("run", str(late), "--out", str(desk), "--date", "2025-09-04", "-q")
    published = ok("publish", str(desk / "2025-09-04")).stdout.replace("\n", " ")
    assert "2 new" in published
    manifest = json.loads((desk / "2025-09-04" / "published" / "manifest.json").read_text())
    assert len(manifest["since_last"]["new"]) == 2


def test_a_day_run_after_a_later_one_is_told_those_may_be_stale(tmp_path):
    desk = tmp_path / "desk"
    ok(
        "run",
        str(article_folder(tmp_path / "d2", "2025-09-07", {"b4": DAY2["b4"]})),
        "--out",
        str(desk),
        "-q",
    )
    done = ok(
        "run", str(article_folder(tmp_path / "d1", "2025-09-05", {"a3": DAY1["a3"]})), "--out", str(desk)
    )
    assert "2025-09-07" in done.stderr and "stale" in done.stderr
    briefing = (desk / "2025-09-05" / "briefing.md").read_text()
    assert "25%" in briefing and "Canada" in briefing


def test_two_runs_at_once_store_and_extract_each_text_once(tmp_path):
    desk = tmp_path / "desk"
    folder = article_folder(tmp_path / "day1", "2025-09-01", DAY1)
    runs = [
        subprocess.Popen(
            [FACTSHEET, "run", str(folder), "--out", str(desk), "-q"], stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for proc in runs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    with sqlite3.connect(desk / "factsheet.db") as db:
        versions = db.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
    assert versions == (4, 4)


DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "dev"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _storyline_days(tmp_path: Path) -> list[Path]:
    """seeds/ and the dev set's h01–h14, one folder per publication date, in date order."""
    import shutil
    from collections import defaultdict

    metas = [json.loads(line) for line in (SEEDS / "docs.jsonl").read_text().splitlines() if line.strip()]
    texts = {m["id"]: SEEDS / f"{m['id']}.txt" for m in metas}
    for line in (DEV / "docs.jsonl").read_text().splitlines():
        meta = json.loads(line) if line.strip() else None
        if meta and meta["id"].startswith("h"):
            metas.append(meta)
            texts[meta["id"]] = DEV / "docs" / f"{meta['id']}.txt"
    by_day: dict[str, list[dict]] = defaultdict(list)
    for meta in metas:
        by_day[meta["published"]].append(meta)
    folders = []
    for day in sorted(by_day):
        folder = tmp_path / "in" / day
        folder.mkdir(parents=True)
        for meta in by_day[day]:
            shutil.copy(texts[meta["id"]], folder / f"{meta['id']}.txt")
        (folder / "docs.jsonl").write_text("\n".join(json.dumps(m) for m in by_day[day]) + "\n")
        folders.append(folder)
    return folders


def test_a_week_of_the_storyline_keeps_its_decisions_and_its_since_lists_agree(tmp_path):
    import pytest

    if not (DEV / "docs.jsonl").is_file():
        pytest.skip("the dev set is not beside the project")
    desk = tmp_path / "desk"
    rejected: set[str] = set()
    edited: dict[str, int] = {}
    decided_days = 0
    for folder in _storyline_days(tmp_path):
        ok("run", str(folder), "--out", str(desk), "-q")
        day = desk / folder.name
        facts = [f for f in facts_of(day) if f["check"]["status"] in ("verified", "corrected")]
        casualties = [f for f in facts if f["kind"] == "casualty" and f["id"] not in edited]
        others = [f for f in facts if f["kind"] != "casualty" and f["id"] not in rejected]
        decided = False
        if casualties and others and decided_days < 3:  # decisions on three days
            ok("review", str(day), "--reject", others[0]["id"], "--reason", "not in the source")
            ok("review", str(day), "--edit", f"{casualties[0]['id']}:count={casualties[0]['count'] + 1}")
            rejected.add(others[0]["id"])
            edited[casualties[0]["id"]] = casualties[0]["count"] + 1
            decided_days += 1
            decided = True
        printed = ok("publish", str(day), "--accept-flagged").stdout.replace("\n", " ")
        manifest = json.loads((day / "published" / "manifest.json").read_text())
        since = manifest["since_last"]
        briefing = (day / "published" / "briefing.md").read_text()
        counts = (
            f"{len(since['new'])} new, {len(since['changed'])} changed, {len(since['withdrawn'])} withdrawn"
        )
        assert counts in printed
        assert briefing.count("- New: ") == len(since["new"])
        assert briefing.count("- Withdrawn after review: ") == len(since["withdrawn"])
        if not decided:  # nothing decided between the run and the publication: the draft said the same
            assert json.loads((day / "run.json").read_text())["since_last"] == since
        published = {f["id"]: f for f in json.loads((day / "published" / "facts.json").read_text())["facts"]}
        assert not rejected & set(published)  # a rejected fact is published on no later day either
        for fact_id, count in edited.items():
            if fact_id in published:
                assert published[fact_id]["count"] == count
    assert decided_days == 3
    figures = {e["id"]: e["figure"] for e in desk_events(desk)}
    with sqlite3.connect(desk / "factsheet.db") as db:
        for fact_id, count in edited.items():
            (event_id,) = db.execute(
                "SELECT event_id FROM facts WHERE fact_id = ? AND superseded_by_run IS NULL", (fact_id,)
            ).fetchone()
            history = json.loads(ok("event", str(desk), event_id, "--json").stdout)["history"]
            assert any(h["change"] == "edited" and h["new_value"] == str(count) for h in history)
            assert event_id in figures
    assert sorted(p.name for p in desk.rglob("*.db")) == ["factsheet.db"]


def test_a_second_run_waits_for_the_first_and_says_so(tmp_path):
    import fcntl
    import os

    desk = tmp_path / "desk"
    desk.mkdir()
    folder = article_folder(tmp_path / "day1", "2025-09-01", DAY1)
    held = os.open(desk / ".factsheet.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)  # another run holds the desk
    waiting = subprocess.Popen(
        [FACTSHEET, "run", str(folder), "--out", str(desk), "-q"], stderr=subprocess.PIPE, text=True
    )
    assert waiting.stderr is not None
    said = waiting.stderr.readline()  # blocks until the run says why it waits
    assert "desk busy" in said and "waiting" in said
    assert waiting.poll() is None and not (desk / "2025-09-01").exists()
    os.close(held)  # the other run is done
    assert waiting.wait(timeout=300) == 0
    assert (desk / "2025-09-01" / "briefing.pdf").is_file()
