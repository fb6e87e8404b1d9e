"""Place check: a meeting's or casualty's location must be a place the article names.

Lenient by design: a location passes when any of its names stands in the article (a
word of it, a country's known spelling, demonym or capital, a seat of government such
as "the Kremlin"). Only a place the article never names at all is flagged: a model's
invented venue, or a city carried over from another story.
"""

from __future__ import annotations

import re

from factsheet.models import Article, FactBase
from factsheet.parsing.names import NameTable
from factsheet.validation.findings import Findings, roles_of
from factsheet.validation.party import mentions
from factsheet.validation.text import Scope, word_set

_GENERIC = word_set(
    "the and of in on at near city town village region province state district oblast county area "
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest north-east north-west south-east south-west capital country border resort restaurant "
    "park palace house hotel hospital camp street square building office"
)


def check_place(fact: FactBase, article: Article, scope: Scope, table: NameTable) -> Findings:
    findings = Findings()
    for name in roles_of(fact).places:
        location = getattr(fact, name, None)
        if location and not _named(location, article.text, table):
            findings.flag("place_unsupported", f"{name}: {location!r} is not named in the article")
    return findings


def _named(location: str, text: str, table: NameTable) -> bool:
    for part in (p.strip() for p in re.split(r"[,;/]| and ", location)):
        if not part:
            continue
        canonical = table.country(part) or table.venue_country(part)
        spellings = {part, *table.spellings.get(canonical or "", ())}
        if any(mentions(text, s) for s in spellings if len(s) > 2):
            return True
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", part) if w.casefold() not in _GENERIC]
        if any(mentions(text, w) for w in words):
            return True
        folded = text.casefold()
        if any(w.casefold()[:5] in folded for w in words if len(w) >= 6):
            return True  # "Ukraine" / "Ukrainian", "Darfur" / "North Darfur State"
    return False
