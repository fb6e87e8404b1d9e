"""Validating facts of any registered kind: the `Fact` union, built from the registry.

Static typing covers the built-in kinds (`factsheet.kinds.Fact`); at run time the
union is made from whatever kinds are registered, so a plugin kind's facts load from
facts.json and come back from the LLM like the built-ins'.
"""

from __future__ import annotations

import functools
import operator
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from factsheet.models import FactBase


@functools.cache
def fact_type() -> Any:
    """Annotated[Deadline | Tariff | … , discriminator "kind"] over the registered kinds."""
    from factsheet.kinds.registry import kinds

    members = [spec.model for spec in kinds()]
    union = functools.reduce(operator.or_, members) if len(members) > 1 else members[0]
    return Annotated[union, Field(discriminator="kind")]


@functools.cache
def fact_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(fact_type())


@functools.cache
def fact_list_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(list[fact_type()])  # type: ignore[misc,arg-type]


def to_fact(data: Any) -> FactBase:
    """A fact of its registered kind from a dict (or the fact itself)."""
    if isinstance(data, FactBase):
        return data
    fact: FactBase = fact_adapter().validate_python(data)
    return fact


def reset() -> None:
    for cached in (fact_type, fact_adapter, fact_list_adapter):
        cached.cache_clear()
