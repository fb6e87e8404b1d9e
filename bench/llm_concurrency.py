"""LLM path throughput against a loopback OpenAI-compatible server that takes 200 ms per answer.

100 one-chunk articles at --concurrency 8 should finish within 1.3x of the ideal
ceil(100/8) x 0.2 s; requests per article should equal the chunk count when every
fact holds; a warm re-run should make zero requests.

    .venv/bin/python bench/llm_concurrency.py [--articles 100] [--concurrency 8] [--delay 0.2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fake_openai import ScriptedServer, completion, user_text

from factsheet.extraction.llm import LLMExtractor
from factsheet.extraction.llm.chunks import chunk_article
from factsheet.models import Article


def answer(request: dict):
    text = user_text(request)
    number = text.split("storm killed ")[1].split(" ")[0]
    quote = f"the storm killed {number} people"
    return completion(
        {
            "facts": [
                {
                    "kind": "casualty",
                    "quote": quote,
                    "count": int(number),
                    "count_qualifier": "exact",
                    "outcome": "killed",
                }
            ]
        }
    )


def serve(port_queue, request_count, delay: float) -> None:
    """The endpoint runs in its own process, as a real server would: it must not share our GIL."""

    def counting(request: dict):
        with request_count.get_lock():
            request_count.value += 1
        return answer(request)

    with ScriptedServer(counting, delay=delay) as server:
        port_queue.put(server.url)
        server.thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3, help="cold batches, each with a fresh cache")
    args = parser.parse_args()
    articles = [
        Article(
            id=f"a{i}",
            published=dt.date(2025, 8, 6),
            text=f"Officials said the storm killed {i + 3} people in the region on Monday.",
        )
        for i in range(args.articles)
    ]
    chunks = sum(len(chunk_article(a, 6000)) for a in articles)
    ports: multiprocessing.Queue = multiprocessing.Queue()
    requests = multiprocessing.Value("i", 0)
    endpoint = multiprocessing.Process(target=serve, args=(ports, requests, args.delay), daemon=True)
    endpoint.start()
    url = ports.get(timeout=30)
    cold_times: list[float] = []
    setups: list[float] = []
    try:
        for _round in range(args.rounds):
            with tempfile.TemporaryDirectory() as cache:

                def extractor(cache: str = cache) -> LLMExtractor:
                    return LLMExtractor(
                        base_url=url,
                        model="bench",
                        mode="json",
                        cache_dir=Path(cache),
                        concurrency=args.concurrency,
                    )

                started = time.perf_counter()
                cold = extractor()
                setups.append(time.perf_counter() - started)
                before = requests.value
                started = time.perf_counter()
                facts = sum(len(f) for _, f in cold.extract(articles))
                cold_times.append(time.perf_counter() - started)
                cold_requests = requests.value - before
                warm = extractor()
                started = time.perf_counter()
                list(warm.extract(articles))
                warm_seconds = time.perf_counter() - started
                warm_requests = requests.value - before - cold_requests
    finally:
        endpoint.terminate()
    ideal = math.ceil(args.articles / args.concurrency) * args.delay
    print(
        f"{args.articles} articles, {chunks} chunks, concurrency {args.concurrency}, "
        f"{args.delay * 1000:.0f} ms/answer"
    )
    seconds = statistics.median(cold_times)
    print(
        f"cold: median {seconds:.2f} s of {args.rounds} rounds "
        f"({', '.join(f'{t:.2f}' for t in cold_times)}; ideal {ideal:.2f} s, ratio {seconds / ideal:.2f}), "
        f"{cold_requests} requests ({cold_requests / args.articles:.2f} per article), {facts} facts"
    )
    print(
        f"extractor set-up (imports, prompt check), outside the batch: first {setups[0]:.2f} s, "
        f"then {statistics.median(setups[1:] or setups):.2f} s; first batch including it "
        f"{cold_times[0] + setups[0]:.2f} s"
    )
    print(f"warm re-run: {warm_seconds:.2f} s, {warm_requests} requests")
    total = cold.stats()["total"]
    print(
        f"tokens: {total['total_tokens']:,} "
        f"({total['total_tokens'] / args.articles:.0f} per article, scripted)"
    )


if __name__ == "__main__":
    main()
