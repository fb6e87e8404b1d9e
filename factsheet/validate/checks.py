"""Field checks: the figures, dates, qualifiers and names of a fact against its quote.

Each check returns findings; the validator turns them into corrections (a value
that disagrees but can be read unambiguously from the quote) or flags (a person
must look).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from factsheet.models import Article, FactBase, FieldChange, qualifier_for
from factsheet.parsing.dates import date_phrases, resolve
from factsheet.parsing.names import ArticleNames, NameTable
from factsheet.parsing.numbers import (
    find_counts,
    find_money,
    find_percents,
    numbers_in,
    qualifier_before,
    same_number,
)


@dataclass
class Findings:
    changes: list[FieldChange]
    flags: list[tuple[str, str]]  # (code, message)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) of `text` that holds [start, end)."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [p for p in (text.find(". ", end), text.find("\n", end)) if p != -1]
    right = min(stops) + 1 if stops else len(text)
    return left, max(right, end)


def check_figures(fact: FactBase, article: Article) -> Findings:
    """The key figure (rate, amount, count) must be stated in the quote or its sentence."""
    changes: list[FieldChange] = []
    flags: list[tuple[str, str]] = []
    field, value, candidates = _key_figure(fact, fact.quote)
    if field is None or value is None:
        return Findings(changes, flags)
    if any(same_number(value, c) for c in candidates):
        _check_qualifier(fact, article, changes, flags)
        return Findings(changes, flags)
    left, right = sentence_around(article.text, fact.start or 0, fact.end or 0)
    if value in numbers_in(article.text[left:right]) or any(
        same_number(value, c) for c in numbers_in(article.text[left:right])
    ):
        return Findings(changes, flags)
    distinct = sorted(set(candidates))
    if len(distinct) == 1:
        new = distinct[0]
        new_value = int(new) if field == "count" else new
        changes.append(
            FieldChange(
                field=field,
                old=value,
                new=new_value,
                reason=f"the quote states {_fmt(new)}, not {_fmt(value)}",
                code="figure_corrected",
            )
        )
        setattr(fact, field, new_value)
    elif distinct:
        flags.append(
            (
                "figure_not_in_quote",
                f"{field}: {_fmt(value)} is not among the figures in the quote "
                f"({', '.join(_fmt(d) for d in distinct)})",
            )
        )
    else:
        flags.append(
            ("figure_not_in_quote", f"{field}: {_fmt(value)} is not stated in the quote or its sentence")
        )
    return Findings(changes, flags)


def _key_figure(fact: FactBase, quote: str) -> tuple[str | None, float | None, list[float]]:
    if fact.kind == "tariff":
        values: list[float] = []
        for p in find_percents(quote):
            values.append(p.value)
            if p.high is not None:
                values.append(p.high)
        return "rate_percent", fact.rate_percent, values
    if fact.kind == "aid":
        return (
            "amount",
            fact.amount,
            [m.amount for m in find_money(quote) if fact.currency in (None, m.currency)],
        )
    if fact.kind == "casualty":
        return "count", fact.count, [c.value for c in find_counts(quote)]
    return None, None, []


def _check_qualifier(fact: FactBase, article: Article, changes: list[FieldChange], flags: list[str]) -> None:
    field = {"aid": "amount_qualifier", "casualty": "count_qualifier"}.get(fact.kind)
    if field is None or fact.start is None:
        return
    quote = fact.quote
    value = getattr(fact, "amount" if fact.kind == "aid" else "count")
    spans = (
        [(m.start, m.amount) for m in find_money(quote)]
        if fact.kind == "aid"
        else [(c.start, c.value) for c in find_counts(quote)]
    )
    for offset, number in spans:
        if not same_number(number, value):
            continue
        absolute = fact.start + offset
        stated = qualifier_for(fact.kind, qualifier_before(article.text, absolute))
        current = getattr(fact, field)
        if stated != current:
            changes.append(
                FieldChange(
                    field=field,
                    old=current,
                    new=stated,
                    reason=f"the wording before the figure reads {stated!r}",
                    code="qualifier_corrected",
                )
            )
            setattr(fact, field, stated)
        return


DATE_FIELDS = {"meeting": "date", "deadline": "due", "tariff": "effective"}


def check_dates(fact: FactBase, article: Article) -> Findings:
    """A date must agree with the quote's date words resolved against publication."""
    changes: list[FieldChange] = []
    flags: list[tuple[str, str]] = []
    field = DATE_FIELDS.get(fact.kind)
    if field is None:
        return Findings(changes, flags)
    value: dt.date | None = getattr(fact, field)
    left, right = sentence_around(article.text, fact.start or 0, fact.end or 0)
    scope = fact.quote if date_phrases(fact.quote) else article.text[left:right]
    phrases = [scope[s:e].strip() for s, e in date_phrases(scope)]
    if value is None:
        return Findings(changes, flags)
    if not phrases:
        flags.append(
            ("date_not_stated", f"{field}: {value.isoformat()} is not stated in the quote or its sentence")
        )
        return Findings(changes, flags)
    direction = _direction(fact)
    readings = {d for p in phrases if (d := resolve(p, article.published, direction))}
    if not readings or value in readings:
        return Findings(changes, flags)
    if len(readings) == 1:
        new = next(iter(readings))
        changes.append(
            FieldChange(
                field=field,
                old=value.isoformat(),
                new=new.isoformat(),
                code="date_corrected",
                reason=f"{phrases[0]!r} resolves to {new:%A} {new.isoformat()} "
                f"from publication on {article.published}",
            )
        )
        setattr(fact, field, new)
    else:
        flags.append(
            (
                "date_mismatch",
                f"{field}: {value.isoformat()} does not match the date words ({', '.join(phrases)})",
            )
        )
    return Findings(changes, flags)


def _direction(fact: FactBase) -> str:
    """Which way a bare weekday points: back for what has happened (a held meeting, a
    tariff already in force: "took effect on Monday"), forward for everything else."""
    if (fact.kind == "meeting" and fact.status == "held") or (
        fact.kind == "tariff" and fact.status == "in_force"
    ):
        return "past"
    return "future"


FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


def batch_names(articles: list[Article]) -> list[str]:
    """Multi-word capitalised names across a batch, for resolving a surname or misspelling
    in one article against the full name another article gives."""
    return list(dict.fromkeys(n for a in articles for n in FULL_NAME.findall(a.text)))


@lru_cache(maxsize=16)
def _article_names(
    table: NameTable, text: str, published: dt.date | None, batch: tuple[str, ...]
) -> ArticleNames:
    """One resolver per article (facts arrive grouped by article), not one per fact."""
    return ArticleNames(table, [*FULL_NAME.findall(text), *batch], published)


def check_names(
    fact: FactBase, article: Article, table: NameTable, batch: list[str] | None = None
) -> Findings:
    """Names in canonical form (table, then this article's names, then the batch's); raw form in the diff."""
    changes: list[FieldChange] = []
    names = _article_names(table, article.text, article.published, tuple(batch or ()))
    if fact.kind == "meeting":
        canonical = sorted(
            dict.fromkeys(
                p if table.country(p) or table.group(p) else names.person(p) for p in fact.participants
            )
        )
        if canonical != fact.participants:
            changes.append(
                FieldChange(
                    field="participants",
                    old=list(fact.participants),
                    new=canonical,
                    reason="canonical names from the alias table",
                    code="name_canonicalised",
                )
            )
            fact.participants = canonical
    for field in ("set_by",):
        raw = getattr(fact, field, None)
        if raw and not table.country(raw) and not table.group(raw):
            new = names.person(raw)
            if new != raw:
                changes.append(
                    FieldChange(
                        field=field,
                        old=raw,
                        new=new,
                        reason="canonical name from the alias table",
                        code="name_canonicalised",
                    )
                )
                setattr(fact, field, new)
    return Findings(changes, [])


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
