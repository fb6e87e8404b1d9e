"""Casualty: people killed, injured, displaced or missing, with where, when and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet import places
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.render.parts import BriefingParts, GlanceItem, Section, headcount, qualifier

OUTCOMES = ("killed", "injured", "displaced", "missing")


class Casualty(FactBase):
    """People killed, injured, displaced or missing."""

    kind: Literal["casualty"] = "casualty"
    count: int | None = Field(default=None, ge=0)
    count_qualifier: Literal["exact", "at_least", "more_than", "about"] | None = "exact"
    outcome: Literal["killed", "injured", "displaced", "missing"]
    location: str | None = None
    when_text: str | None = None
    cause: str | None = None
    part_of: str | None = Field(
        default=None,
        description="Set when the count is a breakdown of a larger count in the same article "
        '("622 killed, 250 of them in Kunar"; "including 40 children"): the id of the larger fact. '
        "A part is never an event total of its own and is never added to the total it is part of.",
    )


def event_key(fact: Casualty) -> tuple[object, ...]:
    """Outcome and place (one spelling per place); a breakdown is keyed apart from totals."""
    place = places.key(fact.location) if fact.location else ""
    return ("casualty", fact.outcome, place or fact.id, "part" if fact.part_of else "total")


def same_mention(a: Casualty, b: Casualty) -> bool:
    return (a.count, a.outcome) == (b.count, b.outcome)


def keys_agree(gold: Casualty, pred: Casualty) -> bool:
    return gold.count == pred.count and gold.outcome == pred.outcome


def describe(fact: Casualty) -> str:
    return f"{fact.outcome} in {fact.location or 'unspecified location'}"


def _describe_key(fact: Casualty) -> str:
    return f"{fact.count} {fact.outcome}"


def _c(event: Event) -> Casualty:
    fact = event.fact
    assert isinstance(fact, Casualty)
    return fact


def _count(event: Event) -> str:
    if event.conflict and event.low is not None and event.high is not None:
        return f"{headcount(event.low)}–{headcount(event.high)}"
    fact = _c(event)
    figure = headcount(fact.count) if fact.count is not None else "not given"
    return qualifier(fact.count_qualifier) + figure


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(events, key=lambda e: (_c(e).outcome, -(e.high or 0)))
    rows = [
        parts.row(
            e,
            [_c(e).outcome, _count(e), _c(e).location or "—", _c(e).when_text or "—", _c(e).cause or "—"],
        )
        for e in ordered
    ]
    return [Section("casualty", KIND.title, ["Outcome", "Count", "Where", "When", "Cause"], rows)]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    """One line per outcome: the total, as a range where sources disagree."""
    items: list[GlanceItem] = []
    for outcome in OUTCOMES:
        reports = [(count, e) for e in events if _c(e).outcome == outcome and (count := _c(e).count)]
        if not reports:
            continue
        low = sum(int(e.low if e.conflict and e.low is not None else count) for count, e in reports)
        high = sum(int(e.high if e.conflict and e.high is not None else count) for count, e in reports)
        value = headcount(low) if low == high else f"{headcount(low)}–{headcount(high)}"
        items.append(
            GlanceItem(
                outcome.capitalize(),
                value,
                f"across {len(reports)} reported event{'s' if len(reports) != 1 else ''}",
                sorted({r for _, e in reports for r in parts.refs(e)}),
            )
        )
    return items


PROMPT = """\
- casualty: people killed, injured, displaced or missing. count (integer), count_qualifier
  (exact | at_least | more_than | about), outcome (killed | injured | displaced | missing),
  location, when_text, cause."""

KIND: KindSpec[Casualty] = KindSpec(
    name="casualty",
    order=40,
    model=Casualty,
    title="Casualties",
    sheet="Casualties",
    describe=describe,
    describe_key=_describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"count", "outcome"}),
    prompt=PROMPT,
    roles=FieldRoles(
        figure_unit="count",
        figure="count",
        qualifier="count_qualifier",
        outcome="outcome",
        places=("location",),
    ),
    qualifier_stand_ins={"up_to": "about"},  # casualty counts have no "up to": an estimate
    identity_fields=("location",),
    timed=True,
    undated_days=7,
    derived_fields=("part_of",),  # a toll reported without a time is about the last week
    sections=sections,
    glance=glance,
    offline_rules="factsheet.extraction.offline.casualties:find_casualties",
)


def register_kinds(register: Callable[[KindSpec[Casualty]], None]) -> None:
    register(KIND)
