"""Validate: hold every fact to its source text before anything is published.

Per fact: ground the quote (exact / normalised / fuzzy / none), then run one check per
field type against the words around it: figure, qualifier, outcome, date, parties,
place.
The principle: a check changes a field only when the text states the other value
unambiguously; otherwise it flags with the reason; it never invents. The outcome is a
`Check` on the fact: `verified` (the text states it; spellings and quote typography
may have been normalised, and each normalisation is recorded), `corrected` (a value
was changed to the one the text states), `flagged` (a person must look) or `rejected`
(the quote is not in the article: never published).

Every check answers supported, contradicted or cannot tell. Only *contradicted* (the
text states another value) changes a field or holds a fact; *cannot tell* (a form the
checker does not know) publishes the fact as it is, with a note in `check.reasons` and a
code starting "cannot_tell_" in `check.codes` (`CANNOT_TELL`).
"""

from __future__ import annotations

from factsheet.models import Article, Check, FactBase, FieldChange, ValidationStatus
from factsheet.parsing.names import NameTable, default_table
from factsheet.validation.checks import (
    check_date,
    check_figure,
    check_outcome,
    check_parties,
    check_place,
    check_qualifier,
    check_wording,
)
from factsheet.validation.findings import CANNOT_TELL, Findings
from factsheet.validation.grounding import locate
from factsheet.validation.text import scope_of

__all__ = ["CANNOT_TELL", "NORMALISING", "VALIDATOR_VERSION", "validate_fact", "validate_facts"]

VALIDATOR_VERSION = "3"

NORMALISING = frozenset({"quote_normalised", "offsets_corrected", "name_canonicalised"})
"""Changes of form, not of what the fact asserts: they leave a fact `verified`."""


def validate_fact(
    fact: FactBase, article: Article, table: NameTable | None = None, batch: list[str] | None = None
) -> FactBase:
    """Return a validated copy of `fact` with its `check` filled in."""
    table = table or default_table()
    fact = fact.model_copy(deep=True)
    grounding = locate(fact.quote, article.text, hint=fact.start)
    if grounding.level == "none" or grounding.start is None or grounding.end is None:
        fact.check = Check(
            status="rejected",
            grounding="none",
            reasons=["quote not found in the article"],
            codes=["quote_not_found"],
        )
        return fact
    found = Findings()
    exact_quote = article.text[grounding.start : grounding.end]
    if exact_quote != fact.quote:
        how = ", ".join(grounding.notes) or grounding.level
        found.changes.append(
            FieldChange(
                field="quote",
                old=fact.quote,
                new=exact_quote,
                reason=f"replaced by the exact source text ({how})",
                code="quote_fuzzy" if grounding.level == "fuzzy" else "quote_normalised",
            )
        )
    if fact.start is not None and (fact.start, fact.end) != (grounding.start, grounding.end):
        found.changes.append(
            FieldChange(
                field="start",
                old=fact.start,
                new=grounding.start,
                reason="offsets of the quote in the article",
                code="offsets_corrected",
            )
        )
    fact.quote, fact.start, fact.end = exact_quote, grounding.start, grounding.end
    scope = scope_of(article.text, grounding.start, grounding.end)
    asserted = fact.model_copy(deep=True)
    for findings in (
        check_figure(fact, article, scope),
        check_qualifier(fact, article, scope),
        check_outcome(fact, article, scope),
        check_date(fact, article, scope),
        check_parties(fact, article, scope, table, tuple(batch or ())),
        check_place(fact, article, scope, table),
        check_wording(fact, article, scope),
    ):
        found.changes.extend(findings.changes)
        found.flags.extend(findings.flags)
        found.notes.extend(findings.notes)
    if grounding.level == "fuzzy":
        _hold_instead_of_changing(fact, asserted, found)
    changes, flags, notes = found.changes, found.flags, found.notes
    status: ValidationStatus
    if flags:
        status = "flagged"
    elif grounding.level == "fuzzy" or any(c.code not in NORMALISING for c in changes):
        status = "corrected"
    else:
        status = "verified"
    reasons = [message for _, message in flags] + [f"{c.field}: {c.reason}" for c in changes]
    reasons += [message for _, message in notes]
    codes = [code for code, _ in flags] + [c.code for c in changes] + [code for code, _ in notes]
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


def _hold_instead_of_changing(fact: FactBase, asserted: FactBase, found: Findings) -> None:
    """A quote found only by fuzzy alignment is not the fact's own quote: a value the
    passage states differently is held for a person, never changed to the passage's."""
    kept: list[FieldChange] = []
    for change in found.changes:
        if change.code in NORMALISING or change.field in ("quote", "start"):
            kept.append(change)
            continue
        setattr(fact, change.field, getattr(asserted, change.field))
        found.flag(
            change.code.replace("_corrected", "_mismatch"),
            f"{change.field}: {change.reason} (the quote was found only by fuzzy match)",
        )
    found.changes = kept


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
