"""Offline extractor throughput against bare spaCy, and peak memory.

Builds a corpus of N articles (default 200) by cycling the seed articles and any
extra `.txt` files given, runs spaCy's `nlp.pipe` over the same paragraphs with the
same components (the extractor's baseline), then the full offline extractor, in
one process, and prints words per second for both and the peak RSS.

    .venv/bin/python bench/extractor_speed.py [--articles 200] [--rounds 2] [EXTRA_DIR ...]

With several rounds, spaCy and the extractor take turns and each keeps its best time,
so a neighbour's load on a shared machine does not count against one side only.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from factsheet.extraction.offline import OfflineExtractor, load_pipeline
from factsheet.ingest import load_articles
from factsheet.ingest.chrome import content_segments
from factsheet.models import Article

ROOT = Path(__file__).resolve().parent.parent


def corpus(size: int, extra: list[Path]) -> list[Article]:
    base = load_articles([ROOT / "seeds", *extra]).articles
    return [
        base[i % len(base)].model_copy(update={"id": f"{base[i % len(base)].id}-{i}"}) for i in range(size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("extra", nargs="*", type=Path)
    args = parser.parse_args()
    articles = corpus(args.articles, args.extra)
    segments = [text for a in articles for _, text in content_segments(a.text, a.skip_spans)]
    words = sum(len(s.split()) for s in segments)
    nlp = load_pipeline()
    list(nlp.pipe(segments[:50]))  # warm up

    spacy_seconds = extractor_seconds = float("inf")
    facts = 0
    for _ in range(max(1, args.rounds)):
        started = time.perf_counter()
        for _ in nlp.pipe(segments, batch_size=64):
            pass
        spacy_seconds = min(spacy_seconds, time.perf_counter() - started)

        started = time.perf_counter()
        facts = sum(len(found) for _, found in OfflineExtractor().extract(articles))
        extractor_seconds = min(extractor_seconds, time.perf_counter() - started)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spacy_rate = words / spacy_seconds
    extractor_rate = words / extractor_seconds
    print(f"corpus: {len(articles)} articles, {len(segments)} paragraphs, {words:,} words")
    print(f"spaCy nlp.pipe ({', '.join(nlp.pipe_names)}): {spacy_rate:,.0f} words/s ({spacy_seconds:.2f} s)")
    print(f"offline extractor: {extractor_rate:,.0f} words/s ({extractor_seconds:.2f} s), {facts} facts")
    print(f"extractor keeps {extractor_rate / spacy_rate:.0%} of spaCy's rate")
    print(f"peak memory (RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
