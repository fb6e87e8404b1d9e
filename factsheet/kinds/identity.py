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

Across articles, `same_event` adds time and place (`factsheet.kinds.timing`,
`factsheet.places`), and the desk (`factsheet.desk.history`) and the reconciler
(`factsheet.reconcile`) both ask it:

- places nest: "Anchorage" and "Anchorage, Alaska", "the Kremlin" and "Moscow" are
  compatible, not a conflict; parties agree by surname or as the country a known person
  speaks for ("Russia" and "Vladimir Putin", never Putin and Dmitriev); free-text fields
  (goods, reason, subject) agree when they share content words ("Russian oil" and
  "purchases of Russian oil"), so a fentanyl tariff and a car tariff stay two; a kind may
  name fields that must agree only when a report is undated (a deadline's subject) and
  pairs it knows apart (`KindSpec.told_apart`: an undated phone call, a dated summit);
- times must overlap: two meetings of the same people in February and next Monday are
  two, and so is one held months before the other was announced; for a kind whose
  reports move from ahead to done (a meeting scheduled, then held) the report of
  something ahead joins a report of it done only with a date, and on that date;
- two facts of one article with different figures are two events (one article does not
  disagree with itself: "1 injured in Donetsk" and "6 injured in Kherson");
- a breakdown (`part_of` set: "250 of them in Kunar") is never the same event as a total.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from factsheet import places
from factsheet.kinds import timing
from factsheet.kinds.matching import surname
from factsheet.kinds.registry import get
from factsheet.kinds.spec import EventKey, KindSpec
from factsheet.models import FactBase, MergedMention

STATUS_FIELD = "status"
WINDOW_DAYS = 30
"""A report that does not say when joins only reports published within this many days of it
(for kinds where time tells events apart: a Kyiv toll next month is a new attack)."""
_STOP = frozenset(
    {"a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "by", "with", "from", "at", "as"}
    | {"its", "it", "is", "be", "are", "was", "were", "will", "would", "this", "that", "new", "all"}
    | {"any", "other", "others", "some"}
)


def _folded(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, list):
        return frozenset(_folded(v) for v in value)
    return value


def _stated(value: object) -> bool:
    return value not in (None, "", [], "unknown")


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    """Content words, a plural and its singular folded together ("purchases" = "purchase")."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP)


def _free_text(spec: KindSpec[Any], name: str) -> bool:
    """A field of the kind's own words (goods, reason, subject), not a name, place or value set."""
    return _free_text_field(spec.name, name, name in spec.roles.parties or name in spec.roles.places)


@functools.cache
def _free_text_field(kind: str, name: str, named: bool) -> bool:
    annotation = str(get(kind).model.model_fields[name].annotation)
    return not named and "Literal" not in annotation and "str" in annotation


@functools.lru_cache(maxsize=8192)
def _same_party(a: str, b: str) -> bool:
    return surname(a) == surname(b) or places.stands_for(a, b)


def _agree(spec: KindSpec[Any], name: str, x: Any, y: Any) -> bool:
    if name in spec.roles.places:
        return places.nested(str(x), str(y))
    if name in spec.roles.parties and isinstance(x, list) and isinstance(y, list):
        # every party of each report is one of the other's, by surname or as the country it speaks for
        return all(any(_same_party(p, q) for q in y) for p in x) and all(
            any(_same_party(q, p) for p in x) for q in y
        )
    if name in spec.roles.parties and _folded(x) != _folded(y):
        return places.stands_for(str(x), str(y))
    if isinstance(x, str) and isinstance(y, str) and _free_text(spec, name):
        if _folded(x) == _folded(y):
            return True
        shared, smaller = _words(x) & _words(y), min(len(_words(x)), len(_words(y)))
        return bool(shared) and len(shared) >= min(2, smaller)
    return _folded(x) == _folded(y)


def incompatible_fields(a: FactBase, b: FactBase) -> list[str]:
    """The identifying fields on which `a` and `b` state different values (places that nest agree)."""
    spec = get(a.kind)
    return [
        name
        for name in spec.identity_fields
        if _stated(x := getattr(a, name, None))
        and _stated(y := getattr(b, name, None))
        and not _agree(spec, name, x, y)
    ]


def compatible(a: FactBase, b: FactBase) -> bool:
    return a.kind == b.kind and not incompatible_fields(a, b)


def same_mention(a: FactBase, b: FactBase) -> bool:
    """Two facts of one article that report the same event."""
    return a.kind == b.kind and get(a.kind).same_mention(a, b) and compatible(a, b)


def block_key(fact: FactBase) -> EventKey:
    """The key that finds candidate events: the event key with the status at its default (a
    status moves within one event) and, for kinds whose key ends in the date, without it
    (time is then compared by `same_event`)."""
    spec = get(fact.kind)
    fields = type(fact).model_fields
    if STATUS_FIELD in fields:
        fact = fact.model_copy(update={STATUS_FIELD: fields[STATUS_FIELD].default})
    key = tuple(spec.event_key(fact))
    return key[:-1] if spec.join_undated else key


def span(fact: FactBase, published: dt.date | None) -> timing.Span | None:
    """When the fact's event happened or is due (see `factsheet.kinds.timing`)."""
    said = tuple(getattr(fact, name, None) for name in _time_fields(fact.kind))
    return _span(fact.kind, fact.quote, said, published, fact)


@functools.cache
def _time_fields(kind: str) -> tuple[str, ...]:
    """The fields a fact's span is read from (with its quote and the article's date)."""
    dates = get(kind).roles.dates
    fields = get(kind).model.model_fields
    texts = tuple(f"{name}_text" for name in dates if f"{name}_text" in fields)
    extra = tuple(name for name in ("when_text", STATUS_FIELD) if name in fields)
    return (*dates, *texts, *extra)


_SPANS: dict[tuple[Any, ...], timing.Span | None] = {}


def _span(
    kind: str, quote: str, said: tuple[Any, ...], published: dt.date | None, fact: FactBase
) -> timing.Span | None:
    """`timing.span`, remembered by what it reads (a desk compares one report with many)."""
    key = (kind, quote, said, published)
    if key not in _SPANS:
        if len(_SPANS) > 20000:
            _SPANS.clear()
        _SPANS[key] = timing.span(fact, get(kind), published)
    return _SPANS[key]


def _part(fact: FactBase) -> bool:
    return bool(getattr(fact, "part_of", None))


def _ahead(fact: FactBase, spec: KindSpec[Any]) -> bool:
    return not timing.looks_back(fact, spec)


def _dated(fact: FactBase, spec: KindSpec[Any]) -> bool:
    return any(isinstance(getattr(fact, name, None), dt.date) for name in spec.roles.dates)


def same_event(
    a: FactBase, a_published: dt.date | None, b: FactBase, b_published: dt.date | None
) -> bool:
    """Whether two reports (each with its article's date) are of one real event.

    Same kind and block key are the caller's (a dictionary or an index finds candidates);
    this decides between candidates: one article's facts by `same_mention`, else compatible
    identifying fields and places, the same part-of-a-total standing, and overlapping times.
    """
    if a.kind != b.kind:
        return False
    if a.doc == b.doc:
        return same_mention(a, b)
    if _part(a) != _part(b) or not compatible(a, b):
        return False
    spec = get(a.kind)
    if spec.undated_identity_fields and not (_dated(a, spec) and _dated(b, spec)):
        for name in spec.undated_identity_fields:
            x, y = getattr(a, name, None), getattr(b, name, None)
            if _stated(x) and _stated(y) and not _agree(spec, name, x, y):
                return False
    if spec.told_apart is not None and spec.told_apart(a, b):
        return False
    if spec.timed and _ahead(a, spec) != _ahead(b, spec):
        ahead = a if _ahead(a, spec) else b
        if not _dated(ahead, spec):  # a proposal without a date is not "that meeting, held"
            return False
    a_span, b_span = span(a, a_published), span(b, b_published)
    if (a_span is None or b_span is None) and (spec.timed or spec.join_undated):
        apart = abs((a_published - b_published).days) if a_published and b_published else 0
        if apart > WINDOW_DAYS:
            return False
    return timing.overlap(a_span, b_span)


def clear_caches() -> None:
    """Forget what was remembered per kind (the registry calls this when kinds are reloaded)."""
    _time_fields.cache_clear()
    _free_text_field.cache_clear()
    _SPANS.clear()


def status_rank(fact: FactBase) -> int | None:
    """Where the fact's status stands in the kind's `status_order` (None: no order or no status)."""
    order = get(fact.kind).status_order
    status = getattr(fact, STATUS_FIELD, None)
    return order.index(status) if status in order else None


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
