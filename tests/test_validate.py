"""The validator against real article text: grounding levels, corrections, flags, rejections."""

from __future__ import annotations

import datetime as dt

from factsheet.models import Aid, Article, Casualty, Meeting, Tariff
from factsheet.validation import validate_fact
from factsheet.validation.grounding import locate

TEXT = (
    "On Tuesday, the US approved $200 million in additional military sales to Ukraine. "
    "An assault on Kyiv last week resulted in at least 32 fatalities. "
    "Trump’s envoy met Putin on Wednesday in Moscow.\n"
    "The administration announced an additional 25% tariff on India, effective August 27."
)
ARTICLE = Article(id="a1", text=TEXT, published=dt.date(2025, 8, 6))


def test_grounding_levels():
    assert locate("approved $200 million", TEXT).level == "exact"
    assert locate("Trump's   envoy met PUTIN", TEXT).level == "normalised"
    found = locate("An assault on Kyiv last week resulted in at least 32 fatalitie", TEXT)
    assert found.level == "exact"
    fuzzy = locate("An asault on Kyiv last week resulted in atleast 32 fatalities", TEXT)
    assert fuzzy.level == "fuzzy" and TEXT[fuzzy.start : fuzzy.end].startswith("An assault")
    assert locate("Germany pledged five tanks to Poland yesterday", TEXT).level == "none"


def test_invented_quote_is_rejected():
    fact = Casualty(doc="a1", quote="at least 90 people were killed in Odesa", count=90, outcome="killed")
    checked = validate_fact(fact, ARTICLE)
    assert checked.check.status == "rejected" and not checked.publishable


def test_exact_fact_is_verified_with_offsets():
    quote = "the US approved $200 million in additional military sales to Ukraine"
    fact = Aid(doc="a1", quote=quote, amount=200_000_000, currency="USD", amount_qualifier="exact")
    checked = validate_fact(fact, ARTICLE)
    assert checked.check.status == "verified"
    assert TEXT[checked.start : checked.end] == quote


def test_wrong_figure_read_unambiguously_is_corrected_and_shown():
    fact = Casualty(
        doc="a1",
        quote="resulted in at least 32 fatalities",
        count=23,
        count_qualifier="at_least",
        outcome="killed",
    )
    checked = validate_fact(fact, ARTICLE)
    assert checked.check.status == "corrected" and checked.count == 32
    [change] = [c for c in checked.check.changes if c.field == "count"]
    assert (change.old, change.new) == (23, 32)


def test_wrong_qualifier_is_corrected():
    fact = Casualty(
        doc="a1",
        quote="resulted in at least 32 fatalities",
        count=32,
        count_qualifier="exact",
        outcome="killed",
    )
    checked = validate_fact(fact, ARTICLE)
    assert checked.count_qualifier == "at_least" and checked.check.status == "corrected"


def test_normalised_quote_is_replaced_by_source_text():
    fact = Tariff(
        doc="a1",
        quote="an additional 25% tariff on India, effective August 27",
        rate_percent=25,
        target="India",
    )
    checked = validate_fact(fact, ARTICLE)
    assert checked.check.grounding == "exact" and checked.effective is None
    fact = Tariff(doc="a1", quote="AN ADDITIONAL 25%  TARIFF on India", rate_percent=25)
    checked = validate_fact(fact, ARTICLE)
    assert checked.check.grounding == "normalised"
    assert checked.quote == "an additional 25% tariff on India"
    # The text states the fact; only the quote's form was normalised, and that is recorded.
    assert checked.check.status == "verified"
    [change] = [c for c in checked.check.changes if c.field == "quote"]
    assert change.code == "quote_normalised" and "case" in change.reason


def test_date_that_disagrees_with_the_weekday_is_corrected():
    fact = Meeting(
        doc="a1",
        quote="Trump’s envoy met Putin on Wednesday in Moscow",
        participants=["Putin", "Steve Witkoff"],
        date=dt.date(2025, 8, 7),
        status="held",
    )
    checked = validate_fact(fact, ARTICLE)
    assert checked.date == dt.date(2025, 8, 6)
    assert "Vladimir Putin" in checked.participants
    fields = {c.field for c in checked.check.changes}
    assert {"date", "participants"} <= fields


def test_figure_not_in_quote_with_several_candidates_is_flagged():
    text = "Officials said 5 were killed and 9 were injured in two separate attacks."
    article = Article(id="b", text=text, published=dt.date(2025, 1, 1))
    fact = Casualty(doc="b", quote="5 were killed and 9 were injured", count=7, outcome="killed")
    checked = validate_fact(fact, article)
    assert checked.check.status == "flagged" and not checked.publishable


def test_bare_surname_resolves_against_a_full_name_given_in_another_article():
    from factsheet.validation.checks import batch_names

    other = Article(
        id="b", text="Prime Minister Kristalina Georgieva visited Sofia.", published=dt.date(2025, 8, 6)
    )
    article = Article(id="c", text="Georgieva met Macron in Paris on Monday.", published=dt.date(2025, 8, 6))
    fact = Meeting(
        doc="c",
        quote="Georgieva met Macron in Paris",
        participants=["Georgieva", "Macron"],
        status="held",
        location="Paris",
    )
    alone = validate_fact(fact, article)
    assert "Georgieva" in alone.participants
    checked = validate_fact(fact, article, batch=batch_names([other, article]))
    assert checked.participants == ["Emmanuel Macron", "Kristalina Georgieva"]
    change = next(c for c in checked.check.changes if c.field == "participants")
    assert change.old == ["Georgieva", "Macron"] and change.code == "name_canonicalised"
    assert checked.check.status == "verified"


def test_a_misspelling_is_never_resolved_against_another_article():
    """Fuzzy matches stay within the article: a name in another story may be someone else."""
    from factsheet.validation.checks import batch_names

    other = Article(id="b", text="Kristalina Georgieva visited Sofia.", published=dt.date(2025, 8, 6))
    article = Article(id="c", text="Georgiewa met Macron in Paris on Monday.", published=dt.date(2025, 8, 6))
    fact = Meeting(doc="c", quote="Georgiewa met Macron in Paris", participants=["Georgiewa", "Macron"])
    checked = validate_fact(fact, article, batch=batch_names([other, article]))
    assert checked.participants == ["Emmanuel Macron", "Georgiewa"]
