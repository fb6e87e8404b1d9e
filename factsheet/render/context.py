"""The briefing as templates see it: sections, rows and sources, already formatted.

Templates stay dumb (loops and cells); every decision about order, units and
wording lives here and in each kind's module (`KindSpec.sections` and `.glance`), so
the Markdown and the PDF say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factsheet.models import Briefing, Event, FactBase
from factsheet.render.parts import (  # noqa: F401  (re-exported: templates and tests use them)
    Cited,
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
from factsheet.render.parts import clip as clip_words
from factsheet.render.parts import figure as figure_text
from factsheet.render.salience import DEFAULT_MAX_ROWS, MAX_REFS, most_salient

if TYPE_CHECKING:
    from factsheet.desk.since_last import SinceGroups, SinceItem
    from factsheet.kinds import KindSpec
    from factsheet.render.lead import LeadSentence


@dataclass
class Line:
    """One line of "What changed" or "Ahead": its label, its phrase, and who states it."""

    label: str
    text: str
    refs: list[int] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    """Sources of earlier days (not in today's list): "Reuters, 2025-08-05"."""
    old_refs: list[int] = field(default_factory=list)
    old_named: list[str] = field(default_factory=list)
    date: str = ""
    when: str = ""


@dataclass
class Group:
    name: str
    title: str
    lines: list[Line]


@dataclass
class OverTime:
    title: str
    chart: str
    points: list[str]


GROUP_TITLES = {
    "new": "New",
    "updated": "Updated",
    "moved": "Moved",
    "passed": "Passed",
    "withdrawn": "Withdrawn after review",
}
PAGE_ONE_LINES = 4
"""Lines per "What changed" group in the PDF (the Markdown lists all of them)."""
PAGE_ONE_AHEAD = 8
OVER_TIME_CHARTS = 4


class BriefingView:
    """Everything the briefing templates render, built from a `Briefing`."""

    def __init__(
        self,
        briefing: Briefing,
        *,
        awaiting_review: int | None = None,
        since: SinceGroups | list[str] | None = None,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> None:
        """`max_rows` bounds each section (see `render.salience`); None draws every event.

        `since` is the desk's `SinceGroups` (or, from an older caller, flat lines); by
        default the briefing's own `desk` field (or its flat `since` lines).
        """
        from factsheet.desk.since_last import SinceGroups

        self.briefing = briefing
        if isinstance(since, SinceGroups):
            self.desk: SinceGroups | None = since
        elif briefing.desk is not None and not since:
            self.desk = SinceGroups.model_validate(briefing.desk)
        else:
            self.desk = None
        # flat lines: only when no structured groups came (a facts.json of an older release)
        self.since = [] if self.desk is not None else list(since or briefing.since)
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
        self._outlets = {meta.id: (meta.outlet or "").strip().casefold() for meta in briefing.sources}
        self.copies: dict[str, str] = dict(self.desk.copies) if self.desk else {}
        self.sections = [s for s in self._sections(events) if s.rows]
        self.glance = self._glance(events)
        self.lead = self._lead(events)
        self.changed = self._changed()
        self.ahead = self._lines("ahead")
        self.overdue = self._lines("overdue")
        self.over_time = self._over_time()
        self.since_date = day(self.desk.previous_date) if self.desk and self.desk.previous_date else ""
        self.page_one_lines = PAGE_ONE_LINES if self.limited else None
        self.page_one_ahead = PAGE_ONE_AHEAD if self.limited else None
        self._cite()

    @property
    def limited(self) -> bool:
        return self.max_rows is not None

    def ref(self, doc: str) -> int:
        return self._numbers.get(doc, 0)

    def refs(self, event: Event) -> list[int]:
        """The event's source numbers; a copy of a wire story is cited as the story it copies."""
        return sorted({self.ref(self.copies.get(s.doc, s.doc)) for s in event.sources})

    def _value(self, event: Event) -> float | None:
        from factsheet.kinds import get

        name = get(event.kind).key_figure
        value = getattr(event.fact, name, None) if name else None
        return float(value) if isinstance(value, int | float) else None

    def figure_refs(self, event: Event) -> list[int]:
        """Only the reports that state the figure shown (all of them for a range, or without a figure)."""
        shown = self._value(event)
        valued = [s for s in event.sources if s.value is not None]
        if shown is None or not valued or (event.conflict and event.low != event.high):
            return self.refs(event)
        docs = {self.copies.get(s.doc, s.doc) for s in valued if s.value == shown}
        stating = sorted({n for doc in docs if (n := self.ref(doc))})
        return stating or self.refs(event)

    def others(self, event: Event) -> list[Cited]:
        """Earlier or disagreeing figures, each with its own sources ("earlier 120 [1], 150 [2]")."""
        shown = self._value(event)
        by_value: dict[float, set[int]] = {}
        for source in event.sources:
            if source.value is not None and (source.value != shown or event.conflict):
                by_value.setdefault(source.value, set()).add(self.ref(source.doc))
        if event.conflict and event.low != event.high:
            return [
                Cited(figure_text(event.fact, v), sorted(r for r in refs if r))
                for v, refs in sorted(by_value.items())
            ]
        return [
            Cited(figure_text(event.fact, v), sorted(r for r in refs if r))
            for v, refs in sorted(by_value.items())
            if v != shown
        ]

    def as_of(self, event: Event) -> str:
        shown = self._value(event)
        docs = [s.doc for s in event.sources if shown is None or s.value is None or s.value == shown]
        dates = [d for doc in docs or [s.doc for s in event.sources] if (d := self._published.get(doc))]
        return f"{max(dates):%a %d %b}" if dates else ""

    def reports(self, event: Event) -> str:
        """ "3 reports · 2 outlets": a wire story's copies are one report (each outlet still counts)."""
        docs = {self.copies.get(s.doc, s.doc) for s in event.sources}
        # an article naming no outlet stands for its own (a copy, for the story it copies)
        outlets = {self._outlets.get(s.doc) or self.copies.get(s.doc, s.doc) for s in event.sources}
        reports = f"{len(docs)} report{'s' if len(docs) != 1 else ''}"
        if len(docs) == len(outlets) == 1:
            return reports
        return f"{reports} · {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"

    def row(self, event: Event, cells: list[str]) -> Row:
        others = self.others(event)
        place_note = event.note if event.conflict and not others else None
        return Row(
            cells=cells,
            refs=self.figure_refs(event),
            quote=event.fact.quote,
            conflict=place_note,
            status=_status_label(event.fact),
            event=event,
            others=others,
            reports=self.reports(event),
        )

    def _lead(self, events: list[Event]) -> list[LeadSentence]:
        from factsheet.render.lead import lead

        sentences = lead(events, self, self.desk, self._published.get)
        if self.limited:
            for sentence in sentences:
                sentence.refs = sentence.refs[:MAX_REFS]
        return sentences

    def _line(self, item: SinceItem, label_text: str) -> Line:
        names = self.desk.source_names if self.desk else {}
        text = item.text
        if item.date and item.group == "ahead":  # the line's date is shown beside it
            text = text.removeprefix(f"{day(item.date)}: ").removesuffix(f" {day(item.date)}")
        return Line(
            label=label_text,
            text=clip_words(text, CELL_CHARS),
            refs=sorted({n for d in item.sources if (n := self.ref(d))})[:MAX_REFS],
            named=sorted({names.get(d, d) for d in item.sources if not self.ref(d)})[:2],
            old_refs=sorted({n for d in item.old_sources if (n := self.ref(d))})[:MAX_REFS],
            old_named=sorted({names.get(d, d) for d in item.old_sources if not self.ref(d)})[:2],
            date=day(item.date) if item.date else "",
            when=item.when or "",
        )

    def _changed(self) -> list[Group]:
        if self.desk is None:
            return []
        return [
            Group(name, GROUP_TITLES[name], [self._line(item, GROUP_TITLES[name]) for item in items])
            for name, items in self.desk.changed()
        ]

    def _lines(self, name: str) -> list[Line]:
        if self.desk is None:
            return []
        title = {"ahead": "Ahead", "overdue": "Overdue"}[name]
        return [self._line(item, title) for item in getattr(self.desk, name)]

    def _over_time(self) -> list[OverTime]:
        """A line for each event of the briefing with values on three or more days (largest change first)."""
        from factsheet.render.charts import Point, line_chart

        if self.desk is None:
            return []
        shown = {e.id: e for e in self.briefing.events if e.fact.publishable}
        out: list[tuple[float, OverTime]] = []
        for event_id, days in self.desk.series.items():
            event = shown.get(event_id)
            if event is None:
                continue
            values = [d.value for d in days if d.value is not None]
            points = [
                Point(f"{d.day:%d %b}", d.value, figure_text(event.fact, d.value))
                for d in days
                if d.value is not None
            ]
            title = clip_words(event.summary, 60)
            chart = line_chart(title, points)
            listing = [f"{p.label}: {p.text}" for p in points]
            out.append((max(values) - min(values), OverTime(title, chart, listing)))
        out.sort(key=lambda pair: -pair[0])
        return [o for _, o in out[: OVER_TIME_CHARTS if self.limited else None]]

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
            row.cells = [clip_words(cell, CELL_CHARS) for cell in row.cells]
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
                    quote = _clip(source.quote, 200) if self.limited else source.quote
                    if not number or number not in shown or quote in self.sources[number - 1].quotes:
                        continue
                    if budget is not None:
                        if len(quote) > budget or len(self.sources[number - 1].quotes) >= QUOTES_PER_SOURCE:
                            self.quotes_left_out += 1
                            continue
                        budget -= len(quote)
                    self.sources[number - 1].quotes.append(quote)
        if not self.limited:
            return
        for item in self.glance:
            item.refs, item.more_refs = item.refs[:MAX_REFS], max(0, len(item.refs) - MAX_REFS)
        cited = {r for s in self.sections for row in s.rows for r in row.refs}
        cited |= {r for s in self.sections for row in s.rows for o in row.others for r in o.refs}
        cited |= {r for item in self.glance for r in item.refs}
        cited |= {r for sentence in self.lead for r in sentence.refs}
        lines = [line for g in self.changed for line in g.lines] + self.ahead + self.overdue
        cited |= {r for line in lines for r in (*line.refs, *line.old_refs)}
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


QUOTES_PER_SOURCE = 1
"""Quotes per source in a limited briefing (the rest are in briefing-full.md)."""
QUOTE_CHARS = 1200
"""Quotes in a limited briefing's Sources, in characters (a third of a page: the briefing fits two)."""
CELL_CHARS = 200  # a table cell or a source's title (a hostile article can make either a page long)
NOTE_CHARS = 400  # a section note ("Totals by donor: …") on a busy day names hundreds of donors


def _clip(text: str, limit: int = 300, between: str = " ") -> str:
    """`text` cut to `limit` characters at a `between` boundary, marked "…" (the full text is in the exports).

    Without such a boundary in the second half, the cut falls at a word (`parts.clip`): never mid-word.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(between, 0, limit - 1)
    if cut <= limit // 2:
        return clip_words(text, limit)
    return text[:cut].rstrip() + (between.strip() or " ") + " …"


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
