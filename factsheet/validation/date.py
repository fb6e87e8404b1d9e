"""Date check: a fact's date must be one the text gives, read the way the text points.

Which Friday, or which year's "April 5th", depends on the direction: a held meeting or
a tariff in force looks back, a scheduled meeting forward. A calendar date without a
year is read both ways ("it gave TikTok a deadline of April 5th", recalled in June, is
the April before), and so is a deadline's weekday: the text may recall one that has
passed. A date stated in the quote, its sentence or the neighbouring sentences of its
paragraph supports the fact; so does the same day stated elsewhere in the article,
unless the quote or its sentence names another day. A date is changed only to the one
day its own quote names; other date words around it raise a flag, and so does an
article silent on the date. A date stated anywhere in the quote's paragraph (its lead
sentence, typically) is supported even when a weekday near the quote names another event
("announced Monday"), unless the quote itself names a calendar date. A date the article
may state in a form the reader does not resolve ("1/10/2025") is "cannot tell": kept, with
a note.
"""

from __future__ import annotations

import datetime as dt
import re

from factsheet.models import Article, FactBase
from factsheet.parsing.dates import Direction, date_phrases, resolve
from factsheet.validation.findings import Findings, roles_of
from factsheet.validation.text import Scope

_WEEKDAY_ONLY = re.compile(
    r"^\W*(?:this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?\W*$",
    re.IGNORECASE,
)


def direction(fact: FactBase) -> Direction | None:
    """Which way a bare weekday points, where the fact itself says: back for a held meeting
    or a tariff in force, forward for one still to come. A deadline does not say (one set
    last week may be running or expired), so both ways are read for it."""
    looks_back = roles_of(fact).looks_back
    back = looks_back(fact) if looks_back else None
    if back is None:
        return None
    return "past" if back else "future"


def phrase_days(fact: FactBase, phrase: str, published: dt.date | None) -> set[dt.date]:
    """The days one date phrase can name for this fact.

    A bare weekday names one day in the fact's direction (both, for a deadline); a
    calendar date without a year may be read in either year around publication (a week's
    error never looks like a year's); "last Friday", "next Friday" and dated phrases name
    one day whatever the direction."""
    way = direction(fact)
    if _WEEKDAY_ONLY.match(phrase) and way is not None:
        ways: tuple[Direction, ...] = (way,)
    else:
        ways = ("past", "future")
    return {d for w in ways if (d := resolve(phrase, published, w))}


def readings(fact: FactBase, text: str, published: dt.date | None) -> tuple[list[str], list[set[dt.date]]]:
    """The date phrases of `text` and, for each, the days it can name for this fact."""
    phrases = [text[s:e].strip() for s, e in date_phrases(text)]
    return phrases, [phrase_days(fact, p, published) for p in phrases]


def check_date(fact: FactBase, article: Article, scope: Scope) -> Findings:
    findings = Findings()
    dates = roles_of(fact).dates
    name = dates[0] if dates else None
    value: dt.date | None = getattr(fact, name) if name else None
    if name is None or value is None:
        return findings
    text, published = article.text, article.published
    near: list[tuple[str, list[str], list[set[dt.date]]]] = []
    for label, (left, right) in (
        ("quote", scope.quote),
        ("sentence", scope.sentence),
        ("neighbours", scope.neighbours),
    ):
        phrases, days = readings(fact, text[left:right], published)
        if any(value in d for d in days):
            return findings
        near.append((label, phrases, days))
    _phrases, paragraph_days = readings(fact, text[scope.paragraph[0] : scope.paragraph[1]], published)
    if any(value in d for d in paragraph_days) and not _calendar_date_in(near[0][1]):
        return findings  # stated in the paragraph (its lead, say); a weekday near the quote is another event
    _all_phrases, anywhere = readings(fact, text, published)
    for label, phrases, days in near[:2]:
        if not phrases:
            continue
        if label == "sentence" and not _calendar_date_in(phrases) and any(value in d for d in anywhere):
            return findings  # "announced on Monday" beside the quote; the article states the date
        stated = {next(iter(d)) for d in days if len(d) == 1}
        if label == "quote" and len(stated) == 1 and all(len(d) <= 1 for d in days):
            new = next(iter(stated))
            findings.change(
                fact,
                name,
                new,
                f"{', '.join(phrases)} in the {label} names {new:%A} {new.isoformat()} "
                f"(published {published})",
                "date_corrected",
            )
        else:
            findings.flag(
                "date_mismatch",
                f"{name}: {value.isoformat()} does not match the date words of the {label} "
                f"({', '.join(phrases)})",
            )
        return findings
    if any(value in d for d in anywhere):
        return findings
    if near[2][1]:
        findings.flag(
            "date_mismatch",
            f"{name}: {value.isoformat()} does not match the dates of the neighbouring sentences "
            f"({', '.join(near[2][1])})",
        )
        return findings
    if form := _unread_form(value, text):
        findings.note(
            "cannot_tell_date",
            f"{name}: {value.isoformat()} may be {form!r}, a date form the checker does not read",
        )
        return findings
    findings.flag("date_not_stated", f"{name}: {value.isoformat()} is not stated in the article")
    return findings


def _calendar_date_in(phrases: list[str]) -> bool:
    """Does any of the phrases name a day of a month (not just a weekday or a span)?"""
    return any(re.search(r"\d", p) and re.search(r"[A-Za-z]{3}", p) for p in phrases) or any(
        re.fullmatch(r"\d{4}-\d\d-\d\d", p) for p in phrases
    )


def _unread_form(value: dt.date, text: str) -> str | None:
    """A form of `value` the date reader does not resolve: numeric ("1/10/2025", "10.1.") or
    an ordinal in words ("the first of October")."""
    day, month = value.day, value.month
    numeric = rf"(?<![\d/.])(?:0?{day}[./]0?{month}|0?{month}/0?{day})(?:[./](?:20)?\d\d)?(?![\d/])"
    if m := re.search(numeric, text):
        return m.group(0)
    ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    if day <= len(ordinals):
        month_name = value.strftime("%B")
        words = rf"\b(?:the\s+)?{ordinals[day - 1]}\s+(?:of\s+)?{month_name}\b"
        if m := re.search(words, text, re.IGNORECASE):
            return m.group(0)
    return None
