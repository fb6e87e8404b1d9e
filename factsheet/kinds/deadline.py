"""Deadline: a date by which something must happen or a consequence follows.

A tariff's plain start date is the tariff's `effective` field, not a deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet.kinds.matching import folded, overlaps
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.render.parts import BriefingParts, GlanceItem, Section, clip, day, days_left, named, tidy

_DURATION = re.compile(r"\b(?:days?|weeks?|months?|hours?|years?)\b", re.IGNORECASE)


class Deadline(FactBase):
    """A date or time by which something must happen or a consequence follows."""

    kind: Literal["deadline"] = "deadline"
    subject: str = Field(description="What must happen / what follows.")
    set_by: str | None = None
    due: dt.date | None = None
    due_text: str | None = Field(default=None, description='The words of the text, e.g. "Friday".')


def event_key(fact: Deadline) -> tuple[object, ...]:
    """Who set it, then the due date (last, so an undated mention can join a dated deadline)."""
    return ("deadline", folded(fact.set_by), fact.due.isoformat() if fact.due else None)


def same_mention(a: Deadline, b: Deadline) -> bool:
    return (a.due or a.due_text) == (b.due or b.due_text)


def covered_by(fact: Deadline, other: Deadline) -> bool:
    """An undated mention of a deadline the article dates elsewhere ("the deadline", "Friday's
    deadline") is that deadline; an undated one with its own duration ("within three to four
    days") is a deadline of its own."""
    if fact.due is not None or other.due is None:
        return False
    return not (fact.due_text and _DURATION.search(fact.due_text))


def keys_agree(gold: Deadline, pred: Deadline) -> bool:
    if gold.due is not None:
        return pred.due == gold.due
    return overlaps(gold.due_text, pred.due_text)


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(events, key=lambda e: _d(e).due or dt.date.max)
    rows = [
        parts.row(
            e,
            [
                day(_d(e).due)
                if _d(e).due
                else (tidy(_d(e).due_text) if _d(e).due_text else "date not stated"),
                days_left(_d(e).due, parts.date),
                tidy(_d(e).subject),
                named(_d(e).set_by),
            ],
        )
        for e in ordered
    ]
    return [Section("deadline", KIND.title, ["Due", "When", "What", "Set by"], rows)]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    upcoming = [(due, e) for e in events if (due := _d(e).due) is not None and due >= parts.date]
    if not upcoming:
        return []
    due, e = min(upcoming, key=lambda pair: pair[0])
    detail = f"{day(due)}: {clip(_d(e).subject, 90)}"
    return [
        GlanceItem("Next deadline", days_left(due, parts.date), detail, parts.refs(e), as_of=parts.as_of(e))
    ]


def lead(event: Event, parts: BriefingParts) -> str | None:
    """ "Deadline Fri 08 Aug 2025, set by Donald Trump: Russia to agree to a ceasefire" (an open one only)."""
    fact = _d(event)
    if fact.due is None or fact.due < parts.date:
        return None
    by = f", set by {tidy(fact.set_by)}" if fact.set_by else ""
    return f"Deadline {day(fact.due)}{by}: {clip(fact.subject, 140)}"


def _d(event: Event) -> Deadline:
    fact = event.fact
    assert isinstance(fact, Deadline)
    return fact


def _describe_key(fact: Deadline) -> str:
    return f"due {fact.due} ({fact.due_text})"


PROMPT = """\
- deadline: a date by which something must happen or a consequence follows.
  subject, set_by (canonical name or body), due (YYYY-MM-DD or null), due_text (the words)."""


def _describe(fact: Deadline) -> str:
    """ "Fri 08 Aug 2025: Russia to agree to a ceasefire" (the subject cut at a word, never mid-word)."""
    when = day(fact.due) if fact.due else (tidy(fact.due_text) if fact.due_text else "date not stated")
    return f"{when}: {clip(fact.subject, 160)}"


KIND: KindSpec[Deadline] = KindSpec(
    name="deadline",
    order=10,
    model=Deadline,
    title="Deadlines",
    sheet="Deadlines",
    describe=_describe,
    describe_key=_describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"due", "due_text"}),
    prompt=PROMPT,
    roles=FieldRoles(parties=("set_by",), dates=("due",)),
    identity_fields=(),
    sections=sections,
    glance=glance,
    lead=lead,
    covered_by=covered_by,
    join_undated=True,
    undated_identity_fields=("subject",),
    offline_rules="factsheet.extraction.offline.deadlines:find_deadlines",
)


def register_kinds(register: Callable[[KindSpec[Deadline]], None]) -> None:
    register(KIND)
