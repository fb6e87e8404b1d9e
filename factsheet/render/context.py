"""The briefing as templates see it: sections, rows and sources, already formatted.

Templates stay dumb (loops and cells); every decision about order, units and
wording lives here and in each kind's module (`KindSpec.sections` and `.glance`), so
the Markdown and the PDF say the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from factsheet.models import Briefing, Event
from factsheet.render.parts import (  # noqa: F401  (re-exported: templates and tests use them)
    GlanceItem,
    Row,
    Section,
    SourceEntry,
    day,
    days_left,
    headcount,
    label,
    money,
    qualifier,
)

if TYPE_CHECKING:
    from factsheet.kinds import KindSpec


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

    def refs(self, event: Event) -> list[int]:
        return sorted({self.ref(s.doc) for s in event.sources})

    def row(self, event: Event, cells: list[str]) -> Row:
        for source in event.sources:
            entry = self.sources[self.ref(source.doc) - 1] if self.ref(source.doc) else None
            if entry is not None and source.quote not in entry.quotes:
                entry.quotes.append(source.quote)
        return Row(
            cells=cells,
            refs=self.refs(event),
            quote=event.fact.quote,
            conflict=event.note if event.conflict else None,
            status=event.fact.check.status,
        )

    def _by_kind(self, events: list[Event]) -> list[tuple[KindSpec, list[Event]]]:
        from factsheet.kinds import kinds  # kinds draw with render.parts: imported late, no cycle

        by_kind: dict[str, list[Event]] = {}
        for event in events:
            by_kind.setdefault(event.kind, []).append(event)
        return [(spec, by_kind.get(spec.name, [])) for spec in kinds()]

    def _sections(self, events: list[Event]) -> list[Section]:
        sections: list[Section] = []
        for spec, of_kind in self._by_kind(events):
            build = spec.sections or _generic_sections(spec)
            sections.extend(build(of_kind, self))
        return sections

    def _glance(self, events: list[Event]) -> list[GlanceItem]:
        """The handful of figures that matter most today, each kind saying what its are."""
        return [item for spec, of_kind in self._by_kind(events) for item in spec.glance(of_kind, self)]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for section in self.sections:
            counts[section.title] = counts.get(section.title, 0) + len(section.rows)
        return counts


def _generic_sections(spec: KindSpec):
    """A table of the kind's fields, for a kind that does not draw its own section."""
    columns = spec.content_fields()

    def build(events: list[Event], parts: BriefingView) -> list[Section]:
        rows = [parts.row(e, [_cell(getattr(e.fact, name)) for name in columns]) for e in events]
        return [Section(spec.name, spec.title, [label(c).capitalize() for c in columns], rows)]

    return build


def _cell(value: object) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return day(value)
    return label(str(value)) if isinstance(value, str) and "_" in value and " " not in value else str(value)
