"""Review page load times with N facts: the list, and fact pages, over real HTTP.

Builds a run folder of N validated-looking facts (a fifth flagged, corrected or rejected,
so the list has reasons to show) over articles of a few thousand characters, saves
decisions on a third of them, then times GET / and GET /fact/ID on 127.0.0.1.

    .venv/bin/python bench/review_speed.py [--facts 500] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from reconcile_speed import make_facts

from factsheet.desk import Desk
from factsheet.models import Briefing, Check, FieldChange, number_twins
from factsheet.reconcile import reconcile
from factsheet.review.server import ReviewServer


def build_run(folder: Path, n: int, rng: random.Random) -> list[str]:
    """Write facts.json and articles.jsonl for N facts; return the fact ids."""
    facts, metas = make_facts(n, max(20, n // 5), rng)
    checks = [
        Check(status="verified", grounding="exact"),
        Check(status="flagged", grounding="exact", reasons=["the figure is not in the quote"]),
        Check(
            status="corrected",
            grounding="exact",
            changes=[FieldChange(field="count", old=7, new=5, reason="the quote says 5")],
        ),
        Check(status="rejected", grounding="none", reasons=["the quote is not in the article"]),
    ]
    facts = [
        f.model_copy(update={"check": checks[0] if i % 5 else checks[1 + (i // 5) % 3]})
        for i, f in enumerate(facts)
    ]
    number_twins(facts)
    facts, events = reconcile(facts, metas)
    sentence = "officials said the strike hit the city on monday and talks resumed in geneva"
    words = sentence.split(" ")
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
        for meta in metas:
            text = " ".join(rng.choice(words) for _ in range(800))
            out.write(json.dumps({"id": meta.id, "text": text}) + "\n")
    briefing = Briefing(
        briefing_date=dt.date(2025, 8, 7),
        generated_at=dt.datetime(2025, 8, 7, 6, 0),
        extractor="bench",
        sources=metas,
        facts=facts,
        events=events,
    )
    (folder / "facts.json").write_text(briefing.model_dump_json(), encoding="utf-8")
    return [f.id for f in facts]


def timed_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        with Desk.open(Path(tmp)):  # review decisions live on the desk the day folder belongs to
            pass
        folder = Path(tmp) / "2025-08-07"
        folder.mkdir()
        ids = build_run(folder, args.facts, rng)
        server = ReviewServer(folder, reviewer="bench").start()
        try:
            for fact_id in ids[::3]:
                server.app.store.set_verdict(fact_id, "reject", "bench", reason="bench")
            base = f"http://127.0.0.1:{server.port}"
            first, _ = timed_get(server.url)
            lists = [timed_get(server.url) for _ in range(args.repeat)]
            sample = rng.sample(ids, min(args.repeat * 5, len(ids)))
            pages = [timed_get(f"{base}/fact/{i}?token={server.app.token}") for i in sample]
        finally:
            server.stop()

    def summary(runs: list[tuple[float, int]]) -> str:
        times = sorted(t for t, _ in runs)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        return (
            f"median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"{statistics.median(s for _, s in runs) / 1024:.0f} KiB"
        )

    print(f"{args.facts} facts, {len(ids[::3])} with decisions")
    print(f"list page   first {first * 1000:.1f} ms; {summary(lists)} ({len(lists)} loads)")
    print(f"fact page   {summary(pages)} ({len(pages)} pages)")


if __name__ == "__main__":
    main()
