"""The risk order of the review queue, on a real offline run: what the validator could tell
and what the editors measured each move a fact up or down."""

from __future__ import annotations

import pytest
from test_review_support import offline_run

from factsheet.desk.measure import FieldTally, Measurement, Tally
from factsheet.models import Check
from factsheet.review.publish import load_run
from factsheet.review.queue import PRIOR_WEIGHT, Records, assess, ordered


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    return load_run(offline_run(tmp_path_factory.mktemp("queue")))


def _casualties(briefing):
    killed = next(f for f in briefing.facts if f.kind == "casualty" and f.outcome == "killed")
    injured = next(f for f in briefing.facts if f.kind == "casualty" and f.outcome == "injured")
    return killed, injured


def test_a_flagged_fact_comes_before_a_verified_one_of_the_same_rule(briefing):
    killed, injured = _casualties(briefing)
    assert killed.extractor == injured.extractor
    flagged = injured.model_copy(update={"check": Check(status="flagged", reasons=["cannot tell"])})
    facts = [flagged if f.id == injured.id else f for f in briefing.facts]
    changed = briefing.model_copy(update={"facts": facts})
    risks = assess(changed, Records.of(Measurement()))
    assert risks[injured.id].precision == risks[killed.id].precision == 0.5  # no record: the prior
    assert risks[injured.id].risk > risks[killed.id].risk
    queue = ordered(facts, risks, decided=set())
    assert queue.index(flagged) < queue.index(killed)
    # a decided fact leaves the front of the queue, whatever its risk
    assert ordered(facts, risks, decided={injured.id})[-1].id == injured.id


def test_a_rule_editors_often_corrected_outranks_one_they_trusted(briefing):
    killed, _ = _casualties(briefing)
    aid = next(f for f in briefing.facts if f.kind == "aid")
    measurement = Measurement()
    measurement.overall = Tally(reviewed=20, accepted_unchanged=15)
    measurement.by_extractor = {
        killed.extractor: Tally(reviewed=10, accepted_unchanged=2),
        aid.extractor: Tally(reviewed=10, accepted_unchanged=10),
    }
    records = Records.of(measurement)
    rule = records.rule(killed.extractor)
    assert rule.text == "2 of 10 accepted unchanged"
    assert rule.estimate == pytest.approx((2 + PRIOR_WEIGHT * 0.75) / (10 + PRIOR_WEIGHT))
    risks = assess(briefing, records)
    assert risks[killed.id].risk > risks[aid.id].risk
    assert ordered(briefing.facts, risks, set())[0].kind == "casualty"
    # a field editors keep changing lowers the precision of every fact of its kind
    measurement.by_field = {"aid.amount": FieldTally(kept=10, edited=9)}
    lowered = assess(briefing, Records.of(measurement))
    assert lowered[aid.id].weakest_field is not None and lowered[aid.id].weakest_field.name == "aid.amount"
    assert lowered[aid.id].precision < risks[aid.id].precision
