"""Replay the storyline day by day into one desk: seeds/ plus the dev set's h01–h14.

Each day's articles (by publication date) are extracted with the offline extractor
and added to the desk; after each day the test keeps what `since` (from the previous
day of the replay) and `ahead` say, and checks the changes the storyline holds:
the 8 August sanctions deadline is restated on four days, is ahead on 5–7 August and
has passed by the next briefing; Witkoff's Moscow meeting is scheduled on 5 August and
reported held on 6 August; the Anchorage summit is scheduled for 15 August and, with
no report of it in the replay, is listed as passed with no report.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from factsheet.desk import Desk, ahead, event_history, events, extractor_signature, since
from factsheet.desk.commands import event_command, events_command
from factsheet.ingest import load_articles
from factsheet.models import number_twins
from factsheet.pipeline import extract_and_validate

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "gold" / "dev"
D = dt.date.fromisoformat
SANCTIONS_DUE = D("2025-08-08")

pytestmark = pytest.mark.skipif(
    not (DEV / "docs.jsonl").exists(), reason="the dev set is not beside the project"
)


def _articles():
    seeds = load_articles([ROOT / "seeds"]).articles
    dev = load_articles(sorted((DEV / "docs").glob("h*.txt")), metadata=DEV / "docs.jsonl").articles
    return seeds + dev


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    articles = _articles()
    days = defaultdict(list)
    for article in articles:
        days[article.published].append(article)
    signature = extractor_signature("offline")
    reports = {}
    with Desk.open(folder) as desk:
        previous = None
        for day in sorted(days):
            run = desk.begin_run(day, signature)
            todo = [a for a in days[day] if desk.needs_extraction(a, signature)]
            facts, problems, _ = extract_and_validate(todo, "offline")
            assert problems == []
            number_twins(facts)
            desk.add_articles(run, [(a, [f for f in facts if f.doc == a.id]) for a in todo], signature)
            desk.finish_run(run)
            assert desk.previous_briefing(day) == previous
            reports[day] = (since(desk, previous, day), ahead(desk, day))
            previous = day
        yield folder, desk, reports, articles


def _sanctions_deadline(desk):
    found = [e for e in events(desk, kind="deadline") if e.date == SANCTIONS_DUE]
    assert len(found) == 1
    return found[0]


def test_the_replay_covers_the_storyline_days(replay):
    _, _, reports, articles = replay
    assert len(articles) == 19
    assert [d.isoformat() for d in reports] == [
        "2025-07-28", "2025-08-04", "2025-08-05", "2025-08-06", "2025-08-07", "2025-08-13", "2025-08-18",
        "2025-08-27", "2025-08-29", "2025-09-16", "2025-10-28", "2025-11-22", "2025-12-19", "2025-12-28",
    ]  # fmt: skip


def test_the_sanctions_deadline_is_one_event_restated_on_four_days(replay):
    _, desk, reports, _ = replay
    deadline = _sanctions_deadline(desk)
    assert deadline.first_reported == D("2025-08-04")
    history = event_history(desk, deadline.id)
    assert [(h.reported_on.isoformat(), h.change, h.source) for h in history] == [
        ("2025-08-04", "new", "h01_witkoff_trip_newsaz"),
        ("2025-08-05", "restated", "000_9c04875aba7a0d24"),
        ("2025-08-06", "restated", "002_d298e0a4d9d3e578"),
        ("2025-08-07", "restated", "004_8e86fa0f0e6ba2ce"),
    ]
    new_on_aug4 = reports[D("2025-08-04")][0].new_events
    assert deadline.id in [e.id for e in new_on_aug4]


def test_the_sanctions_deadline_is_ahead_on_aug_5_to_7_and_passed_after(replay):
    _, desk, reports, _ = replay
    deadline = _sanctions_deadline(desk)
    for day, (_, upcoming) in reports.items():
        left = {i.event.id: i.days_left for i in upcoming.upcoming}
        if D("2025-08-05") <= day <= D("2025-08-07"):
            assert left.get(deadline.id) == (SANCTIONS_DUE - day).days, day
        else:
            assert deadline.id not in left, day
    passed = {
        day: [p for p in report.dates_passed if p.event.id == deadline.id]
        for day, (report, _) in reports.items()
    }
    assert [day for day, items in passed.items() if items] == [D("2025-08-13")]
    assert passed[D("2025-08-13")][0].outcome == "passed"


def test_witkoffs_moscow_meeting_is_scheduled_then_held(replay):
    _, desk, reports, _ = replay
    (meeting,) = [e for e in events(desk, kind="meeting", text="Witkoff") if e.date == D("2025-08-06")]
    assert (meeting.first_reported, meeting.status) == (D("2025-08-05"), "held")
    moved = [c for c in reports[D("2025-08-06")][0].status_changes if c.event_id == meeting.id]
    assert [(c.old_value, c.new_value) for c in moved] == [("scheduled", "held")]
    assert [i.days_left for i in reports[D("2025-08-06")][1].upcoming if i.event.id == meeting.id] == [0]
    passed = [p for p in reports[D("2025-08-07")][0].dates_passed if p.event.id == meeting.id]
    assert [p.outcome for p in passed] == ["held"]
    assert "Witkoff" in (passed[0].report or "")


def test_the_anchorage_summit_is_ahead_then_passed_with_no_report(replay):
    _, desk, reports, _ = replay
    (summit,) = [e for e in events(desk, kind="meeting", text="Putin") if e.date == D("2025-08-15")]
    assert summit.summary == "Donald Trump – Vladimir Putin" and summit.first_reported == D("2025-08-13")
    assert summit.id not in [i.event.id for i in reports[D("2025-08-13")][1].upcoming]  # reported today
    assert [i.days_left for i in reports[D("2025-08-18")][1].no_report if i.event.id == summit.id] == [-3]
    passed = [p.outcome for p in reports[D("2025-08-18")][0].dates_passed if p.event.id == summit.id]
    assert passed == ["no report"]


def test_each_day_lists_only_events_first_reported_since_the_previous_day(replay):
    _, desk, reports, _ = replay
    total = 0
    for report, _ in reports.values():
        assert all(
            report.previous is None or report.previous < e.first_reported <= report.date
            for e in report.new_events
        )
        total += len(report.new_events)
        assert report.updated_figures == []  # no toll in the replay is reported again for the same place
        json.dumps(report.as_dict())
    assert total == len(events(desk))
    india = [e for e in events(desk, kind="tariff", text="India") if e.figure == 25 and e.sources == 3]
    assert len(india) == 1  # the additional 25% is restated on 27 August


def test_a_second_pass_over_the_same_articles_extracts_nothing(replay):
    _, desk, _, articles = replay
    signature = extractor_signature("offline")
    assert [a.id for a in articles if desk.needs_extraction(a, signature)] == []
    assert len(desk.facts_for([a.id for a in articles])) > 50


@pytest.fixture
def cli():
    app = typer.Typer()
    app.command("events")(events_command)
    app.command("event")(event_command)
    return lambda *args: CliRunner().invoke(app, [str(a) for a in args])


def test_the_events_and_event_commands_read_the_desk(replay, cli, tmp_path):
    folder, desk, _, _ = replay
    deadline = _sanctions_deadline(desk)
    result = cli(
        "events", folder, "--kind", "deadline", "--since", "2025-08-01", "--until", "2025-08-31", "--json"
    )
    assert result.exit_code == 0, result.output
    listed = {row["id"]: row for row in json.loads(result.output)}
    assert listed[deadline.id]["sources"] == 4 and listed[deadline.id]["date"] == "2025-08-08"
    assert all(row["kind"] == "deadline" for row in listed.values())
    csv_out = cli("events", folder, "--status", "held", "--csv")
    header, *lines = csv_out.output.splitlines()
    assert header.startswith("id,kind,summary,date,status") and lines
    assert all(",held," in line for line in lines)
    table = cli("event", folder, deadline.id)
    assert table.exit_code == 0 and "h01_witkoff_trip_newsaz" in table.output and "restated" in table.output
    history = json.loads(cli("event", folder, deadline.id, "--json").output)
    assert [h["source"] for h in history["history"]] == [
        "h01_witkoff_trip_newsaz",
        *["000_9c04875aba7a0d24", "002_d298e0a4d9d3e578", "004_8e86fa0f0e6ba2ce"],
    ]
    unknown = cli("event", folder, "evt-nothing")
    assert unknown.exit_code == 1 and "evt-nothing" in unknown.output
    nowhere = cli("events", tmp_path / "empty")
    assert nowhere.exit_code == 1 and "no desk" in nowhere.output and not (tmp_path / "empty").exists()
    bad = cli("events", folder, "--since", "Aug 1")
    assert bad.exit_code == 1 and "--since" in bad.output
