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
from factsheet.render.parts import BriefingParts, GlanceItem, Section, label, money, named, qualifier, tidy
from factsheet.render.rates import BASE, rates_note, to_usd


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
    """ "Japan → Philippines: $1 bn pledge": who, to whom, how much (with its currency)."""
    form = f" {label(fact.form)}" if fact.form else ""
    return f"{named(fact.donor)} → {named(fact.recipient)}: {_amount(fact)}{form}"


def _describe_key(fact: Aid) -> str:
    return f"{fact.amount} {fact.currency}"


def _a(event: Event) -> Aid:
    fact = event.fact
    assert isinstance(fact, Aid)
    return fact


def _amount(fact: Aid) -> str:
    """ "more than $1 bn", "about 5 bn NOK"; an amount without a currency says so."""
    if fact.amount is None:
        return "amount not given"
    text = qualifier(fact.amount_qualifier) + money(fact.amount, fact.currency)
    return text if fact.currency else text + " (currency not stated)"


def _usd(fact: Aid) -> float | None:
    return to_usd(fact.amount, fact.currency) if fact.amount is not None else None


def _with_usd(fact: Aid) -> str:
    """The amount as reported, and ≈ in US dollars when it is another currency."""
    usd = _usd(fact)
    if usd is None or (fact.currency or "").upper() == BASE:
        return _amount(fact)
    return f"{_amount(fact)} (≈ {approx_usd(usd)})"


def approx_usd(amount: float) -> str:
    """ "$0.44 bn", "$120 m": a converted figure, two significant digits below ten."""
    for scale, unit in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if (amount >= scale / 10 and scale > 1e6) or amount >= scale:
            value = amount / scale
            return f"${value:,.2f}".rstrip("0").rstrip(".") + unit if value < 10 else f"${value:,.0f}{unit}"
    return f"${amount:,.0f}"


def _rank(event: Event) -> float:
    return _usd(_a(event)) or 0.0


def sections(events: list[Event], parts: BriefingParts) -> list[Section]:
    ordered = sorted(events, key=lambda e: (-_rank(e), -(_a(e).amount or 0)))
    rows = [
        parts.row(
            e,
            [
                named(_a(e).donor),
                named(_a(e).recipient),
                _with_usd(_a(e)),
                label(_a(e).form),
                label(_a(e).status),
                tidy(_a(e).purpose) if _a(e).purpose else "—",
            ],
        )
        for e in ordered
    ]
    section = Section("aid", KIND.title, ["Donor", "Recipient", "Amount", "Form", "Status", "Purpose"], rows)
    facts = [_a(e) for e in ordered]
    section.notes = _totals(facts)
    if any((f.currency or "").upper() not in ("", BASE) for f in facts if f.amount):
        section.notes.append(rates_note())
    section.chart = _chart(facts)
    return [section]


def glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    """The largest package in US dollars (converted at the shipped rates), and the total over events."""
    funded = [e for e in events if _a(e).amount]
    if not funded:
        return []
    comparable = [e for e in funded if _usd(_a(e)) is not None]
    items: list[GlanceItem] = []
    if comparable:
        e = max(comparable, key=_rank)
        fact = _a(e)
        usd = _usd(fact) or 0.0
        converted = "" if (fact.currency or "").upper() == BASE else f" (≈ {approx_usd(usd)})"
        items.append(
            GlanceItem(
                "Largest aid",
                _amount(fact),
                f"{named(fact.donor, 'donor not stated')} → {named(fact.recipient, 'recipient not stated')}"
                f"{converted}, {label(fact.form)}",
                parts.figure_refs(e),
                as_of=parts.as_of(e),
            )
        )
        total = sum(_usd(_a(e)) or 0.0 for e in comparable)
        left = len(funded) - len(comparable)
        detail = f"over {len(comparable)} distinct package{'s' if len(comparable) != 1 else ''}"
        if any((_a(e).currency or "").upper() != BASE for e in comparable):
            detail += ", converted to US dollars"
        if left:
            detail += f"; {left} in a currency without a rate left out"
        latest = max((parts.as_of(e) for e in comparable), default="")
        items.append(GlanceItem("Aid reported", f"≈ {approx_usd(total)}", detail, [], as_of=latest))
    return items


def lead(event: Event, parts: BriefingParts) -> str | None:
    """ "Japan pledged $1 bn to the Philippines (≈ …)" from the fact's values."""
    fact = _a(event)
    if not fact.amount:
        return None
    verb = {"approved": "approved", "delivered": "delivered", "pledged": "pledged", "proposed": "proposed"}
    donor = named(fact.donor, "A donor not named in the reports")
    recipient = named(fact.recipient, "a recipient not named in the reports")
    form = f" ({label(fact.form)})" if fact.form else ""
    return f"{donor} {verb.get(fact.status or '', 'committed')} {_amount(fact)} to {recipient}{form}"


def _totals(facts: list[Aid]) -> list[str]:
    """ "Totals by donor" and "by recipient", in US dollars at the shipped rates (never raw across
    currencies).

    Each distinct event counts once. An amount in a currency the rates table does not
    hold is totalled on its own, in its currency.
    """
    notes: list[str] = []
    for role in ("donor", "recipient"):
        totals: dict[tuple[str, str], float] = {}
        for fact in facts:
            if fact.amount is None:
                continue
            usd = _usd(fact)
            who = named(getattr(fact, role))
            key = (who, "≈USD") if usd is not None else (who, fact.currency or "")
            totals[key] = totals.get(key, 0) + (usd if usd is not None else fact.amount)
        if totals:
            ranked = sorted(totals.items(), key=lambda kv: (kv[0][1] != "≈USD", -kv[1]))
            notes.append(
                f"Totals by {role}: "
                + "; ".join(
                    f"{who} ≈ {approx_usd(amount)}"
                    if cur == "≈USD"
                    else f"{who} {money(amount, cur or None)}"
                    for (who, cur), amount in ranked
                )
            )
    return notes


def _chart(facts: list[Aid]) -> str:
    totals: dict[str, float] = {}
    for fact in facts:
        usd = _usd(fact)
        if usd:
            donor = named(fact.donor)
            totals[donor] = totals.get(donor, 0) + usd
    if not totals:
        return ""
    bars = [Bar(d, v, "≈ " + approx_usd(v)) for d, v in sorted(totals.items(), key=lambda kv: -kv[1])[:10]]
    return bar_chart("Aid by donor (≈ US dollars)", bars)


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
    lead=lead,
    offline_rules="factsheet.extraction.offline.aid:find_aid",
)


def register_kinds(register: Callable[[KindSpec[Aid]], None]) -> None:
    register(KIND)
