"""The field checks, one module per field type, in the order the validator runs them.

Each check takes the fact, its article and the scope of its quote and returns
`Findings`: a change only where the text states the other value unambiguously,
otherwise a flag with the reason. See the README ("How facts are checked") for what each catches
and what it cannot.
"""

from __future__ import annotations

import re

from factsheet.models import Article
from factsheet.validation.date import check_date
from factsheet.validation.figure import check_figure
from factsheet.validation.outcome import check_outcome
from factsheet.validation.party import check_parties
from factsheet.validation.place import check_place
from factsheet.validation.qualifier import check_qualifier
from factsheet.validation.wording import check_wording

__all__ = [
    "batch_names",
    "check_date",
    "check_figure",
    "check_outcome",
    "check_parties",
    "check_place",
    "check_qualifier",
    "check_wording",
]

FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


def batch_names(articles: list[Article]) -> list[str]:
    """Multi-word capitalised names across a batch, for resolving a bare surname in one
    article against the full name another article gives."""
    return list(dict.fromkeys(n for a in articles for n in FULL_NAME.findall(a.text)))
