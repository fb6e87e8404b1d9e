"""`factsheet eval`: the scorer on hand-made facts, and the command on the seed set."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from factsheet.evaluate import score
from factsheet.models import Aid, Casualty, Deadline, Meeting, Tariff

GOLD_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _gold():
    return [
        Meeting(
            doc="d",
            quote="q1",
            participants=["Donald Trump", "Vladimir Putin"],
            status="held",
            mode="phone",
            date=dt.date(2025, 8, 6),
        ),
        Tariff(doc="d", quote="q2", target="India", rate_percent=25, basis="additional"),
        Aid(doc="d", quote="q3", amount=200_000_000, currency="USD", form="sale"),
        Casualty(doc="d", quote="q4", count=6, outcome="killed"),
        Deadline(doc="d", quote="q5", subject="ceasefire", due=None, due_text="critical deadline"),
    ]


def test_perfect_predictions_score_one():
    report = score(_gold(), _gold())
    assert report.overall.f1 == 1.0
    assert all(v == 1.0 for fields in report.field_accuracy.values() for v in fields.values())


def test_deliberately_wrong_predictions_are_counted_as_such():
    wrong = [
        # Same surnames in other spellings: still the same meeting, but the wrong mode.
        Meeting(
            doc="d",
            quote="p1",
            participants=["Trump", "Putin"],
            status="held",
            mode="in_person",
            date=dt.date(2025, 8, 6),
        ),
        Tariff(doc="d", quote="p2", target="India", rate_percent=50, basis="total"),  # wrong rate
        Aid(doc="d", quote="p3", amount=201_000_000, currency="USD", form="sale"),  # within 1%
        Casualty(doc="d", quote="p4", count=6, outcome="injured"),  # wrong outcome
        Casualty(doc="other", quote="p5", count=6, outcome="killed"),  # wrong article
        Tariff(doc="d", quote="p6", target="China", rate_percent=None),  # no rate: ignored
        Deadline(doc="d", quote="p7", subject="x", due_text="a critical deadline for Kyiv"),
    ]
    report = score(_gold(), wrong)
    assert report.overall.predicted == 6
    assert report.overall.matched == 3
    assert report.per_kind["tariff"].matched == 0 and report.per_kind["casualty"].precision == 0.0
    assert report.field_accuracy["meeting"]["mode"] == 0.0
    assert report.field_accuracy["meeting"]["date"] == 1.0
    assert {f.quote for f in report.missed} == {"q2", "q4"}
    assert {f.quote for f in report.spurious} == {"p2", "p4", "p5"}
    assert round(report.overall.precision, 4) == 0.5 and round(report.overall.recall, 4) == 0.6


def test_best_agreeing_candidate_is_taken():
    gold = [Meeting(doc="d", quote="g", participants=["A Smith", "B Jones"], mode="phone", status="held")]
    preds = [
        Meeting(doc="d", quote="p1", participants=["Smith", "Jones"], mode="video", status="proposed"),
        Meeting(doc="d", quote="p2", participants=["Smith", "Jones"], mode="phone", status="held"),
    ]
    report = score(gold, preds)
    assert report.pairs[0][1].quote == "p2" and len(report.spurious) == 1


def test_eval_command_on_the_seed_set(tmp_path):
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "seeds"
    gold_dir = tmp_path / "gold"
    (gold_dir / "docs").mkdir(parents=True)
    for doc in GOLD_SEEDS.glob("*.txt"):
        (gold_dir / "docs" / doc.name).write_bytes(doc.read_bytes())
    (gold_dir / "docs.jsonl").write_bytes((GOLD_SEEDS / "docs.jsonl").read_bytes())
    if (shared / "gold.jsonl").is_file():
        (gold_dir / "gold.jsonl").write_bytes((shared / "gold.jsonl").read_bytes())
    else:  # a clone without the shared folder: score against a small labelled subset
        (gold_dir / "gold.jsonl").write_text(
            json.dumps(
                {
                    "doc": "001_fa7bfb961f9e8f97",
                    "kind": "tariff",
                    "imposed_by": "United States",
                    "target": "India",
                    "rate_percent": 25,
                    "basis": "additional",
                    "goods": None,
                    "reason": None,
                    "effective": "2025-08-27",
                    "status": "announced",
                    "quote": "announced an additional 25% tariff on India",
                }
            )
            + "\n"
        )
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    result = subprocess.run(
        [factsheet, "eval", str(gold_dir), "--json", "--show-errors"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["per_kind"]) == {"deadline", "tariff", "aid", "casualty", "meeting"}
    assert report["per_kind"]["tariff"]["matched"] >= 1
    assert "missed" in report and "spurious" in report
    # A floor well under today's seed scores: fails if extraction breaks, not on small shifts.
    if (shared / "gold.jsonl").is_file():
        assert report["overall"]["f1"] >= 0.8 and report["overall"]["precision"] >= 0.85


def test_eval_reports_a_broken_gold_set(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold.jsonl").write_text('{"doc": "x", "kind": "tariff"}\n')
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    result = subprocess.run([factsheet, "eval", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "gold.jsonl:1" in result.stderr
