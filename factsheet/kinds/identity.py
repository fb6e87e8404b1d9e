"""When two facts report the same real-world event: the one definition every stage uses.

Two facts are the same event when they are of the same kind, their keys agree, and
their identifying fields are compatible:

- the key is the kind's: within one article `KindSpec.same_mention` (which includes
  the figure: one article does not report two figures for one event), across articles
  `KindSpec.event_key` (without the figure where sources may disagree on it, so that a
  conflict becomes a range instead of two events);
- identifying fields (`KindSpec.identity_fields`: donor, recipient, goods, target,
  outcome, location, status …) are compatible when equal after case and spacing are
  folded, or when one of the two facts leaves the field unstated. Two $500 million
  contributions by different donors are two events; a report that names no donor
  joins the one that does.

In-article deduplication (`factsheet.extraction.dedupe`), the cross-article reconciler
(`factsheet.reconcile`) and, for the key, the scorer (`factsheet.evaluate`, following
the gold format's matching rules) all call this module. Nothing merged is lost: the
surviving fact lists what it absorbed in `merged`.
"""

from __future__ import annotations

from factsheet.kinds.registry import get
from factsheet.models import FactBase, MergedMention


def _folded(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, list):
        return frozenset(_folded(v) for v in value)
    return value


def _stated(value: object) -> bool:
    return value not in (None, "", [], "unknown")


def incompatible_fields(a: FactBase, b: FactBase) -> list[str]:
    """The identifying fields on which `a` and `b` state different values."""
    spec = get(a.kind)
    return [
        name
        for name in spec.identity_fields
        if _stated(x := getattr(a, name, None))
        and _stated(y := getattr(b, name, None))
        and _folded(x) != _folded(y)
    ]


def compatible(a: FactBase, b: FactBase) -> bool:
    return a.kind == b.kind and not incompatible_fields(a, b)


def same_mention(a: FactBase, b: FactBase) -> bool:
    """Two facts of one article that report the same event."""
    return a.kind == b.kind and get(a.kind).same_mention(a, b) and compatible(a, b)


def merge_note(kept: FactBase, absorbed: FactBase) -> MergedMention:
    """What the surviving fact records about a mention it absorbed."""
    spec = get(kept.kind)
    agreed = [name for name in spec.identity_fields if _stated(getattr(absorbed, name, None))]
    reason = "same event in this article (same key" + (f"; {', '.join(agreed)} agree" if agreed else "") + ")"
    return MergedMention(
        id=absorbed.id,
        quote=absorbed.quote,
        start=absorbed.start,
        end=absorbed.end,
        extractor=absorbed.extractor,
        reason=reason,
    )
