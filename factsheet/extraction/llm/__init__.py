"""The LLM extractor: instructor on the `openai` client, any OpenAI-compatible endpoint.

One request per chunk of an article for all five kinds (most articles are one
chunk). The answer is parsed into the same Pydantic fact models the offline path
produces; each fact is then checked against the text, and the ones that fail
(quote not in the article, figure not in the quote) are sent back with the reason
and the closest real sentence, up to `max_retries` rounds. One bad fact never
costs the others. Rate limits (429 with Retry-After), 5xx and timeouts are retried
by the openai client with capped exponential backoff and jitter; malformed or
truncated answers are asked again within bounds; an article that still fails is
reported alone and the batch goes on.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from factsheet.extraction.dedupe import dedupe
from factsheet.extraction.llm.budget import BudgetTransport, TokenBudget, current_article
from factsheet.extraction.llm.cache import AnswerCache
from factsheet.extraction.llm.chunks import Chunk, chunk_article
from factsheet.extraction.llm.errors import FAILED_PREFIX, EndpointDown, Failure, describe_failure, redact
from factsheet.extraction.llm.prompt import PROMPT_VERSION, feedback_prompt, system_prompt, user_prompt
from factsheet.extraction.llm.request import RequestOverhead, extra_body, instructor_mode, request_overhead
from factsheet.extraction.llm.schema import response_model, schema_hash, to_fact
from factsheet.extraction.llm.settings import LLMSettings, load_settings
from factsheet.models import Article, FactBase, FileProblem
from factsheet.validation import validate_fact
from factsheet.validation.grounding import locate

__all__ = [
    "ArticleUsage",
    "EndpointDown",
    "LLMExtractor",
    "LLMSettings",
    "RequestOverhead",
    "load_settings",
    "request_overhead",
]

FAIL_FAST = 3
"""Stop the run once this many articles (or every article, if fewer) failed the same
network-level way before any succeeded: the endpoint is down, the rest would fail too."""


@dataclass
class ArticleUsage:
    """What one article cost: HTTP requests (retries included), tokens, cache hits."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    chunks: int = 0
    cached_chunks: int = 0
    feedback_rounds: int = 0
    facts_fixed: int = 0
    facts_dropped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class ArticleFailed(Exception):
    """The endpoint could not give a usable answer for this article."""

    def __init__(self, reason: str, network: bool = False) -> None:
        super().__init__(reason)
        self.network = network


def _failed(failure: Failure) -> ArticleFailed:
    return ArticleFailed(failure.reason, failure.network)


# instructor logs every failed attempt at ERROR; our own one-line report per article is enough.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

_current: contextvars.ContextVar[ArticleUsage | None] = contextvars.ContextVar("usage", default=None)


class LLMExtractor:
    name = "llm"

    def __init__(self, settings: LLMSettings | None = None, **flags: object) -> None:
        self.settings = settings or load_settings(**flags)
        self.cache = AnswerCache(self.settings.effective_cache_dir, self.settings.use_cache)
        self.usage: dict[str, ArticleUsage] = {}
        self._problems: dict[str, list[FileProblem]] = {}
        self.budget = TokenBudget(self.settings.max_tokens_total)
        system_prompt(self.settings.effective_mode)  # fails early if the worked example is broken
        _load_client_libraries()

    @property
    def label(self) -> str:
        return f"llm:{self.settings.model}"

    def problems_for(self, article: Article) -> list[FileProblem]:
        return self._problems.get(article.id, [])

    def stats(self) -> dict:
        """Per-article and total usage, for the run summary and run.json."""
        total = ArticleUsage()
        for usage in self.usage.values():
            for name in (
                "requests",
                "prompt_tokens",
                "completion_tokens",
                "chunks",
                "cached_chunks",
                "feedback_rounds",
                "facts_fixed",
                "facts_dropped",
            ):
                setattr(total, name, getattr(total, name) + getattr(usage, name))

        def as_dict(u: ArticleUsage) -> dict:
            fields = {k: v for k, v in u.__dict__.items() if k != "errors"}
            return {**fields, "total_tokens": u.total_tokens, "errors": u.errors}

        return {
            "model": self.settings.model,
            "endpoint": self.settings.endpoint,
            "mode": self.settings.effective_mode,
            "prompt_version": PROMPT_VERSION,
            "request_overhead": request_overhead(self.settings).as_dict(),
            "total": as_dict(total),
            "articles": {k: as_dict(v) for k, v in self.usage.items()},
            "budget": self.budget.report(),
        }

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        """Yield each article with its facts, in input order, as soon as it is done.

        The requests run on an event loop in a worker thread; finished articles come back
        through a queue, so the caller's progress bar moves while the batch is in flight.
        """
        articles = list(articles)
        finished: queue.Queue = queue.Queue()
        running: dict[str, object] = {}

        async def batch() -> None:
            running["loop"], running["task"] = asyncio.get_running_loop(), asyncio.current_task()
            await self._extract_all(articles, lambda index, facts: finished.put((index, facts)))

        def work() -> None:
            try:
                asyncio.run(batch())
            except BaseException as exc:  # handed to the caller's thread, raised there
                finished.put(exc)

        worker = threading.Thread(target=work, name="factsheet-llm", daemon=True)
        worker.start()
        ready: dict[int, list[FactBase]] = {}
        try:
            for index, article in enumerate(articles):
                while index not in ready:
                    item = finished.get()
                    if isinstance(item, BaseException):
                        raise item
                    ready[item[0]] = item[1]
                yield article, ready.pop(index)
        finally:
            # A caller that stops early (an error, Ctrl-C) stops the requests still in flight.
            if worker.is_alive() and "task" in running:
                running["loop"].call_soon_threadsafe(running["task"].cancel)  # type: ignore[attr-defined]
            worker.join(timeout=10)

    async def _extract_all(
        self, articles: list[Article], done: Callable[[int, list[FactBase]], None]
    ) -> None:
        import httpx
        import instructor
        from openai import AsyncOpenAI

        settings = self.settings

        async def count_request(_request: httpx.Request) -> None:
            usage = _current.get()
            if usage is not None:
                usage.requests += 1

        from factsheet.extraction.llm.transport import BoundedTransport

        # httpx's own timeouts sit a second past the deadline, so the one total deadline decides.
        http_client = httpx.AsyncClient(
            event_hooks={"request": [count_request]},
            timeout=settings.timeout + 1,
            transport=BudgetTransport(
                self.budget, BoundedTransport(settings.timeout, settings.max_answer_bytes)
            ),
        )
        openai_client = AsyncOpenAI(
            base_url=settings.endpoint,
            api_key=settings.api_key.get_secret_value() if settings.api_key else "not-needed",
            timeout=settings.timeout + 1,
            max_retries=settings.http_retries,
            http_client=http_client,  # type: ignore[arg-type]  # openai types its own httpx copy
        )
        client = instructor.from_openai(openai_client, mode=instructor_mode(settings.effective_mode))

        def on_response(response) -> None:
            usage = _current.get()
            tokens = getattr(response, "usage", None)
            if usage is not None and tokens is not None:
                usage.prompt_tokens += tokens.prompt_tokens or 0
                usage.completion_tokens += tokens.completion_tokens or 0

        client.on("completion:response", on_response)
        limit = asyncio.Semaphore(settings.concurrency)

        key = settings.api_key.get_secret_value() if settings.api_key else None
        verdict = _RunVerdict(len(articles), done)

        async def one(index: int, article: Article) -> None:
            facts, failure = await facts_of(article)
            verdict.finished(index, facts, failure)

        async def facts_of(article: Article) -> tuple[list[FactBase], ArticleFailed | None]:
            usage = ArticleUsage()
            self.usage[article.id] = usage
            _current.set(usage)
            current_article.set(article.id)
            facts: list[FactBase] = []
            try:
                for chunk in chunk_article(article, settings.max_chunk_chars):
                    facts.extend(await self._chunk_facts(client, limit, article, chunk, usage))
                return dedupe(facts), None
            except ArticleFailed as exc:
                refused = self.budget.refusal(article.id)
                reason = redact(refused or str(exc), key)
                usage.errors.append(reason)
                self._problems[article.id] = [
                    FileProblem(path=article.source_path or article.id, reason=f"{FAILED_PREFIX}{reason}")
                ]
                if refused:  # the budget stopped it: what earlier chunks gave is kept
                    return dedupe(facts), None
                return [], ArticleFailed(reason, exc.network)
            except Exception as exc:  # a bug or an odd answer costs this article, never the batch
                first = (str(exc).splitlines() or [""])[0][:200]
                reason = redact(f"unexpected error ({type(exc).__name__}: {first})", key)
                usage.errors.append(reason)
                self._problems[article.id] = [
                    FileProblem(path=article.source_path or article.id, reason=f"{FAILED_PREFIX}{reason}")
                ]
                return [], ArticleFailed(reason)

        try:
            async with asyncio.TaskGroup() as group:
                for i, a in enumerate(articles):
                    group.create_task(one(i, a))
        except* EndpointDown as down:
            raise down.exceptions[0] from None
        finally:
            await http_client.aclose()
        verdict.close()

    async def _chunk_facts(
        self, client, limit: asyncio.Semaphore, article: Article, chunk: Chunk, usage: ArticleUsage
    ) -> list[FactBase]:
        settings = self.settings
        usage.chunks += 1
        published = article.published.isoformat() if article.published else None
        key = AnswerCache.key(
            endpoint=settings.endpoint,
            model=settings.model,
            mode=settings.effective_mode,
            prompt=PROMPT_VERSION,
            schema=schema_hash(),
            published=published,
            title=article.title,
            text=chunk.text,
        )
        secret = settings.api_key.get_secret_value() if settings.api_key else None
        cached = self.cache.get(key)
        if cached is not None:
            usage.cached_chunks += 1
            items = _redacted(cached["facts"], secret)
        else:
            mode = settings.effective_mode
            messages = [
                {"role": "system", "content": system_prompt(mode)},
                {"role": "user", "content": user_prompt(chunk.text, published, article.title, mode)},
            ]
            items = await self._ask(client, limit, messages)
            items = await self._correct(client, limit, messages, items, article, chunk, usage)
            items = _redacted(items, secret)  # an endpoint echoing the key: never in facts or the cache
            self.cache.put(key, {"facts": items})
        facts: list[FactBase] = []
        for item in items:
            try:
                fact = to_fact(item, doc=article.id, extractor=self.label)
            except ValueError:
                usage.facts_dropped += 1  # did not fit the schema even after feedback
                continue
            where = locate(fact.quote, article.text, hint=chunk.offset)
            if where.level == "exact":
                fact.start, fact.end = where.start, where.end
            elif where.level == "normalised":
                # The validator replaces the quote by the exact span and records what it normalised.
                fact.start = where.start
            facts.append(fact)
        return facts

    async def _ask(self, client, limit: asyncio.Semaphore, messages: list[dict]) -> list[dict]:
        """One extraction request, asked again (within bounds) when the answer is unusable."""
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
        from openai import OpenAIError

        model = response_model()
        # The one copy of the schema: in response_format (json) or the system message (md_json).
        extra: dict = {}
        if body := extra_body(self.settings.effective_mode):
            extra["extra_body"] = body
        attempts = self.settings.max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                async with limit:
                    # instructor asks again itself when the answer is not valid JSON for the
                    # schema (sending the parse error back), up to max_retries times.
                    parsed, _completion = await client.chat.completions.create_with_completion(
                        model=self.settings.model,
                        messages=messages,
                        response_model=model,
                        max_retries=max(1, self.settings.max_retries),
                        temperature=0,
                        max_tokens=self.settings.max_tokens,
                        **extra,
                    )
                return list(parsed.facts)
            except IncompleteOutputException:
                if attempt == attempts:  # a cut-off answer: the same request may fit next time
                    raise ArticleFailed(
                        f"the answer was cut off (finish_reason=length) after {attempts} attempts"
                    ) from None
            except (InstructorRetryException, OpenAIError) as exc:
                raise _failed(describe_failure(exc, self.settings.endpoint, self.settings.model)) from None
        raise ArticleFailed("no answer")

    async def _correct(
        self,
        client,
        limit,
        messages: list[dict],
        items: list[dict],
        article: Article,
        chunk: Chunk,
        usage: ArticleUsage,
    ) -> list[dict]:
        """Send facts that fail validation back to the model, up to max_retries rounds."""
        for _round in range(self.settings.max_retries):
            failing = _failures(items, article, chunk, self.label)
            if not failing:
                return items
            usage.feedback_rounds += 1
            bad = [items[i] for i, _, _ in failing]
            follow_up = [
                *messages,
                {"role": "assistant", "content": json.dumps({"facts": bad}, ensure_ascii=False)},
                {
                    "role": "user",
                    "content": feedback_prompt(
                        [(n, error, closest) for n, (_, error, closest) in enumerate(failing, start=1)]
                    ),
                },
            ]
            try:
                fixed = await self._ask(client, limit, follow_up)
            except ArticleFailed:
                break  # keep the good facts; the failing ones will be rejected with their reason
            keep = [item for i, item in enumerate(items) if i not in {i for i, _, _ in failing}]
            still = {id(x) for x in fixed}
            usage.facts_fixed += sum(1 for x in fixed if not _failures([x], article, chunk, self.label))
            usage.facts_dropped += max(0, len(bad) - len(still))
            items = keep + fixed
        return items


def _load_client_libraries() -> None:
    """Import what the first request would otherwise import lazily (~1.7 s in all).

    openai, instructor's provider module and httpcore are loaded on first use; paying
    for them when the extractor is built keeps the batch itself (and its progress bar)
    about the requests. Nothing is sent.
    """
    import httpcore  # noqa: F401
    import instructor
    from openai import AsyncOpenAI

    instructor.from_openai(AsyncOpenAI(api_key="not-used", base_url="http://127.0.0.1:9/v1"))


# Flags the model can fix when told: a figure, party, outcome or date the text does not state.
FEEDBACK_CODES = frozenset({"figure_not_in_quote", "party_unsupported", "outcome_mismatch", "date_mismatch"})


def _failures(items: list[dict], article: Article, chunk: Chunk, label: str) -> list[tuple[int, str, str]]:
    """(index, what failed, closest sentence) for each item that does not hold against the text."""
    failing: list[tuple[int, str, str]] = []
    for index, item in enumerate(items):
        try:
            fact = to_fact(item, doc=article.id, extractor=label)
        except ValueError as exc:
            failing.append((index, f"it does not fit the schema ({exc})", ""))
            continue
        checked = validate_fact(fact, article)
        codes = set(checked.check.codes)
        if checked.check.status == "rejected" or codes & FEEDBACK_CODES:
            reason = "; ".join(checked.check.reasons) or "it does not hold against the text"
            failing.append((index, reason, _closest_sentence(fact.quote, chunk.text)))
    return failing


def _closest_sentence(quote: str, text: str) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if not sentences:
        return ""
    best = process.extractOne(quote, sentences, scorer=fuzz.partial_ratio)
    return best[0] if best else sentences[0]


class _RunVerdict:
    """Hands finished articles to the caller, holding back failures until the run's verdict is in.

    While no article has succeeded, failed ones wait here. When FAIL_FAST of them (or
    every article) failed the same network-level way, the endpoint is down: the run
    stops with one EndpointDown line instead of one line per article, and the caller
    writes nothing. When every article failed the same way for any other reason, that
    is one line too. As soon as one article succeeds, the held failures go out as the
    per-article problems they are.
    """

    def __init__(self, total: int, done: Callable[[int, list[FactBase]], None]) -> None:
        self.total = total
        self.done = done
        self.succeeded = False
        self.held: list[tuple[int, ArticleFailed]] = []

    def finished(self, index: int, facts: list[FactBase], failure: ArticleFailed | None) -> None:
        if failure is None:
            self.succeeded = True
            self._release()
            self.done(index, facts)
            return
        if self.succeeded:
            self.done(index, [])
            return
        self.held.append((index, failure))
        same = [f for _, f in self.held if str(f) == str(failure)]
        if failure.network and len(same) >= min(self.total, FAIL_FAST):
            raise EndpointDown(self._once(failure, len(same)))

    def close(self) -> None:
        """After the batch: one line if every article failed the same way, else the held failures."""
        reasons = {str(f) for _, f in self.held}
        if len(self.held) == self.total and len(reasons) == 1:
            raise EndpointDown(self._once(self.held[0][1], self.total))
        self._release()

    def _once(self, failure: ArticleFailed, count: int) -> str:
        every = "every request" if count >= self.total else f"the first {count} articles' requests"
        return f"{failure} ({every} failed the same way; nothing was written, earlier outputs were kept)"

    def _release(self) -> None:
        held, self.held = self.held, []
        for index, _failure in held:
            self.done(index, [])


def _redacted(value: Any, secret: str | None) -> Any:
    """`value` (an answer's JSON) with the API key removed from every string in it."""
    if not secret:
        return value
    if isinstance(value, str):
        return redact(value, secret)
    if isinstance(value, list):
        return [_redacted(item, secret) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, secret) for key, item in value.items()}
    return value
