"""The review queue ordered by risk: the facts most likely wrong and most read come first.

What the desk's editors measured (`factsheet.desk.measure`) says how often each rule or
model, each field and each outlet was right. A fact awaiting a decision is ranked by

    risk = (1 - precision × check) × reach

- precision: the measured precision of what made the fact, the lower of its rule's or
  model's (accepted unchanged / reviewed) and its kind's weakest field's (kept facts with
  that field unchanged). Each is drawn toward the desk's overall precision by `PRIOR_WEIGHT`
  reviews' worth, so one decision neither condemns a rule nor clears it, and a rule never
  reviewed stands at the desk's average.
- check: what the validator said (`CHECK_FACTOR`): a flagged fact (it could not tell) or
  one whose quote it could not find is much less likely right than a verified one.
- reach (`REACH`): how many readers see it. Page 1 first: a fact whose article a figure
  "At a glance" cites for its kind; then a fact whose event is among the rows the printed
  briefing keeps (each section's most salient); then one only the spreadsheet carries.

An outlet's record (share of its facts accepted unchanged) only breaks ties and informs:
it never hides a fact. Facts already decided follow the queue, in run order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factsheet.desk.measure import FieldTally, Measurement, Tally
from factsheet.models import Briefing, FactBase

PRIOR_WEIGHT = 2.0
NO_RECORD_PRIOR = 0.5
CHECK_FACTOR = {"verified": 1.0, "corrected": 0.9, "unchecked": 0.75, "flagged": 0.5, "rejected": 0.25}
CONFLICT_FACTOR = 0.8
REACH = {"page 1": 1.0, "briefing": 0.75, "spreadsheet": 0.5}


@dataclass(frozen=True)
class Record:
    """One thing's measured record, as shown beside a fact."""

    name: str
    reviewed: int
    unchanged: int
    estimate: float  # the precision used to rank: measured, drawn toward the desk's average
    text: str

    @property
    def precision(self) -> float | None:
        return self.unchanged / self.reviewed if self.reviewed else None


@dataclass
class Records:
    """Every record the desk has, looked up by rule or model, kind and outlet."""

    measurement: Measurement
    prior: float = NO_RECORD_PRIOR
    field_prior: float = 1.0
    _weakest: dict[str, Record | None] = field(default_factory=dict)

    @classmethod
    def of(cls, measurement: Measurement) -> Records:
        overall = measurement.overall
        kept = sum(f.kept for f in measurement.by_field.values())
        unchanged = sum(f.unchanged for f in measurement.by_field.values())
        return cls(
            measurement,
            prior=overall.precision if overall.precision is not None else NO_RECORD_PRIOR,
            field_prior=unchanged / kept if kept else 1.0,
        )

    def _record(self, name: str, tally: Tally | None) -> Record:
        tally = tally or Tally()
        estimate = (tally.accepted_unchanged + PRIOR_WEIGHT * self.prior) / (tally.reviewed + PRIOR_WEIGHT)
        return Record(name, tally.reviewed, tally.accepted_unchanged, estimate, tally.record())

    def rule(self, extractor: str) -> Record:
        return self._record(extractor, self.measurement.by_extractor.get(extractor))

    def outlet(self, outlet: str | None) -> Record:
        from factsheet.desk.measure import NO_OUTLET

        name = (outlet or "").strip() or NO_OUTLET
        return self._record(name, self.measurement.by_outlet.get(name))

    def weakest_field(self, kind: str) -> Record | None:
        """The field of `kind` editors changed most often (None if they never changed one)."""
        if kind not in self._weakest:
            found: list[Record] = []
            for name, tally in self.measurement.by_field.items():
                if name.startswith(f"{kind}.") and tally.edited:
                    found.append(self._field_record(name, tally))
            self._weakest[kind] = min(found, key=lambda r: (r.estimate, r.name)) if found else None
        return self._weakest[kind]

    def _field_record(self, name: str, tally: FieldTally) -> Record:
        estimate = (tally.unchanged + PRIOR_WEIGHT * self.field_prior) / (tally.kept + PRIOR_WEIGHT)
        text = f"edited in {tally.edited} of {tally.kept} kept facts"
        return Record(name, tally.kept, tally.unchanged, estimate, text)


@dataclass(frozen=True)
class Risk:
    """Why a fact stands where it does in the queue."""

    risk: float
    precision: float
    check: float
    placement: str  # "page 1", "briefing" or "spreadsheet": a key of REACH
    rule: Record
    weakest_field: Record | None
    outlet: Record


def assess(briefing: Briefing, records: Records) -> dict[str, Risk]:
    """fact id → its risk and the records behind it, for every fact of the run."""
    conflicted = {s.fact_id for e in briefing.events if e.conflict for s in e.sources}
    placement = _placement(briefing)
    out: dict[str, Risk] = {}
    for fact in briefing.facts:
        rule = records.rule(fact.extractor)
        weakest = records.weakest_field(fact.kind)
        source = briefing.source(fact.doc)
        outlet = records.outlet(source.outlet if source else None)
        precision = min(rule.estimate, weakest.estimate) if weakest else rule.estimate
        check = CHECK_FACTOR.get(fact.check.status, 1.0) * (CONFLICT_FACTOR if fact.id in conflicted else 1.0)
        where = placement.get(fact.id, "spreadsheet")
        risk = (1 - precision * check) * REACH[where]
        out[fact.id] = Risk(risk, precision, check, where, rule, weakest, outlet)
    return out


def ordered(facts: list[FactBase], risks: dict[str, Risk], decided: set[str]) -> list[FactBase]:
    """Undecided facts by risk (ties: weaker outlet, then run order), then the decided ones."""
    position = {f.id: n for n, f in enumerate(facts)}
    waiting = sorted(
        (f for f in facts if f.id not in decided),
        key=lambda f: (-risks[f.id].risk, risks[f.id].outlet.estimate, position[f.id]),
    )
    return waiting + [f for f in facts if f.id in decided]


def _placement(briefing: Briefing) -> dict[str, str]:
    """fact id → "page 1" or "briefing" for the facts the printed briefing shows (the rest:
    "spreadsheet"), as `BriefingView` lays the draft out."""
    from factsheet.kinds import kinds
    from factsheet.render.context import BriefingView

    view = BriefingView(briefing)
    events = [e for e in briefing.events if e.fact.publishable]
    shown = {row.event.id for section in view.sections for row in section.rows if row.event is not None}
    out = {f.id: "briefing" for f in briefing.facts if f.event_id in shown}
    for spec in kinds():
        of_kind = {e.id: e for e in events if e.kind == spec.name}
        if not of_kind:
            continue
        cited = {ref for item in spec.glance(list(of_kind.values()), view) for ref in item.refs}
        for fact in briefing.facts:
            if fact.event_id in of_kind and view.ref(fact.doc) in cited:
                out[fact.id] = "page 1"
    return out


def load_records(desk_store: Path) -> Records:
    """The records of the desk whose store is `desk_store` (all its days)."""
    from factsheet.desk.measure import measure
    from factsheet.desk.store import Store

    with Store(desk_store) as store:
        return Records.of(measure(store))


def stamp(desk_store: Path) -> tuple[int, int]:
    """Changes when a decision or a fact is added: when the records must be read again."""
    import sqlite3

    db = sqlite3.connect(f"{Path(desk_store).resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    try:
        rev = db.execute("SELECT coalesce(max(rev), 0) FROM log").fetchone()[0]
        facts = db.execute("SELECT coalesce(max(id), 0) FROM facts").fetchone()[0]
    finally:
        db.close()
    return int(rev), int(facts)
