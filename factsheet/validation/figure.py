"""Figure check: the key figure (tariff rate, aid amount, casualty count) must be stated.

Counts are read as news writes them: digits, words ("six", "a thousand") and single
people named by a noun phrase ("a child", "another civilian", "a Nepali national").
Ages, dates, years, clock times, money and percentages are never counts, so "a
41-year-old man" is one person, not 41.
"""

from __future__ import annotations

from factsheet.models import Article, FactBase
from factsheet.parsing.numbers import find_counts, find_money, find_percents, same_number
from factsheet.validation.findings import Findings, fmt, roles_of
from factsheet.validation.text import Scope


def _figure_field(fact: FactBase) -> str | None:
    return roles_of(fact).figure


def figures_in(fact: FactBase, text: str) -> list[tuple[int, float]]:
    """(offset, value) of every figure of the kind's unit in `text` (`FieldRoles.figure_unit`)."""
    unit = roles_of(fact).figure_unit
    if unit == "percent":
        found: list[tuple[int, float]] = []
        for p in find_percents(text):
            found.append((p.start, p.value))
            if p.high is not None:
                found.append((p.start, p.high))
        return found
    if unit == "money":
        currency = getattr(fact, "currency", None)
        return [(m.start, m.amount) for m in find_money(text) if currency in (None, m.currency)]
    if unit == "count":
        return [(c.start, c.value) for c in find_counts(text, implied=True)]
    return [(c.start, c.value) for c in find_counts(text)]


def check_figure(fact: FactBase, article: Article, scope: Scope) -> Findings:
    """Stated in the quote (or, when the quote states no figure of the kind, in its
    sentence): kept. Otherwise, if the quote states exactly one figure of the kind, that is
    the figure; with several, or none, a person must look."""
    findings = Findings()
    name = _figure_field(fact)
    value = getattr(fact, name) if name else None
    if name is None or value is None:
        return findings
    in_quote = figures_in(fact, fact.quote)
    if any(_same(name, value, v) for _, v in in_quote):
        return findings
    if not in_quote:  # a quote that states no figure of the kind: its sentence may
        sentence = article.text[scope.sentence[0] : scope.sentence[1]]
        if any(_same(name, value, v) for _, v in figures_in(fact, sentence)):
            return findings
    distinct = sorted({v for _, v in in_quote})
    if len(distinct) == 1:
        new = round(distinct[0]) if name == "count" else distinct[0]
        findings.change(
            fact, name, new, f"the quote states {fmt(distinct[0])}, not {fmt(value)}", "figure_corrected"
        )
    elif distinct:
        listed = ", ".join(fmt(d) for d in distinct)
        findings.flag(
            "figure_not_in_quote", f"{name}: {fmt(value)} is not among the figures in the quote ({listed})"
        )
    else:
        findings.flag(
            "figure_not_in_quote", f"{name}: {fmt(value)} is not stated in the quote or its sentence"
        )
    return findings


def _same(name: str, value: float, stated: float) -> bool:
    """Counts and rates agree exactly (up to the float error of a scaled figure, "6.4 million");
    amounts within 1% (rounded sums: "$1.2 billion")."""
    if name == "amount":
        return same_number(value, stated)
    return abs(value - stated) < (0.5 if name == "count" else 1e-6)


def figure_offset(fact: FactBase) -> int | None:
    """Where in the quote the fact's key figure stands (None when it does not)."""
    name = _figure_field(fact)
    value = getattr(fact, name) if name else None
    if name is None or value is None:
        return None
    return next((offset for offset, v in figures_in(fact, fact.quote) if _same(name, value, v)), None)
