"""The token budget where requests go out: the real openai client, httpx and a loopback server."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from fake_openai import Reply, ScriptedServer, completion

from factsheet.extraction.llm.budget import BudgetTransport, TokenBudget, current_article, worst_case

MESSAGES = [
    {"role": "system", "content": "Extract facts."},
    {"role": "user", "content": "Officials said at least 32 people were killed in Kyiv on Monday."},
]
MAX_TOKENS = 100


def _cost() -> int:
    body = json.dumps({"model": "m", "messages": MESSAGES, "max_tokens": MAX_TOKENS}).encode()
    return worst_case(body)


async def _ask_all(server: ScriptedServer, budget: TokenBudget, articles: list[str], *, together: bool):
    from openai import APIStatusError, AsyncOpenAI

    client = AsyncOpenAI(
        base_url=server.url,
        api_key="sk-test",
        max_retries=2,
        http_client=httpx.AsyncClient(transport=BudgetTransport(budget)),
    )
    outcomes: dict[str, str] = {}

    async def one(article: str) -> None:
        current_article.set(article)
        try:
            await client.chat.completions.create(model="m", messages=MESSAGES, max_tokens=MAX_TOKENS)
            outcomes[article] = "answered"
        except APIStatusError as exc:
            outcomes[article] = f"HTTP {exc.status_code}"

    if together:
        await asyncio.gather(*(one(a) for a in articles))
    else:
        for article in articles:
            await one(article)
    await client.close()
    return outcomes


def test_worst_case_counts_the_prompt_bytes_and_the_answer_cap():
    small = worst_case(json.dumps({"messages": MESSAGES, "max_tokens": 10}).encode())
    big = worst_case(json.dumps({"messages": MESSAGES, "max_tokens": 1000}).encode())
    assert big - small == 990
    longer = [*MESSAGES, {"role": "user", "content": "é" * 50}]
    assert worst_case(json.dumps({"messages": longer, "max_tokens": 10}).encode()) > small + 100


def test_no_request_starts_that_could_pass_the_budget_and_each_article_is_reported(tmp_path):
    cost = _cost()
    budget = TokenBudget(160 * 2 + cost - 1)  # room for two answers of 160 tokens, not a third request
    with ScriptedServer(lambda _r: completion({"facts": []})) as server:
        outcomes = asyncio.run(_ask_all(server, budget, ["a", "b", "c", "d"], together=False))
    assert len(server.requests) == 2  # c and d never reached the endpoint
    assert outcomes == {"a": "answered", "b": "answered", "c": "HTTP 402", "d": "HTTP 402"}
    assert budget.spent == 320 <= budget.limit
    report = budget.report()
    assert report["articles"]["a"]["tokens"] == 160
    assert report["articles"]["a"]["attempts"][0]["prompt_tokens"] == 120
    assert report["articles"]["c"]["attempts"] == [
        {
            "attempt": 1,
            "status": "refused",
            "worst_case": cost,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "tokens": 0,
        }
    ]
    lines = budget.unextracted()
    assert [line.split(":")[0] for line in lines] == ["c", "d"]
    assert all("\n" not in line and f"{cost:,} tokens" in line for line in lines)


def test_an_answer_without_usage_is_charged_its_worst_case():
    bare = Reply(body={**completion({"facts": []}).body})  # type: ignore[dict-item]
    del bare.body["usage"]  # type: ignore[union-attr]
    budget = TokenBudget(10 * _cost())
    with ScriptedServer(lambda _r: bare) as server:
        asyncio.run(_ask_all(server, budget, ["a"], together=False))
    assert budget.spent == _cost()


def test_server_errors_and_their_retries_are_attempts_of_the_same_article():
    replies = [Reply(status=500, body={"error": {"message": "busy"}}), completion({"facts": []})]
    budget = TokenBudget(100 * _cost())
    with ScriptedServer(replies) as server:
        asyncio.run(_ask_all(server, budget, ["a"], together=False))
    attempts = budget.report()["articles"]["a"]["attempts"]
    assert [a["status"] for a in attempts] == ["error 500", "answered"]
    assert budget.spent == 160


def test_requests_in_flight_make_a_new_one_wait_not_fail():
    cost = _cost()
    budget = TokenBudget(cost + 200)  # one worst case at a time, but answers cost only 30
    cheap = completion({"facts": []}, prompt_tokens=20, completion_tokens=10)
    with ScriptedServer(lambda _r: cheap) as server:
        server.delay = 0.2
        outcomes = asyncio.run(_ask_all(server, budget, ["a", "b", "c"], together=True))
    assert outcomes == {"a": "answered", "b": "answered", "c": "answered"}
    assert budget.spent == 90 and budget.reserved == 0


def test_no_limit_counts_without_refusing():
    budget = TokenBudget(None)
    with ScriptedServer(lambda _r: completion({"facts": []})) as server:
        asyncio.run(_ask_all(server, budget, ["a", "b"], together=True))
    assert budget.spent == 320 and budget.unextracted() == []


def test_a_budget_below_one_token_is_refused():
    with pytest.raises(ValueError):
        TokenBudget(0)


def test_a_run_never_spends_more_than_its_token_budget_and_says_what_it_left(tmp_path):
    from articles import article_folder
    from fake_openai import ScriptedServer, completion

    from factsheet.pipeline import RunOptions, run

    texts = {f"a{i}": f"Officials said {i + 2} people were killed in the port on Monday." for i in range(4)}
    folder = article_folder(tmp_path / "in", "2025-08-06", texts)

    def answer(request: dict):
        return completion({"facts": []}, prompt_tokens=9_000, completion_tokens=10)

    settings = {
        "base_url": "", "model": "m", "mode": "json", "api_key": "sk-test-budget-0001",
        "cache_dir": tmp_path / "cache", "max_tokens": 200, "concurrency": 1, "max_tokens_total": 25_000,
    }
    with ScriptedServer(answer) as server:
        settings["base_url"] = server.url
        result = run([folder], RunOptions(out=tmp_path / "out", extractor="llm", extractor_options=settings))
    budget = result.extractor_stats["budget"]
    assert budget["spent"] <= 25_000 and budget["unextracted"]
    refused = [p for p in result.problems if "budget" in p.reason]
    assert refused and len(server.requests) < 4
    assert all("\n" not in p.reason for p in refused)
