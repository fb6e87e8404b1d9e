"""Event score: does factsheet group reports into the real events a person would?

A label file (JSON lines) names, for each gold fact, the real event it reports:

    {"event": "trump-putin-summit-anchorage-2025-08-15", "doc": "h04_…", "kind": "meeting", "quote": "…"}

Facts are found by article, kind and quote (the gold format's own fields, so labels
survive a re-annotation that keeps quotes); where one quote states two facts ("two dead
and 12 injured"), `"key": {"count": 12, "outcome": "injured"}` tells them apart. Facts of
one `event` are one real event across articles; every labelled fact is in one event.

The grouping under test is the desk's (`factsheet.desk`: articles stored in publication
order, each fact joining an event or starting one) and the reconciler's
(`factsheet.reconcile`), both after `factsheet.breakdown.mark_parts`, given:

- perfect facts: the gold facts themselves, so only the grouping is scored;
- an extractor's facts: each gold fact stands for the prediction matched to it by
  `factsheet.evaluate.score` (gold facts without a match are left out: extraction
  recall is scored on its own).

Scores: pairwise precision and recall (of the pairs of facts put in one event, how many
are one real event; of the pairs that are, how many were put together) and B-cubed
(the same per fact, averaged), over the labelled facts present.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factsheet.breakdown import mark_parts_by_article
from factsheet.errors import GoldSetError
from factsheet.models import Article, FactBase, number_twins

Label = tuple[str, str, str, str]
"""(doc, kind, quote, key) of a gold fact; key: the JSON of the fields that tell apart facts with one
quote, or ""."""


def _key(values: dict) -> str:
    return json.dumps(values, sort_keys=True) if values else ""


def load_labels(path: Path) -> dict[Label, str]:
    """Each labelled gold fact's real event."""
    labels: dict[Label, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldSetError(f"{path}: cannot read the event labels ({exc.strerror})") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label = (row["doc"], row["kind"], row["quote"], _key(row.get("key") or {}))
            event = str(row["event"])
        except (ValueError, KeyError, TypeError):
            raise GoldSetError(f"{path}:{lineno}: expected event, doc, kind and quote") from None
        if label in labels:
            raise GoldSetError(f"{path}:{lineno}: {row['doc']} {row['kind']} labelled twice")
        labels[label] = event
    return labels


@dataclass
class EventScore:
    """How one grouping of facts into events compares with the labelled events."""

    facts: int
    events: int
    pair_precision: float
    pair_recall: float
    bcubed_precision: float
    bcubed_recall: float

    def as_dict(self) -> dict:
        return {
            "facts": self.facts,
            "events": self.events,
            "pairwise": {"precision": round(self.pair_precision, 4), "recall": round(self.pair_recall, 4)},
            "bcubed": {"precision": round(self.bcubed_precision, 4), "recall": round(self.bcubed_recall, 4)},
        }


def compare(truth: dict[str, str], grouped: dict[str, str]) -> EventScore:
    """Score a grouping (item → predicted event) against the truth (item → real event), on shared items."""
    items = sorted(set(truth) & set(grouped))
    both = together = same = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            real, put = truth[a] == truth[b], grouped[a] == grouped[b]
            same += real
            together += put
            both += real and put
    precision = recall = 0.0
    for item in items:
        put_with = {x for x in items if grouped[x] == grouped[item]}
        is_with = {x for x in items if truth[x] == truth[item]}
        precision += len(put_with & is_with) / len(put_with)
        recall += len(put_with & is_with) / len(is_with)
    n = len(items) or 1
    return EventScore(
        facts=len(items),
        events=len({truth[x] for x in items}),
        pair_precision=both / together if together else 1.0,
        pair_recall=both / same if same else 1.0,
        bcubed_precision=precision / n if items else 0.0,
        bcubed_recall=recall / n if items else 0.0,
    )


def truth_for(gold: Sequence[FactBase], labels: dict[Label, str]) -> dict[str, str]:
    """Gold fact id → labelled event, for the labelled facts of the articles loaded."""
    docs = {f.doc for f in gold}
    found: dict[str, str] = {}
    for label, event in labels.items():
        doc, kind, quote, key = label
        if doc not in docs:
            continue
        wanted = json.loads(key) if key else {}
        matches = [
            f
            for f in gold
            if (f.doc, f.kind, f.quote) == (doc, kind, quote)
            and all(getattr(f, name, None) == value for name, value in wanted.items())
        ]
        if len(matches) != 1:
            problem = "matches no gold fact" if not matches else "matches several gold facts (add a key)"
            raise GoldSetError(f"event label {problem}: {doc} {kind} {quote[:60]!r}")
        found[matches[0].id] = event
    return found


def group_on_desk(articles: Sequence[Article], facts: Sequence[FactBase]) -> dict[str, str]:
    """Fact id → desk event id, the articles stored on a new desk in one batch (publication order)."""
    from factsheet.desk import Desk

    by_doc: dict[str, list[FactBase]] = {}
    for fact in facts:
        by_doc.setdefault(fact.doc, []).append(fact)
    latest = max((a.published for a in articles if a.published), default=dt.date.today())
    with tempfile.TemporaryDirectory(prefix="factsheet-events-") as folder, Desk.open(Path(folder)) as desk:
        run = desk.begin_run(latest, "event-score")
        batch = [(a, by_doc.get(a.id, [])) for a in articles]
        desk.add_articles(run, batch, "event-score", default_date=latest)
        return desk.event_ids([a.id for a in articles])


def group_by_reconcile(articles: Sequence[Article], facts: Sequence[FactBase]) -> dict[str, str]:
    """Fact id → event id of `factsheet.reconcile.reconcile`."""
    from factsheet.reconcile import reconcile

    grouped, _ = reconcile(list(facts), [a.meta() for a in articles])
    return {f.id: f.event_id for f in grouped if f.event_id}


def score_grouping(
    articles: Sequence[Article],
    facts: Sequence[FactBase],
    truth: dict[str, str],
    stands_for: dict[str, str] | None = None,
) -> dict[str, EventScore]:
    """Desk and reconciler groupings of `facts` against `truth` (gold id → event).

    `stands_for` maps a gold id to the id of the fact that stands for it (an extractor's
    matched prediction); without it the facts are the gold facts themselves.
    """
    facts = list(facts)
    number_twins(facts)
    facts = mark_parts_by_article(facts, {a.id: a.text for a in articles})
    stands_for = stands_for or {gold_id: gold_id for gold_id in truth}
    scores = {}
    for name, group in (("desk", group_on_desk), ("reconcile", group_by_reconcile)):
        event_of = group(articles, facts)
        grouped = {g: event_of[p] for g, p in stands_for.items() if p in event_of}
        scores[name] = compare(truth, grouped)
    return scores


def event_table(scores: dict[str, dict[str, EventScore]]):  # -> rich.table.Table (imported late)
    """The event scores as the terminal shows them: one row per facts × grouping."""
    from rich.table import Table

    table = Table(title="Event scores", title_justify="left", show_edge=False, pad_edge=False)
    for column in ("facts", "grouping", "labelled", "events", "pair P", "pair R", "B³ P", "B³ R"):
        table.add_column(column, justify="left" if column in ("facts", "grouping") else "right")
    for facts, by_grouping in scores.items():
        for grouping, s in by_grouping.items():
            table.add_row(
                facts,
                grouping,
                str(s.facts),
                str(s.events),
                *(f"{v:.2f}" for v in (s.pair_precision, s.pair_recall, s.bcubed_precision, s.bcubed_recall)),
            )
    return table
