"""Who a tariff targets, from the syntax: bearers, listed targets, sectoral duties, headlines.

Sentences written for these tests; each has a look-alike that must read differently.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article

PUBLISHED = dt.date(2025, 3, 5)


@pytest.fixture(scope="module")
def tariffs():
    extractor = get_extractor("offline")

    def run(text: str, title: str | None = None, outlet: str | None = None) -> list[dict]:
        article = Article(id="t", published=PUBLISHED, text=text, title=title, outlet=outlet)
        [(_, facts)] = list(extractor.extract([article]))
        return [f.model_dump(mode="json") for f in facts if f.kind == "tariff"]

    return run


def _keys(facts: list[dict]) -> list[tuple]:
    return sorted((f["target"], f["rate_percent"]) for f in facts)


def test_who_shoulders_a_tariff_is_its_target_whatever_the_goods_phrase_names(tariffs):
    text = "Under the accord, Chile will shoulder a 12% tariff on all Peruvian exports."
    [fact] = tariffs(text)
    assert (fact["target"], fact["rate_percent"]) == ("Chile", 12.0)
    assert fact["extractor"] == "offline:tariff.rate_borne_by"
    assert fact["imposed_by"] != "Chile"


def test_the_goods_phrase_names_the_target_when_no_one_bears_it(tariffs):
    [fact] = tariffs("Peru will impose a 12% tariff on all Chilean exports.")
    assert (fact["imposed_by"], fact["target"]) == ("Peru", "Chile")


def test_each_listed_country_is_a_target_of_its_own(tariffs):
    facts = tariffs("Washington plans a 18% duty on Chile and Peru from June 1.")
    assert _keys(facts) == [("Chile", 18.0), ("Peru", 18.0)]


def test_a_country_listed_with_other_countries_is_one_target_as_written(tariffs):
    [fact] = tariffs("Colombia will raise duties on shirts from Bangladesh and other Asian countries to 35%.")
    assert fact["target"] == "Bangladesh and other Asian countries"


def test_countries_in_line_for_a_tariff_are_its_targets(tariffs):
    text = "Trump began sending letters, with Chile and Peru first in line for a 30% tariff on goods."
    assert _keys(tariffs(text)) == [("Chile", 30.0), ("Peru", 30.0)]


def test_a_company_that_faces_a_rate_takes_the_article_target(tariffs):
    text = (
        "India will impose anti-dumping duties on glass imported from Malaysia. "
        "Acme Glassworks will face a duty of 11.2%, while Borealis Glass will be subject to a rate of 9.5%."
    )
    facts = tariffs(text)
    assert ("Malaysia", 11.2) in _keys(facts) and ("Malaysia", 9.5) in _keys(facts)
    assert all(f["target"] != "Acme Glassworks" for f in facts)


def test_a_range_of_dumping_margins_is_two_rates(tariffs):
    text = "The regulator set dumping margins ranging from 8.5 percent to 31.2 percent for Thai companies."
    assert _keys(tariffs(text)) == [("Thailand", 8.5), ("Thailand", 31.2)]


def test_an_inflation_rate_beside_a_tariff_is_not_a_rate_of_it(tariffs):
    text = "Tariffs on Japan were debated as the inflation rate of 3.1% worried the Senate."
    assert all(f["rate_percent"] != 3.1 for f in tariffs(text))


def test_a_duty_on_goods_that_no_country_qualifies_is_sectoral(tariffs):
    facts = tariffs(
        "The president announced a 40% tariff on imported bicycles and a 20% tariff on garden furniture."
    )
    assert _keys(facts) == [("all countries", 20.0), ("all countries", 40.0)]


def test_no_sectoral_guess_in_a_story_about_another_country(tariffs):
    text = "SEOUL, March 4 - A 40% tariff on imported bicycles will be applied by Washington."
    assert tariffs(text) == []


def test_a_tariff_without_any_target_is_dropped(tariffs):
    assert tariffs("The 25% tariff was described as unfair by economists.") == []


def test_the_headline_gives_the_targets_of_its_rate(tariffs):
    text = "The White House said a 22% tariff on goods shipped into the United States would start in May."
    facts = tariffs(text, title="US sets 22% duty on Chile and Peru")
    assert _keys(facts) == [("Chile", 22.0), ("Peru", 22.0)]
    assert {f["imposed_by"] for f in facts} == {"United States"}


def test_a_rate_moved_keeps_its_percent_sign_in_the_quote(tariffs):
    facts = tariffs("Canada cut its duty on Chinese steel to 10% from 15%.")
    assert _keys(facts) == [("China", 10.0), ("China", 15.0)]
    assert all(f["quote"].endswith("%") for f in facts)


def test_a_rate_restated_later_with_a_borrowed_target_is_not_a_second_tariff(tariffs):
    text = "The US imposed a 35% tariff on Peruvian copper. The new 35% rate is among the highest tariffs."
    assert _keys(tariffs(text)) == [("Peru", 35.0)]


def test_a_ministry_imposes_for_its_state(tariffs):
    [named] = tariffs("Peru's Ministry of Trade will impose a 12% duty on Chilean salmon.")
    assert named["imposed_by"] == "Peru"
    [home] = tariffs("The ministry will impose a 12% duty on Chilean salmon from May 1.", outlet="Xinhua")
    assert (home["imposed_by"], home["target"]) == ("China", "Chile")
    [unknown] = tariffs("The ministry will impose a 12% duty on Chilean salmon.")
    assert unknown["imposed_by"] is None  # no country named anywhere: left empty, not guessed


def test_each_rate_keeps_the_goods_of_its_own_phrase(tariffs):
    text = "The president set a 40% tariff on imported bicycles, alongside a 20% tariff on garden chairs."
    goods = sorted((f["rate_percent"], f["goods"]) for f in tariffs(text))
    assert goods == [(20.0, "garden chairs"), (40.0, "imported bicycles")]


def test_the_lead_dates_the_list_of_tariffs_that_follows(tariffs):
    text = (
        "The president announced a new wave of tariffs set to begin on April 1. "
        "He set a 40% tariff on imported bicycles. Economists were unhappy. "
        "Officials recalled that a 10% tariff on garden chairs had been imposed last year."
    )
    dates = {f["rate_percent"]: f["effective"] for f in tariffs(text)}
    assert dates[40.0] == "2025-04-01"
    assert dates[10.0] is None  # a rate already imposed did not start with the new wave


def test_how_much_a_quota_moved_is_not_a_rate_but_a_tariff_raised_by_is(tariffs):
    text = "The EU tightened import quotas on Chinese steel by 15% and imposed a 50% tariff on Chinese steel."
    assert _keys(tariffs(text)) == [("China", 50.0)]
    [raised] = tariffs("The US raised tariffs on Chinese steel by 10%.")
    assert (raised["rate_percent"], raised["basis"]) == (10.0, "additional")


def test_a_national_story_about_its_own_sectoral_duty_names_the_imposer_in_its_dateline(tariffs):
    [fact] = tariffs("OTTAWA, May 2 - Shoppers will pay more as a 25% tariff on imported bikes starts.")
    assert (fact["imposed_by"], fact["target"]) == ("Canada", "all countries")


def test_goods_entering_a_country_at_a_rate_bear_it(tariffs):
    [fact] = tariffs("Chilean wine will enter Peru at a 5% tariff.")
    assert (fact["target"], fact["rate_percent"]) == ("Chile", 5.0)


def test_someones_own_goods_are_no_sectoral_duty(tariffs):
    found = tariffs("Ecuador agreed to a 20% tariff on its bananas.")
    assert all(f["target"] != "all countries" for f in found)
