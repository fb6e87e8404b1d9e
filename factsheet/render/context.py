"""The briefing as templates see it: sections, rows and sources, already formatted.

Templates stay dumb (loops and cells); every decision about order, units and
wording lives here and in each kind's module (`KindSpec.sections` and `.glance`), so
the Markdown and the PDF say the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from factsheet.models import Briefing, Event, FactBase
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
from factsheet.render.salience import DEFAULT_MAX_ROWS, MAX_REFS, most_salient

if TYPE_CHECKING:
    from factsheet.kinds import KindSpec


class BriefingView:
    """Everything the briefing templates render, built from a `Briefing`."""

    def __init__(
        self,
        briefing: Briefing,
        *,
        awaiting_review: int | None = None,
        since: list[str] | None = None,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> None:
        """`max_rows` bounds each section (see `render.salience`); None draws every event."""
        self.briefing = briefing
        self.since = since or briefing.since  # "since the last briefing" lines, from the review store
        self.title = briefing.title
        self.date = briefing.briefing_date
        self.generated = briefing.generated_at
        self.max_rows = max_rows
        self.sources: list[SourceEntry] = []
        self._numbers: dict[str, int] = {}
        self._published: dict[str, dt.date | None] = {}
        for meta in sorted(briefing.sources, key=lambda s: (s.published or dt.date.min, s.id)):
            number = len(self.sources) + 1
            self._numbers[meta.id] = number
            self._published[meta.id] = meta.published
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
        self.source_count = len(self.sources)
        self.quotes_left_out = 0
        counts = briefing.status_counts()
        unreviewed = sum(1 for f in briefing.facts if f.check.status == "flagged" and f.check.review is None)
        self.flagged = unreviewed if awaiting_review is None else awaiting_review
        self.rejected = counts.get("rejected", 0)
        published = [f for f in briefing.facts if f.publishable]
        self.published_count = len(published)
        # Honest statuses: "Validated" only when the text verified every published fact;
        # facts a person accepted, edited or overrode are counted and named as such.
        self.accepted_count = sum(1 for f in published if f.check.review in ("accepted", "edited"))
        self.overridden_count = sum(1 for f in published if f.check.review == "override")
        self.reviewers = sorted({f.check.reviewed_by for f in published if f.check.reviewed_by})
        self.draft = self.flagged > 0
        self.validated = not self.draft and not (self.accepted_count or self.overridden_count)
        events = [e for e in briefing.events if e.fact.publishable]
        self.event_count = len(events)
        self.sections = [s for s in self._sections(events) if s.rows]
        self.glance = self._glance(events)
        self._cite()

    @property
    def limited(self) -> bool:
        return self.max_rows is not None

    def ref(self, doc: str) -> int:
        return self._numbers.get(doc, 0)

    def refs(self, event: Event) -> list[int]:
        return sorted({self.ref(s.doc) for s in event.sources})

    def row(self, event: Event, cells: list[str]) -> Row:
        return Row(
            cells=cells,
            refs=self.refs(event),
            quote=event.fact.quote,
            conflict=event.note if event.conflict else None,
            status=_status_label(event.fact),
            event=event,
        )

    def _limit(self, section: Section) -> Section:
        """Keep the section's most salient rows (in its own order) and say how many are left out."""
        if self.max_rows is None:
            return section
        events = [row.event for row in section.rows]
        if any(e is None for e in events) or len(events) <= self.max_rows:
            keep = set(range(min(len(events), self.max_rows)))
        else:
            keep = most_salient(
                [e for e in events if e is not None], self.max_rows, self.date, self._published.get
            )
        left_out = len(section.rows) - len(keep)
        section.rows = [row for i, row in enumerate(section.rows) if i in keep]
        section.notes = [_clip(note, NOTE_CHARS, "; ") for note in section.notes]
        if left_out:
            section.notes.append(f"and {left_out:,} more — see facts.xlsx")
        for row in section.rows:
            row.refs, row.more_refs = row.refs[:MAX_REFS], max(0, len(row.refs) - MAX_REFS)
            row.cells = [_clip(cell, CELL_CHARS) for cell in row.cells]
        return section

    def _cite(self) -> None:
        """Sources: each cited source's quotes, in reading order; only cited sources when limited.

        A limited briefing also bounds the quotes' total length (`QUOTE_CHARS`): the rows
        read first keep theirs, and the Sources say where the rest are.
        """
        budget = QUOTE_CHARS if self.limited else None
        for section in self.sections:
            for row in section.rows:
                shown = set(row.refs)
                for source in row.event.sources if row.event is not None else []:
                    number = self.ref(source.doc)
                    quote = _clip(source.quote) if self.limited else source.quote
                    if not number or number not in shown or quote in self.sources[number - 1].quotes:
                        continue
                    if budget is not None:
                        if len(quote) > budget:
                            self.quotes_left_out += 1
                            continue
                        budget -= len(quote)
                    self.sources[number - 1].quotes.append(quote)
        if not self.limited:
            return
        for item in self.glance:
            item.refs, item.more_refs = item.refs[:MAX_REFS], max(0, len(item.refs) - MAX_REFS)
        cited = {r for s in self.sections for row in s.rows for r in row.refs}
        cited |= {r for item in self.glance for r in item.refs}
        self.sources = [s for s in self.sources if s.number in cited]
        for entry in self.sources:
            entry.title = _clip(entry.title, CELL_CHARS)

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
            sections.extend(self._limit(section) for section in build(of_kind, self))
        return sections

    def _glance(self, events: list[Event]) -> list[GlanceItem]:
        """The handful of figures that matter most today, each kind saying what its are."""
        return [item for spec, of_kind in self._by_kind(events) for item in spec.glance(of_kind, self)]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for section in self.sections:
            counts[section.title] = counts.get(section.title, 0) + len(section.rows)
        return counts


QUOTE_CHARS = 6000
"""Quotes in a limited briefing's Sources, in characters (about a page; seeds use ~4,000)."""
CELL_CHARS = 200  # a table cell or a source's title (a hostile article can make either a page long)
NOTE_CHARS = 400  # a section note ("Totals by donor: …") on a busy day names hundreds of donors


def _clip(text: str, limit: int = 300, between: str = " ") -> str:
    """`text` cut to `limit` characters at a `between` boundary (the full text is in the exports)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(between, 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + (between.strip() or " ") + " …"


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


def _status_label(fact: FactBase) -> str:
    """The validator's verdict, or who published the fact and how, when a person decided."""
    review = fact.check.review
    if review is None:
        return fact.check.status
    who = fact.check.reviewed_by or "a reviewer"
    return {"accepted": f"accepted by {who}", "edited": f"edited by {who}"}.get(
        review, f"published over the validator by {who}"
    )
