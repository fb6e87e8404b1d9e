"""The pieces a briefing is made of, and the formatting every kind's section shares.

Kind modules build their sections from these (`factsheet.kinds.*.sections`); the
briefing view (`render.context`) assembles them. Nothing here knows a kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from factsheet.models import Event

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥"}


@dataclass
class Cited:
    """A figure and the source numbers of the reports that state it."""

    text: str
    refs: list[int]


@dataclass
class Row:
    cells: list[str]
    refs: list[int]
    quote: str
    conflict: str | None = None
    status: str = "verified"
    more_refs: int = 0  # sources of the event not numbered in the row ("+12")
    event: Event | None = field(default=None, repr=False, compare=False)
    others: list[Cited] = field(default_factory=list)
    """Earlier or disagreeing figures of the event, each with the sources that state it."""
    reports: str = ""
    """How many reports from how many outlets ("3 reports · 2 outlets"); wire copies count once."""


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
    as_of: str = ""
    """The publication date of the newest report behind the figure ("as of Wed 06 Aug")."""
    others: list[Cited] = field(default_factory=list)


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
    """ "today", "tomorrow", "in 3 days", "yesterday", "5 days ago"; "date open" without a date."""
    if due is None:
        return "date open"
    return when(due, today)


def when(date: dt.date, today: dt.date) -> str:
    delta = (date - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def figure(fact: Any, value: float | None = None) -> str:
    """The fact's key figure (or `value` in its unit) as a reader reads it: 25%, $1.2 bn, 1,250."""
    from factsheet.kinds import get

    roles = get(fact.kind).roles
    if value is None:
        raw = getattr(fact, roles.figure, None) if roles.figure else None
        value = float(raw) if isinstance(raw, int | float) else None
    if value is None:
        return "figure not given"
    if roles.figure_unit == "percent":
        return f"{value:g}%"
    if roles.figure_unit == "count":
        return headcount(value)
    if roles.figure_unit == "money":
        return money(value, getattr(fact, "currency", None))
    return f"{value:g}"


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")


def tidy(text: str | None) -> str:
    """Text as a reader expects it: no space before a comma ("steel , aluminum" → "steel, aluminum")."""
    if not text:
        return ""
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split()))


def clip(text: str, limit: int = 300) -> str:
    """`text` cut at a word boundary to at most `limit` characters, marked with "…" when cut.

    Never mid-word: a cut falls after the last whole word that fits (the full text is in
    the exports and briefing-full.md).
    """
    text = tidy(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    if cut <= 0:  # one word longer than the limit (a URL, a hostile run of letters): keep it whole
        return text
    return text[:cut].rstrip(" ,;:–—-") + " …"


def named(value: str | None, missing: str = "not stated") -> str:
    """A party's name, or "not stated": never a "?" placeholder."""
    return tidy(value) if value and value.strip() else missing


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

    def figure_refs(self, event: Event) -> list[int]:
        """The source numbers of the reports that state the figure the event shows."""
        ...

    def as_of(self, event: Event) -> str:
        """The publication date of the newest report behind the event's figure."""
        ...
