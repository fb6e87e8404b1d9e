"""Rounds of talks listed by ordinal, delegation heads standing for their countries, and
meetings that only name who brokered them. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article

PUBLISHED = dt.date(2025, 6, 20)


@pytest.fixture(scope="module")
def meetings():
    extractor = get_extractor("offline")

    def run(text: str) -> list[tuple]:
        article = Article(id="t", published=PUBLISHED, text=text)
        [(_, facts)] = list(extractor.extract([article]))
        found = [
            (tuple(f.participants), str(f.date) if f.date else None, f.location, f.status)
            for f in facts
            if f.kind == "meeting"
        ]
        return sorted(found, key=lambda m: (m[0], m[1] or "", m[2] or "", m[3]))

    return run


SERIES = "Chile and Peru have held three rounds of talks mediated by Norway. "
ROUNDS = (
    "The first round took place in Lima on May 2; the second, in Quito - on May 9; "
    "and the third in Oslo on May 30."
)


def test_each_listed_round_is_a_meeting_of_the_series_parties(meetings):
    found = meetings(SERIES + ROUNDS)
    parties = ("Chile", "Norway", "Peru")
    assert found == [
        (parties, "2025-05-02", "Lima", "held"),
        (parties, "2025-05-09", "Quito", "held"),
        (parties, "2025-05-30", "Oslo", "held"),
    ]


def test_a_list_of_ordinals_without_a_series_before_it_names_no_one(meetings):
    assert meetings(ROUNDS) == []


def test_the_head_of_a_country_delegation_is_the_participant_for_it(meetings):
    text = (
        "The next round of the Chile-Peru talks will take place in Quito on July 1. "
        "The Chilean delegation is headed by Foreign Minister Alberto van Klaveren, "
        "while the Peruvian delegation is led by envoy Javier Gonzalez-Olaechea."
    )
    [(participants, _day, place, status)] = meetings(text)
    assert participants == ("Alberto van Klaveren", "Javier Gonzalez-Olaechea")
    assert (place, status) == ("Quito", "scheduled")


def test_a_meeting_that_names_only_its_brokers_is_no_new_meeting(meetings):
    assert meetings("The meeting, brokered by Norway and Qatar, lasted four hours.") == []


def test_the_two_sides_are_the_parties_of_the_last_meeting(meetings):
    text = (
        "Gabriel Boric met Dina Boluarte in Lima on Tuesday. "
        "The two leaders will hold another round of talks in Quito next month."
    )
    found = meetings(text)
    assert [m[0] for m in found] == [("Dina Boluarte", "Gabriel Boric")] * 2
    assert {m[3] for m in found} == {"held", "scheduled"}
    assert meetings("The two leaders will hold another round of talks in Quito next month.") == []
