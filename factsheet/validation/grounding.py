"""Find a fact's quote in its article: exactly, normalised, or by fuzzy alignment.

Models rarely copy text byte for byte: they straighten curly quote marks, change case,
drop or add a full stop, and elide the middle of a long quote (" ... "). Each of these
is still the article's own words (so is a quote whose punctuation alone differs), so it is
grounded as `normalised`, the published
quote becomes the exact span of the text, and `Grounding.notes` says what differed.
A quote that cannot be found is not evidence, and its fact is never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from factsheet.models import GroundingLevel

FUZZY_MIN_SCORE = 90.0
"""rapidfuzz partial ratio (0-100, on normalised text) a quote must reach to count as found.

Measured with `bench/grounding_threshold.py` on every sentence of the seed articles:
lightly garbled quotes (a typo per ~12 words and a dropped word) score 86-99 (92%
reach 90); sentences from other articles score at most 62 (none pass at any
threshold from 80 up). Quotes with a changed figure or name score like garbled
ones (87-99): no threshold separates them, so fuzzy grounding only locates the
passage; the quote is then replaced by the exact source text and the figure,
date and name checks run against that, which is what catches the change. 90
keeps the located passage close enough that the replacement is the same claim."""

_QUOTE_MARKS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "ʼ": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


@dataclass(frozen=True)
class Grounding:
    level: GroundingLevel
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    notes: tuple[str, ...] = ()
    """What had to be normalised to find the quote: "quote marks", "case", "spacing",
    "full stop", "elided middle"."""


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold quote marks, dashes, case and whitespace runs; map each output char to its source index."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True
    for i, char in enumerate(text.translate(_QUOTE_MARKS)):
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            index.append(i)
            previous_space = True
            continue
        previous_space = False
        for folded in char.casefold():
            out.append(folded)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def locate(quote: str, text: str, *, hint: int | None = None) -> Grounding:
    """Where `quote` stands in `text`, and how closely it had to be matched."""
    quote = quote.strip()
    if not quote:
        return Grounding("none")
    if hint is not None and text[hint : hint + len(quote)] == quote:
        return Grounding("exact", hint, hint + len(quote), 100.0)
    found = _find_nearest(text, quote, hint)
    if found is not None:
        return Grounding("exact", found, found + len(quote), 100.0)
    norm_text, index = normalise(text)
    span = _normalised_span(quote, norm_text, index, text, hint)
    if span is None:
        span = _unpunctuated_span(quote, text)
    if span is not None:
        start, end, notes = span
        return Grounding("normalised", start, end, 100.0, notes)
    norm_quote, _ = normalise(quote)
    if len(norm_quote) < 12:
        return Grounding("none")
    alignment = fuzz.partial_ratio_alignment(norm_quote, norm_text, score_cutoff=FUZZY_MIN_SCORE)
    if alignment is None:
        return Grounding("none")
    start, end = alignment.dest_start, alignment.dest_end
    if end - start < 0.8 * len(norm_quote):
        return Grounding("none", score=alignment.score)
    start, end = _refine(norm_quote, norm_text, start, end)
    return Grounding("fuzzy", index[start], index[end - 1] + 1, alignment.score)


_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[…\]|(?:\.\s*){3}|…)\s*")
_EDGE = " .,;:!?\"'"
_EDGE_ELLIPSIS = re.compile(r"^\s*(?:\.\s*){3}\s*|^\s*…\s*|\s*(?:\.\s*){3}\s*$|\s*…\s*$")
ELIDED_PART_MIN = 8
"""Normalised characters each part of an elided quote must have: shorter parts
("said ... that") would ground almost anything."""
ELIDED_SPAN_MAX = 1500
"""Longest stretch of text an elided quote may stand for (about one long paragraph)."""


def _normalised_span(
    quote: str, norm_text: str, index: list[int], text: str, hint: int | None
) -> tuple[int, int, tuple[str, ...]] | None:
    """The quote found after folding typography, case and spacing, a missing or added
    full stop, an ellipsis at either end, or an elided middle; with what had to be folded."""
    trimmed_ends = _EDGE_ELLIPSIS.sub("", quote)
    if trimmed_ends != quote and trimmed_ends:
        found = _normalised_span(trimmed_ends, norm_text, index, text, hint)
        return None if found is None else (found[0], found[1], (*found[2], "ellipsis"))
    norm_quote, _ = normalise(quote)
    if not norm_quote:
        return None
    pos = _find_nearest(norm_text, norm_quote, None)
    if pos is not None:
        start, end = index[pos], index[pos + len(norm_quote) - 1] + 1
        return start, end, _differences(quote, text[start:end])
    trimmed = norm_quote.strip(_EDGE)
    if len(trimmed) >= ELIDED_PART_MIN and (pos := _find_nearest(norm_text, trimmed, None)) is not None:
        start, end = index[pos], index[pos + len(trimmed) - 1] + 1
        return start, end, (*_differences(quote.strip(_EDGE), text[start:end]), "full stop")
    parts = [normalise(p)[0].strip(_EDGE) for p in _ELISION.split(quote)]
    if len(parts) < 2 or any(len(p) < ELIDED_PART_MIN for p in parts):
        return None
    for first in _positions(norm_text, parts[0]):
        cursor, end = first + len(parts[0]), -1
        for part in parts[1:]:
            hit = norm_text.find(part, cursor)
            if hit == -1 or hit - first > ELIDED_SPAN_MAX:
                break
            cursor = hit + len(part)
        else:
            end = cursor
        if end == -1:
            continue
        start, stop = index[first], index[end - 1] + 1
        if "\n" in text[start:stop]:
            continue  # the parts must stand in one paragraph
        return start, stop, ("elided middle",)
    return None


_PUNCTUATION = re.compile(r"[^\w\s%$€£¥₹]|(?<!\d)[.,](?!\d)|_")


def strip_punctuation(text: str) -> tuple[str, list[int]]:
    """`normalise`d text without punctuation (a comma or point between digits is kept: "1,200",
    "3.5"), each output char mapped to its source index."""
    norm, index = normalise(text)
    out: list[str] = []
    kept: list[int] = []
    previous_space = True
    for i, char in enumerate(norm):
        if _PUNCTUATION.match(norm, i) and not (char in ".," and _between_digits(norm, i)):
            continue
        if char == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(char)
        kept.append(index[i])
    while out and out[-1] == " ":
        out.pop()
        kept.pop()
    return "".join(out), kept


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _unpunctuated_span(quote: str, text: str) -> tuple[int, int, tuple[str, ...]] | None:
    """The quote found with its punctuation set aside: a model that changed a comma, a dash,
    a final "!" or quote marks still quotes the article's words in order."""
    bare_quote, _ = strip_punctuation(quote)
    if len(bare_quote) < ELIDED_PART_MIN:
        return None
    bare_text, index = strip_punctuation(text)
    pos = bare_text.find(bare_quote)
    if pos == -1:
        return None
    start, end = index[pos], index[pos + len(bare_quote) - 1] + 1
    return start, end, ("punctuation",)


def _positions(text: str, part: str, limit: int = 50) -> list[int]:
    found: list[int] = []
    pos = text.find(part)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = text.find(part, pos + 1)
    return found


def _differences(quote: str, source: str) -> tuple[str, ...]:
    """Which foldings made `quote` equal to `source`."""
    marks = {chr(code) for code in _QUOTE_MARKS} | {"'", '"'}
    notes: list[str] = []
    if [c for c in quote if c in marks] != [c for c in source if c in marks]:
        notes.append("quote marks")
    folded_quote, folded_source = quote.translate(_QUOTE_MARKS), source.translate(_QUOTE_MARKS)
    quote_words, source_words = folded_quote.split(), folded_source.split()
    if quote_words != source_words and [w.casefold() for w in quote_words] == [
        w.casefold() for w in source_words
    ]:
        notes.append("case")
    if any(t != " ".join(t.split()) for t in (folded_quote, folded_source)):
        notes.append("spacing")
    return tuple(notes)


def _find_nearest(text: str, quote: str, hint: int | None) -> int | None:
    positions: list[int] = []
    pos = text.find(quote)
    while pos != -1 and len(positions) < 50:
        positions.append(pos)
        pos = text.find(quote, pos + 1)
    if not positions:
        return None
    if hint is None:
        return positions[0]
    return min(positions, key=lambda p: abs(p - hint))


def _refine(quote: str, text: str, start: int, end: int, reach: int = 16) -> tuple[int, int]:
    """Snap a fuzzy alignment to the word boundaries that best match the whole quote."""

    def boundaries(lo: int, hi: int, *, starts: bool) -> list[int]:
        lo, hi = max(lo, 0), min(hi, len(text))
        if starts:
            return [
                i
                for i in range(lo, hi + 1)
                if (i == 0 or text[i - 1] == " ") and i < len(text) and text[i] != " "
            ]
        return [
            i
            for i in range(lo, hi + 1)
            if (i == len(text) or text[i] == " ") and i > 0 and text[i - 1] != " "
        ]

    starts = boundaries(start - reach, start + reach, starts=True) or [start]
    ends = boundaries(end - reach, end + reach, starts=False) or [end]
    best = max(
        (
            (fuzz.ratio(quote, text[s:e]), -abs(s - start) - abs(e - end), s, e)
            for s in starts
            for e in ends
            if e > s
        ),
        default=(0, 0, start, end),
    )
    return best[2], best[3]
