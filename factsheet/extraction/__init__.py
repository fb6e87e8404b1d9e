"""Extract: articles in, facts (with quotes and offsets) out.

Two extractors produce the same Pydantic facts: `offline` (spaCy + rules, the
embedded default, no network) and `llm` (instructor on any OpenAI-compatible
endpoint). Both go through the same validator afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from factsheet.errors import ExtractionError
from factsheet.models import Article, FactBase, FileProblem

EXTRACTORS = ("offline", "llm")


class Extractor(Protocol):
    """Anything that turns articles into facts, one article's facts at a time."""

    name: str

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        """Yield each article with its facts, in input order, as soon as they are ready."""
        ...

    def problems_for(self, article: Article) -> list[FileProblem]:
        """What went wrong with `article` (one line each), once it has been yielded."""
        ...

    def stats(self) -> dict[str, Any]:
        """Requests, tokens and the like for run.json (empty when there is nothing to count)."""
        ...


class ExtractorError(ExtractionError):
    """An extractor could not start (missing model, bad settings)."""


def get_extractor(name: str, **options: object) -> Extractor:
    """The extractor called `name`, configured with `options`.

    `article_timeout` (seconds, default `budget.ARTICLE_TIMEOUT`; None for no limit)
    bounds the offline extractor's time on one article (see `extraction.budget`); the
    LLM extractor is bounded by its request deadline and token budget instead.
    """
    from factsheet.extraction.budget import ARTICLE_TIMEOUT, Budgeted

    timeout = _seconds(options.pop("article_timeout", ARTICLE_TIMEOUT))
    if name == "offline":
        from factsheet.extraction.offline import OfflineExtractor

        offline = OfflineExtractor(**options)  # type: ignore[arg-type]
        return offline if timeout is None else Budgeted(offline, timeout)
    if name == "llm":
        from pydantic import ValidationError

        try:
            from factsheet.extraction.llm import LLMExtractor
        except ImportError as exc:
            raise ExtractorError(
                f"the LLM extractor needs the llm extra: pip install 'factsheet[llm]' ({exc.name} is missing)"
            ) from None

        try:
            return LLMExtractor(**options)  # type: ignore[arg-type]
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ExtractorError(f"bad LLM setting {first['loc'][0]}: {first['msg']}") from None
    raise ExtractorError(f"unknown extractor {name!r}; choose one of: {', '.join(EXTRACTORS)}")


def _seconds(value: object) -> float | None:
    """An `article_timeout`: a positive number of seconds, or None for no limit."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ExtractorError(f"article_timeout must be a number of seconds above 0, not {value!r}")
