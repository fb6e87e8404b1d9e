"""Meetings by the grammatical shape of their noun or verb: series, plural counterparts,
back references, state bodies, reported talks, hosted ceremonies.

Sentences written for these tests; each shape has a look-alike that reads differently.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article

PUBLISHED = dt.date(2025, 3, 5)


@pytest.fixture(scope="module")
def meetings():
    extractor = get_extractor("offline")

    def run(text: str) -> list[list[str]]:
        article = Article(id="t", published=PUBLISHED, text=text)
        [(_, facts)] = list(extractor.extract([article]))
        return sorted(f.participants for f in facts if f.kind == "meeting")

    return run


def test_a_series_of_rounds_is_not_one_meeting(meetings):
    assert meetings("Chile and Peru have held three rounds of talks mediated by Norway.") == []
    assert meetings("Chile and Peru held talks mediated by Norway.") == [["Chile", "Norway", "Peru"]]


def test_a_definite_meeting_that_sets_the_scene_points_back(meetings):
    assert meetings("During the meeting, Chile and Peru signed a fishing accord.") == []
    assert meetings("In their last talks, Chile and Peru agreed to cut duties.") == [["Chile", "Peru"]]


def test_plural_meetings_with_a_list_are_one_meeting_per_counterpart(meetings):
    text = "The Brazilian government held meetings with Gabriel Boric and Dina Boluarte."
    assert meetings(text) == [["Brazil", "Dina Boluarte"], ["Brazil", "Gabriel Boric"]]
    joint = "The Brazilian government held talks with Gabriel Boric and Dina Boluarte."
    assert meetings(joint) == [["Brazil", "Dina Boluarte", "Gabriel Boric"]]


def test_governments_of_a_list_of_countries_are_those_countries(meetings):
    text = (
        "The Government of Chile, the Government of Peru, and the Government of Japan "
        "will begin negotiations."
    )
    assert meetings(text) == [["Chile", "Japan", "Peru"]]


def test_who_announces_its_own_talks_is_a_side_of_them(meetings):
    reported = "Egypt announced on Monday that indirect talks with Ethiopia had resumed in Cairo."
    assert meetings(reported) == [["Egypt", "Ethiopia"]]
    commented = "Analysts said they watched the indirect talks with Ethiopia closely."
    assert meetings(commented) == []


def test_the_guests_of_a_hosted_ceremony_are_participants_and_possessors_are_not(meetings):
    text = "Marco Rubio hosted the signing ceremony with Gabriel Boric and Dina Boluarte."
    assert meetings(text) == [["Dina Boluarte", "Gabriel Boric", "Marco Rubio"]]
    possessor = "Marco Rubio hosted the ceremony with Dina Boluarte and Chile's Gabriel Boric."
    assert all("Chile" not in names for names in meetings(possessor))


def test_a_person_of_a_country_stands_for_it_so_its_leader_is_not_added(meetings):
    text = "Moscow confirmed a phone call between Russian Foreign Minister Sergey Lavrov and Marco Rubio."
    assert meetings(text) == [["Marco Rubio", "Sergei Lavrov"]]


def test_a_session_is_a_meeting_only_when_its_modifier_says_so(meetings):
    assert meetings("Gabriel Boric held a bilateral session with Dina Boluarte in Lima.") == [
        ["Dina Boluarte", "Gabriel Boric"]
    ]
    assert meetings("Gabriel Boric held a budget session with Dina Boluarte in Lima.") == []


def test_a_dialogue_held_by_two_named_people_is_a_meeting(meetings):
    text = "Gabriel Boric and Dina Boluarte will hold a new round of the border dialogue in Quito."
    assert meetings(text) == [["Dina Boluarte", "Gabriel Boric"]]


def test_a_visit_paid_to_a_person_is_a_meeting_and_one_to_a_place_is_not(meetings):
    assert meetings("Gabriel Boric visited Dina Boluarte in Lima on Monday.") == [
        ["Dina Boluarte", "Gabriel Boric"]
    ]
    assert meetings("Gabriel Boric visited Lima on Monday.") == []
    text = "The delegation led by Gabriel Boric paid a courtesy visit to Dina Boluarte at her residence."
    assert meetings(text) == [["Dina Boluarte", "Gabriel Boric"]]
    assert meetings("Gabriel Boric paid a visit to the flooded town.") == []


def test_a_trip_to_press_a_counterpart_is_a_meeting_with_it(meetings):
    text = "Chile's foreign minister Alberto van Klaveren will travel to Lima next week to urge Peru to act."
    assert meetings(text) == [["Alberto van Klaveren", "Peru"]]
    pronoun = "Chile's foreign minister Alberto van Klaveren said he planned to visit Lima to press Peru."
    assert meetings(pronoun) == [["Alberto van Klaveren", "Peru"]]
    assert meetings("Alberto van Klaveren flew to Lima on Monday to rest.") == []


def test_talks_that_continue_are_a_process(meetings):
    assert meetings("The ministry said talks with Chile would continue.") == []
