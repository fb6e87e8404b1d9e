"""Meeting: a meeting, summit, call or talks between named parties."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet import places
from factsheet.kinds.matching import surname, surnames
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.render.parts import BriefingParts, GlanceItem, Section, day, label, tidy


class Meeting(FactBase):
    """A meeting, summit, call or talks between named parties."""

    kind: Literal["meeting"] = "meeting"
    participants: list[str] = Field(description="Canonical names or bodies, sorted.")
    location: str | None = None
    date: dt.date | None = None
    mode: Literal["in_person", "phone", "video", "unknown"] = "unknown"
    status: Literal["held", "scheduled", "proposed", "cancelled"] = "held"


def _phase(fact: Meeting) -> str:
    return "held" if fact.status == "held" else "upcoming"


def _side(participant: str) -> str:
    """The country a known person speaks for, a country in one spelling, else the surname."""
    side = places.side(participant)
    return side if side != " ".join(participant.casefold().split()) else surname(participant)


def event_key(fact: Meeting) -> tuple[object, ...]:
    """The sides at the table (a known person counts as the country they speak for, anyone else by
    surname) + held/upcoming + date (last, so an undated report can join). Talks "with Russia" and
    "with Putin" share a key; `identity` then tells Putin from Dmitriev."""
    names = tuple(sorted({_side(p) for p in fact.participants}))
    return ("meeting", names, _phase(fact), fact.date.isoformat() if fact.date else None)


_VAGUE_TIME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:19|20)\d\d|last\s+(?:week|month|year)|years?\s+ago|months?\s+ago)\b",
    re.IGNORECASE,
)


def _vague_time(fact: Meeting) -> bool:
    """An undated meeting whose quote still places it in time ("last February", "in 2021")."""
    return bool(_VAGUE_TIME.search(fact.quote))


def same_mention(a: Meeting, b: Meeting) -> bool:
    """Same participants, both held (or both upcoming), and dates that do not contradict."""
    dates_agree = a.date == b.date or (
        (a.date is None and not _vague_time(a)) or (b.date is None and not _vague_time(b))
    )
    return a.participants == b.participants and _phase(a) == _phase(b) and dates_agree


def told_apart(a: Meeting, b: Meeting) -> bool:
    """Reports of two articles that agree on who and when, but not on how a meeting that took
    place was held: an undated phone call is not a dated summit. (The way a meeting ahead will
    be held is often unsettled, and one article's two mentions are compared by `same_mention`.)"""
    modes = {a.mode, b.mode} - {"unknown"}
    undated = a.date is None or b.date is None
    return len(modes) == 2 and undated and "held" in (a.status, b.status)


def keys_agree(gold: Meeting, pred: Meeting) -> bool:
    return surnames(gold.participants) == surnames(pred.participants)


def describe(fact: Meeting) -> str:
    """ "Donald Trump – Vladimir Putin": who met (lists add the status and date: `desk.since_last.phrase`)."""
    return " – ".join(tidy(p) for p in fact.participants) or "participants not stated"


def _describe_key(fact: Meeting) -> str:
    return f"{', '.join(fact.participants)} [{fact.status}, {fact.mode}, {fact.date}]"


def _m(event: Event) -> Meeting:
    fact = event.fact
    assert isinstance(fact, Meeting)
    return fact


def _mode(fact: Meeting) -> str:
    return "—" if fact.mode == "unknown" else label(fact.mode)


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    """Upcoming and proposed first (soonest first), then held ones, newest first."""
    held = sorted(
        (e for e in events if _m(e).status == "held"),
        key=lambda e: (_m(e).date or dt.date.min, parts.as_of(e)),
        reverse=True,
    )
    upcoming = sorted((e for e in events if _m(e).status != "held"), key=lambda e: _m(e).date or dt.date.max)
    columns = ["Participants", "Date", "Place", "Mode", "Status"]
    return [
        Section(
            "meeting",
            KIND.title,
            columns,
            [
                parts.row(
                    e,
                    [
                        ", ".join(tidy(p) for p in _m(e).participants) or "not stated",
                        day(_m(e).date),
                        tidy(_m(e).location) if _m(e).location else "—",
                        _mode(_m(e)),
                        label(_m(e).status),
                    ],
                )
                for e in subset
            ],
            subtitle=subtitle,
        )
        for subset, subtitle in ((upcoming, "Upcoming and proposed"), (held, "Held, newest first"))
    ]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    if not events:
        return []
    held = sum(_m(e).status == "held" for e in events)
    value = f"{held} held · {len(events) - held} ahead"
    latest = max((parts.as_of(e) for e in events), default="")
    return [GlanceItem("Meetings", value, "talks, calls and summits reported", [], as_of=latest)]


def _names(participants: list[str]) -> str:
    names = [tidy(p) for p in participants]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def lead(event: Event, parts: BriefingParts) -> str | None:
    """ "Donald Trump and Vladimir Putin met in Anchorage on Fri 15 Aug 2025" and the like."""
    fact = _m(event)
    if not fact.participants:
        return None
    who = _names(fact.participants)
    where = f" in {tidy(fact.location)}" if fact.location else ""
    on = f" on {day(fact.date)}" if fact.date else ""
    if fact.status == "held":
        how = {"phone": " by phone", "video": " by video"}.get(fact.mode, "")
        verb = "spoke" if how else "met"
        return f"{who} {verb}{how}{where}{on}"
    if fact.status == "scheduled":
        return f"{who} are scheduled to meet{where}{on}"
    if fact.status == "cancelled":
        return f"A meeting of {who}{where}{on} was cancelled"
    return f"A meeting of {who}{where}{on} has been proposed"


PROMPT = """\
- meeting: a meeting, summit, call or talks between named parties. participants (canonical full names,
  sorted), location, date, mode (in_person | phone | video | unknown),
  status (held | scheduled | proposed | cancelled)."""

KIND: KindSpec[Meeting] = KindSpec(
    name="meeting",
    order=50,
    model=Meeting,
    title="Meetings and talks",
    sheet="Meetings",
    describe=describe,
    describe_key=_describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"participants"}),
    prompt=PROMPT,
    roles=FieldRoles(
        parties=("participants",),
        places=("location",),
        dates=("date",),
        looks_back=lambda fact: fact.status == "held",
    ),
    identity_fields=("participants", "location"),
    told_apart=told_apart,
    sections=sections,
    glance=glance,
    lead=lead,
    join_undated=True,
    timed=True,
    undated_days=30,  # a meeting reported as held without a time is recent, not last year's
    status_order=("proposed", "scheduled", "held"),
    offline_rules="factsheet.extraction.offline.meetings:find_meetings",
)


def register_kinds(register: Callable[[KindSpec[Meeting]], None]) -> None:
    register(KIND)
