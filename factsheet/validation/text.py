"""Where a quote stands: its sentence, its neighbours and its paragraph.

A fact is judged against the words around its quote, widening step by step: the
quote, its sentence, the neighbouring sentences of its paragraph, the paragraph.
Paragraphs end at a line break; sentences at . ! ? followed by a space (not after
a single capital or a common abbreviation, so "U.S. officials" stays one sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bU\.K|\bU\.N|\bE\.U|\bMr|\bMrs|\bMs|\bDr|\bSt|\bGen|\bGov|\bSen|\bRep|\bNo|"
    r"\bJan|\bFeb|\bAug|\bSept?|\bOct|\bNov|\bDec|\bInc|\bCo|\bCorp|\bLtd|\bvs?|\betc|\ba\.m|\bp\.m)\.$"
)


@dataclass(frozen=True)
class Scope:
    """Character spans of the text around one quote."""

    quote: tuple[int, int]
    sentence: tuple[int, int]
    neighbours: tuple[int, int]  # previous sentence + sentence + next sentence, within the paragraph
    paragraph: tuple[int, int]


def word_set(text: str) -> frozenset[str]:
    """A word list written as words ("union nations fund ...")."""
    return frozenset(text.split())


def paragraph_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (text between line breaks) holding [start, end)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]."""
    spans: list[tuple[int, int]] = []
    left = start
    for m in re.finditer(r"[.!?][\"'”’)]*\s+", text[start:end]):
        stop = start + m.start()
        if _ABBREVIATIONS.search(text[max(left, stop - 6) : stop + 1]):
            continue
        right = start + m.end()
        if text[left:right].strip():
            spans.append((left, right))
        left = right
    if text[left:end].strip():
        spans.append((left, end))
    return spans or [(start, end)]


def scope_of(text: str, start: int, end: int) -> Scope:
    """The sentence, neighbours and paragraph of the quote at [start, end)."""
    para = paragraph_span(text, start, end)
    if para[1] < end:  # a quote spanning paragraphs: its paragraph is everything it touches
        para = (para[0], paragraph_span(text, end, end)[1])
    spans = sentences(text, *para)
    first = next((i for i, (s, e) in enumerate(spans) if s <= start < e), 0)
    last = next((i for i, (s, e) in enumerate(spans) if s < end <= e), len(spans) - 1)
    last = max(first, last)
    sentence = (spans[first][0], spans[last][1])
    neighbours = (spans[max(0, first - 1)][0], spans[min(len(spans) - 1, last + 1)][1])
    return Scope((start, end), sentence, neighbours, para)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) of `text` that holds [start, end)."""
    return scope_of(text, start, end).sentence
