"""Applying review decisions to a run's facts, and what still needs a person."""

from __future__ import annotations

import re
from typing import get_origin

from pydantic import ValidationError

from factsheet.models import Briefing, FactAdapter, FactBase, content_fields
from factsheet.review.store import Decision


class EditError(ValueError):
    """An edit that does not fit the fact's schema."""


def needs_review(fact: FactBase) -> bool:
    return fact.check.status == "flagged"


def apply_edit(fact: FactBase, edits: dict) -> FactBase:
    """The fact with `edits` applied, validated against its kind's schema."""
    unknown = set(edits) - set(content_fields(fact.kind))
    if unknown:
        raise EditError(f"{fact.kind} has no field {', '.join(sorted(unknown))}")
    data = fact.model_dump()  # the edited fact keeps its id: decisions and publications refer to it
    data.update({name: _as_typed(fact, name, value) for name, value in edits.items()})
    try:
        return FactAdapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise EditError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None


def _as_typed(fact: FactBase, name: str, value: object) -> object:
    """What a reviewer types, read the way the field needs it.

    A form field is one line of text: a list field takes "A; B" (or JSON), and a
    number may carry thousands separators ("1,200"). Anything else is left for the
    schema to accept or refuse.
    """
    if not isinstance(value, str):
        return value
    annotation = type(fact).model_fields[name].annotation
    if get_origin(annotation) is list:
        return sorted({part.strip() for part in value.replace("\n", ";").split(";") if part.strip()})
    if _NUMBER.fullmatch(value.strip()):
        return value.strip().replace(",", "")
    return value


_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def final_facts(
    briefing: Briefing, decisions: dict[str, Decision], *, accept_flagged: bool = False
) -> list[FactBase]:
    """The facts to publish: verified/corrected ones unless rejected, flagged ones once accepted."""
    out: list[FactBase] = []
    for fact in briefing.facts:
        decision = decisions.get(fact.id)
        if decision is not None and decision.action == "reject":
            continue
        if fact.check.status == "rejected" and decision is None:
            continue
        if needs_review(fact) and decision is None and not accept_flagged:
            continue
        if decision is not None and decision.action == "edit":
            fact = apply_edit(fact, decision.edits)
        fact = fact.model_copy(
            update={
                "check": fact.check.model_copy(
                    update={
                        "status": "corrected"
                        if decision and decision.action == "edit"
                        else (
                            "verified" if fact.check.status in ("flagged", "rejected") else fact.check.status
                        )
                    }
                )
            }
        )
        out.append(fact)
    return out


def unreviewed(briefing: Briefing, decisions: dict[str, Decision]) -> list[FactBase]:
    return [f for f in briefing.facts if needs_review(f) and f.id not in decisions]
