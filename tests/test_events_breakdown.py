"""Breakdowns: a count stated as part of a larger count is marked as its part (own sentences)."""

from __future__ import annotations

from factsheet.breakdown import mark_parts
from factsheet.kinds import Casualty, Tariff

TEXT = (
    "The storm killed 48 people across the coast, 19 of them in Tulear. Another 300 were injured, "
    "including 41 children. In a separate incident, 7 fishermen died at sea. Officials listed 90 "
    "missing; of those, 15 were later found. Police said 12 were injured in Toamasina."
)


def _c(quote: str, count: int, outcome: str) -> Casualty:
    assert quote in TEXT
    return Casualty(doc="s", quote=quote, count=count, outcome=outcome)


def test_parts_point_to_the_total_they_break_down():
    facts = [
        _c("The storm killed 48 people", 48, "killed"),
        _c("19 of them in Tulear", 19, "killed"),
        _c("Another 300 were injured", 300, "injured"),
        _c("including 41 children", 41, "injured"),
        _c("7 fishermen died at sea", 7, "killed"),
        _c("12 were injured in Toamasina", 12, "injured"),
    ]
    marked = {f.count: f for f in mark_parts(facts, TEXT)}
    assert marked[19].part_of == marked[48].id
    assert marked[41].part_of == marked[300].id
    # no breakdown word next to them: counts of their own, even when smaller than a total before them
    assert marked[7].part_of is None and marked[12].part_of is None
    assert marked[48].part_of is None and marked[300].part_of is None


def test_a_part_needs_a_larger_total_of_the_same_outcome_before_it():
    facts = [_c("Officials listed 90 missing", 90, "missing"), _c("15 were later found", 15, "killed")]
    assert all(f.part_of is None for f in mark_parts(facts, TEXT))


def test_kinds_without_parts_pass_through_unchanged():
    tariff = Tariff(doc="s", quote="The storm killed 48 people", target="X", rate_percent=48)
    assert mark_parts([tariff], TEXT) == [tariff]
