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
def _data() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files("factsheet").joinpath("places_data.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return dict(data["aliases"]), dict(data["within"])


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
