"""Split long articles into sentence-aligned chunks whose offsets map back to the article."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from factsheet.models import Article

DEFAULT_CHUNK_CHARS = 24_000
"""Characters of article per request: about 6,000 tokens, far inside any current model's
context, so nearly every article is one request and pays the instructions once."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Chunk:
    offset: int
    text: str


def chunk_article(article: Article, max_chars: int) -> list[Chunk]:
    """Chunks of at most `max_chars` (a single longer sentence stands alone), chrome left out."""
    text = article.text
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    sentences = [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]
    skipped = article.skip_spans
    sentences = [
        (a, b)
        for a, b in sentences
        if not any(s <= a and b <= e + 1 for s, e in skipped) and text[a:b].strip()
    ]
    chunks: list[Chunk] = []
    start = end = None
    for a, b in sentences:
        if start is None:
            start, end = a, b
        elif b - start <= max_chars:
            end = b
        else:
            chunks.append(Chunk(start, text[start:end]))
            start, end = a, b
    if start is not None:
        chunks.append(Chunk(start, text[start:end]))
    return chunks
