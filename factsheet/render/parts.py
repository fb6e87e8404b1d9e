"""The pieces a briefing is made of, and the formatting every kind's section shares.

Kind modules build their sections from these (`factsheet.kinds.*.sections`); the
briefing view (`render.context`) assembles them. Nothing here knows a kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from factsheet.models import Event

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥"}


@dataclass
class Row:
    cells: list[str]
    refs: list[int]
    quote: str
    conflict: str | None = None
    status: str = "verified"
    more_refs: int = 0  # sources of the event not numbered in the row ("+12")
    event: Event | None = field(default=None, repr=False, compare=False)


@dataclass
class Section:
    kind: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)
    chart: str = ""  # inline SVG drawn by factsheet (labels escaped)


@dataclass
class GlanceItem:
    label: str
    value: str
    detail: str
    refs: list[int]
    more_refs: int = 0


@dataclass
class SourceEntry:
    number: int
    id: str
    title: str
    outlet: str
    published: str
    url: str | None
    quotes: list[str] = field(default_factory=list)


def money(amount: float | None, currency: str | None) -> str:
    """$1.2 bn, €200 m, £35,000: short, with the currency kept."""
    if amount is None:
        return "amount not given"
    sign = _CURRENCY_SIGNS.get(currency or "", "")
    suffix = "" if sign else f" {currency or ''}".rstrip()
    for scale, unit in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if amount >= scale:
            return f"{sign}{amount / scale:,.1f}".replace(".0", "") + unit + suffix
    return f"{sign}{amount:,.0f}{suffix}"


def headcount(count: float) -> str:
    """12, 1,250, 6.4 million: exact below a million, readable above it."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:,.1f}".removesuffix(".0") + " million"
    return f"{count:,.0f}"


def day(value: dt.date | None) -> str:
    return f"{value:%a %d %b %Y}" if value else "—"


def days_left(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return "date open"
    delta = (due - today).days
    if delta < 0:
        return f"overdue by {-delta} d"
    if delta == 0:
        return "today"
    return f"in {delta} d"


def qualifier(q: str | None) -> str:
    return {"more_than": "more than ", "at_least": "at least ", "about": "about ", "up_to": "up to "}.get(
        q or "", ""
    )


def label(value: str | None) -> str:
    return (value or "—").replace("_", " ")



class BriefingParts(Protocol):
    """What a kind's section builder may ask of the briefing being drawn."""

    date: dt.date

    def row(self, event: Event, cells: list[str]) -> Row:
        """A table row for `event`, citing its sources (and listing their quotes under Sources)."""
        ...

    def refs(self, event: Event) -> list[int]:
        """The source numbers of `event`, for superscript references."""
        ...
