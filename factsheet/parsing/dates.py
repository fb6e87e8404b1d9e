"""Date words resolved against an article's publication date.

News dates things relative to the day it was written ("on Tuesday", "Friday's
deadline", "within 90 days"). Which Friday depends on the tense: a deadline or a
scheduled meeting looks forward, a held meeting looks back. Anything that does not
pin a single day ("last week", "in June 2021", "the coming days") resolves to None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from factsheet.parsing.numbers import parse_number

Direction = Literal["past", "future", "nearest"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WEEKDAY = re.compile(
    r"\b(?P<mod>last|next|this|coming|past|previous)?\s*(?P<weekday>" + "|".join(WEEKDAYS) + r")(?:'s|’s)?\b",
    re.IGNORECASE,
)
_WITHIN = re.compile(
    r"\b(?:within|in|after)\s+(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"thirty|sixty|ninety)\s+(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
_COUNT_WORDS = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty|sixty|ninety"
# "gave Putin 50 days to reach a deal": time granted for a task counts from publication.
_GRANTED = re.compile(
    r"\b(?:give|gives|gave|given|giving|grant|grants|granted|allow|allows|allowed)\s+"
    r"(?:[\w.'’-]+\s+){0,3}?(?P<n>" + _COUNT_WORDS + r")\s+(?P<unit>days?|weeks?)\s+to\b",
    re.IGNORECASE,
)
_RELATIVE_DAY = re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)

DATE_WORDS = re.compile(
    "|".join(
        re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
        for p in (_MONTH_DAY, _DAY_MONTH, _ISO_DATE, _WEEKDAY, _WITHIN, _GRANTED, _RELATIVE_DAY)
    ),
    re.IGNORECASE,
)


def resolve(text: str, published: dt.date | None, direction: Direction = "nearest") -> dt.date | None:
    """The single day that `text` names, or None when it names no single day.

    Absolute dates need no publication date; relative ones do.
    """
    if m := _ISO_DATE.search(text):
        return _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        if m := pattern.search(text):
            return _calendar_date(m, published, direction)
    if published is None:
        return None
    if m := _RELATIVE_DAY.search(text):
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()]
        return published + dt.timedelta(days=offset)
    if m := _WITHIN.search(text) or _GRANTED.search(text):
        count = int(parse_number(m["n"]) or 0)
        days = count * (7 if m["unit"].lower().startswith("week") else 1)
        return published + dt.timedelta(days=days)
    if m := _WEEKDAY.search(text):
        return _weekday(m, published, direction)
    return None


def _weekday(m: re.Match[str], published: dt.date, direction: Direction) -> dt.date:
    target = WEEKDAYS.index(m["weekday"].lower())
    modifier = (m["mod"] or "").lower()
    ahead = (target - published.weekday()) % 7  # 0..6 days forward
    behind = (published.weekday() - target) % 7  # 0..6 days back
    if modifier in ("last", "past", "previous"):
        return published - dt.timedelta(days=behind or 7)
    if modifier in ("next", "coming"):
        return published + dt.timedelta(days=ahead or 7)
    if direction == "future":
        return published + dt.timedelta(days=ahead)
    if direction == "past":
        return published - dt.timedelta(days=behind)
    return published + dt.timedelta(days=ahead) if ahead <= behind else published - dt.timedelta(days=behind)


def _calendar_date(m: re.Match[str], published: dt.date | None, direction: Direction) -> dt.date | None:
    month = MONTHS[m["month"].lower().rstrip(".")]
    day = int(m["day"])
    if m["year"]:
        return _safe_date(int(m["year"]), month, day)
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    # Without a year, choose the year that puts the date on the expected side of publication.
    if direction == "future" and candidate < published - dt.timedelta(days=60):
        return _safe_date(published.year + 1, month, day)
    if direction == "past" and candidate > published + dt.timedelta(days=60):
        return _safe_date(published.year - 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are date words, for showing and checking them."""
    return [m.span() for m in DATE_WORDS.finditer(text)]
