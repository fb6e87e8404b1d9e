"""Comparisons the kinds share when deciding that two facts are about the same thing."""

from __future__ import annotations

import re

_STOP = frozenset({"the", "a", "an", "by", "before", "from", "until", "on", "of", "to", "deadline"})


def overlaps(a: str | None, b: str | None) -> bool:
    """Two phrasings of a time share a content word, or one contains the other."""
    if not a or not b:
        return False
    words_a = set(re.findall(r"\w+", a.casefold())) - _STOP
    words_b = set(re.findall(r"\w+", b.casefold())) - _STOP
    return bool(words_a & words_b) or a.casefold() in b.casefold() or b.casefold() in a.casefold()


def surname(name: str) -> str:
    return name.split()[-1].casefold()


def surnames(names: list[str]) -> set[str]:
    return {surname(n) for n in names if n.strip()}


def folded(value: str | None) -> str:
    """Case and spacing folded, for names compared as written."""
    return " ".join((value or "").casefold().split())
