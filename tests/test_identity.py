"""One definition of "same event": merges need the key and compatible identifying fields,
and whatever is merged stays visible on the surviving fact."""

from __future__ import annotations

import datetime as dt

from factsheet.extraction.dedupe import dedupe
from factsheet.kinds import Aid, Casualty, Deadline, Tariff
from factsheet.kinds.identity import compatible, incompatible_fields
from factsheet.models import ArticleMeta
from factsheet.reconcile import reconcile


def _aid(doc: str, quote: str, start: int, **fields) -> Aid:
    base = {"amount": 500_000_000, "currency": "USD", "recipient": "Ukraine", "status": "pledged"}
    return Aid(doc=doc, quote=quote, start=start, end=start + len(quote), **{**base, **fields})


def test_equal_sums_from_different_donors_are_two_contributions():
    facts = dedupe(
        [
            _aid("a", "Canada gave $500 million", 0, donor="Canada"),
            _aid("a", "Japan added another $500 million", 40, donor="Japan"),
        ]
    )
    assert sorted(f.donor for f in facts) == ["Canada", "Japan"]
    assert all(not f.merged for f in facts)


def test_a_proposed_grant_is_not_the_approved_one_of_the_same_size():
    facts = dedupe(
        [
            _aid("a", "approved a $30 million grant", 0, amount=30e6, status="approved"),
            _aid("a", "may offer monthly grants of $30 million", 50, amount=30e6, status="proposed"),
        ]
    )
    assert sorted(f.status for f in facts) == ["approved", "proposed"]


def test_one_rate_on_two_kinds_of_goods_is_two_tariffs():
    common = {"doc": "a", "target": "Canada", "rate_percent": 25}
    steel = Tariff(quote="25% on steel", start=0, end=12, goods="steel", **common)
    cars = Tariff(quote="25% on cars", start=20, end=31, goods="cars", **common)
    assert incompatible_fields(steel, cars) == ["goods"]
    assert len(dedupe([steel, cars])) == 2


def test_a_repeated_mention_is_merged_and_recorded_on_the_survivor():
    first = _aid("a", "Norway pledged $500 million to Ukraine", 0, donor="Norway")
    again = _aid("a", "the $500 million pledge", 60, donor=None)
    (kept,) = dedupe([first, again])
    assert kept.donor == "Norway"
    assert [(m.quote, m.start) for m in kept.merged] == [("the $500 million pledge", 60)]
    assert "same event" in kept.merged[0].reason and kept.merged[0].id == again.id


def test_undated_deadline_with_its_own_duration_is_kept_beside_a_dated_one():
    dated = Deadline(doc="a", quote="by Friday", start=0, end=9, subject="reply", due=dt.date(2025, 8, 8))
    duration = Deadline(doc="a", quote="within three to four days", start=30, end=55, subject="talks",
                        due_text="within three to four days")
    vague = Deadline(
        doc="a", quote="the deadline", start=70, end=82, subject="reply", due_text="the deadline"
    )
    kept = dedupe([dated, duration, vague])
    assert [f.quote for f in kept] == ["by Friday", "within three to four days"]
    assert [m.quote for m in kept[0].merged] == ["the deadline"]


def test_across_articles_reports_join_only_compatible_events():
    sources = [ArticleMeta(id=d, published=dt.date(2025, 8, 6)) for d in ("a", "b", "c")]
    canada = _aid("a", "Canada gave $500 million", 0, donor="Canada")
    japan = _aid("b", "Japan gave $500 million", 0, donor="Japan")
    unnamed = _aid("c", "a further $500 million", 0, donor=None)
    assert compatible(canada, unnamed) and not compatible(canada, japan)
    facts, events = reconcile([canada, japan, unnamed], sources)
    by_doc = {f.doc: f.event_id for f in facts}
    assert len(events) == 2
    assert by_doc["a"] == by_doc["c"] != by_doc["b"]


def test_casualties_in_different_places_stay_apart_in_one_article():
    common = {"doc": "a", "count": 1, "outcome": "killed"}
    one = Casualty(quote="one killed in Kharkiv", start=0, end=21, location="Kharkiv", **common)
    other = Casualty(quote="Another was killed in Odesa", start=30, end=57, location="Odesa", **common)
    assert len(dedupe([one, other])) == 2
