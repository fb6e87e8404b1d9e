"""Figure check: the key figure (tariff rate, aid amount, casualty count) must be stated.

Counts are read as news writes them: digits, words ("six", "a thousand") and single
people named by a noun phrase ("a child", "another civilian", "a Nepali national").
Ages, dates, years, clock times, money and percentages are never counts, so "a
41-year-old man" is one person, not 41. A rate is a percentage that is not a share ("95%
of its goods will enter duty-free" states a 0% rate), or 0 stated in words. Money is read
in every currency and news form (`parsing/money.py`); an amount whose form may mean
several currencies ("$", "kroner") supports any of them, with a note when the fact's is
not the one news usually means.

Verdicts: the figure stated (in the quote, or in its sentence when the quote states
none of the kind) is supported. A figure the text does not state is held, and changed only
to the one figure of the kind its own quote states. An amount stated in a currency form the
checker cannot read is "cannot tell": published, with a note.
"""

from __future__ import annotations

import re

from factsheet.models import Article, FactBase
from factsheet.parsing.numbers import find_counts, find_money, find_rates, numbers_in, same_number
from factsheet.validation.findings import Findings, fmt, roles_of
from factsheet.validation.text import Scope


def _figure_field(fact: FactBase) -> str | None:
    return roles_of(fact).figure


def figures_in(fact: FactBase, text: str) -> list[tuple[int, float]]:
    """(offset, value) of every figure of the kind's unit in `text` (`FieldRoles.figure_unit`)."""
    unit = roles_of(fact).figure_unit
    if unit == "percent":
        found: list[tuple[int, float]] = []
        for p in find_rates(text):
            found.append((p.start, p.value))
            if p.high is not None:
                found.append((p.start, p.high))
        return found
    if unit == "money":
        currency = getattr(fact, "currency", None)
        return [(m.start, m.amount) for m in find_money(text) if currency is None or m.may_be(currency)]
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
        _note_currency(fact, findings)
        return findings
    if not in_quote:  # a quote that states no figure of the kind: its sentence may
        sentence = article.text[scope.sentence[0] : scope.sentence[1]]
        if any(_same(name, value, v) for _, v in figures_in(fact, sentence)):
            return findings
    if (
        roles_of(fact).figure_unit == "money"
        and not in_quote
        and any(same_number(value, v) for v in numbers_in(fact.quote) | _scaled_numbers(fact.quote))
    ):
        findings.note(
            "cannot_tell_currency",
            f"{name}: the quote states {fmt(value)} in a currency form the checker does not read",
        )
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


def _note_currency(fact: FactBase, findings: Findings) -> None:
    """A note when the amount's currency form may mean several currencies and the fact's
    is not the one news usually means by it ("$" for Australian dollars)."""
    currency = getattr(fact, "currency", None)
    if roles_of(fact).figure_unit != "money" or not currency:
        return
    value = getattr(fact, _figure_field(fact) or "", None)
    money = [m for m in find_money(fact.quote) if value is not None and same_number(value, m.amount)]
    if money and all(m.currency != currency for m in money):
        forms = ", ".join(sorted({fact.quote[m.start : m.end] for m in money}))
        findings.note(
            "cannot_tell_currency", f"currency: {forms} may be {currency}; the text does not say which"
        )


def _scaled_numbers(text: str) -> set[float]:
    """Numbers with a scale word after them ("250 million"), for money in an unread form."""
    from factsheet.parsing.money import read_amount

    found: set[float] = set()
    for m in re.finditer(
        r"(\d[\d,.]*)\s?(thousand|million|billion|trillion|bn|mn|mln|bln|m|b|k)?\b", text, re.IGNORECASE
    ):
        if (amount := read_amount(m.group(1).rstrip(".,"), m.group(2))) is not None:
            found.add(amount)
    return found
