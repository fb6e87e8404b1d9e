"""facts.csv: one row per fact, UTF-8 with BOM so Excel reads it as UTF-8, ISO dates."""

from __future__ import annotations

import csv
from pathlib import Path

from factsheet.atomic import atomic_open
from factsheet.export.safe_text import for_csv
from factsheet.export.table import columns_for, iso, row
from factsheet.models import Briefing


def write_csv(briefing: Briefing, path: Path) -> Path:
    columns = columns_for()
    with atomic_open(path, "w", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for fact in briefing.facts:
            writer.writerow(for_csv(iso(v) if v is not None else "" for v in row(fact, columns)))
    return path
