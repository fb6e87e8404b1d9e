"""The event score: the pair and B-cubed arithmetic, the label file, and the storyline floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factsheet.errors import GoldSetError
from factsheet.evaluate import load_gold_sets
from factsheet.event_score import compare, load_labels, score_grouping, truth_for
from factsheet.kinds import Casualty

HERE = Path(__file__).resolve().parent
LABELS = HERE / "fixtures" / "events" / "storyline.jsonl"
SHARED = HERE.parent.parent / "shared" / "gold"
STORYLINE = [SHARED / "seeds", SHARED / "dev"]
needs_gold = pytest.mark.skipif(not (SHARED / "dev" / "gold.jsonl").is_file(), reason="no shared gold sets")


def test_a_perfect_grouping_scores_one_and_a_lumped_one_loses_precision():
    truth = {"a": "x", "b": "x", "c": "y", "d": "z"}
    perfect = compare(truth, {"a": 1, "b": 1, "c": 2, "d": 3})
    assert (perfect.pair_precision, perfect.pair_recall, perfect.bcubed_precision, perfect.bcubed_recall) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    lumped = compare(truth, {"a": 1, "b": 1, "c": 1, "d": 1})
    assert lumped.pair_recall == 1.0 and lumped.pair_precision == pytest.approx(1 / 6)
    # B-cubed precision per item: a, b → 2/4; c, d → 1/4
    assert lumped.bcubed_precision == pytest.approx((0.5 + 0.5 + 0.25 + 0.25) / 4)
    split = compare(truth, {"a": 1, "b": 2, "c": 3, "d": 4})
    assert split.pair_precision == 1.0 and split.pair_recall == 0.0
    assert split.bcubed_recall == pytest.approx((0.5 + 0.5 + 1 + 1) / 4)
    assert compare(truth, {"a": 1}).facts == 1  # only items grouped and labelled are scored


def test_labels_name_facts_by_article_kind_and_quote(tmp_path):
    gold = [
        Casualty(doc="n1", quote="three dead and nine hurt", count=3, outcome="killed"),
        Casualty(doc="n1", quote="three dead and nine hurt", count=9, outcome="injured"),
        Casualty(doc="n2", quote="the toll rose to four", count=4, outcome="killed"),
    ]
    path = tmp_path / "events.jsonl"
    rows = [
        {
            "event": "blast-killed",
            "doc": "n1",
            "kind": "casualty",
            "quote": "three dead and nine hurt",
            "key": {"outcome": "killed"},
        },
        {
            "event": "blast-injured",
            "doc": "n1",
            "kind": "casualty",
            "quote": "three dead and nine hurt",
            "key": {"outcome": "injured"},
        },
        {"event": "blast-killed", "doc": "n2", "kind": "casualty", "quote": "the toll rose to four"},
        {"event": "elsewhere", "doc": "not-loaded", "kind": "casualty", "quote": "ignored"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    truth = truth_for(gold, load_labels(path))
    assert truth == {gold[0].id: "blast-killed", gold[1].id: "blast-injured", gold[2].id: "blast-killed"}
    rows[1].pop("key")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[1:]))
    with pytest.raises(GoldSetError, match="several gold facts"):
        truth_for(gold, load_labels(path))
    path.write_text('{"doc": "n1"}\n')
    with pytest.raises(GoldSetError, match=r"events.jsonl:1"):
        load_labels(path)


@needs_gold
def test_the_storyline_labels_cover_its_gold_facts_and_perfect_facts_group_well():
    articles, gold = load_gold_sets(STORYLINE)
    truth = truth_for(gold, load_labels(LABELS))
    storyline = [g for g in gold if not g.doc.startswith("g")]
    assert set(truth) == {g.id for g in storyline}
    scores = score_grouping(articles, gold, truth)
    for name, s in scores.items():
        assert s.pair_precision >= 0.9 and s.pair_recall >= 0.9, (name, s)
        assert s.bcubed_precision >= 0.9 and s.bcubed_recall >= 0.9, (name, s)


@needs_gold
def test_eval_scores_events_with_the_extractor_too():
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    result = subprocess.run(
        [factsheet, "eval", str(SHARED / "seeds"), "--events", str(LABELS), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert set(events) == {"perfect", "offline"} and set(events["offline"]) == {"desk", "reconcile"}
    offline = events["offline"]["desk"]
    assert offline["facts"] >= 35 and offline["bcubed"]["precision"] >= 0.85  # a floor, not today's figure
