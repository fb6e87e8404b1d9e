"""Aid: money (or materiel with a money value) given, sold, pledged or lent."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.models import Event, FactBase
from factsheet.parsing.numbers import same_number
from factsheet.render.charts import Bar, bar_chart
from factsheet.render.parts import BriefingParts, GlanceItem, Section, label, money, qualifier


class Aid(FactBase):
    """Money or materiel given, sold, pledged or lent."""

    kind: Literal["aid"] = "aid"
    donor: str | None = None
    recipient: str | None = None
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, description="ISO 4217 code.")
    amount_qualifier: Literal["exact", "more_than", "up_to", "about"] | None = "exact"
    form: Literal["sale", "donation", "loan", "pledge", "package"] | None = None
    purpose: str | None = None
    status: Literal["approved", "delivered", "pledged", "proposed"] | None = None


def event_key(fact: Aid) -> tuple[object, ...]:
    bucket = round(math.log(fact.amount) / math.log(1.01)) if fact.amount else fact.id
    return ("aid", bucket, fact.currency)


def same_mention(a: Aid, b: Aid) -> bool:
    return (a.amount, a.currency) == (b.amount, b.currency)


def keys_agree(gold: Aid, pred: Aid) -> bool:
    return (
        gold.amount is not None
        and pred.amount is not None
        and same_number(gold.amount, pred.amount)
        and gold.currency == pred.currency
    )


def describe(fact: Aid) -> str:
    return f"{fact.donor or '?'} → {fact.recipient or '?'}"


def _describe_key(fact: Aid) -> str:
    return f"{fact.amount} {fact.currency}"


def _a(event: Event) -> Aid:
    fact = event.fact
    assert isinstance(fact, Aid)
    return fact


def _amount(fact: Aid) -> str:
    return qualifier(fact.amount_qualifier) + money(fact.amount, fact.currency)


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(events, key=lambda e: -(_a(e).amount or 0))
    rows = [
        parts.row(
            e,
            [
                _a(e).donor or "—",
                _a(e).recipient or "—",
                _amount(_a(e)),
                label(_a(e).form),
                label(_a(e).status),
                _a(e).purpose or "—",
            ],
        )
        for e in ordered
    ]
    section = Section("aid", KIND.title, ["Donor", "Recipient", "Amount", "Form", "Status", "Purpose"], rows)
    facts = [_a(e) for e in ordered]
    section.notes = _totals(facts)
    section.chart = _chart(facts)
    return [section]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    funded = [(amount, e) for e in events if (amount := _a(e).amount)]
    if not funded:
        return []
    _, e = max(funded, key=lambda pair: pair[0])
    fact = _a(e)
    return [
        GlanceItem(
            "Largest aid",
            _amount(fact),
            f"{fact.donor or 'donor not stated'} → {fact.recipient or 'recipient not stated'} "
            f"({label(fact.form)})",
            parts.refs(e),
        )
    ]


def _totals(facts: list[Aid]) -> list[str]:
    """ "Totals by donor" and "by recipient" lines, one currency at a time (never summed across)."""
    notes: list[str] = []
    for role in ("donor", "recipient"):
        totals: dict[tuple[str, str], float] = {}
        for fact in facts:
            if fact.amount is None:
                continue
            key = (getattr(fact, role) or "(not stated)", fact.currency or "")
            totals[key] = totals.get(key, 0) + fact.amount
        if totals:
            ranked = sorted(totals.items(), key=lambda kv: -kv[1])
            notes.append(
                f"Totals by {role}: "
                + "; ".join(f"{who} {money(amount, cur)}" for (who, cur), amount in ranked)
            )
    return notes


def _chart(facts: list[Aid]) -> str:
    currencies: dict[str, int] = {}
    for fact in facts:
        if fact.amount and fact.currency:
            currencies[fact.currency] = currencies.get(fact.currency, 0) + 1
    if not currencies:
        return ""
    currency = max(currencies, key=lambda c: currencies[c])
    totals: dict[str, float] = {}
    for fact in facts:
        if fact.amount and fact.currency == currency:
            donor = fact.donor or "(not stated)"
            totals[donor] = totals.get(donor, 0) + fact.amount
    bars = [Bar(d, v, money(v, currency)) for d, v in sorted(totals.items(), key=lambda kv: -kv[1])[:10]]
    return bar_chart(f"Aid by donor ({currency})", bars)


PROMPT = """\
- aid: money or materiel given, sold, pledged or lent. donor, recipient, amount (a number in units,
  200000000 for "$200 million"), currency (ISO code), amount_qualifier (exact | more_than | up_to | about),
  form (sale | donation | loan | pledge | package), purpose,
  status (approved | delivered | pledged | proposed)."""

KIND: KindSpec[Aid] = KindSpec(
    name="aid",
    order=30,
    model=Aid,
    title="Aid and arms",
    sheet="Aid",
    describe=describe,
    describe_key=_describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"amount", "currency"}),
    prompt=PROMPT,
    roles=FieldRoles(
        figure_unit="money",
        figure="amount",
        qualifier="amount_qualifier",
        parties=("donor", "recipient"),
        joined_parties=("donor", "recipient"),
    ),
    qualifier_stand_ins={"at_least": "more_than"},  # aid has no "at least": its nearest lower bound
    identity_fields=("donor", "recipient", "status"),
    sections=sections,
    glance=glance,
    offline_rules="factsheet.extraction.offline.aid:find_aid",
)


def register_kinds(register: Callable[[KindSpec[Aid]], None]) -> None:
    register(KIND)
