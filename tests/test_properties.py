"""Property-based tests for the parsers the extractor and validator share, and for grounding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factsheet.parsing.dates import WEEKDAYS, resolve
from factsheet.parsing.numbers import find_money, find_percents, numbers_in, parse_number
from factsheet.validation.grounding import locate, normalise

SEED_TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "001_fa7bfb961f9e8f97.txt").read_text("utf-8")
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
WORDS = {1: "one", 2: "two", 3: "three", 6: "six", 12: "twelve", 20: "twenty", 40: "forty"}


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_and_without_thousands_separators(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.sampled_from(sorted(WORDS)), st.sampled_from(sorted(SCALES)))
def test_spelled_numbers_with_scales(n, scale):
    assert parse_number(WORDS[n]) == n
    assert parse_number(f"{n} {scale}") == n * SCALES[scale]


@given(
    st.decimals(min_value="0.1", max_value="999", places=1),
    st.sampled_from(["million", "billion", "bn", "m"]),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP")]),
)
def test_money_amount_scale_and_currency(amount, scale, currency):
    symbol, code = currency
    text = f"The fund approved {symbol}{amount} {scale} for repairs."
    [money] = find_money(text)
    factor = 1e9 if scale in ("billion", "bn") else 1e6
    assert abs(money.amount - float(amount) * factor) < 1e-6 * factor and money.currency == code


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_percent_ranges_give_both_rates(low, high):
    assume(low < high)
    [p] = find_percents(f"duties of {low}-{high} percent on steel")
    assert (p.low, p.high) == (low, high)
    assert {low, high} <= numbers_in(f"duties of {low}-{high} percent")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.sampled_from(WEEKDAYS))
def test_weekdays_resolve_within_a_week_on_the_right_side(published, weekday):
    future = resolve(f"by {weekday.title()}", published, "future")
    past = resolve(f"on {weekday.title()}", published, "past")
    assert future.strftime("%A").lower() == weekday and 0 <= (future - published).days <= 6
    assert past.strftime("%A").lower() == weekday and 0 <= (published - past).days <= 6


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_absolute_dates_ignore_publication(day):
    assert resolve(day.strftime("%B %d, %Y").replace(" 0", " "), day + dt.timedelta(days=400)) == day
    assert resolve(day.isoformat(), None) == day


@settings(max_examples=200)
@given(st.data())
def test_any_cut_of_an_article_is_found_exactly(data):
    start = data.draw(st.integers(min_value=0, max_value=len(SEED_TEXT) - 20))
    length = data.draw(st.integers(min_value=12, max_value=160))
    quote = SEED_TEXT[start : start + length]
    assume(quote.strip() == quote and quote)
    found = locate(quote, SEED_TEXT, hint=start)
    assert found.level == "exact" and SEED_TEXT[found.start : found.end] == quote


@settings(max_examples=200)
@given(st.data())
def test_changed_whitespace_and_quote_marks_are_found_normalised(data):
    sentences = [s for s in SEED_TEXT.split(". ") if 40 < len(s) < 200 and "\n" not in s]
    sentence = data.draw(st.sampled_from(sentences))
    mangled = (
        sentence.replace(" ", data.draw(st.sampled_from(["  ", " \n ", "\t"])))
        .replace("’", "'")
        .replace("“", '"')
        .replace("”", '"')
        .upper()
    )
    found = locate(mangled, SEED_TEXT)
    assert found.level == "normalised"
    assert normalise(SEED_TEXT[found.start : found.end])[0] == normalise(sentence)[0]


@given(
    st.lists(
        st.sampled_from(
            [
                "grain",
                "harbour",
                "minister",
                "eleven",
                "orchard",
                "tunnel",
                "vote",
                "winter",
                "copper",
                "bridge",
            ]
        ),
        min_size=6,
        max_size=12,
    )
)
def test_invented_sentences_are_not_found(words):
    assert locate(" ".join(words), SEED_TEXT).level == "none"
