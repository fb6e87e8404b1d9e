"""What the desk's editors measured: the precision of each kind, rule or model, field and outlet.

Every review decision on the desk is a measurement of whatever made the fact. A fact is
*reviewed* when it has a verdict (accept, override or reject, from the review page or the
command line: both write the same tables). Of the reviewed facts:

- *accepted unchanged*: accepted (or published by override) with no edit that changes a value;
- *edited*: kept, with at least one field set to a value other than the extracted one
  (counted per field);
- *rejected*: left out (counted per reason).

Precision is accepted unchanged / reviewed, with its 95 % Wilson score interval. A fact
nobody decided on is counted apart, by what the validator said of it: a verified fact that
no editor looked at is not a correct one.

Each fact id is counted once; its newest stored row names its kind, its extractor (the
offline rule, or the LLM model's label) and its article's outlet and date. `since`/`until`
select facts by their article's publication date — the news of those days — so a replay
of old news is measured on its own days, and a decision made today about last week's news
counts for last week.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from factsheet.desk.store import Row, Store

Z95 = 1.959963984540054
NO_OUTLET = "(outlet unknown)"
NO_REASON = "(no reason given)"


def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (None when nothing was measured)."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Tally:
    """The decisions on a group of facts (one kind, rule, model or outlet, or all of them)."""

    reviewed: int = 0
    accepted_unchanged: int = 0
    edited: int = 0
    rejected: int = 0
    overridden: int = 0
    edited_fields: Counter[str] = field(default_factory=Counter)
    rejected_reasons: Counter[str] = field(default_factory=Counter)
    not_reviewed: Counter[str] = field(default_factory=Counter)

    def add(self, fact: MeasuredFact) -> None:
        n = fact.count
        if fact.verdict is None:
            self.not_reviewed[fact.status] += n
            return
        self.reviewed += n
        if fact.verdict == "override":
            self.overridden += n
        if fact.verdict == "reject":
            self.rejected += n
            self.rejected_reasons[fact.reason or NO_REASON] += n
        elif fact.changed:
            self.edited += n
            for name in fact.changed:
                self.edited_fields[name] += n
        else:
            self.accepted_unchanged += n

    @property
    def precision(self) -> float | None:
        return self.accepted_unchanged / self.reviewed if self.reviewed else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.accepted_unchanged, self.reviewed)

    def record(self) -> str:
        """In words: "31 of 40 accepted unchanged" (or "not reviewed yet")."""
        if not self.reviewed:
            return "not reviewed yet"
        return f"{self.accepted_unchanged} of {self.reviewed} accepted unchanged"

    def as_dict(self) -> dict[str, Any]:
        interval = self.interval
        return {
            "reviewed": self.reviewed,
            "accepted_unchanged": self.accepted_unchanged,
            "edited": self.edited,
            "edited_fields": dict(sorted(self.edited_fields.items())),
            "rejected": self.rejected,
            "rejected_reasons": dict(sorted(self.rejected_reasons.items())),
            "overridden": self.overridden,
            "precision": round(self.precision, 4) if self.precision is not None else None,
            "interval95": [round(interval[0], 4), round(interval[1], 4)] if interval else None,
            "not_reviewed": dict(sorted(self.not_reviewed.items())),
        }


@dataclass
class FieldTally:
    """One field of one kind: of the reviewed facts kept (accepted or edited), how many an
    editor changed in this field. A rejection does not say which field was wrong, so rejected
    facts are not counted here."""

    kept: int = 0
    edited: int = 0

    @property
    def unchanged(self) -> int:
        return self.kept - self.edited

    @property
    def precision(self) -> float | None:
        return self.unchanged / self.kept if self.kept else None

    def as_dict(self) -> dict[str, Any]:
        interval = wilson(self.unchanged, self.kept)
        return {
            "kept": self.kept,
            "edited": self.edited,
            "unchanged": self.unchanged,
            "precision": round(self.precision, 4) if self.precision is not None else None,
            "interval95": [round(interval[0], 4), round(interval[1], 4)] if interval else None,
        }


@dataclass(frozen=True)
class MeasuredFact:
    """Facts alike as measurement sees them (`count` of them): what made them, where from,
    and what the editors said."""

    kind: str
    extractor: str
    outlet: str
    status: str
    verdict: str | None
    reason: str | None
    changed: tuple[str, ...]  # fields an editor set to a different value
    count: int = 1


@dataclass
class Measurement:
    """Tallies per kind, extractor, outlet and field, over the facts of a date window."""

    since: dt.date | None = None
    until: dt.date | None = None
    overall: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_extractor: dict[str, Tally] = field(default_factory=dict)
    by_outlet: dict[str, Tally] = field(default_factory=dict)
    by_field: dict[str, FieldTally] = field(default_factory=dict)

    def add(self, fact: MeasuredFact, fields: list[str]) -> None:
        self.overall.add(fact)
        for table, key in (
            (self.by_kind, fact.kind),
            (self.by_extractor, fact.extractor),
            (self.by_outlet, fact.outlet),
        ):
            table.setdefault(key, Tally()).add(fact)
        if fact.verdict in ("accept", "override"):
            for name in fields:
                tally = self.by_field.setdefault(f"{fact.kind}.{name}", FieldTally())
                tally.kept += fact.count
                tally.edited += fact.count if name in fact.changed else 0

    def as_dict(self) -> dict[str, Any]:
        def table(tallies: dict[str, Any]) -> dict[str, Any]:
            return {key: tallies[key].as_dict() for key in sorted(tallies)}

        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "overall": self.overall.as_dict(),
            "by_kind": table(self.by_kind),
            "by_extractor": table(self.by_extractor),
            "by_field": table(self.by_field),
            "by_outlet": table(self.by_outlet),
        }


def measured_facts(
    store: Store, since: dt.date | None = None, until: dt.date | None = None
) -> list[MeasuredFact]:
    """The desk's facts in the window (each fact id once, by its newest row) with their
    decisions, alike ones grouped: SQL counts the unedited, the few edited are read one by one."""
    where, args = ["NOT EXISTS (SELECT 1 FROM facts g WHERE g.fact_id = f.fact_id AND g.id > f.id)"], []
    if since is not None:
        where.append("f.published >= ?")
        args.append(since.isoformat())
    if until is not None:
        where.append("f.published <= ?")
        args.append(until.isoformat())
    source = (
        "FROM facts f JOIN articles a ON a.id = f.article LEFT JOIN verdicts v ON v.fact_id = f.fact_id "
        f"WHERE {' AND '.join(where)}"
    )
    edited = "f.fact_id IN (SELECT fact_id FROM edits)"
    columns = "f.kind, f.extractor, trim(coalesce(a.outlet, '')) AS outlet, f.status, v.verdict, v.reason"
    out = [
        _measured(row, (), row["n"])
        for row in store._all(
            f"SELECT {columns}, count(*) AS n {source} AND NOT ({edited} AND v.verdict IS NOT NULL) "
            "GROUP BY f.kind, f.extractor, outlet, f.status, v.verdict, v.reason",
            args,
        )
    ]
    rows = store._all(
        f"SELECT f.id, f.fact_id, f.fact_json, {columns} {source} AND {edited} AND v.verdict IS NOT NULL",
        args,
    )
    changed = _changed_fields(store, rows)
    out += [_measured(row, changed[row["fact_id"]], 1) for row in rows]
    return out


def _measured(row: Row, changed: tuple[str, ...], count: int) -> MeasuredFact:
    return MeasuredFact(
        kind=row["kind"],
        extractor=row["extractor"],
        outlet=row["outlet"] or NO_OUTLET,
        status=row["status"],
        verdict=row["verdict"],
        reason=" ".join((row["reason"] or "").split()) or None,
        changed=changed,
        count=count,
    )


def _changed_fields(store: Store, rows: list[Row]) -> dict[str, tuple[str, ...]]:
    """fact id → the fields whose edit differs from the value the extractor gave."""
    edits: dict[str, dict[str, Any]] = {}
    wanted = {row["fact_id"] for row in rows}
    for row in store._all("SELECT fact_id, field, value FROM edits ORDER BY fact_id, field"):
        if row["fact_id"] in wanted:
            edits.setdefault(row["fact_id"], {})[row["field"]] = json.loads(row["value"])
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        original = json.loads(row["fact_json"])
        fields = edits.get(row["fact_id"], {})
        out[row["fact_id"]] = tuple(
            name for name, value in fields.items() if not same_value(original.get(name), value)
        )
    return out


def same_value(a: object, b: object) -> bool:
    """Equal as a field's value: numbers by value, lists as sets of names, text exactly."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def measure(store: Store, since: dt.date | None = None, until: dt.date | None = None) -> Measurement:
    """The editors' measurement of the desk's facts published between `since` and `until`."""
    from factsheet.errors import KindError
    from factsheet.kinds import get

    result = Measurement(since=since, until=until)
    fields_of: dict[str, list[str]] = {}
    for fact in measured_facts(store, since, until):
        if fact.kind not in fields_of:
            try:
                fields_of[fact.kind] = list(get(fact.kind).content_fields())
            except KindError:  # a plugin kind not loaded now: measured, its fields unknown
                fields_of[fact.kind] = sorted(set(fact.changed))
        result.add(fact, fields_of[fact.kind])
    return result


def review_record(store: Store, day: dt.date, days: int = 30) -> dict[str, Any]:
    """For the briefing's colophon: facts of the last `days` days' news (to `day`) that editors
    reviewed, and the share accepted unchanged.

    {"days", "since", "until", "reviewed", "accepted_unchanged", "percent" (whole number, or
    None when nothing was reviewed), "line"}: the line reads "Facts reviewed in the last 30
    days: 40; accepted unchanged: 78 %".
    """
    since = day - dt.timedelta(days=max(1, days) - 1)
    overall = measure(store, since, day).overall
    percent = round(100 * overall.precision) if overall.precision is not None else None
    line = f"Facts reviewed in the last {days} days: {overall.reviewed}"
    line += f"; accepted unchanged: {percent} %" if percent is not None else ""
    return {
        "days": days,
        "since": since.isoformat(),
        "until": day.isoformat(),
        "reviewed": overall.reviewed,
        "accepted_unchanged": overall.accepted_unchanged,
        "percent": percent,
        "line": line,
    }


def print_measurement(result: Measurement, console: Any) -> None:
    """The measurement as tables: per kind, rule or model, outlet (source reliability) and field."""
    from rich.markup import escape
    from rich.table import Table

    from factsheet.printable import printable

    def precision(value: float | None, interval: tuple[float, float] | None) -> str:
        if value is None or interval is None:
            return "—"
        return f"{100 * value:.0f} % ({100 * interval[0]:.0f}–{100 * interval[1]:.0f})"

    def listing(counter: Counter[str]) -> str:
        return ", ".join(f"{escape(printable(k))} {n}" for k, n in counter.most_common())

    window = f", {result.since or '…'} to {result.until or '…'}" if result.since or result.until else ""
    notes: list[str] = []
    for title, tallies in (
        ("kind", result.by_kind),
        ("rule or model", result.by_extractor),
        ("outlet", result.by_outlet),
    ):
        heading = "Source reliability, per outlet" if title == "outlet" else f"Measured per {title}"
        table = Table(title=f"{heading}{window}", title_justify="left", show_edge=False, pad_edge=False)
        table.add_column(title, overflow="fold")
        for name in ("reviewed", "unchanged", "edited", "rejected", "precision, 95 % CI", "unreviewed"):
            table.add_column(name, justify="right")
        rows = sorted(tallies.items(), key=lambda kv: (kv[1].precision is None, kv[1].precision or 0, kv[0]))
        for name, t in rows:
            table.add_row(
                escape(printable(name)),
                str(t.reviewed),
                str(t.accepted_unchanged),
                str(t.edited),
                str(t.rejected),
                precision(t.precision, t.interval),
                str(sum(t.not_reviewed.values())),
            )
        console.print(table)
    overall = result.overall
    console.print(
        f"[bold]All: {overall.record()}[/]"
        + (f", precision {precision(overall.precision, overall.interval)}" if overall.reviewed else "")
    )
    if overall.edited_fields:
        notes.append(f"Edited fields: {listing(overall.edited_fields)}")
    if overall.rejected_reasons:
        notes.append(f"Rejected because: {listing(overall.rejected_reasons)}")
    weak = [(n, f) for n, f in sorted(result.by_field.items()) if f.edited]
    if weak:
        notes.append(
            "Fields editors changed: "
            + ", ".join(f"{n} {f.edited} of {f.kept}" for n, f in sorted(weak, key=lambda nf: -nf[1].edited))
        )
    waiting = overall.not_reviewed
    notes.append(
        f"Not reviewed (never counted as correct): {sum(waiting.values())}"
        + (" — " + ", ".join(f"{k} {n}" for k, n in sorted(waiting.items())) if waiting else "")
    )
    for note in notes:
        console.print(note, soft_wrap=True)
