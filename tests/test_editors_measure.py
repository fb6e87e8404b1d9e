"""Every review decision becomes a measurement: `factsheet eval --desk`, `factsheet export --gold`
and the colophon's record, driven through the installed command on a real desk.

The desk (tests/test_editors_support.py) holds three days of news with known decisions:
six facts accepted, two edited (a count and a name), two rejected, one never decided.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from test_editors_support import (
    AID,
    CASUALTY,
    DAYS,
    DECISIONS,
    MEETING,
    TARIFF,
    build_desk,
    decide_on_the_command_line,
    facts_by_doc,
    factsheet,
    ok,
)
from test_review_support import request, view

from factsheet.desk.measure import wilson


@pytest.fixture(scope="module")
def undecided_desk(tmp_path_factory) -> Path:
    return build_desk(tmp_path_factory.mktemp("editors"))


@pytest.fixture(scope="module")
def desk(undecided_desk, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("decided") / "desk"
    shutil.copytree(undecided_desk, copy)
    decide_on_the_command_line(copy)
    return copy


def measured(desk: Path, *args: str) -> dict:
    return json.loads(ok("eval", "--desk", str(desk), "--json", *args).stdout)


def counts(record: dict) -> tuple:
    return (
        record["reviewed"],
        record["accepted_unchanged"],
        record["edited"],
        record["rejected"],
        record["edited_fields"],
    )


def test_eval_desk_counts_every_decision_per_kind_rule_field_and_outlet(desk):
    data = measured(desk)
    overall = data["overall"]
    assert counts(overall) == (10, 6, 2, 2, {"count": 1, "participants": 1})
    assert overall["rejected_reasons"] == {"a phone call, not a meeting": 1, "only proposed": 1}
    assert overall["precision"] == 0.6
    low, high = overall["interval95"]
    assert (low, high) == (pytest.approx(0.3127, abs=1e-4), pytest.approx(0.8318, abs=1e-4))
    # The fact nobody decided is counted apart, by what the validator said: never as correct.
    assert overall["not_reviewed"] == {"verified": 1}
    assert {k: counts(v) for k, v in data["by_kind"].items()} == {
        "aid": (2, 2, 0, 0, {}),
        "casualty": (4, 3, 1, 0, {"count": 1}),
        "meeting": (2, 0, 1, 1, {"participants": 1}),
        "tariff": (2, 1, 0, 1, {}),
    }
    assert data["by_kind"]["aid"]["not_reviewed"] == {"verified": 1}
    assert {k: counts(v) for k, v in data["by_extractor"].items()} == {
        AID: (2, 2, 0, 0, {}),
        CASUALTY: (4, 3, 1, 0, {"count": 1}),
        MEETING: (2, 0, 1, 1, {"participants": 1}),
        TARIFF: (2, 1, 0, 1, {}),
    }
    assert data["by_extractor"][MEETING]["precision"] == 0.0
    assert data["by_extractor"][CASUALTY]["precision"] == 0.75
    fields = data["by_field"]
    assert (fields["casualty.count"]["kept"], fields["casualty.count"]["edited"]) == (4, 1)
    assert (fields["meeting.participants"]["kept"], fields["meeting.participants"]["edited"]) == (1, 1)
    assert fields["casualty.location"]["edited"] == 0 and fields["tariff.rate_percent"]["kept"] == 1
    # Source reliability: each outlet's share of facts accepted unchanged.
    outlets = {
        k: (v["reviewed"], v["accepted_unchanged"], v["precision"]) for k, v in data["by_outlet"].items()
    }
    assert outlets == {
        "Adriatic Wire": (3, 2, 0.6667),
        "Harbour Ledger": (4, 3, 0.75),
        "Mountain Post": (3, 1, 0.3333),
    }


def test_since_and_until_select_the_news_of_those_days(desk):
    day2 = measured(desk, "--since", "2025-10-07", "--until", "2025-10-07")
    assert (day2["since"], day2["until"]) == ("2025-10-07", "2025-10-07")
    assert counts(day2["overall"]) == (3, 2, 0, 1, {})
    assert set(day2["by_kind"]) == {"aid", "casualty", "tariff"}
    later = measured(desk, "--since", "2025-10-08")
    assert counts(later["overall"]) == (4, 2, 2, 0, {"count": 1, "participants": 1})
    assert later["overall"]["not_reviewed"] == {"verified": 1}


def test_eval_desk_as_tables_and_its_errors(desk, tmp_path):
    shown = ok("eval", "--desk", str(desk)).stdout
    assert "All: 6 of 10 accepted unchanged, precision 60 % (31–83)" in shown
    assert "Source reliability, per outlet" in shown and "Mountain" in shown
    assert "Not reviewed (never counted as correct): 1 — verified 1" in shown
    missing = factsheet("eval", "--desk", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no desk here" in missing.stderr
    assert not (tmp_path / "nowhere").exists()  # measuring never makes a desk
    both = factsheet("eval", str(tmp_path), "--desk", str(desk))
    assert both.returncode == 2 and "not both" in both.stderr
    assert factsheet("eval", "--desk", str(desk), "--since", "yesterday").returncode == 2


def test_decisions_on_the_review_page_and_on_the_command_line_count_alike(desk, undecided_desk, tmp_path):
    from factsheet.review.server import ReviewServer

    on_page = tmp_path / "desk"
    shutil.copytree(undecided_desk, on_page)
    facts = facts_by_doc(on_page)
    for day, docs in DAYS.items():
        server = ReviewServer(on_page / day, reviewer="editor").start()
        try:
            for doc in docs:
                if doc not in DECISIONS:
                    continue
                fact_id, decision = facts[doc]["id"], DECISIONS[doc]
                url = f"http://127.0.0.1:{server.port}/fact/{fact_id}?token={server.app.token}"
                status, _, page = request(url)
                assert status == 200
                form = {"csrf": server.app.csrf, **view(page), "action": decision[0]}
                if decision[0] == "reject":
                    form["reason"] = decision[1]
                elif decision[0] == "edit":
                    form.update(field=decision[1], value=decision[2])
                decide = f"http://127.0.0.1:{server.port}/fact/{fact_id}/decide?token={server.app.token}"
                assert request(decide, form)[0] == 303, (doc, decision)
        finally:
            server.stop()
    assert measured(on_page) == measured(desk)


def test_export_writes_the_edited_gold_and_eval_scores_the_run_against_it(desk, tmp_path):
    gold = tmp_path / "gold"
    done = ok("export", str(desk), "--gold", str(gold))
    assert "10 article(s), 8 fact(s)" in done.stdout and "1 awaiting decisions" in done.stdout
    lines = [json.loads(line) for line in (gold / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = [json.loads(line) for line in (gold / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    # only articles whose every fact was decided; rejected facts left out, edits applied
    assert {d["id"] for d in docs} == set(DECISIONS) and "d3e" not in {g["doc"] for g in lines}
    assert {g["doc"] for g in lines} == {d for d, how in DECISIONS.items() if how[0] != "reject"}
    by_doc = {g["doc"]: g for g in lines}
    assert by_doc["d3d"]["count"] == 23 and by_doc["d3c"]["participants"] == [
        "Emmanuel Macron",
        "Olaf Scholz",
    ]
    assert by_doc["d1a"]["count"] == 14  # accepted: as extracted
    assert docs[0] == {
        "id": "d1a",
        "published": "2025-10-06",
        "title": "Floods in the Po valley",
        "outlet": "Adriatic Wire",
        "url": "https://news.test/d1a",
    }
    _passes_the_format_checks(gold, lines, docs)
    # The same extractor on the desk's own news, scored against its editors: 6 of 10.
    scored = json.loads(ok("eval", str(gold), "--json").stdout)["overall"]
    assert (scored["predicted"], scored["matched"], scored["gold"]) == (10, 6, 8)
    assert scored["precision"] == 0.6


def _passes_the_format_checks(gold: Path, lines: list[dict], docs: list[dict]) -> None:
    """The gold format's rules, checked here on their own and by `check_gold_set`."""
    from factsheet.desk.gold import check_gold_set
    from factsheet.kinds import get, to_fact

    texts = {d["id"]: (gold / "docs" / f"{d['id']}.txt").read_text(encoding="utf-8") for d in docs}
    for d in docs:
        assert dt.date.fromisoformat(d["published"])
    for line in lines:
        assert line["quote"] and line["quote"] in texts[line["doc"]]
        assert set(line) == set(get(line["kind"]).content_fields()) | {"doc", "kind", "quote"}
        to_fact({"extractor": "gold", **line})  # every value one the kind allows
    assert check_gold_set(gold) == []
    # the check can fail: a quote not in its article, a field a kind lacks, a value not allowed
    broken = gold.parent / "broken"
    shutil.copytree(gold, broken)
    bad = [dict(lines[0], quote="not in the article"), dict(lines[1], colour="red"), dict(lines[2])]
    bad[2]["count" if "count" in bad[2] else "status"] = "many"
    (broken / "gold.jsonl").write_text("".join(json.dumps(b) + "\n" for b in bad), encoding="utf-8")
    problems = check_gold_set(broken)
    assert len(problems) == 3 and "quote is not in article" in problems[0] and "colour" in problems[1]


def test_export_since_and_into_a_folder_that_is_not_a_set(desk, tmp_path):
    gold = tmp_path / "gold"
    done = ok("export", str(desk), "--gold", str(gold), "--since", "2025-10-08")
    assert "4 article(s), 4 fact(s)" in done.stdout
    again = ok("export", str(desk), "--gold", str(gold))  # a set exported before is replaced whole
    assert "10 article(s)" in again.stdout and len(list((gold / "docs").iterdir())) == 10
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    refused = factsheet("export", str(desk), "--gold", str(other))
    assert refused.returncode == 2 and "not a labelled set" in refused.stderr
    assert [p.name for p in other.iterdir()] == ["mine.txt"]


def test_review_record_for_the_colophon(desk):
    from factsheet.desk.measure import review_record
    from factsheet.desk.store import Store

    with Store(desk / "factsheet.db") as store:
        month = review_record(store, dt.date(2025, 10, 8))
        day = review_record(store, dt.date(2025, 10, 8), days=1)
        before = review_record(store, dt.date(2025, 10, 5))
    assert (month["reviewed"], month["accepted_unchanged"], month["percent"]) == (10, 6, 60)
    assert month["line"] == "Facts reviewed in the last 30 days: 10; accepted unchanged: 60 %"
    assert (month["since"], month["until"]) == ("2025-09-09", "2025-10-08")
    assert (day["reviewed"], day["percent"]) == (4, 50)
    assert before["reviewed"] == 0 and before["percent"] is None
    assert before["line"] == "Facts reviewed in the last 30 days: 0"


def test_wilson_interval():
    assert wilson(0, 0) is None
    low, high = wilson(31, 40)  # type: ignore[misc]
    assert low == pytest.approx(0.6250, abs=1e-4) and high == pytest.approx(0.8768, abs=1e-4)
    assert wilson(0, 2)[0] == 0.0 and wilson(2, 2)[1] == 1.0  # type: ignore[index]


def test_an_edit_that_keeps_the_extracted_value_is_no_edit(desk, tmp_path):
    copy = tmp_path / "desk"
    shutil.copytree(desk, copy)
    facts = facts_by_doc(copy)
    po, nepal = facts["d1a"], facts["d2b"]
    ok("review", str(copy / "2025-10-06"), "--edit", f"{po['id']}:count={po['count']}")
    ok("review", str(copy / "2025-10-07"), "--edit", f"{nepal['id']}:location={nepal['location']}")
    assert measured(copy)["overall"] == measured(desk)["overall"]
    ok("review", str(copy / "2025-10-06"), "--edit", f"{po['id']}:count=15")
    assert counts(measured(copy)["overall"]) == (10, 5, 3, 2, {"count": 2, "participants": 1})
