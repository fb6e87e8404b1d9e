"""Three days on one desk with perfect facts: one real event is one event, breakdowns are parts.

The articles are written for this test. Each day's facts are checked against their text by
the validator (`factsheet.validate`), breakdowns are marked (`factsheet.breakdown`), and the
day is stored on one desk; the day's events are then read back as the briefing reads them
(`factsheet.reconcile.events_by_id`) and, for the same facts, grouped by the library's
`reconcile`, which must agree.

Day 1  two reports of one flood toll (120 and 150): one event, shown as a range.
       Two 25 % tariffs on one country, on different goods: two events.
       A summit announced for Thursday.
Day 2  the flood toll "has risen to 210": an update of that event, not a new one.
       A quake toll of 622 "250 of them in Kunar": the 250 is a part, not a second total,
       so the day's distinct killed totals add up to 832.
       The summit reported again on its day, still ahead.
Day 3  the summit reported held: one held event reported on three days.
       A stale report of it as still ahead moves nothing: a status conflict to review.
       Two meetings of the same two leaders, last February and next Monday: two events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import factsheet
from factsheet.breakdown import mark_parts
from factsheet.desk import Desk, event_history, events, since
from factsheet.kinds import to_fact
from factsheet.models import Article, Event, FactBase
from factsheet.reconcile import events_by_id, reconcile

SIG = "scenario"
DAY1, DAY2, DAY3 = dt.date(2026, 3, 4), dt.date(2026, 3, 5), dt.date(2026, 3, 6)
SUMMIT_DAY = DAY2  # Thursday
NEXT_MONDAY = dt.date(2026, 3, 9)

TEXTS = {
    "wire-a": (
        DAY1,
        "Flash floods swept through Kherson overnight. Regional officials said 120 people were killed "
        "as the river broke its banks. The US will impose a 25% tariff on goods from Mexico that fall "
        "outside the trade pact, citing fentanyl flows across the border.",
    ),
    "wire-b": (
        DAY1,
        "Rescuers in Kherson said at least 150 people were killed in the floods. Separately, a 25% duty "
        "on cars and car parts made in Mexico will apply from next month. President Halvorsen and "
        "President Okafor will meet in Anchorage on Thursday, the White House said.",
    ),
    "wire-c": (
        DAY2,
        "The death toll from the Kherson floods has risen to 210, the emergency service said on Thursday.",
    ),
    "wire-d": (
        DAY2,
        "An earthquake in eastern Afghanistan killed at least 622 people, 250 of them in Kunar, the "
        "Taliban government said. Aides said the summit between Halvorsen and Okafor in Alaska "
        "later on Thursday was still on.",
    ),
    "wire-e": (
        DAY3,
        "Halvorsen and Okafor met in Anchorage on Thursday for three hours. Halvorsen first hosted Okafor "
        "at the White House last February. Halvorsen said he would host Okafor again next Monday.",
    ),
    "wire-f": (
        DAY3,
        "Halvorsen and Okafor will meet in Anchorage on March 5, according to an old schedule reposted by "
        "a ministry website.",
    ),
}


def _fact(kind: str, doc: str, quote: str, **fields: object) -> FactBase:
    assert quote in TEXTS[doc][1], quote
    return to_fact({"kind": kind, "doc": doc, "quote": quote, **fields})


PEOPLE = ["Erik Halvorsen", "Ngozi Okafor"]
FACTS = {
    DAY1: [
        _fact(
            "casualty", "wire-a", "120 people were killed", count=120, outcome="killed", location="Kherson"
        ),
        _fact(
            "tariff",
            "wire-a",
            "a 25% tariff on goods from Mexico that fall outside the trade pact, citing fentanyl flows",
            imposed_by="United States",
            target="Mexico",
            rate_percent=25,
            basis="additional",
            goods="goods outside the trade pact",
            reason="fentanyl flows",
            status="announced",
        ),
        _fact(
            "casualty",
            "wire-b",
            "at least 150 people were killed",
            count=150,
            count_qualifier="at_least",
            outcome="killed",
            location="Kherson",
        ),
        _fact(
            "tariff",
            "wire-b",
            "a 25% duty on cars and car parts made in Mexico",
            target="Mexico",
            rate_percent=25,
            basis="additional",
            goods="cars and car parts",
            status="announced",
        ),
        _fact(
            "meeting",
            "wire-b",
            "President Halvorsen and President Okafor will meet in Anchorage on Thursday",
            participants=PEOPLE,
            location="Anchorage",
            date=SUMMIT_DAY,
            mode="in_person",
            status="scheduled",
        ),
    ],
    DAY2: [
        _fact(
            "casualty",
            "wire-c",
            "The death toll from the Kherson floods has risen to 210",
            count=210,
            outcome="killed",
            location="Kherson",
        ),
        _fact(
            "casualty",
            "wire-d",
            "killed at least 622 people",
            count=622,
            count_qualifier="at_least",
            outcome="killed",
            location="eastern Afghanistan",
        ),
        _fact("casualty", "wire-d", "250 of them in Kunar", count=250, outcome="killed", location="Kunar"),
        _fact(
            "meeting",
            "wire-d",
            "the summit between Halvorsen and Okafor in Alaska later on Thursday",
            participants=PEOPLE,
            location="Alaska",
            date=SUMMIT_DAY,
            mode="in_person",
            status="scheduled",
        ),
    ],
    DAY3: [
        _fact(
            "meeting",
            "wire-e",
            "Halvorsen and Okafor met in Anchorage on Thursday",
            participants=PEOPLE,
            location="Anchorage, Alaska",
            date=SUMMIT_DAY,
            mode="in_person",
            status="held",
        ),
        _fact(
            "meeting",
            "wire-e",
            "Halvorsen first hosted Okafor at the White House last February",
            participants=PEOPLE,
            location="White House",
            mode="in_person",
            status="held",
        ),
        _fact(
            "meeting",
            "wire-e",
            "he would host Okafor again next Monday",
            participants=PEOPLE,
            date=NEXT_MONDAY,
            mode="in_person",
            status="scheduled",
        ),
        _fact(
            "meeting",
            "wire-f",
            "Halvorsen and Okafor will meet in Anchorage on March 5",
            participants=PEOPLE,
            location="Anchorage",
            date=SUMMIT_DAY,
            mode="in_person",
            status="scheduled",
        ),
    ],
}


def _articles(day: dt.date) -> list[Article]:
    return [Article(id=doc, text=text, published=on) for doc, (on, text) in TEXTS.items() if on == day]


def _checked(day: dt.date) -> list[FactBase]:
    """The day's facts as the pipeline stores them: validated against the text, breakdowns marked."""
    articles = _articles(day)
    checked = factsheet.validate(FACTS[day], articles)
    assert all(f.publishable for f in checked), [(f.quote, f.check.reasons) for f in checked]
    text = {a.id: a.text for a in articles}
    out: list[FactBase] = []
    for article in articles:
        out += mark_parts([f for f in checked if f.doc == article.id], text[article.id])
    return out


@pytest.fixture(scope="module")
def desk_days(tmp_path_factory: pytest.TempPathFactory) -> dict[dt.date, tuple[Path, list[Event]]]:
    """Store the three days on one desk; each day's events as the briefing would read them."""
    folder = tmp_path_factory.mktemp("desk")
    out: dict[dt.date, tuple[Path, list[Event]]] = {}
    shown: list[FactBase] = []
    for day in (DAY1, DAY2, DAY3):
        facts = _checked(day)
        articles = _articles(day)
        with Desk.open(folder) as desk:
            run = desk.begin_run(day, SIG)
            desk.add_articles(run, [(a, [f for f in facts if f.doc == a.id]) for a in articles], SIG)
            desk.finish_run(run)
            event_of = desk.event_ids(list(TEXTS))
        shown = [f.model_copy(update={"event_id": event_of.get(f.id)}) for f in [*shown, *facts]]
        sources = [a.meta() for d in (DAY1, DAY2, DAY3) if d <= day for a in _articles(d)]
        out[day] = (folder, events_by_id(shown, sources))
    return out


def _of(found: list[Event], kind: str, **fields: object) -> list[Event]:
    return [e for e in found if e.kind == kind and all(getattr(e.fact, k) == v for k, v in fields.items())]


def _killed_total(found: list[Event]) -> tuple[int, int]:
    """Sum over distinct events of each event's best figure, parts left out (low, high)."""
    totals = [e for e in _of(found, "casualty", outcome="killed") if not getattr(e.fact, "part_of", None)]
    low = sum(int(e.low if e.conflict and e.low is not None else e.fact.count) for e in totals)
    high = sum(int(e.high if e.conflict and e.high is not None else e.fact.count) for e in totals)
    return low, high


def test_day1_two_reports_of_one_toll_are_one_event_shown_as_a_range(desk_days):
    _, found = desk_days[DAY1]
    [flood] = _of(found, "casualty", outcome="killed")
    assert len(flood.sources) == 2
    assert flood.conflict and (flood.low, flood.high) == (120, 150)
    assert _killed_total(found) == (120, 150)  # a range, never 270


def test_day1_two_tariffs_on_different_goods_stay_two(desk_days):
    _, found = desk_days[DAY1]
    tariffs = _of(found, "tariff", target="Mexico", rate_percent=25)
    assert len(tariffs) == 2
    assert sorted(e.fact.goods for e in tariffs) == ["cars and car parts", "goods outside the trade pact"]


def test_day2_a_risen_toll_updates_its_event_and_a_breakdown_is_a_part(desk_days):
    folder, found = desk_days[DAY2]
    killed = _of(found, "casualty", outcome="killed")
    flood = next(e for e in killed if e.fact.location == "Kherson")
    assert {s.value for s in flood.sources} == {120, 150, 210}
    assert flood.fact.count == 210 and not flood.conflict and "updated" in (flood.note or "")
    kunar = next(e for e in killed if e.fact.location == "Kunar")
    quake = next(e for e in killed if e.fact.location == "eastern Afghanistan")
    assert kunar.fact.part_of == quake.fact.id and kunar.id != quake.id
    assert _killed_total(found) == (832, 832)  # 210 + 622; the 250 is inside the 622
    with Desk.open(folder) as desk:
        [row] = [e for e in events(desk, kind="casualty") if e.figure == 210]
        changes = [h.change for h in event_history(desk, row.id)]
    assert changes.count("update") == 1 and "new" in changes


def test_day3_one_summit_reported_on_three_days_is_one_held_event(desk_days):
    folder, found = desk_days[DAY3]
    [summit] = _of(found, "meeting", date=SUMMIT_DAY)
    assert {s.doc for s in summit.sources} == {"wire-b", "wire-d", "wire-e", "wire-f"}
    assert summit.fact.status == "held" and not summit.note
    with Desk.open(folder) as desk:
        [row] = [e for e in events(desk, kind="meeting") if e.date == SUMMIT_DAY]
        assert row.status == "held" and row.conflict  # the stale "will meet" is kept for review
        history = event_history(desk, row.id)
        report = since(desk, DAY2, DAY3)
    backwards = [h for h in history if h.field == "status" and h.change == "conflict"]
    assert [(h.old_value, h.new_value) for h in backwards] == [("held", "scheduled")]
    assert [(c.old_value, c.new_value) for c in report.status_changes] == [("scheduled", "held")]


def test_day3_two_meetings_of_the_same_leaders_months_apart_stay_two(desk_days):
    _, found = desk_days[DAY3]
    meetings = _of(found, "meeting")
    assert len(meetings) == 3
    february = next(e for e in meetings if e.fact.location == "White House")
    monday = next(e for e in meetings if e.fact.date == NEXT_MONDAY)
    assert len(february.sources) == 1 and len(monday.sources) == 1
    assert february.fact.status == "held" and monday.fact.status == "scheduled"


def test_the_library_reconciler_groups_the_three_days_as_the_desk_does(desk_days):
    _, on_desk = desk_days[DAY3]
    facts = [f for day in (DAY1, DAY2, DAY3) for f in _checked(day)]
    sources = [a.meta() for day in (DAY1, DAY2, DAY3) for a in _articles(day)]
    _, grouped = reconcile(facts, sources)

    def partition(found: list[Event]) -> set[frozenset[str]]:
        return {frozenset(s.fact_id for s in e.sources) for e in found}

    assert partition(grouped) == partition(on_desk)
