"""Fact kinds: one module per kind, one registry that every stage iterates over.

    from factsheet import kinds
    for spec in kinds.kinds():        # deadline, tariff, aid, casualty, meeting, then plugins
        print(spec.name, spec.title, spec.key_figure)

A kind from another package is registered through the `factsheet.kinds` entry point
group (see `registry`); `KindSpec` documents every part a kind declares.
"""

from __future__ import annotations

from factsheet.kinds.adapters import fact_adapter, fact_list_adapter, fact_type, to_fact
from factsheet.kinds.aid import Aid
from factsheet.kinds.casualty import Casualty
from factsheet.kinds.deadline import Deadline
from factsheet.kinds.meeting import Meeting
from factsheet.kinds.registry import ENTRY_POINT_GROUP, get, kinds, loaded_versions, names, reset
from factsheet.kinds.spec import FieldRoles, KindSpec
from factsheet.kinds.tariff import Tariff

Fact = Deadline | Tariff | Aid | Casualty | Meeting
"""The built-in kinds, for static typing; at run time `to_fact` accepts every registered kind."""

__all__ = [
    "ENTRY_POINT_GROUP",
    "Aid",
    "Casualty",
    "Deadline",
    "Fact",
    "FieldRoles",
    "KindSpec",
    "Meeting",
    "Tariff",
    "fact_adapter",
    "fact_list_adapter",
    "fact_type",
    "get",
    "kinds",
    "loaded_versions",
    "names",
    "reset",
    "to_fact",
]
