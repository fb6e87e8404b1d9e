"""Totals and figures a reader can add up and follow to their sources (perfect facts, real rendering).

- a same-day disagreement is a range, and the total says so (never 120 + 150);
- a total is the sum over distinct events of each event's best figure (the latest of an update);
- a figure cites only the reports that state it; earlier figures are shown with theirs;
- money is ranked in one currency (converted at the shipped, dated rates, marked ≈);
- two tariffs of one rate on different goods are two rows a reader can tell apart.
"""

from __future__ import annotations

import datetime as dt
import re

from factsheet.kinds import Aid, Casualty, Tariff
from factsheet.models import ArticleMeta, Briefing, Check, Event, EventSource, FactBase
from factsheet.render import render_briefing_html, render_briefing_markdown
from factsheet.render.rates import RATES_DATE, RATES_SOURCE, to_usd

DAY = dt.date(2025, 9, 2)
OUTLETS = {"r1": "Reuters", "a1": "AP", "f1": "AFP", "k1": "Kabul Times", "n1": "NRK", "u1": "State Dept"}
OK = Check(status="verified")


def _meta(doc: str, day: dt.date = DAY) -> ArticleMeta:
    return ArticleMeta(id=doc, outlet=OUTLETS[doc], title=f"{OUTLETS[doc]} report", published=day)


def _killed(doc: str, count: int, location: str = "Kunar") -> Casualty:
    quote = f"{count} people were killed in {location}"
    return Casualty(doc=doc, quote=quote, count=count, outcome="killed", location=location, check=OK)


def _event(event_id: str, facts: list[FactBase], shown: FactBase, *, conflict: bool = False) -> Event:
    from factsheet.kinds import get

    name = get(shown.kind).key_figure
    values = [float(getattr(f, name)) for f in facts] if name else []
    return Event(
        id=event_id,
        kind=shown.kind,
        summary=get(shown.kind).describe(shown),
        fact=shown,
        sources=[
            EventSource(
                fact_id=f.id, doc=f.doc, quote=f.quote, value=float(getattr(f, name)) if name else None
            )
            for f in facts
        ],
        conflict=conflict,
        low=min(values) if values else None,
        high=max(values) if values else None,
    )


def _briefing(events: list[Event], sources: list[ArticleMeta]) -> Briefing:
    facts = [f for e in events for f in [e.fact]]
    return Briefing(
        briefing_date=DAY,
        generated_at=dt.datetime(2025, 9, 2, 6, tzinfo=dt.UTC),
        extractor="offline",
        sources=sources,
        facts=facts,
        events=events,
    )


def _number(markdown: str, doc: str) -> int:
    """The footnote number of a source (`[^3]: **AFP report** — AFP`)."""
    match = re.search(rf"^\[\^(\d+)\]: \*\*{OUTLETS[doc]} report\*\*", markdown, flags=re.M)
    assert match, doc
    return int(match.group(1))


def test_two_reports_of_one_toll_on_one_day_are_a_range_and_the_total_says_so():
    r1, a1 = _killed("r1", 120), _killed("a1", 150)
    briefing = _briefing([_event("e1", [r1, a1], r1, conflict=True)], [_meta("r1"), _meta("a1")])
    markdown = render_briefing_markdown(briefing)
    glance = markdown.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert "**Killed:** 120–150" in glance and "a range: reports of 1 disagree" in glance
    assert "270" not in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| killed |"))
    assert "120–150" in row and "reports disagree" in row
    assert f"120[^{_number(markdown, 'r1')}]" in row and f"150[^{_number(markdown, 'a1')}]" in row


def test_a_total_adds_each_events_best_figure_and_a_figure_cites_only_who_states_it():
    early, middle = _killed("r1", 120), _killed("a1", 150)
    later = _killed("f1", 210)
    kabul = _killed("k1", 622, "eastern Afghanistan")
    sources = [_meta("r1", DAY - dt.timedelta(days=1)), _meta("a1", DAY - dt.timedelta(days=1)), _meta("f1")]
    briefing = _briefing(
        [_event("e1", [early, middle, later], later), _event("e2", [kabul], kabul)], [*sources, _meta("k1")]
    )
    markdown = render_briefing_markdown(briefing)
    assert "**Killed:** 832" in markdown and "sum over 2 distinct events" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| killed | 210 |"))
    afp, reuters, ap = _number(markdown, "f1"), _number(markdown, "r1"), _number(markdown, "a1")
    cited, _, earlier = row.partition(" — earlier: ")
    assert re.findall(r"\[\^(\d+)\]", cited) == [str(afp)]  # the 210 cites AFP only
    assert f"120[^{reuters}]" in earlier and f"150[^{ap}]" in earlier
    html = render_briefing_html(briefing)
    assert "earlier: " in html and "as of Tue 02 Sep" in html


def test_money_is_ranked_in_one_currency_and_two_tariffs_on_different_goods_are_two_rows():
    nok = Aid(
        doc="n1",
        quote="Norway pledged NOK 5 billion",
        donor="Norway",
        recipient="Ukraine",
        amount=5e9,
        currency="NOK",
        form="pledge",
        status="pledged",
        check=OK,
    )
    usd = Aid(
        doc="u1",
        quote="more than $1 billion",
        donor="United States",
        recipient="Ukraine",
        amount=1e9,
        currency="USD",
        amount_qualifier="more_than",
        form="package",
        check=OK,
    )
    cars = Tariff(
        doc="r1",
        quote="a 25% tariff on Mexican cars",
        imposed_by="United States",
        target="Mexico",
        rate_percent=25,
        goods="cars",
        status="in_force",
        check=OK,
    )
    steel = Tariff(
        doc="a1",
        quote="a 25% tariff on Mexican steel",
        imposed_by="United States",
        target="Mexico",
        rate_percent=25,
        goods="steel",
        status="announced",
        check=OK,
    )
    events = [_event(f"e{i}", [f], f) for i, f in enumerate((nok, usd, cars, steel))]
    briefing = _briefing(events, [_meta(d) for d in ("n1", "u1", "r1", "a1")])
    markdown = render_briefing_markdown(briefing)
    assert "**Largest aid:** more than $1 bn" in markdown
    converted = to_usd(5e9, "NOK")
    assert converted is not None and 0.3e9 < converted < 0.6e9
    assert f"5 bn NOK (≈ ${converted / 1e9:.2f} bn)" in markdown
    assert f"{RATES_SOURCE} of {RATES_DATE:%d %B %Y}" in markdown
    assert "6 bn" not in markdown  # never NOK and USD added raw
    rows = [line for line in markdown.splitlines() if line.startswith("| Mexico |")]
    assert len(rows) == 2 and {rows[0].split(" | ")[1], rows[1].split(" | ")[1]} == {"cars", "steel"}
    assert any("in force" in r for r in rows) and not any("in_force" in r for r in rows)


WIRE = (
    "KHARKIV (Wire) - At least 9 people were killed in Kharkiv after a missile hit a market, officials said. "
    "The strike came shortly after noon, when the market was crowded with shoppers buying food for the "
    "weekend, the regional governor told reporters at the scene. Rescue teams were still searching the "
    "rubble late in the evening, and the governor said the number of dead could rise further."
)


def test_copies_of_one_wire_story_count_as_one_report(tmp_path):
    import json

    from factsheet.pipeline import RunOptions, run

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "w1": WIRE,
        "w2": "Published by the Morning Post. " + WIRE,  # the same story under another masthead
        "own": "At least 9 people were killed in Kharkiv after a missile hit a market, officials said. "
        "Our correspondent saw burned-out stalls and spoke to traders who had lost everything they owned.",
    }
    outlets = {"w1": "Wire Daily", "w2": "Morning Post", "own": "Kharkiv Herald"}
    for doc, text in texts.items():
        (folder / f"{doc}.txt").write_text(text, encoding="utf-8")
    metas = [
        {"id": d, "published": "2025-08-04", "outlet": o, "title": f"{o} story"} for d, o in outlets.items()
    ]
    (folder / "docs.jsonl").write_text("\n".join(json.dumps(m) for m in metas) + "\n", encoding="utf-8")
    result = run([folder], RunOptions(out=tmp_path / "desk", workers=1))
    assert result.briefing.desk is not None and result.briefing.desk["copies"] == {"w2": "w1"}
    markdown = (result.out_dir / "briefing.md").read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| killed |"))
    assert "2 reports · 3 outlets" in row
    assert len(re.findall(r"\[\^\d+\]", row)) == 2  # the copy is cited as the story it copies


def test_a_breakdown_is_never_added_to_the_total_it_is_part_of():
    toll = _killed("k1", 622, "eastern Afghanistan")
    kunar = _killed("k1", 250, "Kunar").model_copy(update={"part_of": toll.id})
    briefing = _briefing([_event("e1", [toll], toll), _event("e2", [kunar], kunar)], [_meta("k1")])
    markdown = render_briefing_markdown(briefing)
    glance = markdown.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert "**Killed:** 622" in glance and "872" not in markdown
    assert "sum over 1 distinct event" in glance
