"""Rendering a 200-fact briefing: warm time, peak memory, and whether long tables
break across pages with their header repeated.

    .venv/bin/python bench/render_speed.py [--facts 200] [--png out/bench-page1.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from reconcile_speed import make_facts

from factsheet.models import ArticleMeta, Briefing, Check
from factsheet.reconcile import reconcile
from factsheet.render import render_briefing_markdown, render_briefing_pdf


def briefing(n: int) -> Briefing:
    facts, metas = make_facts(n, max(20, n // 5), random.Random(3))
    ok = Check(status="verified", grounding="exact")
    facts = [f.model_copy(update={"check": ok}) for f in facts]
    metas = [
        m.model_copy(
            update={"title": f"Report {m.id}", "outlet": "Example Wire", "url": f"https://example.org/{m.id}"}
        )
        for m in metas
    ]
    facts, events = reconcile(facts, metas)
    return Briefing(
        briefing_date=dt.date(2025, 8, 7),
        generated_at=dt.datetime(2025, 8, 7, 6, 0),
        extractor="bench",
        sources=[ArticleMeta(**m.model_dump()) for m in metas],
        facts=facts,
        events=events,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=200)
    parser.add_argument("--png", type=Path)
    args = parser.parse_args()
    b = briefing(args.facts)
    render_briefing_pdf(b)  # cold: fonts, CSS
    times = []
    for _ in range(3):
        started = time.perf_counter()
        pdf = render_briefing_pdf(b)
        render_briefing_markdown(b)
        times.append(time.perf_counter() - started)
    reader = PdfReader(io.BytesIO(pdf))
    texts = [p.extract_text() for p in reader.pages]
    headers = {
        "DUE": "deadlines",
        "TARGET": "tariffs",
        "DONOR": "aid",
        "OUTCOME": "casualties",
        "PARTICIPANTS": "meetings",
    }
    print(
        f"{len(b.facts)} facts, {len(b.events)} events, {len(b.sources)} sources -> {len(reader.pages)} pages"
    )
    print(f"warm render (PDF + Markdown): best {min(times):.2f} s, worst {max(times):.2f} s")
    for word, table in headers.items():
        pages = [n for n, t in enumerate(texts, start=1) if f"{word} " in t.upper().replace("\n", " ")]
        print(f"{table:10} table header on pages {pages}")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if args.png:
        with tempfile.TemporaryDirectory() as tmp:
            pdf_path = Path(tmp) / "b.pdf"
            pdf_path.write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf_path), str(Path(tmp) / "p")],
                check=True,
            )
            args.png.write_bytes(next(Path(tmp).glob("p*.png")).read_bytes())


if __name__ == "__main__":
    main()
