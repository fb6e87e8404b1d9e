"""Same event with time and place: nesting places, spans of time, sides, one article, parts.

Every sentence here is written for the test.
"""

from __future__ import annotations

import datetime as dt

from factsheet import places
from factsheet.kinds import Casualty, Deadline, Meeting, Tariff, get
from factsheet.kinds.identity import block_key, same_event
from factsheet.kinds.timing import duration_span, overlap, span, words_span
from factsheet.models import ArticleMeta
from factsheet.reconcile import reconcile

AUG = dt.date(2025, 8, 12)


def test_places_nest_through_the_text_and_the_gazetteer():
    assert places.nested("Anchorage", "Anchorage, Alaska")
    assert places.nested("the Kremlin", "Moscow")
    assert places.within("Kunar province", "Afghanistan")
    assert places.within("Kupyansk, Kharkiv region", "eastern Ukraine")
    assert places.same_place("Kyiv region", "Kyiv") and places.same_place("Kiev", "Kyiv")
    assert not places.nested("Kherson region", "Donetsk region")
    assert not places.nested("Lisbon", "Porto")  # unknown places are only themselves
    assert places.key("Anchorage, Alaska") == "anchorage"


def test_a_person_stands_for_the_country_they_speak_for():
    assert places.stands_for("Russia", "Vladimir Putin") and places.stands_for("Putin", "Russia")
    assert not places.stands_for("Vladimir Putin", "Kirill Dmitriev")  # two people of one side
    assert not places.stands_for("Ukraine", "Vladimir Putin")


def test_time_words_give_spans_against_the_article_date():
    assert words_span("when they met last February", AUG, back=True) == (
        dt.date(2025, 2, 1),
        dt.date(2025, 2, 28),
    )
    assert words_span("talks in Geneva in June 2021", AUG, back=True)[0] == dt.date(2021, 6, 1)
    assert words_span("strikes on 28 August", AUG, back=True) == (dt.date(2025, 8, 28),) * 2
    assert words_span("the leaders may meet", AUG, back=False) is None  # "may" the verb
    assert words_span("talks at Mar-a-Lago", AUG, back=True) is None  # not March
    low, high = words_span("over the past 24 hours", AUG, back=True)
    assert low < AUG and high == AUG
    assert duration_span("within about 10 or 12 days", AUG) == (dt.date(2025, 8, 22), dt.date(2025, 8, 24))
    assert not overlap((dt.date(2025, 2, 1), dt.date(2025, 2, 28)), (AUG, AUG))


def test_an_undated_toll_is_recent_and_a_held_meeting_without_a_time_is_in_the_past():
    toll = Casualty(doc="a", quote="nine were killed", count=9, outcome="killed", location="Odesa")
    low, high = span(toll, get("casualty"), AUG)
    assert high == AUG and (AUG - low).days == 7
    ahead = Meeting(doc="a", quote="the two will meet", participants=["A Bee", "C Dee"], status="proposed")
    assert span(ahead, get("meeting"), AUG) == (AUG, dt.date.max)


def _meeting(doc: str, quote: str, **fields: object) -> Meeting:
    base: dict = {"participants": ["Lena Brandt", "Amara Osei"], "mode": "in_person", "status": "held"}
    return Meeting(doc=doc, quote=quote, **{**base, **fields})


def test_two_meetings_of_the_same_pair_months_apart_are_two_events():
    february = _meeting("a", "Brandt first received Osei last February")
    monday = _meeting("a2", "Brandt will host Osei on Monday", date=dt.date(2025, 8, 18), status="scheduled")
    assert block_key(february) == block_key(monday)
    assert not same_event(february, AUG, monday, AUG)


def test_a_proposal_without_a_date_is_not_the_meeting_held():
    proposed = _meeting("a", "Brandt wants to meet Osei soon", status="proposed")
    held = _meeting("b", "Brandt and Osei met in Accra", date=dt.date(2025, 8, 14), location="Accra")
    assert not same_event(proposed, AUG, held, dt.date(2025, 8, 15))
    scheduled = _meeting(
        "c", "Brandt and Osei will meet on Thursday", date=dt.date(2025, 8, 14), status="scheduled"
    )
    assert same_event(scheduled, AUG, held, dt.date(2025, 8, 15))
    assert same_event(proposed, AUG, scheduled, AUG)  # a proposal given a date


def test_talks_with_a_country_and_with_its_leader_on_one_day_are_one_meeting():
    envoy = ["Steve Witkoff", "Vladimir Putin"]
    with_leader = _meeting(
        "a", "Witkoff met Putin in the Kremlin", participants=envoy, date=AUG, location="Kremlin"
    )
    with_country = _meeting(
        "b",
        "the envoy is due in Moscow",
        participants=["Russia", "Steve Witkoff"],
        date=AUG,
        location="Moscow",
        status="scheduled",
    )
    other_official = _meeting(
        "c", "Witkoff also met Dmitriev", participants=["Kirill Dmitriev", "Steve Witkoff"], date=AUG
    )
    assert block_key(with_leader) == block_key(with_country) == block_key(other_official)
    assert same_event(with_leader, AUG, with_country, AUG)
    assert not same_event(with_leader, AUG, other_official, AUG)


def test_two_figures_of_one_article_are_two_events_never_a_conflict():
    sources = [ArticleMeta(id="r", published=AUG)]
    facts = [
        Casualty(
            doc="r",
            quote="one man was wounded in Donetsk",
            start=0,
            count=1,
            outcome="injured",
            location="Donetsk region",
        ),
        Casualty(
            doc="r",
            quote="six were wounded in the city",
            start=60,
            count=6,
            outcome="injured",
            location="Donetsk region",
        ),
    ]
    _, events = reconcile(facts, sources)
    assert len(events) == 2 and not any(e.conflict for e in events)


def test_tariffs_on_different_goods_are_two_and_reasons_in_other_words_one():
    def tariff(doc: str, **fields: object) -> Tariff:
        return Tariff(
            doc=doc, quote=f"{doc} 25%", target="Mexico", rate_percent=25, basis="additional", **fields
        )

    cars = tariff("a", goods="passenger cars and parts")
    drugs = tariff("b", goods="everything outside the trade pact", reason="fentanyl trafficking")
    assert block_key(cars) == block_key(drugs) and not same_event(cars, AUG, drugs, AUG)
    oil = Tariff(
        doc="c",
        quote="c",
        target="India",
        rate_percent=25,
        basis="additional",
        reason="purchases of Russian oil",
    )
    crude = Tariff(
        doc="d",
        quote="d",
        target="India",
        rate_percent=25,
        basis="additional",
        reason="its Russian oil purchase",
    )
    assert same_event(oil, AUG, crude, AUG)
    total = Tariff(doc="e", quote="e", target="India", rate_percent=50, basis="total", status="announced")
    new = Tariff(doc="f", quote="f", target="India", rate_percent=50, basis="new", status="in_force")
    assert block_key(total) == block_key(new) and same_event(total, AUG, new, AUG)


def test_nested_places_are_one_event_without_a_place_conflict():
    sources = [ArticleMeta(id="a", published=AUG), ArticleMeta(id="b", published=AUG)]
    facts = [
        _meeting("a", "they met in Anchorage", date=AUG, location="Anchorage"),
        _meeting("b", "the Alaska summit", date=AUG, location="Anchorage, Alaska"),
    ]
    _, events = reconcile(facts, sources)
    assert len(events) == 1 and not events[0].conflict


def test_an_undated_deadline_joins_the_dated_one_it_is_about():
    dated = Deadline(
        doc="a",
        quote="a",
        subject="Hanoi must sign the port agreement",
        set_by="Lena Brandt",
        due=dt.date(2025, 8, 15),
        due_text="Friday",
    )
    about_it = Deadline(
        doc="b",
        quote="b",
        subject="the port agreement deadline",
        set_by="Lena Brandt",
        due_text="the deadline",
    )
    other = Deadline(
        doc="c",
        quote="c",
        subject="parliament reviews the budget",
        set_by="Lena Brandt",
        due_text="the deadline",
    )
    assert same_event(dated, AUG, about_it, AUG)
    assert not same_event(dated, AUG, other, AUG)


def test_a_breakdown_is_never_the_same_event_as_a_total():
    total = Casualty(doc="a", quote="a", count=40, outcome="injured", location="Sumy")
    part = Casualty(doc="b", quote="b", count=12, outcome="injured", location="Sumy", part_of="cas-x")
    assert block_key(total) != block_key(part)
