"""A year of daily runs into one desk: store size, a day's cost at day 365 vs day 1, query latency.

Every day adds `--per-day` articles (default 200) whose texts are drawn at random from
the labelled sets (seeds/ and the dev set beside the project) under new ids and the
day's date. To keep a year feasible, each labelled text is extracted once with the
offline extractor and its facts are copied to every draw (new article id, dates
shifted by the same number of days as the publication date): the benchmark times the
desk (store, events across days, queries), not spaCy. `--fresh` also times one real
day of offline extraction and its re-run with one new article.

The fair comparison of a day at the start and at the end of the year is
`day_1_vs_day_after_the_year`: the same draw timed on an empty desk and on the year's
desk, in turn, so that other load on the machine slows both alike.

A day's cost = the checks whether each article needs extraction, storing the day's
articles and facts and reconciling them with the desk's events (batches of 50 in one
transaction each), and the day's `since` and `ahead` queries.

    .venv/bin/python bench/desk_year.py [--days 365] [--per-day 200] [--fresh] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import typer
from typer.testing import CliRunner

from factsheet.desk import Desk, ahead, events, extractor_signature, since
from factsheet.desk.commands import events_command
from factsheet.ingest import load_articles
from factsheet.kinds import get, to_fact
from factsheet.models import Article, FactBase, number_twins
from factsheet.pipeline import extract_and_validate

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "gold" / "dev"
BATCH = 50


def labelled() -> list[Article]:
    articles = load_articles([ROOT / "seeds"]).articles
    if (DEV / "docs.jsonl").exists():
        articles += load_articles(sorted((DEV / "docs").glob("*.txt")), metadata=DEV / "docs.jsonl").articles
    return articles


def copy_fact(fact: FactBase, doc: str, shift: dt.timedelta) -> FactBase:
    """The fact as read from a copy of its article published `shift` later."""
    data = fact.model_dump(mode="python", exclude={"id", "event_id"})
    data["doc"] = doc
    for name in get(fact.kind).roles.dates:
        if isinstance(data.get(name), dt.date):
            data[name] = data[name] + shift
    return to_fact(data)


def draw_day(
    day: int,
    start: dt.date,
    sources: list[Article],
    facts: dict[str, list[FactBase]],
    per_day: int,
    rng: random.Random,
) -> list[tuple[Article, list[FactBase]]]:
    published = start + dt.timedelta(days=day - 1)
    out = []
    for j in range(per_day):
        source = rng.choice(sources)
        doc = f"y{day:03d}-{j:03d}-{source.id[:12]}"
        shift = published - (source.published or published)
        article = Article(
            id=doc, text=source.text, title=source.title, outlet=source.outlet, published=published
        )
        copied = [copy_fact(f, doc, shift) for f in facts[source.id]]
        number_twins(copied)
        out.append((article, copied))
    return out


def run_day(
    desk: Desk,
    signature: str,
    batch: list[tuple[Article, list[FactBase]]],
    day: dt.date,
    previous: dt.date | None,
) -> float:
    started = time.perf_counter()
    run = desk.begin_run(day, signature)
    todo = [(a, f) for a, f in batch if desk.needs_extraction(a, signature)]
    for i in range(0, len(todo), BATCH):
        desk.add_articles(run, todo[i : i + BATCH], signature)
    desk.finish_run(run)
    since(desk, previous, day)
    ahead(desk, day)
    return time.perf_counter() - started


def probe_days(
    folder: Path,
    sources: list[Article],
    facts: dict[str, list[FactBase]],
    per_day: int,
    start: dt.date,
    days: int,
    rng: random.Random,
    rounds: int = 5,
) -> dict:
    """Day 1 and day `days + 1` timed in turn, with the same draw: a busy machine slows both alike.

    Each round times one day on a new empty desk and the same articles (other ids) as the
    next day of the year's desk; wall and CPU time, medians over the rounds.
    """
    signature = extractor_signature("offline")
    wall: dict[str, list[float]] = {"day1": [], "dayN": []}
    cpu: dict[str, list[float]] = {"day1": [], "dayN": []}
    for r in range(rounds):
        state = rng.getstate()
        for label, target in (("day1", None), ("dayN", folder)):
            rng.setstate(state)
            d = 1 if target is None else days + 1 + r
            batch = draw_day(d, start, sources, facts, per_day, rng)
            if target is None:
                batch = [(a.model_copy(update={"id": f"p{r}-" + a.id}), f) for a, f in batch]
            place = target or Path(tempfile.mkdtemp(prefix="desk-probe-"))
            day = start + dt.timedelta(days=d - 1)
            with Desk.open(place) as desk:
                c0, w0 = time.process_time(), time.perf_counter()
                run_day(desk, signature, batch, day, day - dt.timedelta(days=1))
                cpu[label].append(time.process_time() - c0)
                wall[label].append(time.perf_counter() - w0)
            if target is None:
                shutil.rmtree(place, ignore_errors=True)
    med = {
        f"{k}_{label}_s": round(statistics.median(v[label]), 3)
        for k, v in (("wall", wall), ("cpu", cpu))
        for label in ("day1", "dayN")
    }
    med["wall_ratio"] = round(med["wall_dayN_s"] / med["wall_day1_s"], 3)
    med["cpu_ratio"] = round(med["cpu_dayN_s"] / med["cpu_day1_s"], 3)
    return med


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("factsheet.db*"))


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fresh_day(articles: list[Article], folder: Path, per_day: int, rng: random.Random) -> dict:
    """One real day: offline extraction of `per_day` articles, then that day again with one new article."""
    signature = extractor_signature("offline")
    day = dt.date(2026, 1, 1)
    texts = [rng.choice(articles) for _ in range(per_day)]
    batch = [Article(id=f"f{j:03d}", text=a.text, published=day) for j, a in enumerate(texts)]

    def one_run(todo_from: list[Article]) -> tuple[float, int]:
        started = time.perf_counter()
        with Desk.open(folder) as desk:
            run = desk.begin_run(day, signature)
            todo = [a for a in todo_from if desk.needs_extraction(a, signature)]
            facts, _, _ = extract_and_validate(todo, "offline")
            number_twins(facts)
            by_doc: dict[str, list[FactBase]] = {}
            for f in facts:
                by_doc.setdefault(f.doc, []).append(f)
            for i in range(0, len(todo), BATCH):
                desk.add_articles(run, [(a, by_doc.get(a.id, [])) for a in todo[i : i + BATCH]], signature)
            desk.facts_for([a.id for a in todo_from])
            desk.finish_run(run)
        return time.perf_counter() - started, len(todo)

    first, n_first = one_run(batch)
    again = [*batch[1:], Article(id="f-new", text=texts[0].text + "\nA new paragraph.", published=day)]
    second, n_second = one_run(again)
    return {
        "first_run_s": round(first, 2),
        "extracted_first": n_first,
        "rerun_one_new_s": round(second, 2),
        "extracted_rerun": n_second,
        "rerun_share": round(second / first, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--fresh", action="store_true", help="also time a real day and its re-run")
    parser.add_argument("--out", type=Path, default=None, help="desk folder (default: a temporary one)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = args.out or Path(tempfile.mkdtemp(prefix="desk-year-"))
    shutil.rmtree(folder, ignore_errors=True)

    sources = labelled()
    facts_list, _, _ = extract_and_validate(sources, "offline")
    facts: dict[str, list[FactBase]] = {a.id: [] for a in sources}
    for f in facts_list:
        facts[f.doc].append(f)
    print(f"{len(sources)} labelled texts, {len(facts_list)} facts extracted once", file=sys.stderr)

    signature = extractor_signature("offline")
    start = dt.date(2025, 1, 1)
    costs: list[float] = []
    cpu_costs: list[float] = []  # CPU time of this process: less at the mercy of other load
    with Desk.open(folder) as desk:
        previous = None
        for d in range(1, args.days + 1):
            batch = draw_day(d, start, sources, facts, args.per_day, rng)
            day = start + dt.timedelta(days=d - 1)
            cpu_started = time.process_time()
            costs.append(run_day(desk, signature, batch, day, previous))
            cpu_costs.append(time.process_time() - cpu_started)
            previous = day
            if d % 30 == 0 or d == args.days:
                print(f"day {d}: {costs[-1]:.2f} s, store {size_of(folder) / 1e6:.0f} MB", file=sys.stderr)
        desk.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = desk.store.article_counts()
        last = start + dt.timedelta(days=args.days - 1)
        week_ago = last - dt.timedelta(days=7)
        query = {
            "events_since_week_s": timed(lambda: events(desk, since=week_ago)),
            "events_since_week_count": len(events(desk, since=week_ago)),
            "events_kind_since_month_s": timed(
                lambda: events(desk, kind="casualty", since=last - dt.timedelta(days=30))
            ),
            "events_text_s": timed(lambda: events(desk, text="Kyiv", since=week_ago)),
            "since_s": timed(lambda: since(desk, last - dt.timedelta(days=1), last)),
            "ahead_s": timed(lambda: ahead(desk, last)),
        }
    app = typer.Typer()
    app.command("events")(events_command)
    app.command("noop")(lambda: None)
    probe = probe_days(folder, sources, facts, args.per_day, start, args.days, rng)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["events", str(folder), "--since", week_ago.isoformat(), "--json"])
    query["events_command_since_week_s"] = time.perf_counter() - started
    assert result.exit_code == 0, result.output

    first, final = costs[:5], costs[-5:]
    report = {
        "days": args.days,
        "per_day": args.per_day,
        **counts,
        "store_bytes": size_of(folder),
        "store_mb": round(size_of(folder) / 1e6, 1),
        "day_cost_first5_median_s": round(statistics.median(first), 3),
        "day_cost_last5_median_s": round(statistics.median(final), 3),
        "day_cost_ratio": round(statistics.median(final) / statistics.median(first), 3),
        # a month at each end: less at the mercy of a busy machine than five days
        "day_cost_first30_median_s": round(statistics.median(costs[:30]), 3),
        "day_cost_last30_median_s": round(statistics.median(costs[-30:]), 3),
        "day_cost_ratio_30": round(statistics.median(costs[-30:]) / statistics.median(costs[:30]), 3),
        "day_cpu_first30_median_s": round(statistics.median(cpu_costs[:30]), 3),
        "day_cpu_month2_median_s": round(statistics.median(cpu_costs[30:60]), 3),
        "day_cpu_last30_median_s": round(statistics.median(cpu_costs[-30:]), 3),
        "day_cpu_ratio_30": round(statistics.median(cpu_costs[-30:]) / statistics.median(cpu_costs[:30]), 3),
        "day_cpu_ratio_last_vs_month2": round(
            statistics.median(cpu_costs[-30:]) / statistics.median(cpu_costs[30:60]), 3
        ),
        "day_cost_max_s": round(max(costs), 3),
        "total_s": round(sum(costs), 1),
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in query.items()},
        "day_1_vs_day_after_the_year": probe,
    }
    if args.fresh:
        report["fresh_day"] = fresh_day(
            sources, Path(tempfile.mkdtemp(prefix="desk-fresh-")), args.per_day, rng
        )
    print(json.dumps(report, indent=2))
    if args.out is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
