"""`factsheet eval`: score an extractor against hand-labelled gold facts.

A labelled set is a folder with `docs/<id>.txt`, `docs.jsonl` (metadata) and
`gold.jsonl` (one fact per line, the fact models' fields). Matching follows the
gold format's rules, which each kind declares (`KindSpec.keys_agree`): a prediction
matches a gold fact of the same article and kind when its key agrees. Each gold fact
takes at most one prediction, the one agreeing on most other fields. Predictions whose
key figure is missing are ignored, as gold does not annotate them.

Several labelled sets can be scored as one (their article ids are distinct), and with
event labels (`events=`) the grouping of facts into events is scored too, with perfect
facts and with the extractor's (`factsheet.event_score`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factsheet.errors import GoldSetError, KindError
from factsheet.ingest import load_articles
from factsheet.kinds import get, names, to_fact
from factsheet.models import Article, FactBase, number_twins
from factsheet.parsing.numbers import same_number

if TYPE_CHECKING:
    from factsheet.event_score import EventScore


@dataclass
class KindScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    per_kind: dict[str, KindScore]
    overall: KindScore
    field_accuracy: dict[str, dict[str, float]]
    missed: list[FactBase] = field(default_factory=list)
    spurious: list[FactBase] = field(default_factory=list)
    pairs: list[tuple[FactBase, FactBase]] = field(default_factory=list)
    events: dict[str, dict[str, EventScore]] = field(default_factory=dict)
    """With event labels: facts ("perfect" or the extractor's name) → grouping ("desk",
    "reconcile") → its event score."""

    def by_rule(self) -> dict[str, dict[str, float]]:
        """Predicted, matched and precision per rule (a fact's `extractor`, e.g. "offline:tariff.rate")."""
        counts: dict[str, list[int]] = {}
        for _gold, pred in self.pairs:
            counts.setdefault(pred.extractor, [0, 0])[1] += 1
        for pred in [p for _g, p in self.pairs] + self.spurious:
            counts.setdefault(pred.extractor, [0, 0])[0] += 1
        return {
            rule: {"predicted": n, "matched": m, "precision": round(m / n, 4) if n else 0.0}
            for rule, (n, m) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
        }

    def as_dict(self, *, errors: bool = False) -> dict:
        data: dict = {
            "overall": self.overall.as_dict(),
            "per_kind": {k: s.as_dict() for k, s in self.per_kind.items()},
            "field_accuracy": self.field_accuracy,
        }
        if self.events:
            data["events"] = {
                facts: {grouping: s.as_dict() for grouping, s in scores.items()}
                for facts, scores in self.events.items()
            }
        if errors:
            data["missed"] = [_brief(f) for f in self.missed]
            data["spurious"] = [_brief(f) for f in self.spurious]
        return data


def _brief(fact: FactBase) -> dict:
    return {
        "doc": fact.doc,
        "kind": fact.kind,
        "quote": fact.quote,
        **fact.model_dump(mode="json", include=set(get(fact.kind).content_fields())),
    }


def load_gold_set(folder: Path) -> tuple[list[Article], list[FactBase]]:
    """Articles (with metadata applied) and gold facts of a labelled set."""
    docs = folder / "docs"
    gold_path = folder / "gold.jsonl"
    if not docs.is_dir() or not gold_path.is_file():
        raise GoldSetError(f"{folder}: expected docs/ and gold.jsonl")
    sidecar = folder / "docs.jsonl"
    ingested = load_articles([docs], metadata=sidecar if sidecar.is_file() else None)
    if ingested.problems:
        raise GoldSetError(str(ingested.problems[0]))
    articles = ingested.articles
    gold: list[FactBase] = []
    for lineno, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold.append(to_fact({"extractor": "gold", **json.loads(line)}))
        except (ValueError, KindError) as exc:
            raise GoldSetError(f"{gold_path}:{lineno}: {str(exc).splitlines()[0]}") from None
    return articles, gold


def score(gold: list[FactBase], predicted: list[FactBase]) -> Report:
    """Precision, recall, F1 per kind and overall, and field accuracy on matched pairs."""
    predicted = [
        p for p in predicted if (figure := get(p.kind).key_figure) is None or getattr(p, figure) is not None
    ]
    per_kind = {k: KindScore() for k in names()}
    for g in gold:
        per_kind[g.kind].gold += 1
    for p in predicted:
        per_kind[p.kind].predicted += 1
    used: set[int] = set()
    pairs: list[tuple[FactBase, FactBase]] = []
    missed: list[FactBase] = []
    for g in gold:
        candidates = [
            (i, p)
            for i, p in enumerate(predicted)
            if i not in used and p.doc == g.doc and p.kind == g.kind and keys_agree(g, p)
        ]
        if not candidates:
            missed.append(g)
            continue
        index, best = max(candidates, key=lambda c: (_agreement(g, c[1]), -c[0]))
        used.add(index)
        pairs.append((g, best))
        per_kind[g.kind].matched += 1
    spurious = [p for i, p in enumerate(predicted) if i not in used]
    overall = KindScore(gold=len(gold), predicted=len(predicted), matched=len(pairs))
    return Report(per_kind, overall, _field_accuracy(pairs), missed, spurious, pairs)


def keys_agree(gold: FactBase, pred: FactBase) -> bool:
    """The gold format's key match, as the kind defines it (`KindSpec.keys_agree`)."""
    return gold.kind == pred.kind and get(gold.kind).keys_agree(gold, pred)


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, list):
        return sorted(str(_norm(v)) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return same_number(float(a), float(b))
    return _norm(a) == _norm(b)


def _other_fields(kind: str) -> list[str]:
    spec = get(kind)
    return [f for f in spec.content_fields() if f not in spec.eval_key_fields]


def _agreement(gold: FactBase, pred: FactBase) -> int:
    return sum(_same(getattr(gold, f), getattr(pred, f)) for f in _other_fields(gold.kind))


def _field_accuracy(pairs: list[tuple[FactBase, FactBase]]) -> dict[str, dict[str, float]]:
    accuracy: dict[str, dict[str, float]] = {}
    for kind in names():
        kind_pairs = [(g, p) for g, p in pairs if g.kind == kind]
        if not kind_pairs:
            continue
        accuracy[kind] = {
            f: round(sum(_same(getattr(g, f), getattr(p, f)) for g, p in kind_pairs) / len(kind_pairs), 4)
            for f in _other_fields(kind)
        }
    return accuracy


def load_gold_sets(folders: Sequence[Path]) -> tuple[list[Article], list[FactBase]]:
    """Several labelled sets as one (article ids must not repeat across them)."""
    articles: list[Article] = []
    gold: list[FactBase] = []
    for folder in folders:
        more_articles, more_gold = load_gold_set(folder)
        seen = {a.id for a in articles}
        if twice := next((a.id for a in more_articles if a.id in seen), None):
            raise GoldSetError(f"{folder}: article {twice} is in another labelled set too")
        articles += more_articles
        gold += more_gold
    return articles, gold


def evaluate(
    folder: Path | Sequence[Path],
    extractor: str = "offline",
    options: dict | None = None,
    progress: Callable | None = None,
    events: Path | None = None,
) -> Report:
    """Run `extractor` (and the validator) on labelled sets and score what it would publish.

    With `events` (a label file, see `factsheet.event_score`) the grouping into events is
    scored as well, on gold facts ("perfect") and on the extractor's matched facts.
    """
    from factsheet.pipeline import extract_and_validate

    folders = [folder] if isinstance(folder, Path) else list(folder)
    articles, gold = load_gold_sets(folders)
    facts, _problems, _stats = extract_and_validate(articles, extractor, options, progress)
    published = [f for f in facts if f.publishable]
    number_twins(published)
    report = score(gold, published)
    if events is not None:
        from factsheet.event_score import load_labels, score_grouping, truth_for

        number_twins(gold)
        truth = truth_for(gold, load_labels(events))
        report.events["perfect"] = score_grouping(articles, gold, truth)
        stands_for = {g.id: p.id for g, p in report.pairs if g.id in truth}
        report.events[extractor] = score_grouping(articles, published, truth, stands_for)
    return report
