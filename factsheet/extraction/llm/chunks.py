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
    """Chunks of at most `max_chars`, cut at sentence ends, page chrome left out.

    A sentence longer than `max_chars` (a 1 MB line with no full stop) is cut into
    bounded pieces too, so no request carries more than `max_chars` of article. Chrome
    spans are walked once beside the sorted sentences: linear in the article's length.
    """
    from factsheet.ingest.chrome import bounded_pieces

    text = article.text
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    skipped = sorted(article.skip_spans)
    sentences: list[tuple[int, int]] = []
    index = 0
    for a, b in itertools.pairwise(cuts):
        if not text[a:b].strip():
            continue
        while index < len(skipped) and skipped[index][1] + 1 < b:
            index += 1
        if index < len(skipped) and skipped[index][0] <= a and b <= skipped[index][1] + 1:
            continue
        if b - a <= max_chars:
            sentences.append((a, b))
        else:
            pieces = bounded_pieces(text[a:b], a, max_chars)
            sentences.extend((start, start + len(piece)) for start, piece in pieces)
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
