"""A time budget per article: one huge, dense article cannot hold up the batch.

The offline extractor reads an article whole (its rules look back across sentences:
"he", "their donations"), and its time grows with the article: a 5 MB page of dense
text takes many minutes. `Budgeted` wraps an extractor. Articles up to
`WHOLE_CHARS` of text (every real news article) are read whole, as before, and
together, as the extractor batches them. A longer one is read in blocks of about
`BLOCK_CHARS` (cut where the article's own paragraphs and sentences end), each block
in its own pass; once the article has used its budget no further block is started.
The facts of the blocks read are kept, and the article is reported in one line
saying how far it was read.

A block is the article's text with everything outside the block blanked (same
length), so every offset still indexes the article as read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from factsheet.models import Article, FactBase, FileProblem

ARTICLE_TIMEOUT = 60.0
"""Default seconds of extraction per article (`factsheet run --article-timeout`)."""
WHOLE_CHARS = 100_000
"""Articles up to this many characters of content are read whole, in one pass."""
BLOCK_CHARS = 20_000
"""Characters read per pass of a longer article: the budget is checked between blocks."""


class Budgeted:
    """An extractor whose every article stops being read once it has used `seconds`."""

    def __init__(self, inner: Any, seconds: float = ARTICLE_TIMEOUT) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = seconds
        self._stopped: dict[str, FileProblem] = {}

    def stats(self) -> dict[str, Any]:
        return self.inner.stats()

    def problems_for(self, article: Article) -> list[FileProblem]:
        problems = list(self.inner.problems_for(article))
        stopped = self._stopped.pop(article.id, None)
        return [*problems, stopped] if stopped else problems

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        """Each article with its facts, in input order; short articles batched as the extractor likes."""
        run: list[Article] = []
        for article in articles:
            blocks = _blocks(article)
            if len(blocks) <= 1:
                run.append(article)
                continue
            if run:
                yield from self.inner.extract(run)
                run = []
            yield article, self._in_blocks(article, blocks)
        if run:
            yield from self.inner.extract(run)

    def _in_blocks(self, article: Article, blocks: list[tuple[int, int]]) -> list[FactBase]:
        deadline = time.monotonic() + self.seconds
        facts: list[FactBase] = []
        read_to = 0
        for number, (start, end) in enumerate(blocks):
            if number and time.monotonic() >= deadline:
                self._stopped[article.id] = _stopped(article, self.seconds, read_to, len(facts))
                break
            for _article, found in self.inner.extract([_block(article, start, end)]):
                facts.extend(found)
            read_to = end
        return facts


def _blocks(article: Article) -> list[tuple[int, int]]:
    """The article's content cut into (start, end) blocks of about BLOCK_CHARS; one block when short."""
    from factsheet.ingest.chrome import content_segments

    segments = content_segments(article.text, article.skip_spans)
    if sum(len(text) for _offset, text in segments) <= WHOLE_CHARS:
        return [(0, len(article.text))]
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for offset, text in segments:
        if start is None:
            start = offset
        elif offset + len(text) - start > BLOCK_CHARS:
            blocks.append((start, end))
            start = offset
        end = offset + len(text)
    if start is not None:
        blocks.append((start, end))
    return blocks


def _block(article: Article, start: int, end: int) -> Article:
    """`article` with only text[start:end] left, the rest blanked to spaces (offsets unchanged)."""
    text = article.text
    blanked = " " * start + text[start:end] + " " * (len(text) - end)
    return article.model_copy(update={"text": blanked})


def _stopped(article: Article, seconds: float, read_to: int, facts: int) -> FileProblem:
    from factsheet.ingest.decode import shown

    total = len(article.text)
    share = read_to / total if total else 1.0
    return FileProblem(
        path=article.source_path or article.id,
        reason=(
            f"{shown(article.id)}: extraction stopped at the {seconds:g} s time budget (--article-timeout), "
            f"{read_to:,} of {total:,} characters read ({share:.0%}); "
            f"{facts} fact{'s' if facts != 1 else ''} from that part kept, the rest not read"
        ),
    )
