"""Reconciling N facts from M articles: time and how it grows.

Builds synthetic but realistic facts (meetings among a pool of leaders, tariffs,
aid, casualties, deadlines), validated-looking, spread over M articles, and times
`reconcile` at 1x, 2x, 4x and 8x the size to show the growth is linear.

    .venv/bin/python bench/reconcile_speed.py [--facts 1000] [--articles 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from factsheet.models import Aid, ArticleMeta, Casualty, Check, Deadline, Meeting, Tariff
from factsheet.reconcile import reconcile

LEADERS = [
    "Donald Trump",
    "Vladimir Putin",
    "Volodymyr Zelensky",
    "Emmanuel Macron",
    "Friedrich Merz",
    "Keir Starmer",
    "Xi Jinping",
    "Narendra Modi",
    "Mark Carney",
    "Giorgia Meloni",
]
PLACES = ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Gaza", "Khan Younis", "Port-au-Prince", "Goma"]
COUNTRIES = ["India", "China", "Brazil", "Canada", "Mexico", "Japan", "Vietnam"]


def make_facts(n: int, articles: int, rng: random.Random) -> tuple[list, list[ArticleMeta]]:
    ok = Check(status="verified", grounding="exact")
    day0 = dt.date(2025, 8, 1)
    metas = [ArticleMeta(id=f"a{i}", published=day0 + dt.timedelta(days=i % 5)) for i in range(articles)]
    facts = []
    for i in range(n):
        doc = f"a{rng.randrange(articles)}"
        common = {"doc": doc, "quote": f"quote {i}", "start": i, "end": i + 7, "check": ok}
        kind = i % 5
        if kind == 0:
            facts.append(
                Meeting(
                    participants=sorted(rng.sample(LEADERS, 2)),
                    status=rng.choice(["held", "scheduled"]),
                    date=rng.choice([None, day0 + dt.timedelta(days=rng.randrange(7))]),
                    **common,
                )
            )
        elif kind == 1:
            facts.append(
                Tariff(
                    target=rng.choice(COUNTRIES),
                    rate_percent=rng.choice([10, 25, 50]),
                    basis=rng.choice(["additional", "total"]),
                    **common,
                )
            )
        elif kind == 2:
            facts.append(Aid(amount=rng.choice([1e8, 2e8, 5e8, 1e9]), currency="USD", **common))
        elif kind == 3:
            facts.append(
                Casualty(
                    count=rng.randrange(1, 60),
                    outcome=rng.choice(["killed", "injured"]),
                    location=rng.choice(PLACES),
                    **common,
                )
            )
        else:
            facts.append(
                Deadline(
                    subject="ceasefire",
                    due=day0 + dt.timedelta(days=rng.randrange(10)),
                    set_by=rng.choice(LEADERS),
                    **common,
                )
            )
    return facts, metas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(1)
    for factor in (1, 2, 4, 8):
        facts, metas = make_facts(args.facts * factor, args.articles * factor, rng)
        started = time.perf_counter()
        _, events = reconcile(facts, metas)
        seconds = time.perf_counter() - started
        conflicts = sum(e.conflict for e in events)
        print(
            f"{len(facts):6} facts, {len(metas):5} articles: {seconds * 1000:7.1f} ms "
            f"({seconds / len(facts) * 1e6:5.1f} µs/fact), {len(events)} events, {conflicts} conflicts"
        )


if __name__ == "__main__":
    main()
