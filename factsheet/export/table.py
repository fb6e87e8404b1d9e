"""Facts flattened to rows: one column per field, shared by the CSV and XLSX exports."""

from __future__ import annotations

import datetime as dt

from factsheet.export.safe_text import neutralise_formula
from factsheet.kinds import get, kinds
from factsheet.models import FactBase

LEAD_COLUMNS = ["id", "kind", "doc", "validation_status", "grounding", "event_id"]
TAIL_COLUMNS = ["quote", "start", "end", "extractor", "reasons"]


def all_content_columns() -> list[str]:
    columns: list[str] = []
    for spec in kinds():
        for name in spec.content_fields():
            if name not in columns:
                columns.append(name)
    return columns


def columns_for(kind: str | None = None) -> list[str]:
    middle = get(kind).content_fields() if kind else all_content_columns()
    return LEAD_COLUMNS + middle + TAIL_COLUMNS


def cell(value: object) -> object:
    """A spreadsheet-friendly value: numbers stay numbers, lists become "a; b"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def safe_text(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    return neutralise_formula(value)


def row(fact: FactBase, columns: list[str]) -> list[object]:
    values: dict[str, object] = {
        "validation_status": fact.check.status,
        "grounding": fact.check.grounding,
        "reasons": fact.check.reasons,
        "id": fact.id,
    }
    out: list[object] = []
    for column in columns:
        value = values[column] if column in values else getattr(fact, column, None)
        out.append(safe_text(cell(value)))
    return out


def iso(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
