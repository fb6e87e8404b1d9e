"""Sanction: a government or bloc freezes assets of, or bans, named people or companies.

A kind defined entirely outside factsheet: its model, identity, scoring key, prompt
lines and display, registered through the `factsheet.kinds` entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import Field

from factsheet.kinds import FieldRoles, KindSpec
from factsheet.models import FactBase


class Sanction(FactBase):
    """Sanctions imposed on people or companies."""

    kind: Literal["sanction"] = "sanction"
    imposed_by: str | None = None
    target: str | None = None
    listed: int | None = Field(default=None, ge=0, description="How many people or companies were listed.")
    measure: str | None = Field(default=None, description='What the sanction does ("asset freeze").')


def event_key(fact: Sanction) -> tuple:
    return ("sanction", (fact.imposed_by or "").casefold(), (fact.target or "").casefold(), fact.listed)


def same_mention(a: Sanction, b: Sanction) -> bool:
    return (a.imposed_by, a.target, a.listed) == (b.imposed_by, b.target, b.listed)


def keys_agree(gold: Sanction, pred: Sanction) -> bool:
    return gold.listed == pred.listed and (gold.target or "").casefold() == (pred.target or "").casefold()


def describe(fact: Sanction) -> str:
    return f"{fact.imposed_by or '?'} sanctions {fact.target or '?'}"


def describe_key(fact: Sanction) -> str:
    return f"{fact.target} {fact.listed}"


KIND: KindSpec[Sanction] = KindSpec(
    name="sanction",
    model=Sanction,
    title="Sanctions",
    sheet="Sanctions",
    describe=describe,
    describe_key=describe_key,
    event_key=event_key,
    same_mention=same_mention,
    keys_agree=keys_agree,
    eval_key_fields=frozenset({"target", "listed"}),
    prompt="- sanction: sanctions on people or companies. imposed_by, target, listed (how many), measure.",
    roles=FieldRoles(figure="listed", figure_unit="count", parties=("imposed_by", "target")),
)


def register_kinds(register: Callable[[KindSpec[Sanction]], None]) -> None:
    register(KIND)
