"""One fact per distinct event within an article, whichever extractor found them."""

from __future__ import annotations

import re

from factsheet.models import FactBase, content_fields


def dedupe(facts: list[FactBase]) -> list[FactBase]:
    """One fact per distinct event within an article, keeping the most informative mention.

    Meetings with the same participants are one event when both are held (or both
    upcoming) and their dates do not contradict each other; an undated deadline is
    dropped when the article also gives a dated one (it is nearly always the same).
    """
    dated_deadline = any(f.kind == "deadline" and f.due for f in facts)
    groups: list[list[FactBase]] = []
    for fact in facts:
        if fact.kind == "deadline" and fact.due is None and dated_deadline:
            continue
        for group in groups:
            if _same_event(group[0], fact):
                group.append(fact)
                break
        else:
            groups.append([fact])
    kept = [max(group, key=lambda f, g=group: (_filled(f), -g.index(f))) for group in groups]
    return sorted(kept, key=lambda f: f.start or 0)


def _same_event(a: FactBase, b: FactBase) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "meeting":
        phase_a = "held" if a.status == "held" else "upcoming"
        phase_b = "held" if b.status == "held" else "upcoming"
        dates_agree = a.date == b.date or (
            (a.date is None and not _vague_time(a)) or (b.date is None and not _vague_time(b))
        )
        return a.participants == b.participants and phase_a == phase_b and dates_agree
    if a.kind == "deadline":
        return (a.due or a.due_text) == (b.due or b.due_text)
    if a.kind == "tariff":
        return (a.target, a.rate_percent, a.basis) == (b.target, b.rate_percent, b.basis)
    if a.kind == "aid":
        return (a.amount, a.currency) == (b.amount, b.currency)
    if a.kind == "casualty":
        return (a.count, a.outcome) == (b.count, b.outcome)
    return a.quote == b.quote


_VAGUE_TIME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:19|20)\d\d|last\s+(?:week|month|year)|years?\s+ago|months?\s+ago)\b",
    re.IGNORECASE,
)


def _vague_time(fact: FactBase) -> bool:
    """An undated meeting whose quote still places it in time ("last February", "in 2021")."""
    return bool(_VAGUE_TIME.search(fact.quote))


def _filled(fact: FactBase) -> int:
    return sum(getattr(fact, f) not in (None, "", [], "unknown") for f in content_fields(fact.kind))
