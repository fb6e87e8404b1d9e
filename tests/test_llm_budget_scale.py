"""The token budget when an endpoint counts more prompt tokens than the request's byte bound.

A server that adds its own text to the prompt (a chat template, a hidden system
prompt, tools rendered as text) reports more prompt tokens than the request has
bytes. The real openai client sends through the budget's transport to a loopback
server that reports three times the bound.
"""

from __future__ import annotations

import asyncio
import json

import httpx
from fake_openai import ScriptedServer, completion

from factsheet.extraction.llm.budget import BudgetTransport, TokenBudget, bounds, current_article

MESSAGES = [
    {"role": "system", "content": "Extract facts."},
    {"role": "user", "content": "Officials said at least 32 people were killed in Kyiv on Monday."},
]
CAP = 100


async def _ask(server: ScriptedServer, budget: TokenBudget, articles: list[str]) -> dict[str, str]:
    from openai import APIStatusError, AsyncOpenAI

    client = AsyncOpenAI(
        base_url=server.url,
        api_key="sk-test",
        max_retries=0,
        http_client=httpx.AsyncClient(transport=BudgetTransport(budget)),
    )
    outcomes: dict[str, str] = {}
    for article in articles:
        current_article.set(article)
        try:
            await client.chat.completions.create(model="m", messages=MESSAGES, max_tokens=CAP)  # type: ignore[arg-type]
            outcomes[article] = "answered"
        except APIStatusError as exc:
            outcomes[article] = f"HTTP {exc.status_code}"
    await client.close()
    return outcomes


def test_an_endpoint_that_counts_more_than_the_bound_scales_the_next_worst_cases():
    bound, _cap = bounds(json.dumps({"model": "m", "messages": MESSAGES, "max_tokens": CAP}).encode())
    reported = 3 * bound
    # Room for the first answer and one more request at the byte bound, not at three times it.
    limit = reported + 10 + bound + CAP
    budget = TokenBudget(limit)
    with ScriptedServer(
        lambda _r: completion({"facts": []}, prompt_tokens=reported, completion_tokens=10)
    ) as server:
        outcomes = asyncio.run(_ask(server, budget, ["a", "b"]))
    assert outcomes == {"a": "answered", "b": "HTTP 402"}
    assert len(server.requests) == 1
    assert budget.spent == reported + 10 <= limit
    assert budget.prompt_scale == 3.0
    refused = budget.report()["articles"]["b"]["attempts"][0]
    assert refused["status"] == "refused" and refused["worst_case"] == 3 * bound + CAP


def test_an_endpoint_that_counts_less_leaves_the_bound_as_it_is():
    budget = TokenBudget(None)
    with ScriptedServer(lambda _r: completion({"facts": []}, prompt_tokens=5, completion_tokens=5)) as server:
        asyncio.run(_ask(server, budget, ["a", "b"]))
    assert budget.prompt_scale == 1.0 and budget.spent == 20
