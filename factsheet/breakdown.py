"""Breakdowns: a count the text states as part of a larger one is a part, never a total of its own.

    "The quake killed at least 622 people, 250 of them in Kunar."     → 250 is part of 622
    "Forty were injured, including 12 children."                      → 12 is part of 40
    "Officials counted 90 dead, of whom 31 were soldiers."            → 31 is part of 90

`mark_parts(facts, text)` reads one article's validated facts with the article's text and
sets `part_of` (the id of the larger fact) on each fact that is such a breakdown. It is
the same on every extraction path (offline, LLM, gold facts in evaluation): it looks only
at the text and the facts' figures. A kind takes part when its model has a `part_of`
field, a key figure and an outcome role (casualties); the larger fact must have the same
outcome, a larger figure, and stand before the part in the same or the previous sentence,
with a breakdown word next to the part's figure ("of them", "of whom", "including",
"among them").

A part keeps its own event (`identity.block_key` keys it apart from totals) and is never
added to the total it is part of: totals skip facts and events whose fact has `part_of`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factsheet.kinds import get
from factsheet.models import FactBase
from factsheet.parsing.numbers import find_counts

PART_FIELD = "part_of"
REACH = 400
"""How far before a part (in characters) its total may stand."""
_AFTER = re.compile(
    r"^\s*(?:[a-z]+\s+)?(?:of\s+(?:them|whom|those|which)|among\s+(?:them|whom|those))\b", re.IGNORECASE
)
_BEFORE = re.compile(
    r"(?:\bincluding|\bincluded|\bincludes|\bamong\s+(?:them|whom|those|the\s+\w+)|\bof\s+(?:them|whom|which|those))"
    r"[\s,:]*(?:were\s+|are\s+|was\s+)?(?:at\s+least\s+|about\s+|some\s+|nearly\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[.!?]\s+[A-Z\"“]")


def _takes_part(fact: FactBase) -> bool:
    spec = get(fact.kind)
    return PART_FIELD in type(fact).model_fields and bool(spec.key_figure) and bool(spec.roles.outcome)


def _figure(fact: FactBase) -> float | None:
    value = getattr(fact, get(fact.kind).key_figure or "", None)
    return float(value) if isinstance(value, int | float) else None


def _outcome(fact: FactBase) -> object:
    return getattr(fact, get(fact.kind).roles.outcome or "", None)


def figure_position(fact: FactBase, text: str) -> tuple[int, int] | None:
    """Where the fact's figure stands in the article: in its quote, at the quote's place."""
    start = fact.start if fact.start is not None and text[fact.start : fact.end] == fact.quote else None
    if start is None:
        found = text.find(fact.quote)
        if found < 0:
            return None
        start = found
    figure = _figure(fact)
    for count in find_counts(fact.quote, implied=True):
        if figure is not None and count.value == figure:
            return start + count.start, start + count.end
    return None


def _sentences_between(text: str, start: int, end: int) -> int:
    return len(_SENTENCE.findall(text, start, end))


def is_breakdown(text: str, where: tuple[int, int]) -> bool:
    """A breakdown word right before or after the figure at `where` ("250 of them", "including 12")."""
    start, end = where
    return bool(_AFTER.match(text[end : end + 30]) or _BEFORE.search(text[max(0, start - 45) : start]))


def mark_parts(facts: Sequence[FactBase], text: str) -> list[FactBase]:
    """One article's facts, each breakdown with `part_of` set to the id of the fact it is part of."""
    placed = {
        fact.id: where for fact in facts if _takes_part(fact) and (where := figure_position(fact, text))
    }
    out: list[FactBase] = []
    for fact in facts:
        where = placed.get(fact.id)
        figure = _figure(fact)
        if where is None or figure is None or not is_breakdown(text, where):
            out.append(fact)
            continue
        totals = [
            (where[0] - placed[other.id][0], other)
            for other in facts
            if other.id in placed
            and other.kind == fact.kind
            and other.id != fact.id
            and _outcome(other) == _outcome(fact)
            and (_figure(other) or 0) > figure
            and 0 < where[0] - placed[other.id][0] <= REACH
            and _sentences_between(text, placed[other.id][1], where[0]) <= 1
            and not getattr(other, PART_FIELD, None)
        ]
        if not totals:
            out.append(fact)
            continue
        _, total = min(totals, key=lambda pair: pair[0])
        out.append(fact.model_copy(update={PART_FIELD: total.id}))
    return out


def mark_parts_by_article(facts: Sequence[FactBase], texts: dict[str, str]) -> list[FactBase]:
    """`mark_parts` over facts of many articles (`texts`: article id → text), order kept."""
    by_doc: dict[str, list[FactBase]] = {}
    for fact in facts:
        by_doc.setdefault(fact.doc, []).append(fact)
    marked = {
        f.id: f
        for doc, group in by_doc.items()
        for f in (mark_parts(group, texts[doc]) if doc in texts else group)
    }
    return [marked[f.id] for f in facts]
