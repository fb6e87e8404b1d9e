"""Casualty: people killed, injured, displaced or missing, with where, when and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet import places
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.render.parts import BriefingParts, GlanceItem, Section, headcount, named, qualifier, tidy

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
    """ "killed in Kherson: at least 12": what happened, where, and the count."""
    count = (
        qualifier(fact.count_qualifier) + headcount(fact.count)
        if fact.count is not None
        else "number not given"
    )
    return f"{fact.outcome} in {named(fact.location, 'a place not stated')}: {count}"


def _describe_key(fact: Casualty) -> str:
    return f"{fact.count} {fact.outcome}"


def _c(event: Event) -> Casualty:
    fact = event.fact
    assert isinstance(fact, Casualty)
    return fact


def _count(event: Event) -> str:
    if event.conflict and event.low is not None and event.high is not None and event.low != event.high:
        return f"{headcount(event.low)}–{headcount(event.high)}"
    fact = _c(event)
    figure = headcount(fact.count) if fact.count is not None else "not given"
    return qualifier(fact.count_qualifier) + figure


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(events, key=lambda e: (_c(e).outcome, -(e.high or 0)))
    rows = [
        parts.row(
            e,
            [
                _c(e).outcome,
                _count(e),
                named(_c(e).location),
                tidy(_c(e).when_text) if _c(e).when_text else "—",
                tidy(_c(e).cause) if _c(e).cause else "—",
            ],
        )
        for e in ordered
    ]
    return [Section("casualty", KIND.title, ["Outcome", "Count", "Where", "When", "Cause"], rows)]


def _best(event: Event) -> tuple[int, int]:
    """The event's best figure as (low, high): the latest report for an update, the range for a conflict."""
    if event.conflict and event.low is not None and event.high is not None:
        return int(event.low), int(event.high)
    count = _c(event).count or 0
    return count, count


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    """One line per outcome: the sum over distinct events of each event's best figure (never over reports).

    Where the reports of one event disagree on the same day, the total is a range and says so.
    A breakdown ("250 of them in Kunar", `part_of` set) is part of another event's figure:
    never added to the total.
    """
    items: list[GlanceItem] = []
    for outcome in OUTCOMES:
        counted = [e for e in events if _c(e).outcome == outcome and _c(e).count and not _c(e).part_of]
        if not counted:
            continue
        low = sum(_best(e)[0] for e in counted)
        high = sum(_best(e)[1] for e in counted)
        value = headcount(low) if low == high else f"{headcount(low)}–{headcount(high)}"
        detail = f"sum over {len(counted)} distinct event{'s' if len(counted) != 1 else ''}"
        disputed = sum(1 for e in counted if _best(e)[0] != _best(e)[1])
        if disputed:
            detail += f"; a range: reports of {disputed} disagree"
        if len(counted) > 1:
            detail += " (" + ", ".join(f"{_count(e)} in {named(_c(e).location)}" for e in counted[:3])
            detail += ", …)" if len(counted) > 3 else ")"
        refs = sorted({r for e in counted for r in parts.figure_refs(e)})
        latest = max((parts.as_of(e) for e in counted), default="")
        items.append(GlanceItem(outcome.capitalize(), value, detail, refs, as_of=latest))
    return items


def lead(event: Event, parts: BriefingParts) -> str | None:
    """ "At least 12 people were killed in Kherson" (a range where reports disagree)."""
    fact = _c(event)
    if fact.count is None:
        return None
    low, high = _best(event)
    if low != high:
        count = f"Between {headcount(low)} and {headcount(high)} people"
    else:
        count = (qualifier(fact.count_qualifier) + headcount(fact.count)).capitalize()
        count += " person" if fact.count == 1 else " people"
    verb = {"missing": "are missing", "displaced": "have been displaced"}.get(fact.outcome)
    verb = verb or ("was " if low == high == 1 else "were ") + fact.outcome
    where = f" in {tidy(fact.location)}" if fact.location else ""
    cause = f" ({tidy(fact.cause)})" if fact.cause and len(fact.cause) <= 60 else ""
    return f"{count} {verb}{where}{cause}"


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
    lead=lead,
    offline_rules="factsheet.extraction.offline.casualties:find_casualties",
)


def register_kinds(register: Callable[[KindSpec[Casualty]], None]) -> None:
    register(KIND)
