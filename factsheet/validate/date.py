"""Date check: a fact's date must be one the text gives, resolved the way the text points.

Which Friday, or which year's "April 5th", depends on the direction the text gives: a
held meeting, a tariff in force or a deadline the text recalls ("it gave TikTok a
deadline of April 5th") look back; a scheduled meeting or a deadline still running look
forward. A date stated in the quote, its sentence or the neighbouring sentences of its
paragraph supports the fact; so does the same day stated elsewhere in the article when
the fact's own surroundings give none. A date is changed only when the quote or its
sentence states one other day; it is flagged when they state several, or when the
article is silent on it.
"""

from __future__ import annotations

import datetime as dt
import re

from factsheet.models import Article, FactBase
from factsheet.parsing.dates import Direction, date_phrases, resolve
from factsheet.validate.findings import Findings
from factsheet.validate.text import Scope

DATE_FIELDS = {"meeting": "date", "deadline": "due", "tariff": "effective"}

_FUTURE = re.compile(
    r"\b(?:will|would|shall|going\s+to|is\s+to|are\s+to|due|until|till|by|before|next|coming|upcoming|"
    r"expected|expects?|scheduled|plans?|planned|set\s+to|must|has|have|faces?|later|deadline\s+is)\b|'ll\b|’ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:gave|had|was|were|did|expired|ended|passed|lapsed|missed|previously|initially|originally|"
    r"earlier|ago|last|recalled|set|imposed|took|went|came|held|met|spoke|talked|signed|agreed)\b",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(
    r"^\W*(?:last|next|this|coming|past|previous)?\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)(?:'s|’s)?\W*$",
    re.IGNORECASE,
)


def direction(fact: FactBase, clause: str) -> Direction:
    """Which way a date without a year or week points: back for what has happened, forward
    for what is still to come; for a deadline, the tense of the text decides."""
    if fact.kind == "meeting":
        return "past" if fact.status == "held" else "future"
    if fact.kind == "tariff":
        return "past" if fact.status == "in_force" else "future"
    if _PAST.search(clause) and not _FUTURE.search(clause):
        return "past"
    return "future"


def readings(fact: FactBase, text: str, published: dt.date | None) -> tuple[list[str], set[dt.date]]:
    """The date phrases of `text` and the days they can name for this fact.

    A weekday names one day, in the fact's direction; a calendar date without a year may
    be read in either year around publication (a week's error never looks like a year's)."""
    phrases = [text[s:e].strip() for s, e in date_phrases(text)]
    way = direction(fact, text)
    days: set[dt.date] = set()
    for phrase in phrases:
        ways: tuple[Direction, ...] = (way,) if _WEEKDAY_ONLY.match(phrase) else (way, "past", "future")
        days |= {d for w in ways if (d := resolve(phrase, published, w))}
    return phrases, days


def check_date(fact: FactBase, article: Article, scope: Scope) -> Findings:
    findings = Findings()
    name = DATE_FIELDS.get(fact.kind)
    value: dt.date | None = getattr(fact, name) if name else None
    if name is None or value is None:
        return findings
    text, published = article.text, article.published
    near: list[tuple[str, list[str], set[dt.date]]] = []
    for label, (left, right) in (
        ("quote", scope.quote),
        ("sentence", scope.sentence),
        ("neighbours", scope.neighbours),
    ):
        phrases, days = readings(fact, text[left:right], published)
        if value in days:
            return findings
        near.append((label, phrases, days))
    for label, phrases, _days in near[:2]:
        if not phrases:
            continue
        left, right = scope.quote if label == "quote" else scope.sentence
        stated = {
            d
            for p in phrases
            if (d := resolve(p, published, direction(fact, text[left:right])))
        }
        if len(stated) == 1:
            new = next(iter(stated))
            findings.change(
                fact,
                name,
                new,
                f"{', '.join(phrases)!s} in the {label} resolves to {new:%A} {new.isoformat()} "
                f"from publication on {published}",
                "date_corrected",
            )
        else:
            findings.flag(
                "date_mismatch",
                f"{name}: {value.isoformat()} does not match the date words of the {label} ({', '.join(phrases)})",
            )
        return findings
    if near[2][1]:
        findings.flag(
            "date_mismatch",
            f"{name}: {value.isoformat()} does not match the dates of the neighbouring sentences "
            f"({', '.join(near[2][1])})",
        )
        return findings
    _phrases, anywhere = readings(fact, text, published)
    if value in anywhere:
        return findings
    findings.flag("date_not_stated", f"{name}: {value.isoformat()} is not stated in the article")
    return findings
