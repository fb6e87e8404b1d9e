"""Events across days: how reports on later days update, move, restate or revise an event.

The facts are written here (own sentences), so each rule is tested on exactly the report
it is about; the replay test runs the same rules over extracted facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest

from factsheet.desk import Desk, ahead, event_history, events, extractor_signature, series, since
from factsheet.kinds import FieldRoles, KindSpec, registry, reset, to_fact
from factsheet.models import Article, FactBase

SIG = "test-extractor"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def fact(kind: str, doc: str, quote: str, **fields: object) -> FactBase:
    return to_fact({"kind": kind, "doc": doc, "quote": quote, "check": {"status": "verified"}, **fields})


def add(desk: Desk, published: str, doc: str, text: str, *facts: FactBase) -> None:
    run = desk.begin_run(day(published), SIG)
    article = Article(id=doc, text=text, published=day(published))
    desk.add_articles(run, [(article, list(facts))], SIG)
    desk.finish_run(run)


@pytest.fixture
def desk(tmp_path: Path):
    with Desk.open(tmp_path / "desk") as opened:
        yield opened


def only_event(desk: Desk, kind: str):
    found = events(desk, kind=kind)
    assert len(found) == 1, [e.summary for e in found]
    return found[0]


def test_a_rising_toll_reported_later_is_an_update_with_both_sources(desk):
    q1 = "Nine people were killed in Kharkiv when a missile hit a market"
    q2 = "The toll in Kharkiv rose to 14 killed, officials said"
    add(
        desk,
        "2025-03-01",
        "a1",
        q1,
        fact("casualty", "a1", q1, count=9, outcome="killed", location="Kharkiv"),
    )
    add(
        desk,
        "2025-03-02",
        "a2",
        q2,
        fact("casualty", "a2", q2, count=14, outcome="killed", location="Kharkiv"),
    )
    event = only_event(desk, "casualty")
    assert (event.figure, event.conflict, event.sources) == (14, False, 2)
    report = since(desk, day("2025-03-01"), day("2025-03-02"))
    assert [(c.old_value, c.new_value, c.old_source, c.source) for c in report.updated_figures] == [
        ("9", "14", "a1", "a2")
    ]
    assert report.new_events == []
    history = event_history(desk, event.id)
    assert [(h.change, h.new_value, h.source, h.reported_on) for h in history] == [
        ("new", "9", "a1", day("2025-03-01")),
        ("update", "14", "a2", day("2025-03-02")),
    ]


def test_a_toll_reported_on_three_days_gives_a_series_for_its_line(desk):
    for n, (published, count) in enumerate((("2025-03-01", 9), ("2025-03-02", 14), ("2025-03-04", 17))):
        doc, quote = f"s{n}", f"The toll in Kharkiv rose to {count} killed"
        add(
            desk,
            published,
            doc,
            quote,
            fact("casualty", doc, quote, count=count, outcome="killed", location="Kharkiv"),
        )
    event = only_event(desk, "casualty")
    assert [(p.day.isoformat(), p.value, p.source) for p in series(desk, event.id)] == [
        ("2025-03-01", 9, "s0"),
        ("2025-03-02", 14, "s1"),
        ("2025-03-04", 17, "s2"),
    ]


def test_same_day_reports_that_disagree_are_a_conflict_and_an_older_report_changes_nothing(desk):
    q1 = "Nine people were killed in Kharkiv"
    q2 = "Eleven people were killed in Kharkiv"
    add(
        desk,
        "2025-03-02",
        "b1",
        q1,
        fact("casualty", "b1", q1, count=9, outcome="killed", location="Kharkiv"),
    )
    add(
        desk,
        "2025-03-02",
        "b2",
        q2,
        fact("casualty", "b2", q2, count=11, outcome="killed", location="Kharkiv"),
    )
    q3 = "Seven people were killed in Kharkiv"
    add(
        desk,
        "2025-03-01",
        "b3",
        q3,
        fact("casualty", "b3", q3, count=7, outcome="killed", location="Kharkiv"),
    )
    event = only_event(desk, "casualty")
    assert event.conflict and event.figure == 9
    assert [h.change for h in event_history(desk, event.id)] == ["earlier", "new", "conflict"]


def test_a_toll_in_the_same_place_two_months_later_is_a_new_event(desk):
    q1 = "Nine people were killed in Kharkiv"
    q2 = "Three people were killed in Kharkiv"
    add(
        desk,
        "2025-03-01",
        "c1",
        q1,
        fact("casualty", "c1", q1, count=9, outcome="killed", location="Kharkiv"),
    )
    add(
        desk,
        "2025-05-10",
        "c2",
        q2,
        fact("casualty", "c2", q2, count=3, outcome="killed", location="Kharkiv"),
    )
    assert sorted(e.figure for e in events(desk, kind="casualty")) == [3, 9]


def test_a_meeting_scheduled_then_held_is_one_event_whose_status_moved(desk):
    q1 = "Rutte will meet Stubb in Helsinki on 12 June"
    q2 = "Rutte and Stubb met in Helsinki on Thursday"
    people = ["Alexander Stubb", "Mark Rutte"]
    add(
        desk,
        "2025-06-02",
        "m1",
        q1,
        fact("meeting", "m1", q1, participants=people, date="2025-06-12", status="scheduled"),
    )
    assert [(i.event.summary, i.days_left) for i in ahead(desk, day("2025-06-05")).upcoming] == [
        ("Alexander Stubb – Mark Rutte", 7)
    ]
    add(
        desk,
        "2025-06-12",
        "m2",
        q2,
        fact("meeting", "m2", q2, participants=people, date="2025-06-12", status="held"),
    )
    event = only_event(desk, "meeting")
    assert event.status == "held"
    report = since(desk, day("2025-06-05"), day("2025-06-13"))
    assert [(c.old_value, c.new_value, c.source) for c in report.status_changes] == [
        ("scheduled", "held", "m2")
    ]
    assert [(p.event.id, p.outcome, p.report_source) for p in report.dates_passed] == [
        (event.id, "held", "m2")
    ]
    assert ahead(desk, day("2025-06-13")).no_report == []


def test_a_meeting_whose_date_passed_with_no_report_says_so(desk):
    q1 = "Rutte will meet Stubb in Helsinki on 12 June"
    people = ["Alexander Stubb", "Mark Rutte"]
    add(
        desk,
        "2025-06-02",
        "n1",
        q1,
        fact("meeting", "n1", q1, participants=people, date="2025-06-12", status="scheduled"),
    )
    later = ahead(desk, day("2025-06-14"))
    assert later.upcoming == []
    assert [(i.event.status, i.days_left) for i in later.no_report] == [("scheduled", -2)]
    assert [p.outcome for p in since(desk, day("2025-06-10"), day("2025-06-14")).dates_passed] == [
        "no report"
    ]


def test_a_tariff_announced_then_in_force_is_one_event(desk):
    q1 = "Ruritania announced a 30% tariff on Freedonian steel"
    q2 = "Ruritania's 30% tariff on Freedonian steel took effect on Monday"
    common = {"imposed_by": "Ruritania", "target": "Freedonia", "rate_percent": 30, "basis": "new"}
    add(desk, "2025-04-01", "t1", q1, fact("tariff", "t1", q1, status="announced", **common))
    add(
        desk,
        "2025-04-07",
        "t2",
        q2,
        fact("tariff", "t2", q2, status="in_force", effective="2025-04-07", **common),
    )
    event = only_event(desk, "tariff")
    assert (event.status, event.date) == ("in_force", day("2025-04-07"))
    assert [h.change for h in event_history(desk, event.id)] == ["new", "status", "dated"]
    assert events(desk, status="announced") == []


def test_a_restated_deadline_is_one_event_and_a_replaced_one_is_a_revision_with_both_kept(desk):
    q1 = "The council gave the parties until 10 July to sign"
    q2 = "The 10 July deadline set by the council still stands"
    q3 = "The council extended the deadline to 24 July"
    common = {"subject": "parties sign", "set_by": "Council"}
    add(desk, "2025-07-01", "d1", q1, fact("deadline", "d1", q1, due="2025-07-10", **common))
    add(desk, "2025-07-03", "d2", q2, fact("deadline", "d2", q2, due="2025-07-10", **common))
    (first,) = events(desk, kind="deadline")
    assert first.sources == 2
    add(desk, "2025-07-08", "d3", q3, fact("deadline", "d3", q3, due="2025-07-24", **common))
    both = {e.date: e for e in events(desk, kind="deadline")}
    assert set(both) == {day("2025-07-10"), day("2025-07-24")}
    old, new = both[day("2025-07-10")], both[day("2025-07-24")]
    assert (old.revised_by, new.revises) == (new.id, old.id)
    report = since(desk, day("2025-07-03"), day("2025-07-08"))
    assert [(c.old_value, c.new_value) for c in report.revisions] == [("2025-07-10", "2025-07-24")]
    # The replaced date is no longer ahead, and does not "pass": the new one is ahead.
    assert [i.event.id for i in ahead(desk, day("2025-07-09")).upcoming] == [new.id]
    assert since(desk, day("2025-07-09"), day("2025-07-12")).dates_passed == []
    assert [h.change for h in event_history(desk, old.id)] == ["new", "restated", "revision"]


def test_a_new_date_without_words_of_change_is_another_deadline(desk):
    q1 = "The council gave the parties until 10 July to sign"
    q2 = "The council wants the budget by 30 July"
    add(
        desk,
        "2025-07-01",
        "e1",
        q1,
        fact("deadline", "e1", q1, due="2025-07-10", subject="sign", set_by="Council"),
    )
    add(
        desk,
        "2025-07-02",
        "e2",
        q2,
        fact("deadline", "e2", q2, due="2025-07-30", subject="budget", set_by="Council"),
    )
    assert all(e.revised_by is None and e.revises is None for e in events(desk, kind="deadline"))


def test_rejected_facts_join_no_event_and_a_later_rejection_is_listed(desk):
    from factsheet.desk import Decision

    q1 = "Nine people were killed in Kharkiv"
    bad = fact("casualty", "r1", q1, count=90, outcome="killed", location="Kharkiv")
    bad.check.status = "rejected"
    good = fact("casualty", "r1", q1, count=9, outcome="killed", location="Kharkiv")
    add(desk, "2025-03-01", "r1", q1, bad, good)
    event = only_event(desk, "casualty")
    assert event.figure == 9
    desk.record_decisions(day("2025-03-02"), [Decision(good.id, "rejected", "ana", "wrong town")])
    report = since(desk, day("2025-03-01"), day("2025-03-02"))
    assert [(w.fact_id, w.event_id, w.reason) for w in report.withdrawn] == [
        (good.id, event.id, "wrong town")
    ]
    assert [h.change for h in event_history(desk, event.id)] == ["new", "withdrawn", "update"]
    assert only_event(desk, "casualty").figure is None  # no standing report gives a figure


def test_withdrawing_the_report_that_raised_a_toll_puts_the_standing_figure_back(desk):
    from factsheet.desk import Decision

    q1, q2 = "Nine people were killed in Kharkiv", "The toll in Kharkiv rose to 19 killed"
    add(
        desk,
        "2025-03-01",
        "w1",
        q1,
        fact("casualty", "w1", q1, count=9, outcome="killed", location="Kharkiv"),
    )
    raised = fact("casualty", "w2", q2, count=19, outcome="killed", location="Kharkiv")
    add(desk, "2025-03-02", "w2", q2, raised)
    desk.record_decisions(
        day("2025-03-03"), [Decision(raised.id, "rejected", "ana", "19 is the injured count")]
    )
    event = only_event(desk, "casualty")
    assert event.figure == 9
    report = since(desk, day("2025-03-02"), day("2025-03-03"))
    assert [(c.old_value, c.new_value, c.source) for c in report.updated_figures] == [("19", "9", "w1")]
    assert [h.change for h in event_history(desk, event.id)] == ["new", "update", "withdrawn", "update"]


# A kind no part of factsheet knows, with a status and a date: the desk handles it by its spec alone.
class Strike(FactBase):
    kind: Literal["strike"] = "strike"
    union: str
    starts: dt.date | None = None
    status: Literal["called", "under_way", "ended"] = "called"


def _strike_key(fact: Strike) -> tuple:
    return ("strike", fact.union.casefold(), fact.status, fact.starts.isoformat() if fact.starts else None)


STRIKE = KindSpec(
    name="strike",
    model=Strike,
    title="Strikes",
    sheet="Strikes",
    describe=lambda f: f"{f.union} strike",
    describe_key=lambda f: f.union,
    event_key=_strike_key,
    same_mention=lambda a, b: _strike_key(a) == _strike_key(b),
    keys_agree=lambda g, p: g.union == p.union,
    eval_key_fields=frozenset({"union"}),
    prompt="- strike: a labour strike. union, starts, status.",
    roles=FieldRoles(parties=("union",), dates=("starts",)),
)


def register_kinds(register: Callable[[KindSpec], None]) -> None:
    register(STRIKE)


@pytest.fixture
def strike_kind(monkeypatch):
    builtin = registry._builtin_modules
    monkeypatch.setattr(registry, "_builtin_modules", lambda: [*builtin(), __name__])
    reset()
    yield
    monkeypatch.undo()
    reset()


def test_a_kind_from_elsewhere_moves_status_and_is_revised_by_its_spec_alone(strike_kind, desk):
    q1 = "The dockers' union called a strike from 3 May"
    q2 = "The dockers' strike began on 3 May"
    q3 = "The union postponed the strike to 10 May"
    add(desk, "2025-04-20", "s1", q1, fact("strike", "s1", q1, union="Dockers", starts="2025-05-03"))
    add(
        desk,
        "2025-05-03",
        "s2",
        q2,
        fact("strike", "s2", q2, union="Dockers", starts="2025-05-03", status="under_way"),
    )
    (event,) = events(desk, kind="strike")
    assert (event.status, event.sources) == ("under_way", 2)
    add(desk, "2025-05-04", "s3", q3, fact("strike", "s3", q3, union="Dockers", starts="2025-05-10"))
    revised = {e.date: e for e in events(desk, kind="strike")}
    assert revised[day("2025-05-10")].revises == event.id


def test_the_signature_changes_with_the_extractor_and_model():
    assert extractor_signature("offline") == extractor_signature("offline")
    assert extractor_signature("offline") != extractor_signature("llm", {"model": "m1"})
    assert extractor_signature("llm", {"model": "m1"}) != extractor_signature("llm", {"model": "m2"})


def test_two_days_of_own_articles_through_the_offline_extractor(tmp_path):
    """Real files, the real ingest and extractor: a toll that rises, a meeting announced then held."""
    from articles import article_folder

    from factsheet.ingest import load_articles
    from factsheet.pipeline import extract_and_validate

    days = {
        "2025-03-03": "KHERSON, March 3 — A Russian missile strike on a market in Kherson killed 12 "
        "people on Monday, regional governor Oleksandr Prokudin said.",
        "2025-03-04": "KHERSON, March 4 — The death toll from Monday's missile strike on a market in Kherson "
        "has risen to 15, regional governor Oleksandr Prokudin said on Tuesday.",
        "2025-03-05": "KYIV, March 5 — Ukraine's foreign minister will meet his Polish counterpart in Warsaw "
        "on March 12, the ministry said.",
        "2025-03-12": "WARSAW, March 12 — Ukraine's foreign minister met his Polish counterpart in Warsaw on "
        "Wednesday to discuss air defence, the Polish ministry said.",
    }
    signature = extractor_signature("offline")
    with Desk.open(tmp_path / "desk") as desk:
        for n, (published, text) in enumerate(days.items()):
            folder = article_folder(tmp_path / f"day{n}", published, {f"art{n}": text})
            articles = load_articles([folder]).articles
            facts, _, _ = extract_and_validate(articles, "offline")
            run = desk.begin_run(day(published), signature)
            desk.add_articles(run, [(articles[0], facts)], signature)
            desk.finish_run(run)
        toll = only_event(desk, "casualty")
        assert (toll.figure, toll.sources) == (15, 2)
        rise = since(desk, day("2025-03-03"), day("2025-03-04")).updated_figures
        assert [(c.old_value, c.new_value, c.old_source, c.source) for c in rise] == [
            ("12", "15", "art0", "art1")
        ]
        meeting = only_event(desk, "meeting")
        assert [i.days_left for i in ahead(desk, day("2025-03-10")).upcoming if i.event.id == meeting.id] == [
            2
        ]
        held = since(desk, day("2025-03-05"), day("2025-03-12")).status_changes
        assert [(c.event_id, c.old_value, c.new_value) for c in held] == [(meeting.id, "scheduled", "held")]
        timeline = desk.store.db.execute(
            "SELECT source, change FROM event_timeline WHERE event_id = ? ORDER BY reported_on", (toll.id,)
        ).fetchall()
        assert [tuple(row) for row in timeline] == [("art0", "new"), ("art1", "update")]


def test_a_desk_keyed_by_an_earlier_release_is_rekeyed_and_its_events_found_again(desk):
    q1 = "Talks between Brandt and Osei will be held in Accra on 14 August"
    q2 = "Brandt and Osei met in Accra on 14 August, both offices said"
    add(
        desk,
        "2025-08-10",
        "r1",
        q1,
        fact(
            "meeting",
            "r1",
            q1,
            participants=["Lena Brandt", "Amara Osei"],
            location="Accra",
            date="2025-08-14",
            mode="in_person",
            status="scheduled",
        ),
    )
    [before] = events(desk, kind="meeting")
    with desk.store.transaction():  # keys as an older definition wrote them
        desk.store.db.execute("UPDATE events SET state_key = 'old', base_key = 'old', event_key = 'old'")
    from factsheet.desk.history import rekey_events

    with desk.store.transaction():
        assert rekey_events(desk.store.db) == 1
        assert rekey_events(desk.store.db) == 0  # once is enough
    add(
        desk,
        "2025-08-15",
        "r2",
        q2,
        fact(
            "meeting",
            "r2",
            q2,
            participants=["Lena Brandt", "Amara Osei"],
            location="Accra",
            date="2025-08-14",
            mode="in_person",
            status="held",
        ),
    )
    after = only_event(desk, "meeting")
    assert after.id == before.id and after.status == "held"
