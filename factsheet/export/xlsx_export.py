"""facts.xlsx: a sheet per fact kind, plus Events and Sources; real dates and numbers."""

from __future__ import annotations

import io
from pathlib import Path

from factsheet.atomic import write_bytes
from factsheet.export.safe_text import xlsx_workbook
from factsheet.export.table import cell, columns_for, row
from factsheet.kinds import kinds
from factsheet.models import Briefing


def write_xlsx(briefing: Briefing, path: Path) -> Path:
    from openpyxl.styles import Font

    # Every appended value is made safe (safe_text.for_xlsx): no cell is a formula, whoever
    # wrote it (an article id or path as much as a quote), and no character breaks the XML.
    workbook = xlsx_workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in kinds():
        sheet = workbook.create_sheet(spec.sheet)
        columns = columns_for(spec.name)
        sheet.append(columns)
        for fact in briefing.facts:
            if fact.kind == spec.name:
                sheet.append(row(fact, columns))
        _finish(sheet, bold)

    events = workbook.create_sheet("Events")
    events.append(["event_id", "kind", "summary", "sources", "conflict", "low", "high", "note", "fact_ids"])
    for event in briefing.events:
        events.append(
            [
                event.id,
                event.kind,
                event.summary,
                "; ".join(sorted({s.doc for s in event.sources})),
                event.conflict,
                cell(event.low),
                cell(event.high),
                event.note,
                "; ".join(s.fact_id for s in event.sources),
            ]
        )
    _finish(events, bold)

    _desk_sheets(workbook, briefing, bold)

    sources = workbook.create_sheet("Sources")
    sources.append(["id", "title", "outlet", "published", "url", "source_path", "sha256", "chars"])
    for s in briefing.sources:
        sources.append(
            [
                s.id,
                s.title,
                s.outlet,
                s.published,
                s.url,
                s.source_path,
                s.sha256,
                s.chars,
            ]
        )
    _finish(sources, bold)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes(path, buffer.getvalue())


def _desk_sheets(workbook, briefing: Briefing, bold) -> None:
    """ "Events over time" (one row per event per day: value, status, sources) and "Since"
    (what changed since the last briefing, what is ahead and overdue), from the desk."""
    from factsheet.desk.since_last import SinceGroups

    desk = SinceGroups.model_validate(briefing.desk) if briefing.desk is not None else SinceGroups()
    over_time = workbook.create_sheet("Events over time")
    over_time.append(["event_id", "kind", "summary", "day", "value", "status", "sources"])
    for entry in desk.over_time:
        over_time.append(
            [
                entry.event_id,
                entry.kind,
                entry.summary,
                entry.day,
                cell(entry.value),
                (entry.status or "").replace("_", " ") or None,
                "; ".join(entry.sources),
            ]
        )
    _finish(over_time, bold)

    since = workbook.create_sheet("Since")
    since.append(["group", "event_id", "kind", "what", "date", "when", "sources", "earlier sources"])
    for name in (*SinceGroups.GROUPS, "ahead", "overdue"):
        for item in getattr(desk, name):
            since.append(
                [
                    name,
                    item.event_id,
                    item.kind,
                    item.text,
                    item.date,
                    item.when,
                    "; ".join(item.sources),
                    "; ".join(item.old_sources),
                ]
            )
    _finish(since, bold)


def _finish(sheet, bold) -> None:
    for c in sheet[1]:
        c.font = bold
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        for c in column[1:]:
            if hasattr(c.value, "year"):
                c.number_format = "yyyy-mm-dd"
