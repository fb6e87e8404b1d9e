"""Which sums of a sentence are aid: restated currencies, words that claim a sum, estimates.

Sentences written for these tests, each with a look-alike.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article


@pytest.fixture(scope="module")
def aid():
    extractor = get_extractor("offline")

    def run(text: str) -> list[tuple]:
        article = Article(id="t", published=dt.date(2025, 3, 5), text=text)
        [(_, facts)] = list(extractor.extract([article]))
        return sorted((f.amount, f.currency, f.amount_qualifier) for f in facts if f.kind == "aid")

    return run


@pytest.mark.parametrize(
    "text",
    [
        "Norway pledged €10 million, or about $11 million, in aid to Sudan.",
        "Norway pledged 10 million euros (roughly $11 million) in aid to Sudan.",
    ],
)
def test_a_sum_restated_in_another_currency_is_one_contribution(aid, text):
    assert aid(text) == [(10_000_000.0, "EUR", "exact")]


def test_two_sums_in_two_currencies_from_two_donors_are_two(aid):
    text = "Norway pledged €10 million and Sweden pledged $11 million in aid to Sudan."
    assert len(aid(text)) == 2


def test_a_word_nearer_the_sum_than_any_aid_word_claims_it(aid):
    assert aid("Trade between the two countries was worth $5 billion last year, and Japan sent aid.") == []
    assert aid("Japan sent $5 million in aid, though its trade deficit kept growing.") == [
        (5_000_000.0, "USD", "exact")
    ]


def test_the_estimated_cost_of_an_approved_sale_is_its_amount_about(aid):
    text = "The ministry approved a possible sale of tanks to Chile for an estimated cost of $2 billion."
    assert aid(text) == [(2_000_000_000.0, "USD", "about")]
