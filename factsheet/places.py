"""Places that nest: Anchorage lies in Alaska, Kunar in eastern Afghanistan.

Two reports that name a place and a place inside it ("Anchorage" and "Anchorage,
Alaska"; "the Kremlin" and "Moscow") are compatible, not a conflict. Containment
comes from the text itself (a comma: "Kupyansk, Kharkiv region" puts Kupyansk in
Kharkiv) and from a small gazetteer shipped with the package (`places_data.json`:
aliases and a "lies within" table). A place the gazetteer does not know is only
itself, so an unknown pair is never taken as nested.

    same_place("Kyiv region", "kyiv")              # True: one place, two spellings
    within("Anchorage, Alaska", "United States")   # True
    nested("Kremlin", "Moscow")                    # True: either inside the other
    stands_for("Russia", "Vladimir Putin")         # True: the country a person speaks for

The same file names the side (country or body) each of a few people speaks for, so talks
"with Russia" and talks "with Putin" on one day in one place can be one meeting.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

_GENERIC = re.compile(
    r"\b(?:province|region|oblast|governorate|district|state|city|county|area|areas|regions)\b|"
    r"^the\s+|[.'’]",
    re.IGNORECASE,
)


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("factsheet").joinpath("places_data.json").read_text(encoding="utf-8")
    return {name: dict(part) for name, part in json.loads(text).items() if isinstance(part, dict)}


def _data() -> tuple[dict[str, str], dict[str, str]]:
    table = _table()
    return table["aliases"], table["within"]


def side(party: str) -> str:
    """The country or body a party speaks for: itself for a country, its side for a known person
    ("Vladimir Putin" → "russia"), else the party's own name folded."""
    name = " ".join(party.casefold().split())
    table = _table()
    return table["sides"].get(name) or table["side_aliases"].get(name) or _by_surname().get(name) or name


@functools.cache
def _people() -> dict[str, str]:
    return {**_table()["sides"], **_by_surname()}


@functools.cache
def _by_surname() -> dict[str, str]:
    """A known person named by surname alone ("Putin"), when no two known people share it."""
    found: dict[str, set[str]] = {}
    for person, country in _table()["sides"].items():
        found.setdefault(person.split()[-1], set()).add(country)
    return {name: next(iter(sides)) for name, sides in found.items() if len(sides) == 1}


def stands_for(party: str, other: str) -> bool:
    """One of two parties is the country or body the other speaks for ("Russia" and "Vladimir Putin")."""
    a, b = " ".join(party.casefold().split()), " ".join(other.casefold().split())
    people, countries = _people(), _table()["side_aliases"]
    return (a not in people and countries.get(a, a) == side(b) and b in people) or (
        b not in people and countries.get(b, b) == side(a) and a in people
    )


def canonical(name: str) -> str:
    """One spelling per place: case, "the", "province"/"region"/"city" … and known aliases folded."""
    aliases, _ = _data()
    text = " ".join(name.casefold().replace("-", " - ").split()).replace(" - ", "-")
    if text in aliases:
        return aliases[text]
    folded = " ".join(_GENERIC.sub(" ", text).split())
    return aliases.get(folded, folded)


def _parts(name: str) -> list[str]:
    """The place and the places the text puts it in, innermost first ("Kupyansk, Kharkiv region")."""
    if " and " in name.casefold():  # "Donetsk, Kherson and Kharkiv regions": a list, not a nesting
        return [canonical(name)]
    return [part for piece in name.split(",") if (part := canonical(piece))]


def key(name: str) -> str:
    """The place itself in one spelling, without the places the text puts it in ("Anchorage, Alaska" →
    "anchorage"): what tells two tolls' places apart."""
    parts = _parts(name)
    return parts[0] if parts else ""


def ancestors(name: str) -> list[str]:
    """The place itself, then every place that contains it, innermost first."""
    _, within = _data()
    chain: list[str] = []
    for part in _parts(name):
        while part and part not in chain:
            chain.append(part)
            part = within.get(part, "")
    return chain


def same_place(a: str, b: str) -> bool:
    """The same place named two ways ("Anchorage" and "Anchorage, Alaska"; "Kyiv" and "Kyiv region")."""
    first_a, first_b = _parts(a)[:1], _parts(b)[:1]
    return bool(first_a) and first_a == first_b


def within(inner: str, outer: str) -> bool:
    """`inner` is `outer` or lies inside it."""
    return canonical(outer) in ancestors(inner) or same_place(inner, outer)


def nested(a: str, b: str) -> bool:
    """One of the two places is the other or lies inside it: compatible, not a conflict."""
    return within(a, b) or within(b, a)
