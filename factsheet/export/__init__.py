"""Export: the run's facts as JSON, CSV and XLSX, and the validation report as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from factsheet.atomic import write_text
from factsheet.export.csv_export import write_csv
from factsheet.export.safe_text import SafeDictWriter, safe_csv_row
from factsheet.export.xlsx_export import write_xlsx
from factsheet.models import Briefing

__all__ = [
    "SafeDictWriter",
    "safe_csv_row",
    "write_csv",
    "write_events_json",
    "write_facts_json",
    "write_validation_json",
    "write_xlsx",
]


def write_facts_json(briefing: Briefing, path: Path) -> Path:
    return write_text(path, briefing.model_dump_json(indent=2) + "\n")


def write_events_json(briefing: Briefing, path: Path) -> Path:
    """The reconciled events: one per real-world event, with every source and any conflict."""
    events = [e.model_dump(mode="json") for e in briefing.events]
    return write_text(
        path,
        json.dumps(
            {"briefing_date": briefing.briefing_date.isoformat(), "events": events},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
    )


def write_validation_json(briefing: Briefing, path: Path) -> Path:
    """Per fact: status, grounding, reasons and the field-level diff; per event: sources and conflict."""
    report = {
        "briefing_date": briefing.briefing_date.isoformat(),
        "extractor": briefing.extractor,
        "counts": briefing.status_counts(),
        "facts": [
            {
                "id": f.id,
                "kind": f.kind,
                "doc": f.doc,
                "quote": f.quote,
                "start": f.start,
                "end": f.end,
                "event_id": f.event_id,
                **f.check.model_dump(mode="json"),
            }
            for f in briefing.facts
        ],
        "events": [e.model_dump(mode="json", exclude={"fact"}) for e in briefing.events],
        "problems": [p.model_dump() for p in briefing.problems],
    }
    return write_text(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
