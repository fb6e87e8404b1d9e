"""A token budget for one run: no request starts whose worst case would pass it.

Retries and reasks cost tokens too, and a reask resends the whole conversation, so
a run's cost is not "articles x one request". The budget therefore sits where every
request goes out, the HTTP transport (`BudgetTransport`): before a request leaves it
reserves the request's worst case, its prompt bound plus the `max_tokens` it asks
for; the answer's reported usage then replaces the reservation. A request whose
worst case does not fit in what is left (spent plus reserved by requests in flight)
waits for those in flight to settle, and is refused when it still does not fit: the
endpoint never sees it, and the article it belongs to is reported as left
unextracted, in one line.

The prompt bound is the request's size in UTF-8 bytes (messages, tools and
response_format as sent) plus a few tokens of framing per message: a byte-level BPE
tokenizer never makes more tokens than bytes, so the bound holds for any such model.
An answer without usage, or a request whose answer never came (timeout, dropped
connection), is counted at its worst case: the provider may have charged it.

An endpoint may count more prompt tokens than that bound (a chat template or a hidden
system prompt it adds, tools it renders as text): once an answer reports more, the
prompt bound of every later request is scaled by the largest ratio seen, so the
budget holds from then on. Requests already in flight when that first answer comes
were reserved without it.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import math
from dataclasses import dataclass, field

import httpx

current_article: contextvars.ContextVar[str | None] = contextvars.ContextVar("article", default=None)
"""The article whose requests are being made (set by the extractor around each article)."""

FRAMING_PER_MESSAGE = 8  # role markers and separators of a chat template, generously
FRAMING_PER_REQUEST = 16
DEFAULT_MAX_TOKENS = 4096  # OpenAI-compatible servers' usual cap when a request names none
REFUSED_STATUS = 402
PRICED = ("messages", "tools", "functions", "tool_choice", "response_format")


@dataclass
class Attempt:
    """One HTTP request of an article: what it could have cost and what it did."""

    number: int
    worst_case: int
    prompt_bound: int = 0  # the prompt part of worst_case before any scaling
    prompt_tokens: int = 0
    completion_tokens: int = 0
    status: str = "in flight"  # answered | error | failed (no answer) | refused

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class ArticleSpend:
    attempts: list[Attempt] = field(default_factory=list)
    refused: str | None = None  # why the article's next request was not sent

    @property
    def tokens(self) -> int:
        return sum(a.tokens for a in self.attempts)


def worst_case(body: bytes) -> int:
    """Most tokens a chat request can cost: its prompt bound plus the answer cap it asks for."""
    return sum(bounds(body))


def bounds(body: bytes) -> tuple[int, int]:
    """(the prompt's bound in tokens, the answer cap in tokens) of a chat request body."""
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return len(body) + FRAMING_PER_REQUEST, DEFAULT_MAX_TOKENS
    if not isinstance(request, dict):
        return len(body) + FRAMING_PER_REQUEST, DEFAULT_MAX_TOKENS
    priced = {k: request[k] for k in PRICED if k in request}
    prompt = len(json.dumps(priced, ensure_ascii=False).encode())
    messages = request.get("messages")
    count = len(messages) if isinstance(messages, list) else 0
    prompt += FRAMING_PER_MESSAGE * count + FRAMING_PER_REQUEST
    cap = request.get("max_completion_tokens") or request.get("max_tokens") or DEFAULT_MAX_TOKENS
    return prompt, int(cap)


class TokenBudget:
    """What one run may spend in tokens (prompt plus completion), and what it has spent."""

    def __init__(self, limit: int | None) -> None:
        if limit is not None and limit < 1:
            raise ValueError("a token budget must be at least 1")
        self.limit = limit
        self.spent = 0
        self.reserved = 0
        self.articles: dict[str, ArticleSpend] = {}
        self.prompt_scale = 1.0
        """Most prompt tokens an answer reported per token of its bound (never below 1)."""
        self._settled: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else self.limit - self.spent

    def _article(self, article: str) -> ArticleSpend:
        return self.articles.setdefault(article, ArticleSpend())

    def _fits(self, cost: int, *, counting_in_flight: bool) -> bool:
        if self.limit is None:
            return True
        return self.spent + (self.reserved if counting_in_flight else 0) + cost <= self.limit

    def cost_of(self, body: bytes) -> tuple[int, int]:
        """(worst case, prompt bound) of a request body, the bound scaled as answers taught it."""
        prompt, cap = bounds(body)
        return math.ceil(prompt * self.prompt_scale) + cap, prompt

    async def reserve(self, article: str, cost: int, prompt_bound: int = 0) -> Attempt | None:
        """Hold `cost` tokens for one request; None (and the article marked) when it cannot fit."""
        loop = asyncio.get_running_loop()
        if self._settled is None or self._loop is not loop:  # one condition per event loop
            self._settled, self._loop = asyncio.Condition(), loop
        async with self._settled:
            while not self._fits(cost, counting_in_flight=True):
                if not self._fits(cost, counting_in_flight=False) or self.reserved == 0:
                    spend = self._article(article)
                    spend.refused = (
                        f"not extracted: its next request could cost {cost:,} tokens and "
                        f"{self.remaining:,} of the budget of {self.limit:,} are left"
                    )
                    spend.attempts.append(Attempt(len(spend.attempts) + 1, cost, status="refused"))
                    return None
                await self._settled.wait()  # requests in flight may spend less than reserved
            self.reserved += cost
            spend = self._article(article)
            attempt = Attempt(len(spend.attempts) + 1, cost, prompt_bound)
            spend.attempts.append(attempt)
            return attempt

    async def settle(self, attempt: Attempt, prompt: int | None, completion: int | None, status: str) -> None:
        """Replace the reservation with what the request cost (its worst case when unknown)."""
        if prompt is None and completion is None:
            prompt, completion = attempt.worst_case, 0
        elif prompt and attempt.prompt_bound and prompt > attempt.prompt_bound:
            self.prompt_scale = max(self.prompt_scale, prompt / attempt.prompt_bound)  # the bound was low
        attempt.prompt_tokens, attempt.completion_tokens = prompt or 0, completion or 0
        attempt.status = status
        assert self._settled is not None
        async with self._settled:
            self.reserved -= attempt.worst_case
            self.spent += attempt.tokens
            self._settled.notify_all()

    def refusal(self, article: str) -> str | None:
        """Why `article` was left unextracted, or None when none of its requests was refused."""
        spend = self.articles.get(article)
        return spend.refused if spend else None

    def unextracted(self) -> list[str]:
        """One line per article left unextracted because of the budget."""
        return [f"{article}: {spend.refused}" for article, spend in self.articles.items() if spend.refused]

    def report(self) -> dict:
        """For run.json: the limit, tokens in total, per article and per attempt."""
        return {
            "limit": self.limit,
            "spent": self.spent,
            "prompt_scale": round(self.prompt_scale, 3),
            "articles": {
                article: {
                    "tokens": spend.tokens,
                    "refused": spend.refused,
                    "attempts": [
                        {
                            "attempt": a.number,
                            "status": a.status,
                            "worst_case": a.worst_case,
                            "prompt_tokens": a.prompt_tokens,
                            "completion_tokens": a.completion_tokens,
                            "tokens": a.tokens,
                        }
                        for a in spend.attempts
                    ],
                }
                for article, spend in self.articles.items()
            },
            "unextracted": self.unextracted(),
        }


class BudgetTransport(httpx.AsyncBaseTransport):
    """An httpx transport that sends a request only when its worst case fits in the budget.

    A refused request gets a local 402 answer marked `x-should-retry: false` (the openai
    client then does not retry it); it never reaches the endpoint.
    """

    def __init__(self, budget: TokenBudget, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.budget = budget
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        article = current_article.get() or "(no article)"
        cost, prompt_bound = self.budget.cost_of(body)
        attempt = await self.budget.reserve(article, cost, prompt_bound)
        if attempt is None:
            return httpx.Response(
                REFUSED_STATUS,
                headers={"x-should-retry": "false", "content-type": "application/json"},
                json={"error": {"message": self.budget.refusal(article), "type": "token_budget"}},
                request=request,
            )
        try:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
        except BaseException:
            await self.budget.settle(attempt, None, None, "failed (no answer)")
            raise
        prompt, completion = _usage(content) if response.status_code < 400 else (0, 0)
        status = "answered" if response.status_code < 400 else f"error {response.status_code}"
        await self.budget.settle(attempt, prompt, completion, status)
        return httpx.Response(
            response.status_code,
            headers=[(k, v) for k, v in response.headers.raw if k.lower() not in _DECODED],
            content=content,
            request=request,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


_DECODED = (b"content-encoding", b"content-length", b"transfer-encoding")  # the body is read and decoded


def _usage(content: bytes) -> tuple[int | None, int | None]:
    """(prompt, completion) tokens an answer reports; (None, None) when it reports none."""
    try:
        usage = json.loads(content).get("usage") or {}
    except (ValueError, AttributeError):
        return None, None
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if not isinstance(prompt, int) and not isinstance(completion, int):
        return None, None
    return (prompt if isinstance(prompt, int) else 0), (completion if isinstance(completion, int) else 0)
