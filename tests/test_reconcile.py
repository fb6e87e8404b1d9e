"""Reconciling facts across articles: merges, near-misses that stay apart, conflicts, updates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from factsheet.models import ArticleMeta, Casualty, Check, Meeting, Tariff
from factsheet.pipeline import RunOptions, run
from factsheet.reconcile import reconcile

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OK = Check(status="verified", grounding="exact")


def _meeting(doc, names, date=None, status="held", location=None, start=0):
    return Meeting(
        doc=doc,
        quote=f"{doc} quote {start}",
        start=start,
        end=start + 5,
        participants=names,
        date=date,
        status=status,
        location=location,
        check=OK,
    )


def test_same_meeting_in_five_articles_is_one_event():
    facts = [
        _meeting(f"a{i}", ["Steve Witkoff", "Vladimir Putin"], dt.date(2025, 8, 6), location="Moscow")
        for i in range(5)
    ]
    facts.append(_meeting("a5", ["Witkoff", "Putin"]))  # undated report of the same talks
    out, events = reconcile(facts)
    assert len(events) == 1 and len(events[0].sources) == 6
    assert {f.event_id for f in out} == {events[0].id}
    assert not events[0].conflict


def test_held_and_upcoming_meetings_of_the_same_people_stay_apart():
    facts = [
        _meeting("a", ["Donald Trump", "Vladimir Putin"], dt.date(2025, 12, 28)),
        _meeting("b", ["Donald Trump", "Vladimir Putin"], status="scheduled"),
    ]
    _, events = reconcile(facts)
    assert len(events) == 2


def test_additional_and_total_tariffs_are_different_facts():
    common = {"target": "India", "imposed_by": "United States", "check": OK}
    facts = [
        Tariff(doc="a", quote="an additional 25% tariff", rate_percent=25, basis="additional", **common),
        Tariff(doc="b", quote="a 25% additional duty", rate_percent=25, basis="additional", **common),
        Tariff(doc="b", quote="total tariff to 50%", start=40, rate_percent=50, basis="total", **common),
    ]
    _, events = reconcile(facts)
    assert sorted(len(e.sources) for e in events) == [1, 2]


def test_disagreeing_counts_are_a_conflict_with_a_range():
    facts = [
        Casualty(
            doc="a", quote="killed at least 17", count=17, outcome="killed", location="Dnipro", check=OK
        ),
        Casualty(doc="b", quote="killed 20 people", count=20, outcome="killed", location="Dnipro", check=OK),
        Casualty(
            doc="b", quote="injured 40", start=30, count=40, outcome="injured", location="Dnipro", check=OK
        ),
    ]
    _, events = reconcile(facts)
    killed = next(e for e in events if e.fact.outcome == "killed")
    assert killed.conflict and (killed.low, killed.high) == (17, 20)
    assert "a: 17" in killed.note and "b: 20" in killed.note
    assert len(events) == 2


def test_rejected_facts_join_no_event():
    fact = Casualty(doc="a", quote="x", count=3, outcome="killed", check=Check(status="rejected"))
    out, events = reconcile([fact])
    assert events == [] and out[0].event_id is None


def test_later_report_that_says_the_toll_rose_is_an_update():
    metas = [
        ArticleMeta(id="a", published=dt.date(2025, 6, 24)),
        ArticleMeta(id="c", published=dt.date(2025, 6, 25)),
    ]
    facts = [
        Casualty(
            doc="a", quote="killed at least 17", count=17, outcome="killed", location="Dnipro", check=OK
        ),
        Casualty(
            doc="c",
            quote="The death toll rose to 21",
            count=21,
            outcome="killed",
            location="Dnipro",
            check=OK,
        ),
    ]
    _, [event] = reconcile(facts, metas)
    assert not event.conflict and event.fact.count == 21 and event.note.startswith("updated")


def test_real_article_files_that_disagree(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "conflict", folder)
    (folder / "wire_c.md").unlink()  # without the later update, the two reports simply disagree
    result = run([folder], RunOptions(out=tmp_path / "out"))
    killed = [e for e in result.briefing.events if e.kind == "casualty" and e.fact.outcome == "killed"]
    assert len(killed) == 1
    event = killed[0]
    assert event.conflict and (event.low, event.high) == (17, 20)
    assert {s.doc for s in event.sources} == {"wire_a", "paper_b"}
    briefing = (result.out_dir / "briefing.md").read_text(encoding="utf-8")
    assert "17–20" in briefing and "reports disagree" in briefing
    assert (result.out_dir / "events.json").is_file()


def test_real_article_files_with_an_update(tmp_path):
    result = run([FIXTURES / "conflict"], RunOptions(out=tmp_path / "out"))
    [event] = [e for e in result.briefing.events if e.kind == "casualty" and e.fact.outcome == "killed"]
    assert not event.conflict and event.fact.count == 21 and event.fact.doc == "wire_c"
