"""A small, dated table of exchange rates, so money is never compared or added raw across currencies.

The briefing ranks and totals amounts of money in US dollars, converted with these
rates and shown as such ("≈ $0.44 bn"); the amount as reported stays beside it. The
table is shipped with factsheet and never fetched: a briefing made today and one made
next year from the same articles say the same thing.

Source: the European Central Bank's euro foreign exchange reference rates of
28 February 2025 (units of each currency per euro). They are for ranking and rough
totals only: the conversion is an approximation and is always marked "≈".
"""

from __future__ import annotations

import datetime as dt

RATES_SOURCE = "ECB euro foreign exchange reference rates"
RATES_DATE = dt.date(2025, 2, 28)

PER_EURO: dict[str, float] = {
    "EUR": 1.0,
    "USD": 1.0411,
    "JPY": 156.96,
    "GBP": 0.82608,
    "CHF": 0.9394,
    "NOK": 11.7245,
    "SEK": 11.1880,
    "DKK": 7.4583,
    "ISK": 145.70,
    "PLN": 4.1503,
    "CZK": 25.029,
    "HUF": 399.50,
    "RON": 4.9768,
    "BGN": 1.9558,
    "TRY": 38.0186,
    "AUD": 1.6741,
    "NZD": 1.8579,
    "CAD": 1.5019,
    "BRL": 6.0712,
    "MXN": 21.2191,
    "CNY": 7.5782,
    "HKD": 8.0980,
    "INR": 90.9710,
    "IDR": 17228.17,
    "ILS": 3.7457,
    "KRW": 1519.92,
    "MYR": 4.6459,
    "PHP": 60.355,
    "SGD": 1.4037,
    "THB": 35.567,
    "ZAR": 19.1917,
}
"""Units of each currency per euro (ISO 4217 codes)."""

BASE = "USD"


def to_usd(amount: float, currency: str | None) -> float | None:
    """`amount` in US dollars at the table's rates; None for a currency the table does not hold."""
    per_euro = PER_EURO.get((currency or "").upper())
    if per_euro is None:
        return None
    return amount / per_euro * PER_EURO[BASE]


def rates_note() -> str:
    """The line a briefing prints under converted figures: where the rates come from, and when."""
    return f"≈: converted to US dollars at the {RATES_SOURCE} of {RATES_DATE:%d %B %Y}."
