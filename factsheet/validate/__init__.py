"""Validate: hold every fact to its source text before anything is published.

Per fact: ground the quote (exact / normalised / fuzzy / none), then check figures,
qualifiers, dates and names against it. The outcome is a `Check` on the fact:
`verified`, `corrected` (with each change), `flagged` (needs a person) or
`rejected` (not published), always with reasons.
"""

from __future__ import annotations

from factsheet.models import Article, Check, FactBase, FieldChange
from factsheet.parsing.names import NameTable, default_table
from factsheet.validate.checks import check_dates, check_figures, check_names
from factsheet.validate.grounding import locate

VALIDATOR_VERSION = "1"


def validate_fact(
    fact: FactBase, article: Article, table: NameTable | None = None, batch: list[str] | None = None
) -> FactBase:
    """Return a validated copy of `fact` with its `check` filled in."""
    table = table or default_table()
    fact = fact.model_copy(deep=True)
    changes: list[FieldChange] = []
    flags: list[tuple[str, str]] = []
    grounding = locate(fact.quote, article.text, hint=fact.start)
    if grounding.level == "none":
        fact.check = Check(
            status="rejected",
            grounding="none",
            reasons=["quote not found in the article"],
            codes=["quote_not_found"],
        )
        return fact
    exact_quote = article.text[grounding.start : grounding.end]
    if exact_quote != fact.quote:
        changes.append(
            FieldChange(
                field="quote",
                old=fact.quote,
                new=exact_quote,
                reason=f"replaced by the source text ({grounding.level} match)",
                code=f"quote_{grounding.level}",
            )
        )
    if (fact.start, fact.end) != (grounding.start, grounding.end) and fact.start is not None:
        changes.append(
            FieldChange(
                field="start",
                old=fact.start,
                new=grounding.start,
                reason="offsets of the quote in the article",
                code="offsets_corrected",
            )
        )
    fact.quote, fact.start, fact.end = exact_quote, grounding.start, grounding.end
    for findings in (
        check_figures(fact, article),
        check_dates(fact, article),
        check_names(fact, article, table, batch),
    ):
        changes.extend(findings.changes)
        flags.extend(findings.flags)
    if flags:
        status = "flagged"
    elif changes or grounding.level == "fuzzy":
        status = "corrected"
    else:
        status = "verified"
    reasons = [message for _, message in flags] + [f"{c.field}: {c.reason}" for c in changes]
    codes = [code for code, _ in flags] + [c.code for c in changes]
    if grounding.level != "exact":
        reasons.append(f"quote found by {grounding.level} match")
    fact.check = Check(
        status=status,
        grounding=grounding.level,
        reasons=reasons,
        codes=list(dict.fromkeys(codes)),
        changes=changes,
    )
    return fact


def validate_facts(
    facts: list[FactBase], articles: dict[str, Article], table: NameTable | None = None
) -> list[FactBase]:
    """Validate each fact against its own article; a fact naming no known article is rejected."""
    out: list[FactBase] = []
    for fact in facts:
        article = articles.get(fact.doc)
        if article is None:
            rejected = fact.model_copy(deep=True)
            rejected.check = Check(
                status="rejected",
                grounding="none",
                reasons=[f"no article with id {fact.doc!r}"],
                codes=["unknown_article"],
            )
            out.append(rejected)
            continue
        out.append(validate_fact(fact, article, table))
    return out
