"""When a reported event happened (or will), as a span of days, so that time can tell two events apart.

A fact's span is read, in this order, from:

- the kind's date fields (`FieldRoles.dates`): one day;
- a deadline-like wording of a duration counted from the article's date ("about 10 or
  12 days" in an article of July 28: August 7 to 9);
- the time words of the fact (`when_text`, else its quote): "August 28", "last February",
  "in June 2021", "last week", "the past 24 hours";
- nothing stated: before the article's date for a report of something past (a held
  meeting, a toll), after it for something ahead (a proposed meeting), limited to the
  kind's `undated_days` when it declares them.

Two facts can be one event only when their spans overlap (`overlap`), give or take a day
for time zones and "overnight".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from factsheet.kinds.spec import KindSpec
from factsheet.models import FactBase

Span = tuple[dt.date, dt.date]
SLACK = dt.timedelta(days=1)
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_FULL = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}(?:,?\s+((?:19|20)\d\d))?\b", re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d))?", re.IGNORECASE
)
_MONTH_ONLY = re.compile(rf"\b(?:(last|this|next)\s+)?{_FULL}(?:\s+((?:19|20)\d\d))?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|of)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:(?:about|around|some|within|in)\s+)?(\d{1,3})(?:\s*(?:or|to|-|–)\s*(\d{1,3}))?\s+(day|week)s?\b",
    re.IGNORECASE,
)
_RECENT = re.compile(
    r"\b(?:yesterday|overnight|today|tonight|last\s+night|(?:the\s+)?(?:last|past)\s+(?:day|24\s+hours))\b",
    re.IGNORECASE,
)
_LAST_WEEK = re.compile(r"\blast\s+week\b", re.IGNORECASE)
_LAST_MONTH = re.compile(r"\blast\s+month\b", re.IGNORECASE)
_LONG_AGO = re.compile(r"\b(?:years?|months?)\s+ago\b", re.IGNORECASE)
_PAST_STATUS = frozenset({"held", "in_force", "delivered", "approved"})


def looks_back(fact: FactBase, spec: KindSpec[Any]) -> bool:
    """Whether the fact reports something past (default) rather than ahead."""
    status = getattr(fact, "status", None)
    if spec.status_order and status is not None:
        return status in _PAST_STATUS
    return spec.roles.looks_back(fact) is not False if spec.roles.looks_back else True


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> Span:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _closest_year(month: int, published: dt.date, back: bool) -> int:
    """The year of a month named without one: the last such month for the past, the next for ahead."""
    year = published.year
    if back and month > published.month:
        return year - 1
    if not back and month < published.month:
        return year + 1
    return year


def words_span(text: str, published: dt.date | None, back: bool) -> Span | None:
    """The span the time words of `text` give, read against the article's date."""
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.search(text)
        if match is None:
            continue
        month = _MONTHS[match.group(month_group).casefold().rstrip(".")]
        if match.group(3):
            year = int(match.group(3))
        elif published is not None:
            year = _closest_year(month, published, back)
        else:
            continue
        day = _day(year, month, int(match.group(day_group)))
        if day is not None:
            return day, day
    for match in _MONTH_ONLY.finditer(text):
        relative, name, year_text = match.group(1), match.group(2).casefold().rstrip("."), match.group(3)
        if name == "may" and not relative and not year_text:
            continue  # "may" the verb
        month = _MONTHS[name]
        if year_text:
            return _month_span(int(year_text), month)
        if published is None:
            break
        relative = (relative or "").casefold()
        toward = back if relative not in ("last", "next") else relative == "last"
        return _month_span(_closest_year(month, published, toward), month)
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if published is None:
        return None
    if _RECENT.search(text):
        return published - dt.timedelta(days=2), published
    if _LAST_WEEK.search(text):
        return published - dt.timedelta(days=14), published - dt.timedelta(days=1)
    if _LAST_MONTH.search(text):
        last = published.replace(day=1) - dt.timedelta(days=1)
        return _month_span(last.year, last.month)
    if _LONG_AGO.search(text):
        return dt.date.min, published - dt.timedelta(days=28)
    return None


def duration_span(text: str | None, published: dt.date | None) -> Span | None:
    """A duration counted from the article's date ("10 or 12 days" → that many days later)."""
    if not text or published is None:
        return None
    match = _DURATION.search(text)
    if not match:
        return None
    unit = 7 if match.group(3).casefold() == "week" else 1
    low = int(match.group(1)) * unit
    high = int(match.group(2) or match.group(1)) * unit
    return published + dt.timedelta(days=low), published + dt.timedelta(days=max(low, high))


def span(fact: FactBase, spec: KindSpec[Any], published: dt.date | None) -> Span | None:
    """When the fact's event happened or is due, as far as the fact and its article's date say."""
    for name in spec.roles.dates:
        value = getattr(fact, name, None)
        if isinstance(value, dt.date):
            return value, value
    back = looks_back(fact, spec)
    for name in spec.roles.dates:
        stated = duration_span(getattr(fact, f"{name}_text", None), published)
        if stated is not None:
            return stated
    if not spec.timed:
        return None
    text = getattr(fact, "when_text", None) or fact.quote
    stated = words_span(text, published, back)
    if stated is not None:
        return stated
    if published is None:
        return None
    if back:
        start = published - dt.timedelta(days=spec.undated_days) if spec.undated_days else dt.date.min
        return start, published
    return published, dt.date.max


def overlap(a: Span | None, b: Span | None) -> bool:
    """Spans that can be the same time (an unknown span is compatible with any)."""
    if a is None or b is None:
        return True
    return _shift(a[0], -SLACK) <= b[1] and _shift(b[0], -SLACK) <= a[1]


def _shift(day: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return day + delta
    except OverflowError:
        return day


def distance(a: Span | None, b: Span | None) -> int:
    """Days between two spans (0 when they overlap or one is unknown): the nearer event is the likelier."""
    if a is None or b is None or overlap(a, b):
        return 0
    gap = b[0] - a[1] if a[1] < b[0] else a[0] - b[1]
    return gap.days
