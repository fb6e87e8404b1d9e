"""Numbers as news writes them: digits, words, scales, money, percentages, qualifiers.

Shared by the offline extractor (to read figures) and the validator (to check that
a fact's figure is really stated in its quote), so both read text the same way. Money
is read by `factsheet.parsing.money` (`find_money` and `Money` are importable from here
too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factsheet.parsing.money import Money

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "a": 1,
    "an": 1,
}
NUMBER_WORDS = frozenset(_SMALL) - {"a", "an"} | {"hundred", "thousand", "million", "billion"}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = (
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)(?:[\s-]+(?:and\s+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|hundred|dozen))*)"
)
_NUM = rf"(?:{_DIGITS}|{_WORD_NUM})"
_SCALE = r"(?:thousand|million|billion|trillion|mln|bln|bn|mn|trn|tn|m|b|k)"

_PERCENT = re.compile(
    rf"(?P<num>{_NUM})(?:\s?(?:-|–|—|to)\s?(?P<hi>{_NUM}))?[\s-]?(?:%|percent\b|per\s?cent\b|pct\b)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\w.,$€£])(?P<num>{_NUM})(?:\s(?P<scale>thousand|million|billion)\b)?(?![\w%])",
    re.IGNORECASE,
)

_QUALIFIERS: list[tuple[str, str]] = [
    # "between 150 and 200": the low end of a stated range is a floor
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|at\s+a\s+minimum|between", "at_least"),
    (r"more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceeding|greater\s+than", "more_than"),
    (r"up\s+to|as\s+(?:much|many)\s+as|as\s+high\s+as|at\s+most|a\s+maximum\s+of", "up_to"),
    (
        r"about|around|approximately|nearly|almost|roughly|some|an\s+estimated|close\s+to|"
        r"estimated|some\s+\w+|just\s+(?:over|under)|just\s+shy\s+of|circa|~|"
        r"(?:an\s+)?estimated\s+(?:\w+\s+){0,2}?(?:of|at)|valued\s+at\s+(?:about|around|roughly)",
        "about",
    ),
]
_QUALIFIER_RES = [(re.compile(rf"(?:^|\W)(?:{p})\s*$", re.IGNORECASE), q) for p, q in _QUALIFIERS]


@dataclass(frozen=True)
class Percent:
    value: float
    start: int
    end: int
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Count:
    value: float
    start: int
    end: int


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """Read "6", "6.4", "1,200", "six", "twenty-five", "a dozen", "6.4 million" as a number."""
    cleaned = text.strip().lower().replace(",", "")
    if not cleaned:
        return None
    parts = cleaned.split()
    scale = 1.0
    if len(parts) > 1 and parts[-1] in _SCALES:
        scale = _SCALES[parts[-1]]
        parts = parts[:-1]
        cleaned = " ".join(parts)
    try:
        return float(cleaned) * scale
    except ValueError:
        pass
    value = _words_to_number(cleaned)
    return None if value is None else value * scale


def _words_to_number(words: str) -> float | None:
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not tokens or any(t not in _SMALL for t in tokens):
        return None
    if tokens in (["a"], ["an"]):
        return None
    total, current = 0.0, 0.0
    for token in tokens:
        value = _SMALL[token]
        if token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        else:
            current += value
    total += current
    return total


def qualifier_before(text: str, index: int, *, window: int = 30) -> str:
    """The qualifier ("at least", "more than", "about", "up to") right before `index`.
    "over" after a verb it belongs to ("roll over $5 billion", "handed over") is none."""
    before = text[max(0, index - window) : index]
    for pattern, name in _QUALIFIER_RES:
        if pattern.search(before):
            if name == "more_than" and _PHRASAL_OVER.search(before):
                continue
            return name
    return "exact"


_PHRASAL_OVER = re.compile(
    r"\b(?:roll|hand|turn|take|took|sign|pass|carry|carri|fork|shell|tip|spill|sign|give|gave|"
    r"make|made|pay|paid|hold|held|keep|kept|win|won|bring|brought|rollover)\w*\s+over\s*$",
    re.IGNORECASE,
)
"""Verbs whose "over" is a particle, not "more than": "roll over", "handed over"."""


_LEADING_QUALIFIER = re.compile(
    r"(?:^|\W)(?P<qualifier>" + "|".join(p for p, _ in _QUALIFIERS) + rf")\s+{_NUM}\b", re.IGNORECASE
)


def qualifiers_in(text: str) -> set[str]:
    """The qualifiers standing before figures in `text` ("at least 30 ... and 20 others": {"at_least"})."""
    found: set[str] = set()
    for m in _LEADING_QUALIFIER.finditer(text):
        words = m.group("qualifier") + " "
        if (name := qualifier_before(words, len(words))) != "exact":
            found.add(name)
    return found


def find_money(text: str) -> list[Money]:
    """Every amount of money in `text` (`factsheet.parsing.money.find_money`: every ISO
    currency, its symbols and names, and the forms news uses)."""
    from factsheet.parsing.money import find_money as find

    return find(text)


def find_percents(text: str) -> list[Percent]:
    """Every percentage: "25%", "25 percent", "15-20 per cent" (a range gives low and high)."""
    found: list[Percent] = []
    for m in _PERCENT.finditer(text):
        low = parse_number(m.group("num"))
        if low is None:
            continue
        high = parse_number(m.group("hi")) if m.group("hi") else None
        found.append(Percent(low, m.start(), m.end(), low if high else None, high))
    return found


_SHARE_AFTER = re.compile(
    r"^\s+of\s+(?!(?:the\s+)?(?:(?:customs|declared|import|assessed)\s+)?(?:value|price|cost)\b)",
    re.IGNORECASE,
)
"""A percentage of something ("95% of its goods", "40 percent of imports") is a share, not
a rate; "10% of the value" is a rate."""
ZERO_RATE = re.compile(
    r"\b(?:duty|tariff|tax|levy|customs)[\s-]+free\b"
    r"|\bfree\s+of\s+(?:all\s+)?(?:duty|duties|tariffs?|customs)\b"
    r"|\bzero(?:[\s-]+(?:per\s?cent|percent|%))?[\s-]+(?:tariffs?|dut(?:y|ies)|levy|levies|rates?)\b"
    r"|\bzero\s*(?:%|per\s?cent\b|percent\b)"
    r"|\b(?:eliminat|remov|scrapp|abolish|lift|waiv)\w*\s+(?:all\s+)?(?:tariffs?|duties|customs\s+duties)\b"
    r"|\b(?:no|without)\s+(?:import\s+)?(?:tariffs?|duties)\b",
    re.IGNORECASE,
)
"""A rate of 0 stated in words: "duty-free", "zero tariffs", "at ZERO tariff", "tariff-free"."""


def find_rates(text: str) -> list[Percent]:
    """Tariff or duty rates: percentages that are not shares ("95% of its goods will enter
    duty-free" states a 0% rate, not 95%), and 0 where words state it ("duty-free")."""
    found = [p for p in find_percents(text) if not _SHARE_AFTER.match(text[p.end : p.end + 40])]
    taken = [(p.start, p.end) for p in found]
    for m in ZERO_RATE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Percent(0.0, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
# What follows a number that is not a count of people or things: an age ("41-year-old",
# "41 years old"), a duration used as a modifier ("a 30-day truce"), a clock time, a month.
_NOT_A_COUNT_AFTER = re.compile(
    rf"""^(?:[\s-]*(?:years?|months?|weeks?|days?)[\s-]*old\b
        |-(?:years?|months?|weeks?|days?|hours?|minutes?|mile|km|kilometre|kilometer|metre|meter|storey|story)\b
        |\s?(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|o['’]clock)
        |:\d\d
        |\s+(?:of\s+)?(?:{_MONTH_NAMES})\b\.?)""",
    re.IGNORECASE | re.VERBOSE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTH_NAMES})\.?\s+|\b(?:aged|age|ages|number|no\.|page|chapter|article|resolution|"
    r"flight|route|highway|section|level|category|grade|phase|round)\s+)$",
    re.IGNORECASE,
)
IMPLIED_ONE = re.compile(
    r"\b(?P<det>a|an|another|one)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?P<noun>person|man|woman|child|boy|girl|baby|infant|toddler|teenager|teen|youth|civilian|national|"
    r"citizen|resident|soldier|serviceman|servicewoman|officer|policeman|policewoman|worker|journalist|"
    r"reporter|photographer|driver|passenger|student|pilot|volunteer|fighter|guard|pensioner|doctor|"
    r"medic|paramedic|nurse|teacher|farmer|fisherman|tourist|pedestrian|victim|individual|employee|"
    r"firefighter|rescuer|miner|villager|peacekeeper|official|staffer|contractor|migrant|refugee|"
    r"prisoner|hostage|detainee|militant|member)\b",
    re.IGNORECASE,
)
"""A single person named by a noun phrase: "a child", "another civilian", "a 41-year-old
man", "a Nepali national" state a count of one."""


def find_counts(text: str, *, implied: bool = False) -> list[Count]:
    """Counts of people or things ("six", "32", "6.4 million", "a thousand").

    Money, percentages, ages ("41-year-old"), days of a month ("October 27"), years,
    clock times and ordinals are never counts. With `implied`, a single person named by a
    noun phrase ("a child", "another civilian") counts as one.
    """
    taken = [(m.start, m.end) for m in find_money(text)] + [(p.start, p.end) for p in find_percents(text)]
    found: list[Count] = []
    for m in _COUNT.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw = m.group("num")
        if raw.lower() in ("a", "an"):
            if not m.group("scale"):
                continue
            value: float | None = 1.0
        else:
            value = parse_number(raw)
        if value is None or _not_a_count(text, m.start(), m.end(), raw):
            continue
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        found.append(Count(value, m.start(), m.end()))
    if implied:
        for m in IMPLIED_ONE.finditer(text):
            if not any(c.start <= m.start() < c.end or m.start() <= c.start < m.end() for c in found):
                found.append(Count(1.0, m.start(), m.end()))
        found.sort(key=lambda c: c.start)
    return found


def _not_a_count(text: str, start: int, end: int, raw: str) -> bool:
    if _NOT_A_COUNT_AFTER.match(text[end : end + 24]):
        return True
    if _NOT_A_COUNT_BEFORE.search(text[max(0, start - 14) : start]):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", raw):  # a year, unless people or things follow ("2000 people")
        after_word = re.match(r"\s+[a-z]", text[end : end + 3])
        before_word = re.search(
            r"\b(?:in|since|of|by|until|till|from|before|after|during|year|early|late|mid)\s+$",
            text[max(0, start - 8) : start],
            re.IGNORECASE,
        )
        dated = re.search(
            rf"\b(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+$",
            text[max(0, start - 20) : start],
            re.IGNORECASE,
        )  # "its October 7, 2023 attack": the year of a date
        return not after_word or before_word is not None or dated is not None
    return False


def numbers_in(text: str) -> set[float]:
    """Every number stated in `text`, in every reading: for checking a figure against a quote."""
    values: set[float] = {c.value for c in find_counts(text)}
    values |= {m.amount for m in find_money(text)}
    for p in find_percents(text):
        values.add(p.value)
        if p.high is not None:
            values.add(p.high)
    return values


def same_number(a: float, b: float, *, tolerance: float = 0.01) -> bool:
    """Equal within a relative tolerance (1% by default, as the scorer counts amounts)."""
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


_COORDINATED = re.compile(
    r"(?:^|\W)(?P<qualifier>" + "|".join(p for p, _ in _QUALIFIERS) + rf")\s+{_NUM}"
    r"(?:\s?(?:thousand|million|billion))?(?:\s+(?!(?:were|was|have|has|had|are|is|been)\b)[A-Za-z][\w'’-]*){0,2}?"
    r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$",
    re.IGNORECASE,
)


def coordinated_qualifier(text: str, index: int) -> str | None:
    """The qualifier of a figure coordinated with the one at `index`, when that one has none of
    its own: "at least 31 deaths and 57 injuries" gives "at_least" for 57. Only noun phrases
    are coordinated ("250 people were killed and 500 injured" is two clauses)."""
    if qualifier_before(text, index) != "exact":
        return None
    if m := _COORDINATED.search(text[max(0, index - 80) : index]):
        words = m.group("qualifier") + " "
        return qualifier_before(words, len(words))
    return None


def __getattr__(name: str) -> object:
    if name == "Money":  # the money model lives with the money parser
        from factsheet.parsing.money import Money

        return Money
    raise AttributeError(name)
