"""Casualty wording the offline extractor reads beyond verbs of killing: datelines that
confuse the parse, evacuations, executions, and rounded figures that repeat precise ones.
Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article


@pytest.fixture(scope="module")
def casualties():
    extractor = get_extractor("offline")

    def run(text: str) -> list[tuple]:
        article = Article(id="t", published=dt.date(2025, 3, 5), text=text)
        [(_, facts)] = list(extractor.extract([article]))
        return sorted((f.count, f.count_qualifier, f.outcome) for f in facts if f.kind == "casualty")

    return run


def test_a_dateline_does_not_become_the_subject_of_the_first_sentence(casualties):
    text = "ACCRA, Ghana — At least 40 fishermen are missing after the storm."
    assert casualties(text) == [(40, "at_least", "missing")]


def test_an_evacuation_of_people_displaces_them(casualties):
    assert casualties("The evacuation of over 9,000 people was ordered on Sunday.") == [
        (9000, "more_than", "displaced")
    ]
    assert casualties("The evacuation plan covers 9,000 homes.") == []


def test_people_executed_were_killed(casualties):
    assert casualties("The monitor said 35 were executed in the village.") == [(35, "exact", "killed")]


def test_a_round_figure_repeating_a_precise_one_is_not_a_second_toll(casualties):
    text = "More than 300 people have died since Sunday. The ministry said 312 people were killed."
    assert casualties(text) == [(312, "exact", "killed")]
    distinct = "More than 300 people have died since Sunday. The ministry said 512 people were injured."
    assert len(casualties(distinct)) == 2


def test_only_people_are_executed(casualties):
    assert casualties("The broker executed 200 trades on Monday.") == []
