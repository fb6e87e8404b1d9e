"""Outcome check: the word that governs a casualty figure must agree with the outcome.

"two civilians were killed and eight others were injured": 2 is governed by "killed",
8 by "injured". The governing word is looked for in the figure's own clause, first
after it ("31 deaths", "8 others were injured"), then right before it ("killing 12",
"the death toll rose to 800"); a clause ends at "and", a comma or a semicolon. When the
clause names no outcome (a subgroup: "including a child"), the nearest outcome word
before it in the sentence is taken, and a disagreement is only flagged; with none
before it, the check says nothing. A paragraph with no outcome word at all states no
casualty: the fact is held.
"""

from __future__ import annotations

import re

from factsheet.models import Article, FactBase
from factsheet.validation.figure import figure_offset
from factsheet.validation.findings import Findings, roles_of
from factsheet.validation.text import Scope

OUTCOME_WORDS: dict[str, str] = {
    r"kill(?:ed|ing|s)?|dead|deaths?|died|dies|dying|fatalit(?:y|ies)|lives|perished|bodies|"
    r"death\s+toll|toll|slain|murdered|executed|massacred|fatally|life|drown(?:ed|ing|s)?": "killed",
    r"injur(?:ed|ies|y|ing)|wound(?:ed|s|ing)?|hurt|maimed|hospitali[sz]ed\s+with\s+injuries": "injured",
    r"displac(?:ed|ement|ing)|evacuat(?:ed|ion|ing)|fled|fleeing|flee|homeless|uprooted|refugees|"
    r"driven\s+from\s+their\s+homes|forced\s+from\s+their\s+homes": "displaced",
    r"missing|unaccounted\s+for|disappeared": "missing",
}
_WORD = re.compile(
    "|".join(rf"(?P<o{i}>\b(?:{pattern})\b)" for i, pattern in enumerate(OUTCOME_WORDS)), re.IGNORECASE
)
_OUTCOMES = list(OUTCOME_WORDS.values())
_CLAUSE_END = re.compile(r"\band\b|[,;:()]|\bwhile\b|\bwhereas\b|\bbut\b", re.IGNORECASE)
_NEAR = 45  # characters: "31 deaths", "eight others were injured", "killing at least 12 people"


def outcome_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, outcome) of every outcome word in `text`."""
    found: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        index = next(i for i, g in enumerate(m.groups()) if g is not None)
        found.append((m.start(), m.end(), _OUTCOMES[index]))
    return found


def governing_outcome(text: str, start: int, end: int) -> tuple[str | None, bool]:
    """The outcome governing the figure at [start, end) of `text`, and whether it was found
    in the figure's own clause (strong) or only elsewhere in the text (weak)."""
    words = outcome_words(text)
    after = [
        w for w in words if w[0] >= end and w[0] - end <= _NEAR and not _CLAUSE_END.search(text[end : w[0]])
    ]
    if after:
        return after[0][2], True
    before = [
        w
        for w in words
        if w[1] <= start and start - w[1] <= _NEAR and not _CLAUSE_END.search(text[w[1] : start])
    ]
    if before:
        return before[-1][2], True
    earlier = [w for w in words if w[1] <= start]
    if not earlier:
        return None, False
    return earlier[-1][2], False  # a subgroup ("including a child") refers back


def check_outcome(fact: FactBase, article: Article, scope: Scope) -> Findings:
    findings = Findings()
    field = roles_of(fact).outcome
    if field is None or fact.start is None:
        return findings
    offset = figure_offset(fact)
    if offset is None:
        return findings
    left, right = scope.sentence
    sentence = article.text[left:right]
    if not outcome_words(article.text[scope.paragraph[0] : scope.paragraph[1]]):
        findings.flag(
            "outcome_not_stated",
            f"{field}: the paragraph of the quote says of no one that they were killed, injured, "
            "displaced or missing",
        )
        return findings
    figure_start = fact.start + offset - left
    figure_end = figure_start + _figure_length(sentence, figure_start)
    governing, strong = governing_outcome(sentence, figure_start, figure_end)
    stated = getattr(fact, field)
    if governing is None or governing == stated:
        return findings
    if strong:
        findings.change(
            fact,
            field,
            governing,
            f"the word governing the figure in the text says {governing!r}",
            "outcome_corrected",
        )
    else:
        findings.flag(
            "outcome_mismatch",
            f"{field}: the text near the figure speaks of {governing!r}, not {stated!r}",
        )
    return findings


def _figure_length(text: str, start: int) -> int:
    m = re.match(r"[\w,.’'-]+(?:\s+(?:thousand|million|hundred))?", text[start:])
    return len(m.group(0).rstrip(",.")) if m else 1
