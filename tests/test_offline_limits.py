"""Deadlines the offline extractor reads from the shape of a sentence: truce lengths, limits
set by an event, moved and appositive deadlines, commitments and threats with a date.

Sentences written for these tests, each with a look-alike that is no deadline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.extraction import get_extractor
from factsheet.models import Article

PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday


@pytest.fixture(scope="module")
def deadlines():
    extractor = get_extractor("offline")

    def run(text: str) -> list[tuple]:
        article = Article(id="t", published=PUBLISHED, text=text)
        [(_, facts)] = list(extractor.extract([article]))
        return sorted(
            (
                (str(f.due) if f.due else None, f.due_text, f.extractor.split(":")[1])
                for f in facts
                if f.kind == "deadline"
            ),
            key=lambda d: (d[0] or "", d[1] or "", d[2]),
        )

    return run


def test_a_truce_length_is_a_deadline_without_a_date(deadlines):
    assert deadlines("The rebels announced a 72-hour truce in the north.") == [
        (None, "72-hour", "deadline.truce_duration")
    ]
    assert deadlines("The rebels announced a 72-hour strike in the north.") == []


def test_a_state_kept_until_an_event_is_a_deadline(deadlines):
    text = "Both armies will keep the pause in place until the end of the border talks."
    assert (None, "until the end of the border talks", "deadline.until_event") in deadlines(text)
    assert deadlines("Both armies fought until the end of the month in heavy rain.") == []


def test_a_deadline_moved_to_a_date_is_due_on_that_date(deadlines):
    text = "On March 3, the regulator extended the review deadline to June 16."
    assert deadlines(text) == [("2025-06-16", "June 16", "deadline.deadline_noun")]


def test_an_extension_of_a_deadline_until_a_date_is_due_then(deadlines):
    text = "Chile and Peru agreed to an extension of the deadline for troops to leave the border until May 9."
    assert [d[0] for d in deadlines(text)] == ["2025-05-09"]


def test_a_date_beside_the_deadline_noun_is_its_due_date(deadlines):
    text = "More offers may arrive before April 30, the deadline for filing bids."
    assert [d[0] for d in deadlines(text)] == ["2025-04-30"]


def test_commitments_and_threats_with_a_date_set_a_limit(deadlines):
    assert [d[0] for d in deadlines("The parties agreed to publish a joint text by 2 May.")] == ["2025-05-02"]
    assert [d[0] for d in deadlines("Lima lives under the threat of a levy increase by April 9.")] == [
        "2025-04-09"
    ]
    assert deadlines("The parties published a joint text on 2 May.") == []


def test_a_time_allotted_by_a_participle_is_a_deadline(deadlines):
    assert deadlines("The 45 days stipulated in the accord have passed.") == [
        (None, "45 days", "deadline.granted_time")
    ]


def test_how_far_a_date_moved_is_not_a_deadline(deadlines):
    assert deadlines("The council approved the change, extending the start date by 12 months.") == []


def test_only_something_that_can_run_out_ends_on_a_date(deadlines):
    assert deadlines("The search for survivors ended on Monday.") == []
    assert [d[0] for d in deadlines("The fishing licence expires on June 30.")] == ["2025-06-30"]


def test_staying_until_an_event_is_no_limit_without_something_that_runs_out(deadlines):
    assert deadlines("He will remain in office until the end of his term.") == []


def test_a_date_moved_from_one_day_to_another_is_two_limits(deadlines):
    text = "The amendment will push the start of the rules from 30 June 2025 to the end of 2026, for firms."
    found = {(d[0], d[1]) for d in deadlines(text) if d[2] == "deadline.date_moved"}
    assert found == {(None, "the end of 2026"), ("2025-06-30", "from 30 June 2025")}
    assert deadlines("Prices rose from 5% to 10% in May.") == []
