"""Review decisions applied to a run's facts: what an edit may say, what needs a person,
and which facts a publication carries with which review mark.

An edit is held to the same standard as extraction output, and more: the models' types,
then bounds a real figure of that kind stays within (a count is a whole number that is
not a boolean; an amount is finite; a currency is an ISO 4217 code; a meeting has
participants; a date falls in a plausible range). A refused edit raises `EditError`
whose message is written for the reviewer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import types
from typing import Literal, Union, get_args, get_origin

from pydantic import ValidationError

from factsheet.errors import EditError
from factsheet.models import Briefing, FactBase, content_fields
from factsheet.review.currencies import ISO_4217
from factsheet.review.store import Decision

AnyFact = FactBase  # a fact of any registered kind, as `Briefing.facts` holds


# Upper bounds no real report reaches: larger is a slip of the keyboard, not news.
MAX_COUNT = 100_000_000
MAX_AMOUNT = 10_000_000_000_000.0  # ten trillion
MAX_RATE = 1_000.0  # percent
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT = 300
MAX_PARTICIPANTS = 50

# ASCII digits only: "١٢" or "１２" would be read as 12 by int() and shown as something else.
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# C0 and C1 controls, DEL, and the Unicode line and paragraph separators (U+0085 is C1).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shape(annotation: object) -> tuple[object, bool]:
    """A field's value type without `| None`, and whether None is allowed."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(get_args(annotation))
    return annotation, False


def choices(fact: AnyFact, name: str) -> tuple[str, ...]:
    """The allowed values of a closed field (outcome, status…), else ()."""
    base, _ = _shape(type(fact).model_fields[name].annotation)
    return tuple(get_args(base)) if get_origin(base) is Literal else ()


def coerce(fact: AnyFact, name: str, raw: object) -> object:
    """What a reviewer gave for field `name`, as the field's type, or EditError.

    Text is how the page sends everything: "" means no value, a list field takes "A; B",
    numbers may carry thousands separators ("1,200"). Values from a decisions file may
    already be typed (13, ["A", "B"]) and are held to the same rules.
    """
    if name not in content_fields(fact.kind):
        raise EditError(f"a {fact.kind} fact has no field “{name}”")
    base, optional = _shape(type(fact).model_fields[name].annotation)
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "" or raw == []:
        if get_origin(base) is list:
            raise EditError(f"{name} needs at least one name")
        if not optional:
            raise EditError(f"{name} cannot be empty")
        return None
    if base is int:
        return _count(name, raw)
    if base is float:
        return _amount(name, raw)
    if base is dt.date:
        return _date(name, raw)
    if get_origin(base) is list:
        return _names(name, raw)
    if get_origin(base) is Literal:
        allowed = get_args(base)
        if raw not in allowed:
            raise EditError(f"{name} must be one of {', '.join(map(str, allowed))} (got “{_show(raw)}”)")
        return raw
    if not isinstance(raw, str):
        raise EditError(f"{name} must be text (got “{_show(raw)}”)")
    if name == "currency":
        if raw not in ISO_4217:
            raise EditError(
                f"currency must be a three-letter ISO 4217 code such as EUR, USD or GBP (got “{_show(raw)}”)"
            )
        return raw
    return _text(name, raw)


def _show(raw: object) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def _number(name: str, raw: object, whole: bool) -> float:
    kind = "a whole number" if whole else "a number"
    if isinstance(raw, bool):
        raise EditError(f"{name} must be {kind}, not true/false")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and (_GROUPED.fullmatch(raw) or _PLAIN.fullmatch(raw)):
        value = float(raw.replace(",", ""))
    else:
        raise EditError(f"{name} must be {kind} written in digits, e.g. 1,200 (got “{_show(raw)}”)")
    if not math.isfinite(value):
        raise EditError(f"{name} must be a finite number (got “{_show(raw)}”)")
    if value < 0 or math.copysign(1.0, value) < 0:
        raise EditError(f"{name} cannot be negative")
    if whole and value != int(value):
        raise EditError(f"{name} must be {kind} (got “{_show(raw)}”)")
    return value


def _count(name: str, raw: object) -> int:
    value = _number(name, raw, whole=True)
    if value > MAX_COUNT:
        raise EditError(f"{name} must be at most {MAX_COUNT:,} (got “{_show(raw)}”)")
    return int(value)


def _amount(name: str, raw: object) -> float:
    value = _number(name, raw, whole=False)
    if name != "rate_percent" and value < 1:  # 0, or a subnormal like 1e-320: not an amount of money
        raise EditError(f"{name} must be at least 1 (got “{_show(raw)}”)")
    limit = MAX_RATE if name == "rate_percent" else MAX_AMOUNT
    if value > limit:
        raise EditError(f"{name} must be at most {limit:,.0f} (got “{_show(raw)}”)")
    return value


def _date(name: str, raw: object) -> str:
    try:
        value = dt.date.fromisoformat(str(raw)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(raw)) else None
    except ValueError:
        value = None
    if value is None:
        raise EditError(f"{name} must be a date written YYYY-MM-DD, e.g. 2025-08-07 (got “{_show(raw)}”)")
    if not EARLIEST <= value <= LATEST:
        raise EditError(f"{name} must fall between {EARLIEST} and {LATEST} (got {value})")
    return value.isoformat()


def _names(name: str, raw: object) -> list[str]:
    if isinstance(raw, str) and raw.startswith("[") and raw.endswith("]"):
        try:
            raw = json.loads(raw)  # a list written as JSON, e.g. ["A", "B"] or []
        except ValueError:
            raise EditError(f"{name} must be names separated by “;” (got “{_show(raw)}”)") from None
    if isinstance(raw, str):
        parts: list[object] = list(raw.replace("\n", ";").split(";"))
    elif isinstance(raw, list):
        parts = list(raw)
    else:
        raise EditError(f"{name} must be names separated by “;” (got “{_show(raw)}”)")
    names = sorted({_text(name, p) for p in parts if not isinstance(p, str) or p.strip()})
    if not names:
        raise EditError(f"{name} needs at least one name")
    if not all(any(c.isalnum() for c in n) for n in names):
        raise EditError(f"{name}: each name needs letters (got “{_show('; '.join(names))}”)")
    if len(names) > MAX_PARTICIPANTS:
        raise EditError(f"{name} takes at most {MAX_PARTICIPANTS} names")
    return names


def _text(name: str, raw: object) -> str:
    if not isinstance(raw, str):
        raise EditError(f"{name} must be text (got “{_show(raw)}”)")
    text = raw.strip()
    if not text:
        raise EditError(f"{name} cannot be empty")
    if _CONTROL.search(text):
        raise EditError(f"{name} cannot contain line breaks or control characters")
    if len(text) > MAX_TEXT:
        raise EditError(f"{name} takes at most {MAX_TEXT} characters (got {len(text)})")
    return text


def apply_edit(fact: AnyFact, edits: dict[str, object]) -> AnyFact:
    """The fact with `edits` applied, checked field by field and then by its kind's model.

    The id and the validator's check stay as they were: an edited fact is the same fact.
    """
    typed: dict[str, object] = {}
    for name, value in edits.items():
        try:
            typed[name] = coerce(fact, name, value)
        except EditError as exc:
            raise EditError(str(exc), field=name) from None
    data = fact.model_dump()
    data.update(typed)
    try:
        validated = type(fact).model_validate(data)  # the fact's own kind, a plugin's included
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:] or first["loc"])
        raise EditError(f"{where}: {first['msg']}", field=where.split(".")[0]) from None
    return fact.model_copy(update={name: getattr(validated, name) for name in typed})


def fact_etag(fact: AnyFact) -> str:
    """A short digest of everything the page shows of a fact: a re-run that changes it
    makes decisions taken on the old page stale."""
    return hashlib.sha256(fact.model_dump_json().encode("utf-8")).hexdigest()[:16]


# what needs a person


def needs_decision(fact: AnyFact) -> bool:
    """A flagged fact is not published until someone accepts it."""
    return fact.check.status == "flagged"


def conflicted_ids(briefing: Briefing) -> set[str]:
    return {s.fact_id for e in briefing.events if e.conflict for s in e.sources}


def attention_reason(fact: AnyFact, conflicted: set[str]) -> str | None:
    """Why a fact needs a look, in one line, or None when it does not."""
    status = fact.check.status
    detail = "; ".join(fact.check.reasons)
    if status == "flagged":
        return f"flagged: {detail or 'the validator could not confirm it'}"
    if status == "rejected":
        return f"rejected by the validator: {detail or 'the quote is not in the article'}"
    if status == "corrected":
        changes = "; ".join(f"{c.field}: {human(c.old)} → {human(c.new)}" for c in fact.check.changes)
        return f"corrected by the validator: {changes or detail}"
    if fact.id in conflicted:
        return "reports of this event disagree"
    return None


def pending(briefing: Briefing, decisions: dict[str, Decision]) -> list[AnyFact]:
    """Facts that need attention and have no decision yet, in run order."""
    conflicted = conflicted_ids(briefing)
    return [
        f
        for f in briefing.facts
        if attention_reason(f, conflicted) is not None and not (f.id in decisions and decisions[f.id].decided)
    ]


def unreviewed(briefing: Briefing, decisions: dict[str, Decision]) -> list[AnyFact]:
    """Flagged facts nobody has accepted or rejected: these block a publication."""
    return [
        f for f in briefing.facts if needs_decision(f) and not (f.id in decisions and decisions[f.id].decided)
    ]


def check_verdict(fact: AnyFact, verdict: str) -> None:
    """Refuse a verdict that would misstate what the validator found."""
    if verdict == "accept" and fact.check.status == "rejected":
        raise EditError(
            "the validator rejected this fact (its quote is not in the article): to publish it "
            "anyway, use Override and say why"
        )
    if verdict == "override" and fact.check.status != "rejected":
        raise EditError("override is only for facts the validator rejected; use Accept")


def check_edits(fact: AnyFact, edits: dict[str, object], current: Decision | None) -> None:
    """Refuse edits that do not make a valid fact, or that would publish a rejected one."""
    if fact.check.status == "rejected" and not (current is not None and current.verdict == "override"):
        raise EditError(
            "the validator rejected this fact (its quote is not in the article): override it "
            "before editing, or reject it"
        )
    apply_edit(fact, edits)


def final_facts(
    briefing: Briefing, decisions: dict[str, Decision], *, accept_flagged: bool = False
) -> list[AnyFact]:
    """The facts a publication carries, each marked with the review it had (see `decide_facts`)."""
    return decide_facts(briefing.facts, decisions, accept_flagged=accept_flagged)


ACCEPTED_AT_PUBLICATION = "publish --accept-flagged"


def decide_facts(
    facts: list[AnyFact],
    decisions: dict[str, Decision],
    *,
    accept_flagged: bool = False,
    draft: bool = False,
) -> list[AnyFact]:
    """Facts with review decisions applied: rejected ones left out, edits applied, reviews marked.

    The validator's status is never rewritten: an accepted, edited or overridden fact keeps
    it, and says what a person did in `check.review` and who in `check.reviewed_by`. A
    publication (`draft=False`) leaves out flagged facts nobody decided on, unless
    `accept_flagged`, which publishes them marked as accepted by that option; a draft keeps
    them as they are (shown as awaiting review) and keeps the validator's rejections.
    """
    out: list[AnyFact] = []
    for fact in facts:
        decision = decisions.get(fact.id)
        verdict = decision.verdict if decision is not None else None
        if verdict == "reject":
            continue
        if not draft and fact.check.status == "rejected" and verdict != "override":
            continue
        if needs_decision(fact) and verdict is None and not draft:
            if not accept_flagged:
                continue
            check = fact.check.model_copy(
                update={"review": "accepted", "reviewed_by": ACCEPTED_AT_PUBLICATION}
            )
            fact = fact.model_copy(update={"check": check})
        if decision is not None and decision.edits:
            try:
                fact = apply_edit(fact, decision.edits)
            except EditError as exc:
                raise EditError(f"{fact.id}: {exc}", field=exc.field) from None
        if decision is not None and verdict is not None:
            review = "override" if verdict == "override" else ("edited" if decision.edits else "accepted")
            check = fact.check.model_copy(update={"review": review, "reviewed_by": decision.reviewer})
            fact = fact.model_copy(update={"check": check})
        out.append(fact)
    return out


# values for people


def human(value: object) -> str:
    """A value as a reader writes it: no None, no brackets, numbers grouped."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.6g}" if value < 1e6 else f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(human(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {human(v)}" for k, v in value.items())
    return str(value)


# The fields that say what a fact is at a glance; a kind not named here shows its first three.
KEY_FIELDS = {
    "casualty": ["count", "outcome", "location"],
    "aid": ["amount", "currency", "donor", "recipient"],
    "tariff": ["rate_percent", "imposed_by", "target", "goods"],
    "deadline": ["subject", "due"],
    "meeting": ["participants", "date", "location"],
}


def key_values(fact: AnyFact) -> str:
    """The few fields that say what a fact is, for one line of the list."""
    names = KEY_FIELDS.get(fact.kind) or content_fields(fact.kind)[:3]
    shown = []
    for name in names:
        value = getattr(fact, name, None)
        if value not in (None, []):
            shown.append(human(value) + ("%" if name == "rate_percent" else ""))
    return " · ".join(shown) or "—"


def edit_lines(fact: AnyFact, decision: Decision | None) -> list[tuple[str, str, str]]:
    """Each edit as (field, old, new), both sides written for people."""
    if decision is None:
        return []
    lines = []
    for name, value in decision.edits.items():
        old = getattr(fact, name, None)
        try:
            new: object = coerce(fact, name, value)
        except EditError:
            new = value
        lines.append((name, human(old), human(new)))
    return lines
