"""Tariff: a tariff or duty rate, who imposes it on whom, and whether it is in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet.kinds.matching import folded
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.parsing.numbers import same_number
from factsheet.render.charts import Bar, bar_chart
from factsheet.render.parts import BriefingParts, GlanceItem, Section, day, label, named, tidy


class Tariff(FactBase):
    """A tariff or duty rate."""

    kind: Literal["tariff"] = "tariff"
    imposed_by: str | None = None
    target: str | None = None
    rate_percent: float | None = Field(default=None, ge=0)
    basis: Literal["additional", "total", "new"] | None = None
    goods: str | None = None
    reason: str | None = None
    effective: dt.date | None = None
    status: Literal["in_force", "announced", "threatened"] | None = None


def event_key(fact: Tariff) -> tuple[object, ...]:
    """Target, rate, and whether the rate comes on top of others ("additional") or is the level
    in force ("new" and "total" alike: a 50% tariff reported as new one day, as the total the next)."""
    level = "additional" if fact.basis == "additional" else "level"
    return ("tariff", (fact.target or "").casefold(), fact.rate_percent, level)


def same_mention(a: Tariff, b: Tariff) -> bool:
    return (a.target, a.rate_percent, a.basis) == (b.target, b.rate_percent, b.basis)


def keys_agree(gold: Tariff, pred: Tariff) -> bool:
    return (
        folded(gold.target) == folded(pred.target)
        and pred.rate_percent is not None
        and gold.rate_percent is not None
        and same_number(gold.rate_percent, pred.rate_percent, tolerance=0)
    )


def describe(fact: Tariff) -> str:
    """ "United States on India: 25% additional, cars" (a party the text does not name: "not stated")."""
    rate = f"{fact.rate_percent:g}%" if fact.rate_percent is not None else "rate not given"
    basis = f" {fact.basis}" if fact.basis else ""
    goods = f", {tidy(fact.goods)}" if fact.goods else ""
    return f"{named(fact.imposed_by)} on {named(fact.target)}: {rate}{basis}{goods}"


def _describe_key(fact: Tariff) -> str:
    return f"{fact.target} {fact.rate_percent}% {fact.basis}"


def _t(event: Event) -> Tariff:
    fact = event.fact
    assert isinstance(fact, Tariff)
    return fact


def _rate(fact: Tariff) -> str:
    return f"{fact.rate_percent:g}%" if fact.rate_percent is not None else "—"


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(
        events, key=lambda e: (_t(e).target or "", -(_t(e).rate_percent or 0), _t(e).goods or "")
    )
    rows = [
        parts.row(
            e,
            [
                named(_t(e).target),
                tidy(_t(e).goods) if _t(e).goods else "not stated",
                _rate(_t(e)),
                label(_t(e).basis),
                label(_t(e).status),
                day(_t(e).effective),
                named(_t(e).imposed_by),
            ],
        )
        for e in ordered
    ]
    section = Section(
        "tariff", KIND.title, ["Target", "Goods", "Rate", "Basis", "Status", "Effective", "Imposed by"], rows
    )
    rated = [(_t(e), rate) for e in ordered if (rate := _t(e).rate_percent) is not None]
    section.chart = bar_chart(
        "Tariff rates by target (%)",
        [
            Bar(f"{named(fact.target)} ({label(fact.basis)})", rate, f"{rate:g}%")
            for fact, rate in sorted(rated, key=lambda pair: -pair[1])
        ][:10],
    )
    return [section]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    rated = [(rate, e) for e in events if (rate := _t(e).rate_percent) is not None]
    if not rated:
        return []
    rate, e = max(rated, key=lambda pair: pair[0])
    fact = _t(e)
    goods = f", {tidy(fact.goods)}" if fact.goods else ""
    return [
        GlanceItem(
            "Highest tariff",
            f"{rate:g}%",
            f"on {named(fact.target)}{goods} ({label(fact.basis)}, {label(fact.status)})",
            parts.figure_refs(e),
            as_of=parts.as_of(e),
        )
    ]


def lead(event: Event, parts: BriefingParts) -> str | None:
    """ "A 25% tariff by the United States on India (cars) is in force" and the like."""
    fact = _t(event)
    if fact.rate_percent is None:
        return None
    rate = f"{fact.rate_percent:g}%" + (f" {fact.basis}" if fact.basis and fact.basis != "new" else "")
    target = named(fact.target, "a target not named") + (f" ({tidy(fact.goods)})" if fact.goods else "")
    by = named(fact.imposed_by, "a government not named")
    if fact.status == "in_force":
        return f"A {rate} tariff by {by} on {target} is in force"
    verb = {"announced": "announced", "threatened": "threatened"}.get(fact.status or "", "set")
    when = f", effective {day(fact.effective)}" if fact.effective else ""
    return f"{by} {verb} a {rate} tariff on {target}{when}"


PROMPT = """\
- tariff: a tariff or duty rate. imposed_by, target, rate_percent (25 for "25%"),
  basis (additional | total | new), goods, reason, effective (date),
  status (in_force | announced | threatened)."""

KIND: KindSpec[Tariff] = KindSpec(
    name="tariff",
    order=20,
    model=Tariff,
    title="Tariffs",
    sheet="Tariffs",
    describe=describe,
    describe_key=_describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"target", "rate_percent"}),
    prompt=PROMPT,
    roles=FieldRoles(
        figure_unit="percent",
        figure="rate_percent",
        parties=("imposed_by", "target"),
        dates=("effective",),
        looks_back=lambda fact: fact.status == "in_force",
    ),
    identity_fields=("imposed_by", "goods", "reason"),
    status_order=("threatened", "announced", "in_force"),
    sections=sections,
    glance=glance,
    lead=lead,
    offline_rules="factsheet.extraction.offline.tariffs:find_tariffs",
)


def register_kinds(register: Callable[[KindSpec[Tariff]], None]) -> None:
    register(KIND)
