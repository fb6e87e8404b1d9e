"""Money as news writes it: every currency form the shared parser reads, and what it must not read."""

from __future__ import annotations

import pytest

from factsheet.parsing.money import currencies, find_money
from factsheet.parsing.numbers import find_counts
from factsheet.parsing.numbers import find_money as find_money_through_numbers


@pytest.mark.parametrize(
    ("text", "amount", "currency", "span"),
    [
        ("The fund lent SDR 410 million to the island state.", 410e6, "XDR", "SDR 410 million"),
        ("It agreed a loan of 75 million SDRs over four years.", 75e6, "XDR", "75 million SDRs"),
        ("a facility of XDR 1.2 billion", 1.2e9, "XDR", "XDR 1.2 billion"),
        ("The emirate gave 30 million UAE dirhams for shelters.", 30e6, "AED", "30 million UAE dirhams"),
        (
            "Oslo added 600 million Norwegian kroner for demining.",
            600e6,
            "NOK",
            "600 million Norwegian kroner",
        ),
        ("Copenhagen pledged DKK 90 million.", 90e6, "DKK", "DKK 90 million"),
        ("Stockholm gave 45 million Swedish kronor", 45e6, "SEK", "45 million Swedish kronor"),
        ("The state cleared Rs 12 crore for flood relief.", 12e7, "INR", "Rs 12 crore"),
        ("a relief package of ₹3.5 lakh crore", 3.5e12, "INR", "₹3.5 lakh crore"),
        ("farmers will get ₹2,50,000 each", 250_000, "INR", "₹2,50,000"),
        ("The donors raised nearly four billion euros at the conference.", 4e9, "EUR", "four billion euros"),
        ("a grant of half a billion dollars", 0.5e9, "USD", "half a billion dollars"),
        ("The city received US$75, 000 from the fund.", 75_000, "USD", "US$75, 000"),
        ("the ministry approved €120, 000 in aid", 120_000, "EUR", "€120, 000"),
        ("Tokyo will provide ¥8bn in loans", 8e9, "JPY", "¥8bn"),
        ("a credit line of 2.4 bln rubles", 2.4e9, "RUB", "2.4 bln rubles"),
        ("Canberra committed A$95 million", 95e6, "AUD", "A$95 million"),
        ("Brasília released R$ 7 billion", 7e9, "BRL", "R$ 7 billion"),
        ("Nairobi set aside KSh 900 million", 900e6, "KES", "KSh 900 million"),
        ("The bank lent 14 million U.S. dollars", 14e6, "USD", "14 million U.S. dollars"),
        ("a grant of 3 million Swiss francs", 3e6, "CHF", "3 million Swiss francs"),
        ("The budget holds 40 billion South African rand", 40e9, "ZAR", "40 billion South African rand"),
        ("Warsaw pays 80 mln zł", 80e6, "PLN", "80 mln zł"),
    ],
)
def test_money_in_every_form_news_uses(text, amount, currency, span):
    [money] = find_money(text)
    assert money.amount == pytest.approx(amount)
    assert money.may_be(currency)
    assert text[money.start : money.end] == span


def test_a_form_of_several_currencies_carries_each_and_the_one_news_means():
    [dollars] = find_money("The state gave $40 million.")
    assert dollars.currency == "USD" and dollars.ambiguous
    assert dollars.may_be("CAD") and dollars.may_be("AUD") and not dollars.may_be("EUR")
    [kroner] = find_money("a gift of 200 million kroner")
    assert {"NOK", "DKK"} <= set(kroner.currencies) and not kroner.may_be("SEK")
    [plain] = find_money("a gift of 200 million Norwegian kroner")
    assert plain.currency == "NOK" and not plain.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        "3 real problems remain",
        "He paid a dollar for it.",
        "50, 000 people marched",
        "In 2024, 500 homes were lost.",
        "the 7 marks on the wall",
    ],
)
def test_what_is_not_money(text):
    assert find_money(text) == []


def test_a_separator_broken_by_a_space_is_read_only_after_a_currency_sign():
    assert [c.value for c in find_counts("They counted 12, 400 and 17 ballots.")] == [12, 400, 17]


def test_the_old_import_reads_the_same_money():
    text = "Officials approved a €2.5bn loan and SDR 30 million."
    assert find_money_through_numbers(text) == find_money(text)


def test_currencies_come_from_cldr_not_a_hand_list():
    table = currencies()
    assert {"USD", "EUR", "NOK", "AED", "INR", "XDR", "KES", "VND", "PEN"} <= table.codes
    assert len(table.codes) > 140
    assert "UYU" in table.suffixes["uruguayan pesos"]
