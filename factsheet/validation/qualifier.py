"""Qualifier check: "at least", "more than", "about", "up to" must be the text's own.

The wording right before the figure decides, and a differing qualifier is corrected
to it. A qualifier in front of coordinated noun phrases covers each of them ("at least
31 deaths and 57 injuries"); two clauses ("at least 250 were killed and 500 have been
injured") do not share one. Where the figure has no qualifier of its own and the fact's
stands before an earlier figure of the same sentence ("at least 30 people were killed and
20 others were missing": does "at least" cover 20?), the checker cannot tell: the fact is
kept, with a note.
"""

from __future__ import annotations

from factsheet.models import Article, FactBase, qualifier_for
from factsheet.parsing.numbers import coordinated_qualifier, qualifier_before, qualifiers_in
from factsheet.validation.figure import figure_offset
from factsheet.validation.findings import Findings, kind_of, roles_of
from factsheet.validation.text import Scope


def check_qualifier(fact: FactBase, article: Article, scope: Scope) -> Findings:
    findings = Findings()
    name = roles_of(fact).qualifier
    offset = figure_offset(fact)
    if name is None or offset is None or fact.start is None:
        return findings
    index = fact.start + offset
    stated = qualifier_for(kind_of(fact), qualifier_before(article.text, index))
    current = getattr(fact, name) or "exact"
    shared = coordinated_qualifier(article.text, index)
    if shared is not None:
        stated = qualifier_for(kind_of(fact), shared)
    if stated != current and stated == "exact" and shared is None:
        earlier = article.text[scope.sentence[0] : index]
        if current in {qualifier_for(kind_of(fact), q) for q in qualifiers_in(earlier)}:
            findings.note(
                "cannot_tell_qualifier",
                f"{name}: {current!r} stands before an earlier figure of the sentence, none before this one",
            )
            return findings
    if stated != current:
        findings.change(
            fact, name, stated, f"the wording before the figure reads {stated!r}", "qualifier_corrected"
        )
    return findings
