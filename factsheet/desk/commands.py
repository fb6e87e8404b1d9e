"""`factsheet events` and `factsheet event ID`: what the desk knows, as a table, JSON or CSV.

Plain functions with typer parameters, so the CLI registers them as they are:

    app.command("events")(events_command)
    app.command("event")(event_command)

Both only read the desk; a folder without a desk, an unknown kind, event id or a bad
date is one line on stderr and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factsheet.desk.store import DeskError
from factsheet.printable import printable

if TYPE_CHECKING:
    from factsheet.desk.desk import Desk

DeskArg = Annotated[Path, typer.Argument(help="The desk: the folder given to `factsheet run --out`.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]

EVENT_COLUMNS = (
    "id",
    "kind",
    "summary",
    "date",
    "status",
    "figure",
    "first_reported",
    "last_reported",
    "sources",
    "conflict",
    "revised_by",
    "revises",
)
HISTORY_COLUMNS = (
    "reported_on",
    "change",
    "field",
    "old_value",
    "new_value",
    "source",
    "old_source",
    "fact_id",
    "quote",
    "note",
)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} {value!r}: not a date (YYYY-MM-DD)") from None


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: dict[str, int]) -> str:
    def cell(row: dict[str, Any], name: str) -> str:
        value = row.get(name)
        text = (
            "—"
            if value is None or value == ""
            else (f"{value:g}" if isinstance(value, float) else printable(str(value)))
        )
        limit = widths.get(name, 24)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    cells = [[cell(r, c) for c in columns] for r in rows]
    sizes = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)).rstrip()]
    lines += ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def _print(
    rows: list[dict[str, Any]], columns: Sequence[str], as_json: bool, as_csv: bool, widths: dict
) -> None:
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif as_csv:
        buffer = io.StringIO()
        from factsheet.export.safe_text import SafeDictWriter  # no cell starts a formula

        out = SafeDictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        typer.echo(_table(rows, columns, widths))


def _open(desk: Path) -> Desk:
    from factsheet.desk.desk import Desk

    try:
        opened = Desk.open(desk, create=False)
    except DeskError as exc:
        raise _fail(str(exc)) from None
    try:
        opened.sync_decisions()  # decisions made since the last run show in the events
    except DeskError as exc:
        opened.close()
        raise _fail(str(exc)) from None
    return opened


def events_command(
    desk: DeskArg = Path("out"),
    kind: Annotated[str | None, typer.Option(help="Only events of this kind.")] = None,
    since: Annotated[str | None, typer.Option(help="Reported on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="First reported on or before this date.")] = None,
    text: Annotated[
        str | None, typer.Option(help="Only events whose description or fields contain this.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Only events with this status (held, scheduled …).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events, newest first.")] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """List the events the desk knows, newest report first."""
    start, end = _day(since, "--since"), _day(until, "--until")
    if kind is not None:
        from factsheet.kinds import names

        if kind not in names():
            raise _fail(f"--kind {kind!r}: unknown kind (known: {', '.join(names())})")
    with _open(desk) as opened:
        try:
            from factsheet.desk.queries import events

            found = events(opened, kind=kind, since=start, until=end, text=text, status=status, limit=limit)
            rows = [e.as_dict() for e in found]
            if as_json:
                from factsheet.desk.review import event_decisions, event_is_rejected

                for row in rows:
                    row["decisions"] = event_decisions(opened.store, row["id"])
                    row["rejected"] = event_is_rejected(opened.store, row["id"])
        except DeskError as exc:
            raise _fail(str(exc)) from None
    _print(rows, EVENT_COLUMNS, as_json, as_csv, {"summary": 48, "id": 16})


def event_command(
    desk: DeskArg,
    event_id: Annotated[str, typer.Argument(help="An event id from `factsheet events`.")],
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """One event's history: every report, its source, value and date, oldest first."""
    with _open(desk) as opened:
        try:
            from factsheet.desk.queries import event_history

            history = event_history(opened, event_id)
        except KeyError:
            raise _fail(f"{desk}: no event {event_id!r} on this desk") from None
        except DeskError as exc:
            raise _fail(str(exc)) from None
        event = opened.store.event(event_id) or {}
        from factsheet.desk.review import event_decisions, event_is_rejected

        decisions = event_decisions(opened.store, event_id)
        rejected = event_is_rejected(opened.store, event_id)
    rows = [h.as_dict() for h in history]
    if as_json:
        summary = {k: event.get(k) for k in ("id", "kind", "summary", "date", "status", "figure")}
        summary.update(decisions=decisions, rejected=rejected)
        typer.echo(json.dumps({"event": summary, "history": rows}, indent=2, ensure_ascii=False))
        return
    if not as_csv:
        typer.echo(printable(f"{event.get('id')}  {event.get('kind')}: {event.get('summary')}"))
    _print(rows, HISTORY_COLUMNS, False, as_csv, {"quote": 60, "note": 40})
