"""Money as news writes it: every ISO 4217 currency, its symbols and names, and news forms.

Currency codes, English names (singular and plural: "Norwegian kroner", "UAE dirhams")
and symbols come from CLDR through Babel. `factsheet/data/currencies.json` adds only what
CLDR lacks: the short forms of newsrooms ("SDR" for the IMF's special drawing rights,
"Rs", "Dh"), bare words that stand for more than one currency ("kroner"), the currency a
bare "dollars" means when the text says no more, and the Indian scales (lakh, crore).

An amount is digits ("1,200", "1.5", Indian grouping "2,50,000", a thousands separator
broken by a space after a currency sign: "US$50, 000") or words ("three", "half a"),
then a scale ("million", "bn", "lakh crore"). Each amount carries every currency its form
can mean (`Money.currencies`: "$" is any dollar, "kroner" Norwegian or Danish);
`Money.currency` is the one news means by it when it says no more, or the first by code.

Shared by the offline extractor and the validator (through `numbers.find_money`), so both
read money the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise

from factsheet.parsing.numbers import parse_number, qualifier_before

ENGLISH_LOCALES = [
    "en",
    "en_GB",
    "en_AU",
    "en_CA",
    "en_NZ",
    "en_IN",
    "en_PK",
    "en_SG",
    "en_HK",
    "en_ZA",
    "en_KE",
    "en_NG",
    "en_GH",
    "en_PH",
    "en_MY",
    "en_IE",
    "en_JM",
    "en_TT",
    "nb",
    "da",
    "sv",
    "is",
    "pl",
    "pt_BR",
    "es_MX",
    "es_AR",
    "es_CL",
    "es_CO",
    "ja",
    "zh",
    "ko",
    "ru",
    "uk",
    "tr",
    "ar_AE",
    "ar_EG",
    "ar_MA",
    "fr_CH",
    "de_CH",
    "th",
    "vi",
    "id",
    "he",
    "hi",
]
"""Locales whose currency symbols news in English uses ("A$", "HK$", "₹", "kr", "zł")."""
REFERENCE_DAY = dt.date(2025, 1, 1)
"""Currencies legal tender somewhere on this day (ISO 4217 in use), plus the SDR (XDR)."""

_WORD_NUM = (
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|a|an|hundred|dozen)(?:[\s-]+(?:and\s+)?(?:one|two|three|four|five|six|"
    r"seven|eight|nine|hundred|dozen))*|half\s+an?|a\s+half|a\s+quarter(?:\s+of\s+an?)?)"
)
_DIGITS = r"(?<![\d.,])(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)"
_BROKEN = r"(?<![\d.,])\d{1,3}(?:,\s\d{3})+(?![\d,.]\d)"
_SCALE_WORDS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_NOT_UNITS = frozenset({"gold", "rights", "real", "mark", "marks", "soles"})
"""Last words of currency names that are ordinary English words after a number."""
_FRACTIONS = {
    "a": 1.0,
    "an": 1.0,
    "half a": 0.5,
    "half an": 0.5,
    "a half": 0.5,
    "a quarter": 0.25,
    "a quarter of a": 0.25,
}


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str
    start: int
    end: int
    qualifier: str = "exact"
    currencies: tuple[str, ...] = field(default=())
    """Every currency the form can mean; empty means only `currency`."""

    def may_be(self, code: str) -> bool:
        """Could this amount be in `code`? ("$" may be any dollar.)"""
        return code == self.currency or code in self.currencies

    @property
    def ambiguous(self) -> bool:
        return len(set(self.currencies) | {self.currency}) > 1


@dataclass(frozen=True)
class Currencies:
    """The forms of every currency: what each spelling can mean and what news means by it."""

    codes: frozenset[str]
    prefixes: dict[str, frozenset[str]]
    """Forms written before the figure (symbols, codes, "SDR", "Rs")."""
    suffixes: dict[str, frozenset[str]]
    """Forms written after it (codes, names, bare words), keyed casefolded except codes."""
    defaults: dict[str, str]
    scales: dict[str, float]

    def meaning(self, form: str, *, before: bool) -> tuple[str, tuple[str, ...]]:
        """(the currency news means, every currency it can mean) for a form of the text."""
        index = self.prefixes if before else self.suffixes
        key = _form_key(form)
        codes = index.get(form) or index.get(key) or frozenset()
        default = self.defaults.get(form) or self.defaults.get(key)
        if default is None or default not in codes:
            default = sorted(codes)[0] if codes else ""
        return default, tuple(sorted(codes))


def _form_key(form: str) -> str:
    return " ".join(form.replace("U.S.", "US").split()).casefold()


@cache
def currencies() -> Currencies:
    """The currency forms, built once from Babel's CLDR data and the news forms file."""
    from babel import Locale
    from babel.numbers import get_currency_name, get_territory_currencies

    english = Locale.parse("en")
    codes: set[str] = {"XDR"}
    for territory in english.territories:
        if isinstance(territory, str) and territory.isalpha():
            codes |= set(get_territory_currencies(territory, REFERENCE_DAY))
    prefixes: dict[str, set[str]] = {}
    suffixes: dict[str, set[str]] = {}
    for code in codes:
        prefixes.setdefault(code, set()).add(code)
        suffixes.setdefault(code, set()).add(code)
        names = {english.currencies.get(code, code)}
        names |= {get_currency_name(code, count=n, locale="en") for n in (1, 2)}
        for name in names:
            if not name or name == code or "(" in name:
                continue
            suffixes.setdefault(_form_key(name), set()).add(code)
            if name.startswith("US "):
                suffixes.setdefault(_form_key(name), set()).add(code)
                suffixes.setdefault("u.s. " + _form_key(name[3:]), set()).add(code)
            unit = name.split()[-1].casefold()
            if len(name.split()) > 1 and unit.isalpha() and len(unit) >= 4 and unit not in _NOT_UNITS:
                suffixes.setdefault(unit, set()).add(code)  # bare "dirhams", "rupees"
    for locale_name in ENGLISH_LOCALES:
        locale = Locale.parse(locale_name)
        for code, symbol in locale.currency_symbols.items():
            if code not in codes or symbol == code or (symbol.isalpha() and len(symbol) < 2):
                continue
            if symbol.isalpha() and symbol.isupper() and len(symbol) == 3:
                continue  # another code ("USD" written for "CAD" in some locale): not a symbol
            prefixes.setdefault(symbol, set()).add(code)
            if not symbol.isascii() or symbol.isalpha():
                suffixes.setdefault(_form_key(symbol) if symbol.isalpha() else symbol, set()).add(code)
    data = json.loads(
        resources.files("factsheet.data").joinpath("currencies.json").read_text(encoding="utf-8")
    )
    for form, meant in data["forms"].items():
        if form[:1].isupper() or not form.isalpha():
            prefixes.setdefault(form, set()).update(meant)
        suffixes.setdefault(form if form.isupper() else _form_key(form), set()).update(meant)
    return Currencies(
        frozenset(codes),
        {k: frozenset(v) for k, v in prefixes.items()},
        {k: frozenset(v) for k, v in suffixes.items()},
        dict(data["defaults"]),
        {**_SCALE_WORDS, **{k: float(v) for k, v in data["scales"].items()}},
    )


_NUMBER = re.compile(
    rf"(?:(?<![\d.,])(?P<digits>{_DIGITS})|(?<![\w.,])(?P<words>{_WORD_NUM})(?!\w))",
    re.IGNORECASE,
)
_BROKEN_TAIL = re.compile(r"(?:,\s\d{3})+(?![\d,.]\d)")
_SEPARATOR = re.compile(r"\s?(?:of\s+)?")


@cache
def _scale_pattern() -> re.Pattern[str]:
    scales = sorted(currencies().scales, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(s.split()) for s in scales)
    return re.compile(rf"\s?(?P<scale>{alternation})\b", re.IGNORECASE)


def _prefix_before(text: str, start: int, table: Currencies) -> tuple[str, int] | None:
    """The currency form written right before a figure at `start` ("$", "US$ ", "SDR "), and
    where it starts."""
    head = text[max(0, start - 12) : start]
    stripped = head.rstrip(" \u00a0")
    if len(head) - len(stripped) > 1:
        return None
    run = re.search(r"\S+$", stripped)
    if run is None:
        return None
    token = run.group(0)
    for cut in range(len(token)):  # longest form first: "US$" before "$"
        form = token[cut:]
        glued = cut > 0 and token[cut - 1].isalpha() and form[0].isalpha()  # "USDh" is not "Dh"
        if form in table.prefixes and not glued:
            return form, start - (len(head) - run.start() - cut)
    return None


def _suffix_after(text: str, end: int, table: Currencies) -> tuple[str, int] | None:
    """The currency form written right after a figure ending at `end` ("euros", " Norwegian
    kroner", "SDRs", "USD"), and where it ends."""
    gap = _SEPARATOR.match(text, end)
    position = gap.end() if gap else end
    words = list(re.finditer(r"[^\s\d,;:()]+", text[position : position + 60]))[:4]
    for count in range(len(words), 0, -1):
        if words[0].start() != 0 or any(
            not text[position + a.end() : position + b.start()].isspace() for a, b in pairwise(words[:count])
        ):
            continue
        form = text[position : position + words[count - 1].end()]
        form = form.rstrip(".") if not form.endswith("U.S.") else form
        if form in table.suffixes and (form in table.codes or form.isupper() or not form.isalpha()):
            return form, position + len(form)
        if _form_key(form) in table.suffixes and not form.isupper():
            return form, position + len(form)
    return None


def read_amount(number: str, scale: str | None) -> float | None:
    """ "1,200" / "50, 000" / "three" / "half a" with an optional scale ("bn", "lakh crore")."""
    key = " ".join(number.lower().split())
    value = _FRACTIONS.get(key)
    if value is None:
        value = parse_number(re.sub(r",\s", ",", number))
    if value is None:
        return None
    if scale:
        value *= currencies().scales[" ".join(scale.lower().split())]
    return value


def find_money(text: str) -> list[Money]:
    """Every amount of money in `text`: "$1 billion", "€50m", "nearly three billion euros",
    "SDR 250 million", "Rs 5 crore", "US$50, 000", "12 billion Norwegian kroner"."""
    table = currencies()
    scales = _scale_pattern()
    found: list[Money] = []
    for m in _NUMBER.finditer(text):
        number, end = m.group(0), m.end()
        prefix = _prefix_before(text, m.start(), table) if m.group("digits") else None
        if prefix is not None and (tail := _BROKEN_TAIL.match(text, end)):
            number, end = text[m.start() : tail.end()], tail.end()  # "US$50, 000"
        scale = None
        if sm := scales.match(text, end):
            scale, end = sm.group("scale"), sm.end()
        if not scale and m.group("words") and number.strip().lower() in ("a", "an"):
            continue  # "a dollar" is no amount
        if prefix is not None:
            form, start, before = prefix[0], prefix[1], True
        elif (suffix := _suffix_after(text, end, table)) is not None:
            form, start, end, before = suffix[0], m.start(), suffix[1], False
        else:
            continue
        amount = read_amount(number, scale)
        currency, meanings = table.meaning(form, before=before)
        if amount is None or not currency:
            continue
        found.append(
            Money(
                amount,
                currency,
                start,
                end,
                qualifier_before(text, start),
                meanings if len(meanings) > 1 else (),
            )
        )
    return found
