"""The briefing as templates see it: sections, rows and sources, already formatted.

Templates stay dumb (loops and cells); every decision about order, units and
wording lives here, so the Markdown and the PDF say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from factsheet.models import Briefing, Event, FactBase
from factsheet.render.charts import Bar, bar_chart

SECTION_TITLES = {
    "deadline": "Deadlines",
    "tariff": "Tariffs",
    "aid": "Aid and arms",
    "casualty": "Casualties",
    "meeting": "Meetings and talks",
}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥"}


@dataclass
class Row:
    cells: list[str]
    refs: list[int]
    quote: str
    conflict: str | None = None
    status: str = "verified"


@dataclass
class Section:
    kind: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)
    chart: str = ""  # inline SVG drawn by factsheet (labels escaped)


@dataclass
class GlanceItem:
    label: str
    value: str
    detail: str
    refs: list[int]


@dataclass
class SourceEntry:
    number: int
    id: str
    title: str
    outlet: str
    published: str
    url: str | None
    quotes: list[str] = field(default_factory=list)


def money(amount: float | None, currency: str | None) -> str:
    """$1.2 bn, €200 m, £35,000: short, with the currency kept."""
    if amount is None:
        return "amount not given"
    sign = _CURRENCY_SIGNS.get(currency or "", "")
    suffix = "" if sign else f" {currency or ''}".rstrip()
    for scale, unit in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if amount >= scale:
            return f"{sign}{amount / scale:,.1f}".replace(".0", "") + unit + suffix
    return f"{sign}{amount:,.0f}{suffix}"


def headcount(count: float) -> str:
    """12, 1,250, 6.4 million: exact below a million, readable above it."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:,.1f}".removesuffix(".0") + " million"
    return f"{count:,.0f}"


def day(value: dt.date | None) -> str:
    return f"{value:%a %d %b %Y}" if value else "—"


def days_left(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return "date open"
    delta = (due - today).days
    if delta < 0:
        return f"overdue by {-delta} d"
    if delta == 0:
        return "today"
    return f"in {delta} d"


def qualifier(q: str | None) -> str:
    return {"more_than": "more than ", "at_least": "at least ", "about": "about ", "up_to": "up to "}.get(
        q or "", ""
    )


def label(value: str | None) -> str:
    return (value or "—").replace("_", " ")


class BriefingView:
    """Everything the briefing templates render, built from a `Briefing`."""

    def __init__(
        self, briefing: Briefing, *, awaiting_review: int | None = None, since: list[str] | None = None
    ) -> None:
        self.briefing = briefing
        self.since = since or []  # "since the last briefing" lines, from the review store
        self.title = briefing.title
        self.date = briefing.briefing_date
        self.generated = briefing.generated_at
        self.sources: list[SourceEntry] = []
        self._numbers: dict[str, int] = {}
        for meta in sorted(briefing.sources, key=lambda s: (s.published or dt.date.min, s.id)):
            number = len(self.sources) + 1
            self._numbers[meta.id] = number
            self.sources.append(
                SourceEntry(
                    number=number,
                    id=meta.id,
                    title=meta.title or meta.id,
                    outlet=meta.outlet or "outlet unknown",
                    published=meta.published.isoformat() if meta.published else "date unknown",
                    url=meta.url,
                )
            )
        counts = briefing.status_counts()
        self.flagged = counts.get("flagged", 0) if awaiting_review is None else awaiting_review
        self.rejected = counts.get("rejected", 0)
        self.published_count = counts.get("verified", 0) + counts.get("corrected", 0)
        self.draft = self.flagged > 0
        events = [e for e in briefing.events if e.fact.publishable]
        self.event_count = len(events)
        self.sections = [s for s in self._sections(events) if s.rows]
        self.glance = self._glance(events)

    def ref(self, doc: str) -> int:
        return self._numbers.get(doc, 0)

    def _refs(self, event: Event) -> list[int]:
        return sorted({self.ref(s.doc) for s in event.sources})

    def _row(self, event: Event, cells: list[str]) -> Row:
        for source in event.sources:
            entry = self.sources[self.ref(source.doc) - 1] if self.ref(source.doc) else None
            if entry is not None and source.quote not in entry.quotes:
                entry.quotes.append(source.quote)
        return Row(
            cells=cells,
            refs=self._refs(event),
            quote=event.fact.quote,
            conflict=event.note if event.conflict else None,
            status=event.fact.check.status,
        )

    def _sections(self, events: list[Event]) -> list[Section]:
        by_kind: dict[str, list[Event]] = {}
        for event in events:
            by_kind.setdefault(event.kind, []).append(event)
        today = self.date
        sections: list[Section] = []

        deadlines = sorted(by_kind.get("deadline", []), key=lambda e: e.fact.due or dt.date.max)
        sections.append(
            Section(
                "deadline",
                SECTION_TITLES["deadline"],
                ["Due", "Days left", "What", "Set by"],
                [
                    self._row(
                        e,
                        [
                            day(e.fact.due) if e.fact.due else (e.fact.due_text or "—"),
                            days_left(e.fact.due, today),
                            e.fact.subject,
                            e.fact.set_by or "—",
                        ],
                    )
                    for e in deadlines
                ],
            )
        )

        tariffs = sorted(
            by_kind.get("tariff", []), key=lambda e: (e.fact.target or "", -(e.fact.rate_percent or 0))
        )
        sections.append(
            Section(
                "tariff",
                SECTION_TITLES["tariff"],
                ["Target", "Rate", "Basis", "Status", "Effective", "Imposed by"],
                [
                    self._row(
                        e,
                        [
                            e.fact.target or "—",
                            f"{e.fact.rate_percent:g}%" if e.fact.rate_percent is not None else "—",
                            label(e.fact.basis),
                            label(e.fact.status),
                            day(e.fact.effective),
                            e.fact.imposed_by or "—",
                        ],
                    )
                    for e in tariffs
                ],
            )
        )

        tariff_section = sections[-1]
        tariff_section.chart = bar_chart(
            "Tariff rates by target (%)",
            [
                Bar(
                    f"{e.fact.target or '?'} ({label(e.fact.basis)})",
                    e.fact.rate_percent,
                    f"{e.fact.rate_percent:g}%",
                )
                for e in sorted(tariffs, key=lambda e: -(e.fact.rate_percent or 0))
                if e.fact.rate_percent is not None
            ][:10],
        )

        aid = sorted(by_kind.get("aid", []), key=lambda e: -(e.fact.amount or 0))
        sections.append(
            Section(
                "aid",
                SECTION_TITLES["aid"],
                ["Donor", "Recipient", "Amount", "Form", "Status", "Purpose"],
                [
                    self._row(
                        e,
                        [
                            e.fact.donor or "—",
                            e.fact.recipient or "—",
                            qualifier(e.fact.amount_qualifier) + money(e.fact.amount, e.fact.currency),
                            label(e.fact.form),
                            label(e.fact.status),
                            e.fact.purpose or "—",
                        ],
                    )
                    for e in aid
                ],
            )
        )
        sections[-1].notes = _aid_totals(aid)
        sections[-1].chart = _aid_chart(aid)

        casualties = sorted(by_kind.get("casualty", []), key=lambda e: (e.fact.outcome, -(e.high or 0)))
        sections.append(
            Section(
                "casualty",
                SECTION_TITLES["casualty"],
                ["Outcome", "Count", "Where", "When", "Cause"],
                [
                    self._row(
                        e,
                        [
                            e.fact.outcome,
                            _count(e),
                            e.fact.location or "—",
                            e.fact.when_text or "—",
                            e.fact.cause or "—",
                        ],
                    )
                    for e in casualties
                ],
            )
        )

        meetings = by_kind.get("meeting", [])
        held = sorted(
            (e for e in meetings if e.fact.status == "held"),
            key=lambda e: e.fact.date or dt.date.min,
            reverse=True,
        )
        upcoming = sorted(
            (e for e in meetings if e.fact.status != "held"), key=lambda e: e.fact.date or dt.date.max
        )
        columns = ["Participants", "Date", "Place", "Mode", "Status"]
        for subset, subtitle in ((upcoming, "Upcoming and proposed"), (held, "Held")):
            sections.append(
                Section(
                    "meeting",
                    SECTION_TITLES["meeting"],
                    columns,
                    [
                        self._row(
                            e,
                            [
                                ", ".join(e.fact.participants),
                                day(e.fact.date),
                                e.fact.location or "—",
                                label(e.fact.mode),
                                label(e.fact.status),
                            ],
                        )
                        for e in subset
                    ],
                    subtitle=subtitle,
                )
            )
        return sections

    def _glance(self, events: list[Event]) -> list[GlanceItem]:
        """The handful of figures that matter most today."""
        items: list[GlanceItem] = []
        upcoming = sorted(
            (e for e in events if e.kind == "deadline" and e.fact.due and e.fact.due >= self.date),
            key=lambda e: e.fact.due,
        )
        if upcoming:
            e = upcoming[0]
            items.append(
                GlanceItem(
                    "Next deadline",
                    days_left(e.fact.due, self.date),
                    f"{day(e.fact.due)}: {e.fact.subject}",
                    self._refs(e),
                )
            )
        tariffs = [e for e in events if e.kind == "tariff" and e.fact.rate_percent is not None]
        if tariffs:
            e = max(tariffs, key=lambda e: e.fact.rate_percent)
            items.append(
                GlanceItem(
                    "Highest tariff",
                    f"{e.fact.rate_percent:g}%",
                    f"on {e.fact.target or '?'} ({label(e.fact.basis)}, {label(e.fact.status)})",
                    self._refs(e),
                )
            )
        aid = [e for e in events if e.kind == "aid" and e.fact.amount]
        if aid:
            e = max(aid, key=lambda e: e.fact.amount)
            items.append(
                GlanceItem(
                    "Largest aid",
                    qualifier(e.fact.amount_qualifier) + money(e.fact.amount, e.fact.currency),
                    f"{e.fact.donor or 'donor not stated'} → {e.fact.recipient or 'recipient not stated'} "
                    f"({label(e.fact.form)})",
                    self._refs(e),
                )
            )
        for outcome in ("killed", "injured", "displaced", "missing"):
            reports = [
                e for e in events if e.kind == "casualty" and e.fact.outcome == outcome and e.fact.count
            ]
            if not reports:
                continue
            low = sum(int(e.low if e.conflict and e.low is not None else e.fact.count) for e in reports)
            high = sum(int(e.high if e.conflict and e.high is not None else e.fact.count) for e in reports)
            value = headcount(low) if low == high else f"{headcount(low)}–{headcount(high)}"
            items.append(
                GlanceItem(
                    outcome.capitalize(),
                    value,
                    f"across {len(reports)} reported event{'s' if len(reports) != 1 else ''}",
                    sorted({r for e in reports for r in self._refs(e)}),
                )
            )
        meetings = [e for e in events if e.kind == "meeting"]
        if meetings:
            held = sum(e.fact.status == "held" for e in meetings)
            items.append(
                GlanceItem(
                    "Meetings",
                    f"{held} held · {len(meetings) - held} ahead",
                    "talks, calls and summits reported",
                    [],
                )
            )
        return items

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for section in self.sections:
            counts[section.title] = counts.get(section.title, 0) + len(section.rows)
        return counts


def _aid_totals(events: list[Event]) -> list[str]:
    """ "Totals by donor" and "by recipient" lines, one currency at a time (never summed across)."""
    notes: list[str] = []
    for role in ("donor", "recipient"):
        totals: dict[tuple[str, str], float] = {}
        for e in events:
            if e.fact.amount is None:
                continue
            key = (getattr(e.fact, role) or "(not stated)", e.fact.currency or "")
            totals[key] = totals.get(key, 0) + e.fact.amount
        if totals:
            ranked = sorted(totals.items(), key=lambda kv: -kv[1])
            notes.append(
                f"Totals by {role}: "
                + "; ".join(f"{who} {money(amount, cur)}" for (who, cur), amount in ranked)
            )
    return notes


def _aid_chart(events: list[Event]) -> str:
    currencies: dict[str, int] = {}
    for e in events:
        if e.fact.amount and e.fact.currency:
            currencies[e.fact.currency] = currencies.get(e.fact.currency, 0) + 1
    if not currencies:
        return ""
    currency = max(currencies, key=currencies.get)
    totals: dict[str, float] = {}
    for e in events:
        if e.fact.amount and e.fact.currency == currency:
            donor = e.fact.donor or "(not stated)"
            totals[donor] = totals.get(donor, 0) + e.fact.amount
    bars = [Bar(d, v, money(v, currency)) for d, v in sorted(totals.items(), key=lambda kv: -kv[1])[:10]]
    return bar_chart(f"Aid by donor ({currency})", bars)


def _count(event: Event) -> str:
    fact: FactBase = event.fact
    if event.conflict and event.low is not None and event.high is not None:
        return f"{headcount(event.low)}–{headcount(event.high)}"
    return qualifier(fact.count_qualifier) + (
        headcount(fact.count) if fact.count is not None else "not given"
    )
